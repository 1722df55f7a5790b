package io.inmo.voice.examples;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallStatus;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.campaign.CallingWindow;
import io.inmo.voice.campaign.Campaign;
import io.inmo.voice.campaign.CampaignDialer;
import io.inmo.voice.campaign.CampaignLead;
import io.inmo.voice.campaign.CampaignProgress;
import io.inmo.voice.campaign.DialGuard;
import io.inmo.voice.campaign.InMemoryCampaignStore;
import io.inmo.voice.campaign.LeadRecord;
import io.inmo.voice.campaign.LeadState;
import io.inmo.voice.campaign.Pacing;
import io.inmo.voice.campaign.RetryPolicy;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar voice-demo.jar --campaign}: a 200-lead campaign on the fake provider and a simulated clock.
 * Leads in New York, Los Angeles, Madrid, the Canaries and Tokyo (some outside their calling window at the
 * start), no-answers and busies that are retried, voicemails that exhaust their attempts, a consent guard that
 * refuses a few, mobile numbers whose zone cannot be told (held). Prints a live progress bar, then the outcomes
 * and the highest concurrency and rate seen by the call listener against the pacing limits.
 */
final class CampaignDemo {

    static final Instant START = Instant.parse("2026-06-08T13:00:00Z"); // Monday: 09:00 New York, 15:00 Madrid
    static final int MAX_CONCURRENT = 8;
    static final int CALLS_PER_SECOND = 2;
    static final Duration MIN_GAP = Duration.ofSeconds(10);
    private static final String BROKER = "broker-campaign";
    private static final String SECRET = "whsec-campaign-demo";
    private static final Duration STEP = Duration.ofMillis(500);
    private static final Duration REDRAW_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final long frameDelayMillis;
    // The fake's webhook sink needs the service and normalizer, which need the provider: tied up after building.
    private final AtomicReference<VoiceCallService> service = new AtomicReference<>();
    private final AtomicReference<WebhookNormalizer> normalizer = new AtomicReference<>();

    /**
     * @param out where the progress bar and the report go
     * @param frameDelayMillis real time between progress frames, so a person sees the bar move (0 in tests)
     */
    CampaignDemo(PrintStream out, long frameDelayMillis) {
        this.out = out;
        this.frameDelayMillis = frameDelayMillis;
    }

    /**
     * The {@code --campaign} entry point: runs with a short pause between progress frames.
     *
     * @param out where everything is printed
     * @return 0 when the campaign finished within every limit, 1 otherwise
     */
    static int runFromMain(PrintStream out) {
        try {
            return new CampaignDemo(out, 15).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("interrupted");
            return 1;
        } catch (RuntimeException e) {
            out.println();
            out.println("campaign demo failed: " + e);
            return 1;
        }
    }

