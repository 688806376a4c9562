-- Survey results read at a glance, even at a million answers: tallies kept
-- up to date by triggers as answers arrive (picks per action, profile options
-- and answers per day, each per district), so a results page reads a few
-- hundred rows instead of scanning every answer. Each round says when its
-- results become public. Free-text "other needs" get a moderator's review.

-- 'while_open': public while the survey is open; 'after_close': only once it
-- has closed (staff see them at any time). New rounds wait for the close.
ALTER TABLE rounds ADD COLUMN results_visibility TEXT NOT NULL DEFAULT 'after_close'
    CHECK (results_visibility IN ('while_open', 'after_close'));

-- How many of the round's answers are made up (demo data, benchmarks): the
-- results pages say so.
ALTER TABLE rounds ADD COLUMN demo_answers INTEGER NOT NULL DEFAULT 0;

CREATE TABLE action_tallies (
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    action_id    INTEGER NOT NULL REFERENCES actions (id),
    picks        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, district_id, action_id)
);

CREATE TABLE option_tallies (
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    option_id    INTEGER NOT NULL REFERENCES question_options (id),
    answers      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, district_id, option_id)
);

CREATE TABLE daily_tallies (
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    day          TEXT    NOT NULL,                  -- YYYY-MM-DD, Europe/Warsaw
    answers      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, district_id, day)
);

-- Answers stored before this migration.
INSERT INTO action_tallies (round_id, district_id, action_id, picks)
    SELECT r.round_id, r.district_id, ra.action_id, COUNT(*)
    FROM response_actions ra JOIN responses r ON r.id = ra.response_id
    GROUP BY r.round_id, r.district_id, ra.action_id;
INSERT INTO option_tallies (round_id, district_id, option_id, answers)
    SELECT r.round_id, r.district_id, ro.option_id, COUNT(*)
    FROM response_options ro JOIN responses r ON r.id = ro.response_id
    GROUP BY r.round_id, r.district_id, ro.option_id;
INSERT INTO daily_tallies (round_id, district_id, day, answers)
    SELECT round_id, district_id, submitted_on, COUNT(*)
    FROM responses GROUP BY round_id, district_id, submitted_on;

-- Answers are only ever added (never edited or deleted), so counting up on
-- insert keeps the tallies exact, inside the answer's own transaction.
CREATE TRIGGER responses_tally_day AFTER INSERT ON responses
BEGIN
    INSERT INTO daily_tallies (round_id, district_id, day, answers)
        VALUES (NEW.round_id, NEW.district_id, NEW.submitted_on, 1)
        ON CONFLICT (round_id, district_id, day) DO UPDATE SET answers = answers + 1;
END;

CREATE TRIGGER response_actions_tally AFTER INSERT ON response_actions
BEGIN
    INSERT INTO action_tallies (round_id, district_id, action_id, picks)
        SELECT round_id, district_id, NEW.action_id, 1 FROM responses WHERE id = NEW.response_id
        ON CONFLICT (round_id, district_id, action_id) DO UPDATE SET picks = picks + 1;
END;

CREATE TRIGGER response_options_tally AFTER INSERT ON response_options
BEGIN
    INSERT INTO option_tallies (round_id, district_id, option_id, answers)
        SELECT round_id, district_id, NEW.option_id, 1 FROM responses WHERE id = NEW.response_id
        ON CONFLICT (round_id, district_id, option_id) DO UPDATE SET answers = answers + 1;
END;

-- A moderator's decision on an answer's free-text "other needs": approved
-- as a short phrase (the results count answers per phrase), or hidden.
-- Answers without a review are waiting; their text is never public.
CREATE TABLE need_reviews (
    response_id  INTEGER PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('approved', 'hidden')),
    phrase       TEXT,
    reviewed_by  INTEGER REFERENCES staff_users (id),
    reviewed_at  INTEGER NOT NULL,
    CHECK (status <> 'approved' OR (phrase IS NOT NULL AND length(phrase) > 0))
);
CREATE INDEX responses_with_needs ON responses (round_id, id) WHERE other_needs IS NOT NULL;
