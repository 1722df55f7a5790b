-- inmo-voice campaign store (JdbcCampaignStore), PostgreSQL 13+. Flyway-compatible; safe to apply twice.

CREATE TABLE IF NOT EXISTS voice_campaign (
    id                    text        PRIMARY KEY,
    broker_id             text        NOT NULL,
    account               text        NOT NULL,
    state                 text        NOT NULL,
    window_days           text[]      NOT NULL,
    window_start          text        NOT NULL,
    window_end            text        NOT NULL,
    window_excluded       date[]      NOT NULL,
    retry_max_attempts    integer     NOT NULL,
    retry_on              text[]      NOT NULL,
    retry_initial_ms      bigint      NOT NULL,
    retry_multiplier      double precision NOT NULL,
    retry_max_ms          bigint      NOT NULL,
    retry_jitter          double precision NOT NULL,
    retry_in_progress_ms  bigint      NOT NULL,
    pacing_max_concurrent integer     NOT NULL,
    pacing_max_calls      integer     NOT NULL,
    pacing_per_ms         bigint      NOT NULL,
    pacing_min_gap_ms     bigint      NOT NULL,
    created_at            timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS voice_campaign_lead (
    campaign_id     text        NOT NULL REFERENCES voice_campaign (id),
    lead_id         text        NOT NULL,
    seq             bigint      NOT NULL,
    account         text        NOT NULL, -- the campaign's pacing account, for the live-call count
    phone_number    text        NOT NULL,
    name            text,
    variable_keys   text[]      NOT NULL,
    variable_values text[]      NOT NULL,
    given_zone      text,
    zone            text,
    state           text        NOT NULL,
    attempts        integer     NOT NULL,
    next_attempt_at timestamptz,
    call_id         text,
    last_outcome    text,
    reason          text,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    PRIMARY KEY (campaign_id, lead_id)
);

-- Claims read due leads in due order: the cost of a claim does not grow with the campaign.
CREATE INDEX IF NOT EXISTS voice_campaign_lead_due ON voice_campaign_lead (campaign_id, next_attempt_at, seq)
    WHERE state IN ('PENDING', 'WAITING_FOR_WINDOW', 'RETRY_SCHEDULED');
-- Live calls per account (concurrency) and stale ones (reconciliation).
CREATE INDEX IF NOT EXISTS voice_campaign_lead_dialing ON voice_campaign_lead (account, updated_at)
    WHERE state = 'DIALING';
CREATE INDEX IF NOT EXISTS voice_campaign_lead_call ON voice_campaign_lead (call_id) WHERE call_id IS NOT NULL;

-- One row per pacing account: a claim locks it, so claims of one account run one at a time on every instance.
CREATE TABLE IF NOT EXISTS voice_campaign_account (
    account text PRIMARY KEY
);

-- Dials of the last day per account: the sliding-window rate.
CREATE TABLE IF NOT EXISTS voice_campaign_dial (
    account   text        NOT NULL,
    dialed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS voice_campaign_dial_account ON voice_campaign_dial (account, dialed_at);

-- Last dial of each number per account: the minimum gap per number.
CREATE TABLE IF NOT EXISTS voice_campaign_number (
    account        text        NOT NULL,
    phone_number   text        NOT NULL,
    last_dialed_at timestamptz NOT NULL,
    PRIMARY KEY (account, phone_number)
);
