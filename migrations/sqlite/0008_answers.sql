-- The departments' positions ("stanowiska") on postulates (issue #17):
-- drafts and submitted answers with versions, their history (kept for
-- the public after publication: the follow-up residents ask for), due
-- dates, and publication per round and district.

-- The first schema's table was never written to; its statuses were not
-- the city's. Replaced.
DROP TABLE postulate_answers;

CREATE TABLE postulate_answers (
    postulate_id   INTEGER PRIMARY KEY REFERENCES postulates (id) ON DELETE CASCADE,
    department_id  INTEGER NOT NULL REFERENCES departments (id),
    status         TEXT    NOT NULL CHECK (status IN ('accepted', 'in_progress', 'to_analyse', 'rejected', 'not_competent')),
    justification  TEXT    NOT NULL,
    planned_term   TEXT,
    cost_range     TEXT,
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'submitted')),
    -- Raised by every save; a save sent with an older one is refused.
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     INTEGER NOT NULL,
    updated_by     INTEGER REFERENCES staff_users (id),
    -- When it was first submitted (NULL: a draft never submitted).
    submitted_at   INTEGER
);

-- When the responsible department must answer (set with the assignment).
ALTER TABLE postulates ADD COLUMN due_at INTEGER;
-- Days a department has to answer, counted from the assignment.
ALTER TABLE rounds ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 30;

-- Submissions, updates and reassignments, in order. Public once the
-- postulate's answers are published; drafts are never kept here.
CREATE TABLE answer_history (
    id             INTEGER PRIMARY KEY,
    postulate_id   INTEGER NOT NULL REFERENCES postulates (id) ON DELETE CASCADE,
    action         TEXT    NOT NULL CHECK (action IN ('submitted', 'updated', 'reassigned')),
    department_id  INTEGER REFERENCES departments (id),
    status         TEXT,
    justification  TEXT,
    planned_term   TEXT,
    cost_range     TEXT,
    reason         TEXT,
    user_id        INTEGER REFERENCES staff_users (id),
    at             INTEGER NOT NULL
);
CREATE INDEX answer_history_by_postulate ON answer_history (postulate_id, id);

-- A round's answers made public: for one district, or (district NULL) all.
CREATE TABLE answer_publications (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    district_id  INTEGER REFERENCES districts (id),
    published_at INTEGER NOT NULL,
    user_id      INTEGER REFERENCES staff_users (id)
);
CREATE UNIQUE INDEX answer_publications_scope ON answer_publications (round_id, COALESCE(district_id, 0));
