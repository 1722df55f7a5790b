package io.inmo.voice.examples;

import io.inmo.voice.fake.FakeOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leads and brokers the demo starts with.
 *
 * <ul>
 *   <li>broker {@value #DEMO_BROKER}: the embedded fake provider; each of its leads has a scripted outcome;</li>
 *   <li>broker {@value #NO_PROVIDER_BROKER}: no voice provider configured, so calling its lead answers 503;</li>
 *   <li>brokers {@value #VAPI_BROKER} and {@value #BLAND_BROKER}: the real providers, configured from the
 *       environment ({@link ProviderEnvironment}); their leads dial {@code DEMO_CALL_TO} (your own phone).</li>
 * </ul>
 */
public final class DemoData {

    /** Broker on the fake provider. */
    public static final String DEMO_BROKER = "demo";
    /** Broker on VAPI, when {@code VAPI_*} variables are set. */
    public static final String VAPI_BROKER = "vapi";
    /** Broker on Bland AI, when {@code BLAND_*} variables are set. */
    public static final String BLAND_BROKER = "bland";
    /** Broker without any voice provider. */
    public static final String NO_PROVIDER_BROKER = "sin-voz";

    private DemoData() {
    }

    /**
     * A seeded lead of the fake broker and how its call plays out.
     *
     * @param lead the lead
     * @param outcome the fake provider's scripted outcome for its number, or {@code null} when it is never dialed
     */
    public record Seed(Lead lead, FakeOutcome outcome) {
    }

    /** @return the fake broker's leads and the no-provider broker's lead, with their scripted outcomes */
    public static List<Seed> scriptedLeads() {
        return List.of(
                new Seed(new Lead("lead-1", "María García López", "+34612345001", DEMO_BROKER,
                        "piso de 3 habitaciones en Chamberí, Madrid", 50), FakeOutcome.ANSWERED),
                new Seed(new Lead("lead-2", "Javier Fernández Ruiz", "+34623456002", DEMO_BROKER,
                        "ático con terraza en Ruzafa, Valencia", 40), FakeOutcome.NO_ANSWER),
                new Seed(new Lead("lead-3", "Lucía Martín Sánchez", "+34634567003", DEMO_BROKER,
                        "casa adosada en Sant Cugat del Vallès", 35), FakeOutcome.BUSY),
                new Seed(new Lead("lead-4", "Carlos Romero Díaz", "+34645678004", DEMO_BROKER,
                        "estudio reformado en Triana, Sevilla", 30), FakeOutcome.VOICEMAIL),
                new Seed(new Lead("lead-5", "Elena Navarro Gil", "+34656789005", DEMO_BROKER,
                        "chalet con piscina en Marbella", 45), FakeOutcome.FAILED),
                // Deliberately invalid: spaces, no country code. The SDK refuses it with 400 before dialing.
                new Seed(new Lead("lead-6", "Pablo Ortega Molina", "612 34 56 78", DEMO_BROKER,
                        "bajo con jardín en Getafe", 25), null),
                new Seed(new Lead("lead-7", "Carmen Jiménez Torres", "+34667890007", NO_PROVIDER_BROKER,
                        "local comercial en Indautxu, Bilbao", 20), null));
    }

    /**
     * @param callTo the number the real-provider leads dial ({@code DEMO_CALL_TO}), or {@code null}: then
     *        calling them answers 400 and nothing is dialed
     * @return every seeded lead
     */
    public static List<Lead> leads(String callTo) {
        List<Lead> leads = new ArrayList<>();
        scriptedLeads().forEach(s -> leads.add(s.lead()));
        leads.add(new Lead("lead-8", "Sofía Castro Vidal", callTo, VAPI_BROKER,
                "piso de 2 habitaciones en Gràcia, Barcelona", 55));
        leads.add(new Lead("lead-9", "Diego Morales Herrera", callTo, BLAND_BROKER,
                "dúplex en el centro de Zaragoza", 60));
        return leads;
    }

    /** @return the fake provider's scripted outcome by phone number */
    public static Map<String, FakeOutcome> scriptedOutcomes() {
        Map<String, FakeOutcome> outcomes = new LinkedHashMap<>();
        for (Seed seed : scriptedLeads()) {
            if (seed.outcome() != null) {
                outcomes.put(seed.lead().phoneNumber(), seed.outcome());
            }
        }
        return outcomes;
    }
}
