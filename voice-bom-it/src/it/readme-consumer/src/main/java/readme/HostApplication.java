package readme;

import io.inmo.voice.CallActivity;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the README's snippets take from the host application around them: its repositories, its LLM client, its
 * scheduler, and the few Spring MVC types the webhook controller uses (stubbed, so the check needs no Spring).
 * Only the inmo-voice types are real: they come from the BOM's artifacts.
 */
abstract class HostApplication {

    interface BrokerRepository {
        Optional<ProviderConfig> voiceConfigOf(String brokerId);
    }

    interface Llm {
        String summarize(String transcript);
    }

    interface Leads {
        void setScore(String leadId, int score);
    }

    interface ActivityLog {
        void record(CallActivity activity);
    }

    BrokerRepository brokerRepository;
    Llm llm;
    Leads leads;
    ActivityLog activityLog;
    ScheduledExecutorService scheduler;
    String apiKey;
    String privateKey;
    byte[] body;

    int scoreFrom(VoiceCall call) {
        return 0;
    }

    /** Spring's MultiValueMap. */
    interface MultiValueMap<K, V> extends Map<K, List<V>> {
    }

    /** Spring 6's HttpHeaders (Spring 7's is no longer a Map). */
    static final class HttpHeaders extends LinkedHashMap<String, List<String>> implements MultiValueMap<String, String> {
        private static final long serialVersionUID = 1L;
    }

    /** Spring's ResponseEntity, reduced to what the snippets call. */
    static final class ResponseEntity<T> {

        static BodyBuilder status(int status) {
            return new BodyBuilder();
        }

        static BodyBuilder ok() {
            return new BodyBuilder();
        }

        static final class BodyBuilder {
            <T> ResponseEntity<T> body(T body) {
                return new ResponseEntity<>();
            }

            <T> ResponseEntity<T> build() {
                return new ResponseEntity<>();
            }
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface PostMapping {
        String value();
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface PathVariable {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface RequestHeader {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface RequestBody {
        boolean required() default true;
    }
}
