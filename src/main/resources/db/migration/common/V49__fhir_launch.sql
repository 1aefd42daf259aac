-- Issue #17, SMART App Launch (EHR launch): an authorisation started at the EHR's authorisation server and not yet
-- finished. One row per launch, removed when its callback comes (or found stale after ten minutes). The PKCE verifier
-- is single-use and useless without the browser's state cookie and the code the EHR gives only to that browser.
-- Additive: the previous release neither reads nor writes it.
CREATE TABLE fhir_launch (
    state          TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisation (id),
    code_verifier  TEXT NOT NULL,
    token_url      TEXT NOT NULL,
    issuer         TEXT,
    jwks_uri       TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX fhir_launch_created ON fhir_launch (created_at);
