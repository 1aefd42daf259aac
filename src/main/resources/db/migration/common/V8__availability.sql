-- Availability (issue #6): a staff member's chosen status. No row means Available. An end time (until_at, epoch ms)
-- makes the status lapse back to Available by the server's clock: reads treat a row past its end as absent, and the
-- lapse sweep deletes it (conditionally, so that on several nodes exactly one deletes it and tells the colleagues).
-- Online/offline presence is not stored anywhere: it is this node's open sockets.
CREATE TABLE user_availability (
    user_id     TEXT PRIMARY KEY REFERENCES app_user (id),
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    status      TEXT NOT NULL CHECK (status IN ('busy', 'unavailable')),
    until_at    BIGINT,
    set_at      BIGINT NOT NULL
);
CREATE INDEX user_availability_org ON user_availability (org_id);
CREATE INDEX user_availability_until ON user_availability (until_at);
