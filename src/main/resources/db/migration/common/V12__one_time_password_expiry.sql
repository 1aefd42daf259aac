-- Issue #13: a one-time password (one that must be changed at first sign-in) works for a limited time only
-- (identity/UserService.ONE_TIME_PASSWORD_LIFETIME, 72 hours). Those handed out before this version expire 72 hours
-- after their account was made, so old, unused ones stop working at once.
ALTER TABLE app_user ADD COLUMN password_expires_at BIGINT;
UPDATE app_user SET password_expires_at = created_at + 259200000
    WHERE must_change_password = 1 AND password_hash IS NOT NULL;
