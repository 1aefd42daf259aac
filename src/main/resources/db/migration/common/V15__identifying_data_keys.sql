-- Identifying data at rest (issue #13): conversation topics and patient records are encrypted under a key of their
-- organisation and found through keyed blind indexes (docs/security.md, docs/decisions.md).
--
-- Each organisation has a data key (AES-256-GCM) and an index key (HMAC-SHA256), each a Tink keyset wrapped by the
-- master key with its name ('<org id>/data', '<org id>/index') as associated data.
CREATE TABLE org_key (
    name            TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    purpose         TEXT NOT NULL CHECK (purpose IN ('data', 'index')),
    wrapped_keyset  TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

-- A patient record's identifying fields (patient id, names, date of birth, mobile, e-mail) as one sealed value
-- (JSON, AES-256-GCM, bound to the organisation and the row), and the blind index of its patient id, which keeps
-- patient ids unique within an organisation. Filled by migration 17.2; the plain columns go in V18.
ALTER TABLE patient ADD COLUMN sealed_details ${blob};
ALTER TABLE patient ADD COLUMN mrn_digest ${blob};

-- A conversation's topic, sealed (a topic can name a patient). Filled by migration 17.3; the plain column goes in V18.
ALTER TABLE conversation ADD COLUMN sealed_topic ${blob};
