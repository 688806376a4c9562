-- The public record and liveness (issue #27).

-- The live event log names what changed, never its text: a postulate's
-- wording is read when an event is sent, so wording a moderator edits out
-- or withdraws is not served again to a view catching up. Earlier events
-- carried the whole postulate: they keep only its id.
UPDATE live_events
    SET payload = json_object('type', 'postulate', 'id', json_extract(payload, '$.postulate.id'))
    WHERE json_extract(payload, '$.type') = 'postulate';

-- The log is kept bounded (finished meetings' events go, and any meeting
-- keeps its newest events only): up to which id a meeting's events are
-- gone, so a view asking for older ones is told to reload instead.
ALTER TABLE meetings ADD COLUMN live_events_pruned_to INTEGER NOT NULL DEFAULT 0;

-- Returned forms are capped per address (a keyed hash, never the address
-- itself) and in total, so failing posts cannot fill the disk.
ALTER TABLE returned_forms ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX returned_forms_by_address ON returned_forms (address, expires_at);

-- Bumped by whatever changes counted data outside a running server's
-- requests (the CLI's `recount` and `demo-answers`): every server checks it
-- and drops the catalog, counters and pages it keeps in memory.
CREATE TABLE data_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO data_generation (id, generation) VALUES (1, 0);
