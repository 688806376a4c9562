-- A survey form sent without JavaScript that came back with a mistake: kept
-- for an hour so the page can show it again with everything the resident
-- typed (never in the URL, which proxies and browser history keep). Deleted
-- when the answer is stored, or when it expires.
CREATE TABLE returned_forms (
    key          TEXT    PRIMARY KEY,            -- random, in the redirect URL
    client_id    TEXT    NOT NULL,               -- the form's own UUID
    payload      TEXT    NOT NULL,               -- the form as JSON
    expires_at   INTEGER NOT NULL
);
CREATE INDEX returned_forms_by_client ON returned_forms (client_id);
CREATE INDEX returned_forms_by_expiry ON returned_forms (expires_at);

-- One grant of a role per account and scope (department, district).
CREATE UNIQUE INDEX staff_roles_unique
    ON staff_roles (user_id, role, IFNULL(department_id, 0), IFNULL(district_id, 0));
