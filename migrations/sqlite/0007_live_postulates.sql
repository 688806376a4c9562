-- Postulates raised live at the meetings (issue #16): residents submit
-- them exactly once (client id), moderators review them with versions (a
-- stale change is refused), "me too" once per device, a history of every
-- change, an event log that live views catch up from, and a full-text
-- index that finds Polish words typed without diacritics.

-- A meeting's live state: open for postulates, the one being discussed,
-- and the projector's slide (0, 1, …: the district's results; -1: the
-- live postulates).
ALTER TABLE meetings ADD COLUMN postulates_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN discussed_postulate_id INTEGER REFERENCES postulates (id);
ALTER TABLE meetings ADD COLUMN projector_slide INTEGER NOT NULL DEFAULT 0;

-- What a postulate stores: what the resident typed, the meeting, the
-- district, the theme and the Kraków day (`submitted_at` holds the start of
-- that day, never the instant). No address, no device.
ALTER TABLE postulates ADD COLUMN client_id TEXT;
ALTER TABLE postulates ADD COLUMN content_hash TEXT;
-- The short code the resident follows the postulate with.
ALTER TABLE postulates ADD COLUMN code TEXT;
ALTER TABLE postulates ADD COLUMN theme_id INTEGER REFERENCES themes (id);
-- Raised by every change; a change sent with an older version is refused.
ALTER TABLE postulates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE postulates ADD COLUMN reject_reason TEXT
    CHECK (reject_reason IS NULL OR reject_reason IN ('offensive', 'personal_data', 'out_of_scope', 'duplicate', 'spam'));
-- "Me too" from distinct devices (merged postulates' supporters included).
ALTER TABLE postulates ADD COLUMN me_too INTEGER NOT NULL DEFAULT 0;
-- Typed in by a moderator for a resident who spoke at the meeting.
ALTER TABLE postulates ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX postulates_by_client_id ON postulates (client_id);
CREATE UNIQUE INDEX postulates_by_code ON postulates (code);
CREATE INDEX postulates_by_round ON postulates (round_id, status, id);

-- One "me too" per device: a keyed hash of the device token (never shown
-- to anybody, moderators included).
CREATE TABLE postulate_support (
    postulate_id  INTEGER NOT NULL REFERENCES postulates (id) ON DELETE CASCADE,
    device_hash   TEXT    NOT NULL,
    PRIMARY KEY (postulate_id, device_hash)
) WITHOUT ROWID;

-- Every change of a postulate, the original wording included.
CREATE TABLE postulate_history (
    id            INTEGER PRIMARY KEY,
    postulate_id  INTEGER NOT NULL REFERENCES postulates (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    action        TEXT    NOT NULL,
    body          TEXT,
    details       TEXT,
    user_id       INTEGER REFERENCES staff_users (id),
    at            INTEGER NOT NULL
);
CREATE INDEX postulate_history_by_postulate ON postulate_history (postulate_id, id);
INSERT INTO postulate_history (postulate_id, version, action, body, at)
    SELECT id, 1, 'submitted', body, submitted_at FROM postulates;

-- What live views are told, in order: `id` only grows (AUTOINCREMENT never
-- reuses one), so a view that reconnects asks for everything after the
-- last id it saw. `staff` events (the moderators' queue) are never sent to
-- the public.
CREATE TABLE live_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    audience    TEXT    NOT NULL CHECK (audience IN ('public', 'staff')),
    payload     TEXT    NOT NULL
);
CREATE INDEX live_events_by_meeting ON live_events (meeting_id, id);

-- Full-text search over the wording. unicode61 with remove_diacritics
-- folds ś, ż, ą… but not ł (it has no Unicode decomposition), so the
-- indexed copy has ł replaced by l; the query is folded the same way.
CREATE VIRTUAL TABLE postulate_search USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER postulate_search_insert AFTER INSERT ON postulates BEGIN
    INSERT INTO postulate_search (rowid, body)
        VALUES (new.id, replace(replace(new.body, 'ł', 'l'), 'Ł', 'L'));
END;
CREATE TRIGGER postulate_search_update AFTER UPDATE OF body ON postulates BEGIN
    DELETE FROM postulate_search WHERE rowid = old.id;
    INSERT INTO postulate_search (rowid, body)
        VALUES (new.id, replace(replace(new.body, 'ł', 'l'), 'Ł', 'L'));
END;
CREATE TRIGGER postulate_search_delete AFTER DELETE ON postulates BEGIN
    DELETE FROM postulate_search WHERE rowid = old.id;
END;
INSERT INTO postulate_search (rowid, body)
    SELECT id, replace(replace(body, 'ł', 'l'), 'Ł', 'L') FROM postulates;
