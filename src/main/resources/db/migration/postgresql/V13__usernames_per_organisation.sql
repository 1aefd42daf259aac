-- Issue #13: a username is unique within its organisation, not across the installation, so that no organisation can
-- learn another's usernames by trying to create them. Sign-in names the organisation when a username is in several.
ALTER TABLE app_user DROP CONSTRAINT app_user_username_key;
CREATE UNIQUE INDEX app_user_org_username ON app_user (org_id, username);
CREATE INDEX app_user_username ON app_user (username);
