package io.inmo.voice.examples.spring;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The inmo-voice demo as a Spring Boot application on {@code voice-spring-boot-starter}: the seed's endpoints
 * ({@code POST /api/v1/calls/initiate}, {@code GET /api/v1/calls/{id}}), the starter's webhook endpoint and the fake
 * provider, which POSTs signed webhooks to this application's own {@code /webhooks/voice/fake}.
 *
 * <ul>
 *   <li>{@code java -jar voice-spring-demo.jar}: serves on port 8080 until stopped;</li>
 *   <li>{@code java -jar voice-spring-demo.jar --demo}: starts on a free port, runs the JDK demo's scripted calls
 *       over HTTP, prints the results table and the activity timeline, and exits 0 (1 if a call did not end as
 *       scripted).</li>
 * </ul>
 * Calls are kept in memory, or in PostgreSQL when {@code spring.datasource.url} is set.
 */
@SpringBootApplication
public class SpringDemoApplication {

    /** The flag that runs the scripted demo and exits. */
    static final String DEMO_FLAG = "--demo";

    /** @param args {@code --demo}, and any Spring Boot property as {@code --name=value} */
    public static void main(String[] args) {
        boolean demo = Arrays.asList(args).contains(DEMO_FLAG);
        String[] springArgs = Arrays.stream(args).filter(a -> !a.equals(DEMO_FLAG)).toArray(String[]::new);
        SpringApplication app = new SpringApplication(SpringDemoApplication.class);
        app.setDefaultProperties(defaults(demo));
        ConfigurableApplicationContext context = app.run(springArgs);
        if (demo) {
            int code = context.getBean(DemoRun.class).run(System.out);
            System.exit(SpringApplication.exit(context, () -> code));
        }
    }

    /**
     * @param demo whether the scripted demo runs (then: any free port, quieter logs)
     * @return defaults that application.properties, the environment and the command line override
     */
    static Map<String, Object> defaults(boolean demo) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // The fake provider signs with this secret and the starter verifies with it; random per run unless set.
        defaults.put("inmo.voice.fake.webhook-secret", randomSecret());
        if (demo) {
            defaults.put("server.port", "0");
            defaults.put("logging.level.root", "WARN");
        }
        return defaults;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "whsec-" + HexFormat.of().formatHex(bytes);
    }
}
