package io.inmo.voice.jdbc;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored step of a call's life, as {@link JdbcCallActivityStore} keeps it: a {@link CallActivity} without
 * the full call, plus the ids a CRM timeline needs.
 *
 * @param id the row id; increases in the order activities were stored
 * @param callId our call id
 * @param leadId the lead
 * @param brokerId the broker
 * @param provider provider id
 * @param type what happened
 * @param status the call's status after the step
 * @param previousStatus the status before it
 * @param detail the provider reason or error, or {@code null}
 * @param callVersion the call's version after the step
 * @param at when it happened (the service's clock)
 */
public record StoredActivity(long id, String callId, String leadId, String brokerId, String provider,
                             CallActivity.Type type, CallStatus status, CallStatus previousStatus, String detail,
                             long callVersion, Instant at) {

    /** Validates required fields. */
    public StoredActivity {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(brokerId, "brokerId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(previousStatus, "previousStatus");
        Objects.requireNonNull(at, "at");
    }
}
