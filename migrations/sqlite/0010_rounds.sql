-- Consultation rounds set up by the city (issue #30).
--
-- Kraków's eighteen districts are reference data every round picks from
-- (numeral, name, population as of the demo data; ids are the official
-- numbers). A database made before this had only the districts its rounds
-- used: the others are added, nothing existing is changed.
INSERT OR IGNORE INTO districts (id, numeral, name, population) VALUES
    (1, 'I', 'Stare Miasto', 32169),
    (2, 'II', 'Grzegórzki', 29032),
    (3, 'III', 'Prądnik Czerwony', 46747),
    (4, 'IV', 'Prądnik Biały', 69876),
    (5, 'V', 'Krowodrza', 30401),
    (6, 'VI', 'Bronowice', 23630),
    (7, 'VII', 'Zwierzyniec', 20299),
    (8, 'VIII', 'Dębniki', 63180),
    (9, 'IX', 'Łagiewniki-Borek Fałęcki', 16120),
    (10, 'X', 'Swoszowice', 27310),
    (11, 'XI', 'Podgórze Duchackie', 52840),
    (12, 'XII', 'Bieżanów-Prokocim', 66410),
    (13, 'XIII', 'Podgórze', 37896),
    (14, 'XIV', 'Czyżyny', 29710),
    (15, 'XV', 'Mistrzejowice', 53690),
    (16, 'XVI', 'Bieńczyce', 41230),
    (17, 'XVII', 'Wzgórza Krzesławickie', 20580),
    (18, 'XVIII', 'Nowa Huta', 51640);

-- A round may count a district's residents as of its own time (the
-- per-thousand rates of 2021 use 2021's figure); NULL: the reference one.
ALTER TABLE round_districts ADD COLUMN population INTEGER CHECK (population IS NULL OR population >= 0);

-- Which round a round was copied from, when it was made.
ALTER TABLE rounds ADD COLUMN copied_from INTEGER REFERENCES rounds (id);
ALTER TABLE rounds ADD COLUMN created_at INTEGER;

-- Rewording of survey content (themes, actions, questions, options): once
-- a round has answers its content is only reworded, never removed, and
-- every rewording is kept here with who made it.
CREATE TABLE content_revisions (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    item      TEXT    NOT NULL CHECK (item IN ('theme', 'action', 'question', 'option')),
    item_id   INTEGER NOT NULL,
    old_pl    TEXT    NOT NULL,
    old_en    TEXT    NOT NULL,
    new_pl    TEXT    NOT NULL,
    new_en    TEXT    NOT NULL,
    user_id   INTEGER REFERENCES staff_users (id),
    at        INTEGER NOT NULL
);
CREATE INDEX content_revisions_by_round ON content_revisions (round_id, id);
