-- Issue #18, single sign-on (OpenID Connect): one identity provider per organisation.
-- The client secret is sealed under the installation's secrets key (SecretBox), never stored in the clear.
CREATE TABLE sso_provider (
    org_id                   TEXT PRIMARY KEY REFERENCES organisation (id),
    enabled                  INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    display_name             TEXT NOT NULL,
    issuer                   TEXT NOT NULL,
    client_id                TEXT NOT NULL,
    client_secret_sealed     TEXT,
    groups_claim             TEXT NOT NULL,
    provision_accounts       INTEGER NOT NULL CHECK (provision_accounts IN (0, 1)),
    link_by_email            INTEGER NOT NULL CHECK (link_by_email IN (0, 1)),
    password_sign_in_off     INTEGER NOT NULL CHECK (password_sign_in_off IN (0, 1)),
    require_mfa              INTEGER NOT NULL CHECK (require_mfa IN (0, 1)),
    updated_at               BIGINT NOT NULL
);

-- Which provider group gives which CareChat role; a user in none of an organisation's groups is refused.
CREATE TABLE sso_group_role (
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    group_name  TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'nurse', 'staff')),
    PRIMARY KEY (org_id, group_name)
);

-- The provider's account (issuer and subject) behind a CareChat account, linked at its first SSO sign-in.
CREATE TABLE sso_identity (
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    user_id     TEXT NOT NULL UNIQUE REFERENCES app_user (id),
    linked_at   BIGINT NOT NULL,
    PRIMARY KEY (org_id, issuer, subject)
);

-- A CareChat session that SSO made: how the provider authenticated the user (amr/acr), for sign-out and audit.
CREATE TABLE sso_session (
    token_id    TEXT PRIMARY KEY REFERENCES auth_token (id),
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    mfa         INTEGER NOT NULL CHECK (mfa IN (0, 1)),
    amr         TEXT,
    acr         TEXT,
    created_at  BIGINT NOT NULL
);
