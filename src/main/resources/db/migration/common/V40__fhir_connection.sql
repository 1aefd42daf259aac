-- Issue #17, EHR integration over FHIR R4: one EHR connection per organisation (SMART Backend Services).
-- CareChat holds the signing key of the client assertion: the private JWK is sealed under the installation's secrets
-- key (SecretBox); only its public half is stored plain, to be served as the organisation's JWKS.
CREATE TABLE fhir_connection (
    org_id               TEXT PRIMARY KEY REFERENCES organisation (id),
    enabled              INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    base_url             TEXT NOT NULL,
    token_url            TEXT NOT NULL,
    client_id            TEXT NOT NULL,
    scopes               TEXT NOT NULL,
    signing_key_sealed   TEXT NOT NULL,
    public_jwk           TEXT NOT NULL,
    sync_interval_secs   INTEGER NOT NULL,
    updated_at           BIGINT NOT NULL
);

-- What the background worker last did for the organisation: the console's state and last error (no clinical
-- content: the error names the step and the HTTP status, never a record), and when it may try again (back-off).
CREATE TABLE fhir_sync_state (
    org_id            TEXT PRIMARY KEY REFERENCES organisation (id),
    state             TEXT NOT NULL CHECK (state IN ('pending', 'ok', 'failing')),
    last_attempt_at   BIGINT,
    last_success_at   BIGINT,
    last_error        TEXT,
    failures          INTEGER NOT NULL,
    next_attempt_at   BIGINT NOT NULL
);
