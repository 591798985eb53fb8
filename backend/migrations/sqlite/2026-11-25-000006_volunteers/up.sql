-- Volunteers (志愿者), their projects (志愿服务项目) and shifts, sign-ups
-- (报名), and the idempotency keys that make mobile retries safe.

CREATE TABLE volunteers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 志愿者编号: shown wherever a number is needed instead of the identity number.
    volunteer_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    -- The identity number, AES-256-GCM sealed (nonce || ciphertext, base64);
    -- a keyed hash of it for uniqueness; and the masked form lists show.
    id_number_sealed TEXT,
    id_number_hash TEXT UNIQUE,
    id_number_masked TEXT,
    political_status TEXT NOT NULL CHECK (political_status IN ('party_member', 'probationary_member', 'league_member', 'masses')),
    in_service BOOLEAN NOT NULL DEFAULT 0,
    -- The work unit: a joint-building unit when it is one, else its name.
    work_unit_id INTEGER REFERENCES units (id),
    work_unit_name TEXT,
    -- The community or grid reported to (报到).
    area_id INTEGER NOT NULL REFERENCES areas (id),
    -- JSON array of strings.
    skills TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'inactive')),
    reject_reason TEXT,
    -- The volunteer's own account (self-registration), if any.
    user_id INTEGER UNIQUE REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX volunteers_area_status ON volunteers (area_id, status);
CREATE INDEX volunteers_political ON volunteers (political_status);
CREATE INDEX volunteers_created ON volunteers (created_at);
CREATE INDEX volunteers_name ON volunteers (name);

CREATE TABLE volunteer_projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('sanitation', 'poverty_relief', 'care', 'policy_outreach', 'convenience',
                                               'disaster_relief', 'opinion_collection', 'civility', 'public_order')),
    organiser_kind TEXT NOT NULL CHECK (organiser_kind IN ('unit', 'party_org', 'community')),
    organiser_unit_id INTEGER REFERENCES units (id),
    organiser_party_org_id INTEGER REFERENCES party_orgs (id),
    -- The community or grid the project serves; a community organiser is this area.
    area_id INTEGER NOT NULL REFERENCES areas (id),
    place TEXT,
    description TEXT,
    requirements TEXT,
    approval_mode TEXT NOT NULL CHECK (approval_mode IN ('automatic', 'manual')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'recruiting', 'in_progress', 'completed', 'cancelled')),
    cancel_reason TEXT,
    created_by INTEGER NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((organiser_kind = 'unit') = (organiser_unit_id IS NOT NULL)),
    CHECK ((organiser_kind = 'party_org') = (organiser_party_org_id IS NOT NULL))
);
CREATE INDEX volunteer_projects_area_status ON volunteer_projects (area_id, status, created_at);
CREATE INDEX volunteer_projects_status_category ON volunteer_projects (status, category);
CREATE INDEX volunteer_projects_unit ON volunteer_projects (organiser_unit_id);
CREATE INDEX volunteer_projects_created ON volunteer_projects (created_at);

CREATE TABLE volunteer_shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES volunteer_projects (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    places INTEGER NOT NULL CHECK (places >= 1),
    -- Places held by sign-ups: only ever changed by one conditional statement.
    taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    -- The short code the organiser shows on the spot for check-in by app.
    check_in_code TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (taken <= places)
);
CREATE INDEX volunteer_shifts_project ON volunteer_shifts (project_id, starts_at);

CREATE TABLE enrollments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id INTEGER NOT NULL REFERENCES volunteer_shifts (id),
    volunteer_id INTEGER NOT NULL REFERENCES volunteers (id),
    -- The shift's times, copied so a volunteer's overlapping sign-ups are one index range.
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'enrolled', 'waitlisted', 'rejected', 'withdrawn',
                                           'checked_in', 'checked_out', 'hours_confirmed', 'no_show')),
    -- Holds one of the shift's places (pending, enrolled, checked in or out, confirmed).
    holds_place BOOLEAN NOT NULL DEFAULT 0,
    reason TEXT,
    checked_in_at TIMESTAMP,
    checked_out_at TIMESTAMP,
    -- Time checked in, clipped to the shift.
    minutes INTEGER,
    enrolled_by INTEGER NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One live sign-up per volunteer and shift; a withdrawn or rejected one does not count.
CREATE UNIQUE INDEX enrollments_live ON enrollments (shift_id, volunteer_id) WHERE status NOT IN ('withdrawn', 'rejected');
CREATE INDEX enrollments_shift_status ON enrollments (shift_id, status, id);
CREATE INDEX enrollments_volunteer_time ON enrollments (volunteer_id, starts_at);

-- Responses of POSTs sent with an `Idempotency-Key`, kept 24 hours.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- `u<user id>`, or `-` for requests without a token (self-registration).
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    -- JSON object of the headers to replay (Location, ETag).
    response_headers TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (caller, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
