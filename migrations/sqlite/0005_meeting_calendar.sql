-- The meeting calendar: each meeting's status (moved, cancelled, held) with
-- the reason and the time it was first announced for, the accessibility of
-- its venue, and a SEQUENCE raised by every change so subscribed calendars
-- update the event (RFC 5545). A round gets the period its meetings must
-- fall in.

ALTER TABLE rounds ADD COLUMN meetings_from INTEGER;   -- UTC seconds, inclusive
ALTER TABLE rounds ADD COLUMN meetings_until INTEGER;  -- UTC seconds, exclusive
-- Rounds stored before this migration: the calendar months of their meetings.
UPDATE rounds SET
    meetings_from = (SELECT CAST(strftime('%s', MIN(starts_at), 'unixepoch', 'start of month') AS INTEGER)
                     FROM meetings WHERE round_id = rounds.id),
    meetings_until = (SELECT CAST(strftime('%s', MAX(ends_at), 'unixepoch', 'start of month', '+1 month') AS INTEGER)
                      FROM meetings WHERE round_id = rounds.id);

ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'moved', 'cancelled', 'held'));
ALTER TABLE meetings ADD COLUMN status_reason TEXT;
-- When a meeting is moved: the start it was announced for before.
ALTER TABLE meetings ADD COLUMN previous_starts_at INTEGER;
ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
-- Comma-separated codes: step_free, induction_loop, sign_language.
ALTER TABLE meetings ADD COLUMN accessibility TEXT NOT NULL DEFAULT '';
-- Last change (DTSTAMP / LAST-MODIFIED of the calendar event).
ALTER TABLE meetings ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
