package io.inmo.voice.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Jackson set-up shared by the normalizer, the providers and the HTTP plumbing. */
public final class Json {

    /** Default maximum nesting depth of a webhook body: real payloads stay under 20. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
    /** Default maximum length of one JSON string or number token in a webhook body. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1 << 20;

    private static final ObjectMapper DEFAULT_WEBHOOK_MAPPER = webhookMapper(DEFAULT_MAX_NESTING_DEPTH);
    /**
     * Longest number token accepted (Jackson's default is 1000): no provider number needs more than a few dozen
     * characters, and {@link Numbers} bounds the magnitude of the short ones.
     */
    public static final int MAX_NUMBER_LENGTH = 100;

    /** Provider responses: the nesting depth a call object needs, numbers as short as webhooks'. */
    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(DEFAULT_MAX_NESTING_DEPTH * 2)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /**
     * @param maxNestingDepth deepest nesting accepted
     * @return a mapper whose parsers enforce the webhook read constraints
     */
    public static ObjectMapper webhookMapper(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(DEFAULT_MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** @return the shared mapper with default webhook constraints (configured once, never mutated) */
    public static ObjectMapper defaultWebhookMapper() {
        return DEFAULT_WEBHOOK_MAPPER;
    }

    /** @return the shared mapper for provider request and response bodies (configured once, never mutated) */
    public static ObjectMapper mapper() {
        return DEFAULT_MAPPER;
    }
}
