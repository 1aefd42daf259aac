-- Care teams: staff who share a set of patient conversations. A conversation may belong to one team; the team's
-- members are then members of the conversation (conversation_member.via_team = 1) for as long as they are in it.

CREATE TABLE care_team (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE care_team_member (
    team_id   TEXT NOT NULL REFERENCES care_team (id),
    user_id   TEXT NOT NULL REFERENCES app_user (id),
    org_id    TEXT NOT NULL REFERENCES organisation (id),
    added_at  BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX care_team_member_user ON care_team_member (user_id);

ALTER TABLE conversation ADD COLUMN care_team_id TEXT REFERENCES care_team (id);
CREATE INDEX conversation_care_team ON conversation (care_team_id);

-- 1 when the member is there because of the conversation's care team (leaving the team removes them), 0 when
-- added in person (they stay whatever happens to the team).
ALTER TABLE conversation_member ADD COLUMN via_team INTEGER NOT NULL DEFAULT 0 CHECK (via_team IN (0, 1));
