package io.inmo.voice.spi;

import io.inmo.voice.VoiceCall;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where calls are stored. {@link io.inmo.voice.InMemoryCallRepository} is the default; hosts with several
 * instances plug in a shared store (JDBC). Implementations must be thread-safe and make
 * {@link #insert} and {@link #compareAndSet} atomic: they are what keeps a lead from being dialed twice
 * and concurrent webhooks from losing updates. The repository is also the summary outbox.
 *
 * <p>Every operation is atomic and durable on return: a failed one changed nothing. A store that cannot be
 * reached throws {@link io.inmo.voice.StoreUnavailableException} (503). Values round-trip exactly: every
 * {@link VoiceCall} field, including its metadata, a {@code BigDecimal} cost with its scale, and instants and
 * durations to the microsecond. {@code io.inmo.voice.testkit.CallRepositoryContract} (module
 * {@code voice-test-kit}) holds these promises as tests every implementation should pass.
 */
public interface CallRepository {

    /**
     * Stores a new call, atomically refusing it when the lead already has an active (non-terminal) call.
     *
     * @param call the new call, version 0
     * @throws io.inmo.voice.CallInProgressException when the lead has an active call
     * @throws IllegalStateException when a call with the same id exists
     */
    void insert(VoiceCall call);

    /**
     * @param callId our call id
     * @return the call, if stored
     */
    Optional<VoiceCall> findById(String callId);

    /**
     * @param provider provider id
     * @param externalCallId the provider's call id
     * @return the call, if stored
     */
    Optional<VoiceCall> findByExternalId(String provider, String externalCallId);

    /**
     * @param leadId the lead
     * @return the lead's call that has not ended, if any
     */
    Optional<VoiceCall> findActiveByLead(String leadId);

    /**
     * Replaces a stored call if, and only if, its stored version is still {@code expectedVersion}.
     *
     * @param expectedVersion the version the caller read
     * @param updated the new value; its version must be {@code expectedVersion + 1}
     * @return {@code true} if stored, {@code false} if the call changed meanwhile (re-read and retry)
     */
    boolean compareAndSet(long expectedVersion, VoiceCall updated);

    /**
     * The argument check every {@link #compareAndSet} starts with, for implementations.
     *
     * @param expectedVersion the version the caller read
     * @param updated the new value
     * @throws NullPointerException when {@code updated} is {@code null}
     * @throws IllegalArgumentException when its version is not {@code expectedVersion + 1}
     */
    static void requireNextVersion(long expectedVersion, VoiceCall updated) {
        Objects.requireNonNull(updated, "updated");
        if (updated.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the updated call must have version " + (expectedVersion + 1)
                    + ", not " + updated.version());
        }
    }

    /**
     * Calls that have not ended and have not changed since {@code updatedBefore}: the candidates for
     * {@link io.inmo.voice.VoiceCallService#reconcile reconciliation} (their webhooks may have been lost).
     *
     * @param updatedBefore only calls whose {@code updatedAt} is before this
     * @param limit the most calls to return
     * @return such calls, oldest first
     */
    List<VoiceCall> findActiveUpdatedBefore(Instant updatedBefore, int limit);

    /**
     * Calls that reached an outcome by a status update, never got their end-of-call report (their summary state
     * is still {@link io.inmo.voice.SummaryState#NONE}), carry a provider call id, and have not changed since
     * {@code updatedBefore}: reconciliation fetches them from the provider and makes their summary due.
     *
     * <p>The default returns nothing, so repositories written before this method existed still compile; such a
     * repository never gets those calls finished. Implementations should answer it from an index (calls in that
     * state are few), not by scanning every ended call.
     *
     * @param updatedBefore only calls whose {@code updatedAt} is before this
     * @param limit the most calls to return
     * @return such calls, oldest first
     */
    default List<VoiceCall> findEndedWithoutReport(Instant updatedBefore, int limit) {
        return List.of();
    }

    /**
     * Calls whose summary is due: {@link io.inmo.voice.SummaryState#PENDING}, or
     * {@link io.inmo.voice.SummaryState#RUNNING} with {@code updatedAt} before {@code staleRunningBefore}
     * (a worker that crashed or was stopped).
     *
     * @param staleRunningBefore claims older than this are considered abandoned
     * @param limit the most calls to return
     * @return due calls, oldest first
     */
    List<VoiceCall> findSummariesDue(Instant staleRunningBefore, int limit);
}
