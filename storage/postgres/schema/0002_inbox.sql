-- 0002: updates received and not yet handled (a channel's inbox, for long polling).
CREATE TABLE inbox (
    update_id   bigint PRIMARY KEY,
    update      json NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
