package io.inmo.voice;

import io.inmo.voice.spi.CallRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The default {@link CallRepository}: calls in memory, for tests, demos and single-instance hosts that can
 * afford to lose calls on restart. Thread-safe and lock-free for readers.
 *
 * <p>Every query the service runs on the webhook path is a hash lookup (by id, by provider call id, by
 * lead), so the cost of a webhook does not grow with the number of stored calls.
 *
 * <pre>{@code
 * VoiceCallService service = VoiceCallService.builder()
 *         .repository(new InMemoryCallRepository())
 *         .brokerConfigs(brokers)
 *         .build();
 * }</pre>
 */
public final class InMemoryCallRepository implements CallRepository {

    private final ConcurrentHashMap<String, VoiceCall> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ExternalKey, String> idByExternal = new ConcurrentHashMap<>();
    /** Lead id to the id of its latest call that may still be active; checked against the call's status. */
    private final ConcurrentHashMap<String, String> activeIdByLead = new ConcurrentHashMap<>();
    /** Ids of calls whose summary is PENDING or RUNNING: the outbox, kept small so recovery does not scan. */
    private final Set<String> summaryOutbox = ConcurrentHashMap.newKeySet();
    /** Ids of calls that ended by a status update and still wait for their report: reconciliation's second queue. */
    private final Set<String> endedWithoutReport = ConcurrentHashMap.newKeySet();

    /** Creates an empty repository. */
    public InMemoryCallRepository() {
    }

    @Override
    public void insert(VoiceCall call) {
        Objects.requireNonNull(call, "call");
        // The per-lead compute is the lock that makes "check for an active call, then store" atomic.
        activeIdByLead.compute(call.leadId(), (lead, existingId) -> {
            VoiceCall existing = existingId == null ? null : byId.get(existingId);
            if (existing != null && !existing.isTerminal()) {
                throw new CallInProgressException(lead, existing.callId());
            }
            byId.compute(call.callId(), (id, current) -> {
                if (current != null) {
                    throw new IllegalStateException("a call with id " + id + " is already stored");
                }
                indexUnderLock(null, call);
                return call;
            });
            return call.isTerminal() ? null : call.callId();
        });
    }

    @Override
    public Optional<VoiceCall> findById(String callId) {
        return callId == null ? Optional.empty() : Optional.ofNullable(byId.get(callId));
    }

    @Override
    public Optional<VoiceCall> findByExternalId(String provider, String externalCallId) {
        if (provider == null || externalCallId == null) {
            return Optional.empty();
        }
        return findById(idByExternal.get(new ExternalKey(provider, externalCallId)));
    }

    @Override
    public Optional<VoiceCall> findActiveByLead(String leadId) {
        if (leadId == null) {
            return Optional.empty();
        }
        return findById(activeIdByLead.get(leadId)).filter(call -> !call.isTerminal());
    }

    @Override
    public boolean compareAndSet(long expectedVersion, VoiceCall updated) {
        CallRepository.requireNextVersion(expectedVersion, updated);
        VoiceCall[] previous = new VoiceCall[1];
        byId.computeIfPresent(updated.callId(), (id, current) -> {
            if (current.version() != expectedVersion) {
                return current;
            }
            previous[0] = current;
            indexUnderLock(current, updated);
            return updated;
        });
        if (previous[0] == null) {
            return false;
        }
        if (updated.isTerminal()) {
            // Outside the call's lock: insert() takes the lead's lock first, then a call's; never the reverse.
            activeIdByLead.remove(updated.leadId(), updated.callId());
        }
        return true;
    }

    @Override
    public List<VoiceCall> findActiveUpdatedBefore(Instant updatedBefore, int limit) {
        // The lead index holds every call that may be active, so this does not scan ended calls.
        return oldestFirst(activeIdByLead.values(),
                call -> !call.isTerminal() && call.updatedAt().isBefore(updatedBefore), limit);
    }

    @Override
    public List<VoiceCall> findSummariesDue(Instant staleRunningBefore, int limit) {
        return oldestFirst(summaryOutbox, call -> call.summaryState() == SummaryState.PENDING
                || call.summaryState() == SummaryState.RUNNING && call.updatedAt().isBefore(staleRunningBefore), limit);
    }

    @Override
    public List<VoiceCall> findEndedWithoutReport(Instant updatedBefore, int limit) {
        return oldestFirst(endedWithoutReport, call -> awaitsReport(call) && call.updatedAt().isBefore(updatedBefore),
                limit);
    }

    private static boolean awaitsReport(VoiceCall call) {
        return call.isTerminal() && call.summaryState() == SummaryState.NONE && call.externalCallId() != null;
    }

    /** The calls of an index that match, least recently changed first. */
    private List<VoiceCall> oldestFirst(Collection<String> ids, Predicate<VoiceCall> wanted, int limit) {
        return ids.stream()
                .map(byId::get)
                .filter(Objects::nonNull)
                .filter(wanted)
                .sorted(Comparator.comparing(VoiceCall::updatedAt))
                .limit(limit)
                .collect(Collectors.toList());
    }

    /** @return how many calls are stored */
    public int size() {
        return byId.size();
    }

    /**
     * Keeps the provider-id index, the summary outbox and the ended-without-report set in step with a change.
     * Runs under the call's map lock, so concurrent changes of one call update them in the order the changes
     * were stored.
     */
    private void indexUnderLock(VoiceCall before, VoiceCall after) {
        if (after.externalCallId() != null
                && (before == null || !after.externalCallId().equals(before.externalCallId()))) {
            idByExternal.put(new ExternalKey(after.provider(), after.externalCallId()), after.callId());
        }
        boolean summaryDue = after.summaryState() == SummaryState.PENDING
                || after.summaryState() == SummaryState.RUNNING;
        if (summaryDue) {
            summaryOutbox.add(after.callId());
        } else {
            summaryOutbox.remove(after.callId());
        }
        if (awaitsReport(after)) {
            endedWithoutReport.add(after.callId());
        } else {
            endedWithoutReport.remove(after.callId());
        }
    }

    private record ExternalKey(String provider, String externalCallId) {
    }
}
