-- The whole product's domain model (SQLite dialect).
-- Instants are INTEGER seconds since the Unix epoch, UTC; they are shown in
-- Europe/Warsaw by the server. Booleans are INTEGER 0/1.

CREATE TABLE districts (
    id          INTEGER PRIMARY KEY,
    numeral     TEXT    NOT NULL UNIQUE,           -- Roman numeral: I … XVIII
    name        TEXT    NOT NULL UNIQUE,
    population  INTEGER NOT NULL CHECK (population >= 0)
);

-- A consultation round: one survey, a series of meetings, postulates, answers.
CREATE TABLE rounds (
    id                INTEGER PRIMARY KEY,
    slug              TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    survey_opens_at   INTEGER NOT NULL,
    survey_closes_at  INTEGER NOT NULL,
    max_picks         INTEGER NOT NULL DEFAULT 5 CHECK (max_picks BETWEEN 1 AND 50),
    CHECK (survey_closes_at > survey_opens_at)
);
-- At most one round is the current (active) one.
CREATE UNIQUE INDEX rounds_one_active ON rounds (status) WHERE status = 'active';

CREATE TABLE round_districts (
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    PRIMARY KEY (round_id, district_id)
);

-- The actions residents can pick, grouped by theme.
CREATE TABLE themes (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    code      TEXT    NOT NULL,
    name_pl   TEXT    NOT NULL,
    name_en   TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (round_id, code)
);

CREATE TABLE actions (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    theme_id  INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    code      TEXT    NOT NULL,
    label_pl  TEXT    NOT NULL,
    label_en  TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (round_id, code)
);

-- Optional anonymous profile questions (age bracket, years in the district…).
CREATE TABLE survey_questions (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    code       TEXT    NOT NULL,
    prompt_pl  TEXT    NOT NULL,
    prompt_en  TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    UNIQUE (round_id, code)
);

CREATE TABLE question_options (
    id           INTEGER PRIMARY KEY,
    question_id  INTEGER NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    code         TEXT    NOT NULL,
    label_pl     TEXT    NOT NULL,
    label_en     TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (question_id, code)
);

-- One anonymous survey answer. No IP, no user agent, only the day it came.
CREATE TABLE responses (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES rounds (id),
    district_id   INTEGER NOT NULL REFERENCES districts (id),
    client_id     TEXT    NOT NULL UNIQUE,          -- UUID made by the device: exactly once
    device_hash   TEXT,                             -- keyed hash of the device token (online only)
    content_hash  TEXT    NOT NULL,                 -- detects a replay with different content
    receipt       TEXT    NOT NULL UNIQUE,
    source        TEXT    NOT NULL CHECK (source IN ('online', 'assisted', 'paper')),
    other_needs   TEXT,
    submitted_on  TEXT    NOT NULL                  -- YYYY-MM-DD, Europe/Warsaw
);
CREATE UNIQUE INDEX responses_one_per_device ON responses (round_id, device_hash)
    WHERE device_hash IS NOT NULL;

CREATE TABLE response_actions (
    response_id  INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    action_id    INTEGER NOT NULL REFERENCES actions (id),
    PRIMARY KEY (response_id, action_id)
);

CREATE TABLE response_options (
    response_id  INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id  INTEGER NOT NULL REFERENCES survey_questions (id),
    option_id    INTEGER NOT NULL REFERENCES question_options (id),
    PRIMARY KEY (response_id, question_id)
);

-- Maintained counters: participation is read without scanning responses.
CREATE TABLE participation (
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    source       TEXT    NOT NULL CHECK (source IN ('online', 'assisted', 'paper')),
    answers      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, district_id, source)
);

-- City departments and units that attend meetings and answer postulates.
CREATE TABLE departments (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_pl  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('department', 'unit'))
);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    venue        TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    room         TEXT,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_by_start ON meetings (round_id, starts_at);

CREATE TABLE meeting_officials (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    department_id  INTEGER REFERENCES departments (id),
    position       INTEGER NOT NULL
);

-- Staff accounts (residents never have one).
CREATE TABLE staff_users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name   TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,             -- argon2id PHC string
    is_active      INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);

CREATE TABLE staff_roles (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'moderator', 'official')),
    department_id  INTEGER REFERENCES departments (id),  -- officials: their unit
    district_id    INTEGER REFERENCES districts (id),    -- moderators: optional limit
    CHECK (role <> 'official' OR department_id IS NOT NULL)
);

-- Needs raised by residents at meetings, moderated live.
CREATE TABLE postulates (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    meeting_id     INTEGER REFERENCES meetings (id),
    district_id    INTEGER NOT NULL REFERENCES districts (id),
    body           TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'merged')),
    merged_into    INTEGER REFERENCES postulates (id),
    department_id  INTEGER REFERENCES departments (id),
    submitted_at   INTEGER NOT NULL,
    reviewed_at    INTEGER,
    reviewed_by    INTEGER REFERENCES staff_users (id),
    CHECK (status <> 'merged' OR merged_into IS NOT NULL)
);
CREATE INDEX postulates_by_meeting ON postulates (meeting_id, status);

-- The responsible unit's position ("stanowisko") on a postulate.
CREATE TABLE postulate_answers (
    id             INTEGER PRIMARY KEY,
    postulate_id   INTEGER NOT NULL UNIQUE REFERENCES postulates (id) ON DELETE CASCADE,
    department_id  INTEGER NOT NULL REFERENCES departments (id),
    stance         TEXT    NOT NULL CHECK (stance IN ('accepted', 'partially_accepted', 'rejected', 'not_competent', 'under_review')),
    body           TEXT    NOT NULL,
    author_id      INTEGER REFERENCES staff_users (id),
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER
);

-- Who did what and when, for every staff action.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES staff_users (id),
    action     TEXT    NOT NULL,
    entity     TEXT    NOT NULL,
    entity_id  TEXT,
    details    TEXT
);