    /** @return 0 when the campaign finished within every limit, 1 otherwise */
    int run() throws InterruptedException {
        long startedNanos = System.nanoTime();
        SimulatedTime time = new SimulatedTime(START);
        List<CampaignLead> leads = new ArrayList<>();
        Map<String, List<FakeOutcome>> scripts = new HashMap<>();
        DemoLeads.build(leads, scripts);
        FakeVoiceProvider fake = FakeVoiceProvider.builder().clock(time).executor(time).signingSecret(SECRET)
                .sink((headers, body) -> service.get().handle(normalizer.get().normalize(FakeVoiceProvider.ID,
                        headers, body)))
                .build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false)
                .register(new ScriptedOutcomes(fake, scripts)).build();
        normalizer.set(WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FakeVoiceProvider.ID, FakeVoiceProvider.verifier(SECRET)).build());

        CampaignCallLog log = new CampaignCallLog();
        CampaignDialer.Builder campaigns = CampaignDialer.builder().store(new InMemoryCampaignStore()).clock(time)
                .guard(DemoLeads.guard()).random(new Random(42));
        service.set(VoiceCallService.builder().providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .listener(activity -> {
                    log.onActivity(activity); // first: an end is logged before its slot is freed
                    campaigns.callListener().onActivity(activity);
                })
                .executor(Runnable::run).clock(time).build());
        CampaignDialer dialer = campaigns.calls(service.get()).build();

        // A campaign-level window: the TCPA preset's days, narrowed to weekdays 09:00-20:00 for every lead.
        CallingWindow window = CallingWindow.usTcpa().withHours(LocalTime.of(9, 0), LocalTime.of(20, 0))
                .withDays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        Campaign campaign = Campaign.builder().id("open-house-june").brokerId(BROKER).leads(leads).window(window)
                .retryPolicy(RetryPolicy.builder().maxAttempts(3)
                        .retryOn(CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.VOICEMAIL)
                        .backoff(Duration.ofMinutes(10), 2.0, Duration.ofHours(2)).jitter(0.2).build())
                .pacing(Pacing.builder().maxConcurrent(MAX_CONCURRENT).callsPerSecond(CALLS_PER_SECOND)
                        .minGapPerNumber(MIN_GAP).build())
                .build();

        out.printf(Locale.ROOT, "inmo-voice campaign demo: %d leads, fake provider, simulated clock from %s%n",
                leads.size(), TIME.format(START));
        out.printf(Locale.ROOT, "  pacing: %d concurrent calls, %d calls/s, %d s between dials of one number; "
                + "window: Mon-Fri 09:00-20:00 in each lead's own time zone%n", MAX_CONCURRENT, CALLS_PER_SECOND,
                MIN_GAP.toSeconds());
        out.println();
        CampaignProgress progress = dialer.start(campaign);
        Instant lastFrame = null;
        while (!progress.isFinished()) {
            int placed = dialer.dispatchDue();
            progress = dialer.progress(campaign.id());
            if (lastFrame == null || !time.instant().isBefore(lastFrame.plus(REDRAW_EVERY))) {
                frame(progress, log, time.instant());
                lastFrame = time.instant();
            }
            if (placed == 0 && log.live() == 0 && !progress.isFinished()) {
                time.advanceTo(nextDue(dialer, campaign.id(), time)); // nothing live: skip the quiet hours
            } else {
                time.advance(STEP);
            }
        }
        frame(progress, log, time.instant());
        out.println();
        out.println();
        return report(progress, dialer, campaign, log, time.instant(), System.nanoTime() - startedNanos);
    }

    private static Instant nextDue(CampaignDialer dialer, String campaignId, SimulatedTime time) {
        Instant next = time.nextDelivery();
        for (LeadState state : List.of(LeadState.PENDING, LeadState.WAITING_FOR_WINDOW, LeadState.RETRY_SCHEDULED)) {
            for (LeadRecord lead : dialer.leads(campaignId, state, Integer.MAX_VALUE)) {
                if (next == null || lead.nextAttemptAt().isBefore(next)) {
                    next = lead.nextAttemptAt();
                }
            }
        }
        Instant step = time.instant().plus(STEP);
        return next == null || next.isBefore(step) ? step : next;
    }

    private void frame(CampaignProgress p, CampaignCallLog log, Instant now) throws InterruptedException {
        int width = 40;
        int filled = (int) (width * p.finished() / Math.max(1, p.total()));
        out.printf(Locale.ROOT, "\r[%s%s] %3d/%d finished | dialing %d | retry %3d | waiting for window %3d | "
                        + "%s | ETA %s   ", "#".repeat(filled), ".".repeat(width - filled), p.finished(), p.total(),
                p.dialing(), p.retryScheduled(), p.waitingForWindow(), TIME.format(now), human(p.eta()));
        out.flush();
        if (frameDelayMillis > 0) {
            Thread.sleep(frameDelayMillis);
        }
    }

    private int report(CampaignProgress p, CampaignDialer dialer, Campaign campaign, CampaignCallLog log,
                       Instant end, long elapsedNanos) {
        String row = "  %-34s %5d%n";
        out.println("Outcomes:");
        p.doneByOutcome().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.printf(Locale.ROOT, row, "done: " + e.getKey(), e.getValue()));
        out.printf(Locale.ROOT, row, "exhausted (every attempt used)", p.exhausted());
        out.printf(Locale.ROOT, row, "refused by the dial guard", p.refusedByGuard());
        out.printf(Locale.ROOT, row, "held (time zone unknown)", p.held());
        out.printf(Locale.ROOT, row, "total", p.total());
        out.println();

        List<CampaignCallLog.Dial> dials = log.dials();
        Map<String, LeadRecord> leads = new HashMap<>();
        for (LeadState s : LeadState.values()) {
            dialer.leads(campaign.id(), s, Integer.MAX_VALUE).forEach(l -> leads.put(l.leadId(), l));
        }
        long outside = dials.stream().filter(d -> !campaign.window().isOpen(d.at(), leads.get(d.leadId()).zone()))
                .count();
        Duration shortestGap = shortestSameNumberGap(dials, leads);
        int maxRate = log.maxDialsIn(Duration.ofSeconds(1));
        out.println("Limits, measured from the CallListener timeline:");
        out.printf(Locale.ROOT, "  highest concurrency     %3d live calls    (limit %d)%n", log.maxLive(), MAX_CONCURRENT);
        out.printf(Locale.ROOT, "  highest rate            %3d dials in 1 s  (limit %d/s)%n", maxRate, CALLS_PER_SECOND);
        out.printf(Locale.ROOT, "  shortest same-number gap %s  (limit %d s)%n",
                shortestGap == null ? "-" : human(shortestGap), MIN_GAP.toSeconds());
        out.printf(Locale.ROOT, "  dials outside the lead's local window: %d of %d%n", outside, dials.size());
        out.println();
        List<LeadRecord> held = dialer.leads(campaign.id(), LeadState.HELD, 10);
        if (!held.isEmpty()) {
            out.println("Held leads (set CampaignLead.zone to call them):");
            held.forEach(l -> out.printf(Locale.ROOT, "  %-9s %s  %s%n", l.leadId(), mask(l.lead().phoneNumber()),
                    Text.fit(l.reason(), 110)));
            out.println();
        }
        out.printf(Locale.ROOT, "Simulated %s (%s to %s) in %.1f s of real time.%n", human(Duration.between(START, end)),
                TIME.format(START), TIME.format(end), elapsedNanos / 1e9);
        boolean ok = p.isFinished() && log.maxLive() <= MAX_CONCURRENT && maxRate <= CALLS_PER_SECOND
                && outside == 0 && (shortestGap == null || shortestGap.compareTo(MIN_GAP) >= 0);
        out.println(ok ? "OK: the campaign finished within every limit." : "NOT OK: a limit was exceeded.");
        return ok ? 0 : 1;
    }

    private static Duration shortestSameNumberGap(List<CampaignCallLog.Dial> dials, Map<String, LeadRecord> leads) {
        Map<String, Instant> last = new HashMap<>();
        Duration shortest = null;
        for (CampaignCallLog.Dial d : dials) {
            String number = leads.get(d.leadId()).lead().phoneNumber();
            Instant previous = last.put(number, d.at());
            if (previous != null) {
                Duration gap = Duration.between(previous, d.at());
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            }
        }
        return shortest;
    }

    private static String mask(String number) {
        return "*".repeat(Math.max(0, number.length() - 4)) + number.substring(Math.max(0, number.length() - 4));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** The demo's leads and what each of them does. */
    static final class DemoLeads {
        private DemoLeads() {
        }

        /** Who refuses: the host's consent and do-not-call lists. */
        static DialGuard guard() {
            Map<String, String> refusals = Map.of("lead-007", "opted out in the CRM", "lead-043",
                    "listed in Lista Robinson", "lead-088", "listed in Lista Robinson", "lead-121",
                    "consent expired (older than 2 years)", "lead-164", "on the national do-not-call registry");
            return (campaignId, lead) -> refusals.containsKey(lead.leadId())
                    ? DialGuard.Decision.refuse(refusals.get(lead.leadId())) : DialGuard.Decision.allow();
        }

        static void build(List<CampaignLead> leads, Map<String, List<FakeOutcome>> scripts) {
            // 60 New York, 40 Los Angeles (06:00 at the start: waits), 50 Madrid, 20 Canaries (landlines),
            // 15 Tokyo (22:00 at the start: waits for the next morning), 10 Spanish mobiles with a known zone,
            // 5 Spanish mobiles without one (Madrid or the Canaries? held).
            add(leads, 60, i -> "+1212555" + String.format("%04d", i), null);
            add(leads, 40, i -> "+1415555" + String.format("%04d", i), null);
            add(leads, 50, i -> "+3491" + String.format("%07d", 1_000_000 + i), null);
            add(leads, 20, i -> "+34928" + String.format("%06d", 100_000 + i), null);
            add(leads, 15, i -> "+813" + String.format("%08d", 55_500_000 + i), null);
            add(leads, 10, i -> "+34612" + String.format("%06d", i), ZoneId.of("Europe/Madrid"));
            add(leads, 5, i -> "+34699" + String.format("%06d", i), null);
            for (int i = 0; i < leads.size(); i++) {
                scripts.put(leads.get(i).leadId(), script(i));
            }
        }

        private static List<FakeOutcome> script(int i) {
            FakeOutcome a = FakeOutcome.ANSWERED;
            FakeOutcome n = FakeOutcome.NO_ANSWER;
            switch (i % 10) {
                case 5: return List.of(n, a);                                  // answers the second time
                case 6: return List.of(FakeOutcome.BUSY, a);
                case 7: return List.of(n, n, a);                               // answers the third time
                case 8: return List.of(FakeOutcome.VOICEMAIL);                 // voicemail every time: exhausted
                case 9: return List.of(n);                                     // never answers: exhausted
                default: return List.of(a);
            }
        }

        private static void add(List<CampaignLead> leads, int n, java.util.function.IntFunction<String> number,
                                ZoneId zone) {
            for (int i = 0; i < n; i++) {
                String id = String.format(Locale.ROOT, "lead-%03d", leads.size());
                leads.add(new CampaignLead(id, number.apply(i), "Lead " + leads.size(), Map.of(), zone));
            }
        }
    }
}
