-- Whether a linked account's role follows the provider's groups at every single sign-on (1), or is set only when
-- the account is made (0, as before). With a default, so the previous release's code writes settings as before and
-- leaves it off (docs/upgrade.md).
ALTER TABLE sso_provider ADD COLUMN roles_follow_groups INTEGER NOT NULL DEFAULT 0 CHECK (roles_follow_groups IN (0, 1));
