-- Contact requests and SMS chat with patients (issue #15, docs/contact-requests.md). V23 and V24: other streams use
-- other numbers.
--
-- A request's thread is a conversation without members (conversation.created_by is the person or the organisation's
-- automatic sender who raised it); its status changes, texts and SMS are entries of that conversation's timeline.
-- What identifies the person (the details given on the public form, the number texted) is sealed with the thread's
-- data key; requests are found by keyed fingerprints of the number and of the given name's words, never by plain text.

-- Per organisation: the number patients text, and the two automatic answers.
CREATE TABLE contact_settings (
    org_id          TEXT PRIMARY KEY REFERENCES organisation (id),
    -- the practice's number or short code as the SMS centre gives it for texts patients send (digits only)
    sms_number      TEXT UNIQUE,
    -- sent once to a new request raised by SMS; no clinical content (checked when set); empty: none is sent
    acknowledgement TEXT NOT NULL,
    -- sent once per closing to a patient who texts a closed request, pointing to other channels; empty: none
    closed_answer   TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- The reasons a patient picks from; a reason may belong to a care team, whose members (and the admins) then see its
-- requests. Retired reasons stay for the requests that name them.
CREATE TABLE contact_reason (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    label       TEXT NOT NULL,
    team_id     TEXT REFERENCES care_team (id),
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  BIGINT NOT NULL
);
CREATE INDEX contact_reason_org ON contact_reason (org_id, position);

CREATE TABLE contact_request (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisation (id),
    conversation_id    TEXT NOT NULL UNIQUE REFERENCES conversation (id),
    status             TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'complete')),
    source             TEXT NOT NULL CHECK (source IN ('app', 'form', 'sms')),
    reason_id          TEXT REFERENCES contact_reason (id),
    -- the patient record, when known (raised in the app, matched, or linked by staff); null: unmatched
    patient_id         TEXT REFERENCES patient (id),
    -- the patient's account that raised it in the app
    requester_id       TEXT REFERENCES app_user (id),
    -- sealed JSON of the details given on the public form (names, birth date, number as typed)
    details            ${blob},
    -- sealed E.164 number SMS go to, and its fingerprint (routing of replies, search)
    mobile             ${blob},
    mobile_index       TEXT,
    preferred_channel  TEXT NOT NULL CHECK (preferred_channel IN ('sms', 'app', 'phone')),
    assignee_id        TEXT REFERENCES app_user (id),
    -- "New messages": the patient wrote since someone of the team last opened the request
    new_messages       INTEGER NOT NULL DEFAULT 0 CHECK (new_messages IN (0, 1)),
    last_patient_at    BIGINT,
    -- the closed-case answer went out since the request was last closed (once per closing)
    closed_answered    INTEGER NOT NULL DEFAULT 0 CHECK (closed_answered IN (0, 1)),
    converted_to       TEXT REFERENCES conversation (id),
    created_at         BIGINT NOT NULL,
    status_changed_at  BIGINT NOT NULL
);
CREATE INDEX contact_request_queue ON contact_request (org_id, status, created_at);
CREATE INDEX contact_request_mobile ON contact_request (org_id, mobile_index, created_at);
CREATE INDEX contact_request_patient ON contact_request (org_id, patient_id);

-- Fingerprints of the words of the name given on the public form, to find unmatched requests by name.
CREATE TABLE contact_request_term (
    request_id  TEXT NOT NULL REFERENCES contact_request (id),
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    term        TEXT NOT NULL,
    PRIMARY KEY (request_id, term)
);
CREATE INDEX contact_request_term_lookup ON contact_request_term (org_id, term);

-- "Close thread": the thread hidden from one person's view until the patient writes again.
CREATE TABLE contact_thread_hidden (
    request_id  TEXT NOT NULL REFERENCES contact_request (id),
    user_id     TEXT NOT NULL REFERENCES app_user (id),
    hidden_at   BIGINT NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

-- Each SMS to a patient (chat and automatic answers) and where it stands; its text is its timeline entry's.
CREATE TABLE contact_sms (
    id               TEXT PRIMARY KEY REFERENCES message (id),
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    request_id       TEXT NOT NULL REFERENCES contact_request (id),
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    seq              BIGINT NOT NULL,
    source           TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed')),
    parts            INTEGER NOT NULL,
    parts_delivered  INTEGER NOT NULL DEFAULT 0,
    reason           TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX contact_sms_due ON contact_sms (state, next_attempt_at);

-- The SMS centre's id of each part sent, for its delivery receipt.
CREATE TABLE contact_sms_part (
    smsc_id  TEXT PRIMARY KEY,
    sms_id   TEXT NOT NULL REFERENCES contact_sms (id),
    part     INTEGER NOT NULL,
    state    TEXT
);
CREATE INDEX contact_sms_part_sms ON contact_sms_part (sms_id);

-- A delivery receipt that came before the SMS it is for was recorded as sent (the SMS centre can answer a submit and
-- send its receipt faster than the sender commits): kept, and applied when the part's id is recorded.
CREATE TABLE contact_sms_early_receipt (
    smsc_id      TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    error        TEXT,
    received_at  BIGINT NOT NULL
);
