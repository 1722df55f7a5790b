-- inmo-voice schema, version 1, PostgreSQL 13+.
--
-- Idempotent (IF NOT EXISTS everywhere): JdbcCallRepository.builder(ds).createSchema(true) applies it under an
-- advisory lock, so instances starting together create it once. Flyway users: copy this file into their own
-- migrations (renumbered), or point a separate Flyway instance with its own history table at
-- classpath:META-INF/inmo-voice/db/postgresql.
--
-- Timestamps are timestamptz written from the application's clock, never now(): correctness rests on the
-- version column (compare-and-set), not on time.

-- One row per call attempt; the summary outbox too (summary_state).
CREATE TABLE IF NOT EXISTS inmo_voice_call (
    call_id          text        NOT NULL PRIMARY KEY,
    lead_id          text        NOT NULL,
    broker_id        text        NOT NULL,
    provider         text        NOT NULL,
    external_call_id text,
    status           varchar(16) NOT NULL,
    provider_reason  text,
    transcript       text,
    recording_url    text,
    duration_micros  bigint,
    -- unconstrained numeric keeps the scale: 0.12 comes back as 0.12, not 0.120000
    cost             numeric,
    summary          text,
    summary_state    varchar(16) NOT NULL,
    summary_attempts integer     NOT NULL DEFAULT 0,
    summary_error    text,
    unconfirmed      boolean     NOT NULL DEFAULT false,
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    version          bigint      NOT NULL
);

-- One active call per lead: what keeps two instances from dialing a lead twice.
CREATE UNIQUE INDEX IF NOT EXISTS inmo_voice_call_active_lead ON inmo_voice_call (lead_id)
    WHERE status IN ('INITIATED', 'QUEUED', 'RINGING', 'IN_PROGRESS');

-- The webhook lookup by the provider's call id.
CREATE INDEX IF NOT EXISTS inmo_voice_call_external ON inmo_voice_call (provider, external_call_id)
    WHERE external_call_id IS NOT NULL;

-- Reconciliation: active calls that went quiet, oldest first.
CREATE INDEX IF NOT EXISTS inmo_voice_call_quiet ON inmo_voice_call (updated_at)
    WHERE status IN ('INITIATED', 'QUEUED', 'RINGING', 'IN_PROGRESS');

-- The summary outbox: summaries due, oldest first.
CREATE INDEX IF NOT EXISTS inmo_voice_call_summary_due ON inmo_voice_call (updated_at)
    WHERE summary_state IN ('PENDING', 'RUNNING');

-- Reconciliation: calls ended by a status update whose end-of-call report never came (summary not yet due).
CREATE INDEX IF NOT EXISTS inmo_voice_call_unreported ON inmo_voice_call (updated_at)
    WHERE summary_state = 'NONE' AND NOT (status IN ('INITIATED', 'QUEUED', 'RINGING', 'IN_PROGRESS'))
        AND external_call_id IS NOT NULL;

-- The activity timeline (JdbcCallActivityStore): every step of every call.
CREATE TABLE IF NOT EXISTS inmo_voice_call_activity (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id         text        NOT NULL,
    lead_id         text        NOT NULL,
    broker_id       text        NOT NULL,
    provider        text        NOT NULL,
    type            varchar(32) NOT NULL,
    status          varchar(16) NOT NULL,
    previous_status varchar(16) NOT NULL,
    detail          text,
    call_version    bigint      NOT NULL,
    occurred_at     timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS inmo_voice_call_activity_call ON inmo_voice_call_activity (call_id, id);
CREATE INDEX IF NOT EXISTS inmo_voice_call_activity_lead ON inmo_voice_call_activity (lead_id, occurred_at, id);

-- Webhook events already applied (JdbcProcessedEvents): a replayed webhook is a no-op by contract.
CREATE TABLE IF NOT EXISTS inmo_voice_processed_event (
    provider     text        NOT NULL,
    event_id     text        NOT NULL,
    call_id      text,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE INDEX IF NOT EXISTS inmo_voice_processed_event_age ON inmo_voice_processed_event (processed_at);
