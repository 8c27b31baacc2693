-- 0001: the whole store (issue 14). Records are JSON (the `json` type keeps the text as
-- written: key order, and "\u0000", which `jsonb` refuses); the columns beside a record
-- are what queries filter and sort on, written from the record in the same statement.

CREATE TABLE drafts (
    user_key   text PRIMARY KEY,
    draft      json NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX drafts_updated_at ON drafts (updated_at);

CREATE TABLE applications (
    id           text PRIMARY KEY,
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    user_key     text NOT NULL,
    status       text NOT NULL,
    submitted_at timestamptz NOT NULL,
    round        integer NOT NULL,
    record       json NOT NULL
);
CREATE INDEX applications_newest ON applications (submitted_at DESC, seq DESC);
CREATE INDEX applications_user ON applications (user_key);

-- Each round's Word document, so any process can send any application's document.
CREATE TABLE documents (
    application_id text NOT NULL REFERENCES applications (id),
    round          integer NOT NULL,
    content        bytea NOT NULL,
    PRIMARY KEY (application_id, round)
);

CREATE TABLE outbox (
    id             text PRIMARY KEY,
    seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    application_id text NOT NULL REFERENCES applications (id),
    channel        text NOT NULL,
    status         text NOT NULL,
    next_attempt   timestamptz NOT NULL,
    claimed_until  timestamptz,
    record         json NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt, seq) WHERE status = 'pending';
CREATE INDEX outbox_application ON outbox (application_id, seq);

CREATE TABLE unanswered (
    seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id       text NOT NULL UNIQUE,
    user_key text NOT NULL,
    at       timestamptz NOT NULL,
    record   json NOT NULL
);
CREATE INDEX unanswered_at ON unanswered (at, seq);
CREATE INDEX unanswered_user ON unanswered (user_key);

-- The staff's changes: appended, never changed or removed (the database refuses).
CREATE TABLE audit (
    seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record json NOT NULL
);
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'granskningsloggen kan bara utökas';
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

-- The staff-edited FAQ: one row at most; its version rises with every save.
CREATE TABLE staff_faq (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    text      text NOT NULL,
    version   bigint NOT NULL
);
