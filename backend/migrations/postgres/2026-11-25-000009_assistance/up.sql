-- Assistance pairings (结对帮扶): households in difficulty (困难家庭), the
-- helpers paired with them, the visits they make (走访), and micro-wishes
-- (微心愿). This is the most sensitive data Gridlink holds: identity number,
-- phone and situation are sealed with the data key (see crate::crypto).

CREATE TABLE households (
    id BIGSERIAL PRIMARY KEY,
    -- 户编号, `H` + year + id: what staff say instead of a name or identity number.
    household_no TEXT NOT NULL UNIQUE,
    head_name TEXT NOT NULL,
    -- The head's identity number sealed, its keyed hash (one household per
    -- person), and the masked form lists show.
    head_id_number_sealed TEXT,
    head_id_number_hash TEXT UNIQUE,
    head_id_number_masked TEXT,
    phone_sealed TEXT,
    phone_masked TEXT,
    -- 家庭情况: free text about illness, debts, family trouble; sealed, never masked.
    situation_sealed TEXT,
    -- JSON array of {name, relation, age}.
    members TEXT NOT NULL DEFAULT '[]',
    -- The grid (or community) the household lives in.
    area_id BIGINT NOT NULL REFERENCES areas (id),
    address TEXT,
    -- JSON array of category codes; several at once.
    categories TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('active', 'lifted', 'moved', 'deceased')),
    -- Archived once no longer helped; erased (personal fields cleared) when
    -- the retention period after archiving has passed. Counts survive both.
    archived_at TIMESTAMP,
    erased_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (erased_at IS NULL OR archived_at IS NOT NULL)
);
CREATE INDEX households_area_status ON households (area_id, status);
CREATE INDEX households_created ON households (created_at);
CREATE INDEX households_archived ON households (archived_at);

CREATE TABLE pairings (
    id BIGSERIAL PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id),
    -- The household's area, kept here so that the overdue list of a street
    -- is one index range per grid, without a join.
    area_id BIGINT NOT NULL REFERENCES areas (id),
    helper_kind TEXT NOT NULL CHECK (helper_kind IN ('unit', 'volunteer')),
    helper_unit_id BIGINT REFERENCES units (id),
    helper_volunteer_id BIGINT REFERENCES volunteers (id),
    starts_on DATE NOT NULL,
    ends_on DATE,
    plan TEXT,
    goals TEXT,
    visit_interval_days INTEGER NOT NULL CHECK (visit_interval_days BETWEEN 1 AND 366),
    status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    end_reason TEXT,
    last_visit_on DATE,
    visit_count INTEGER NOT NULL DEFAULT 0,
    -- The day the next visit is due: the last visit (or the start) plus the
    -- interval. Overdue when it lies before today. Moved with every visit.
    due_on DATE NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((helper_kind = 'unit') = (helper_unit_id IS NOT NULL)),
    CHECK ((helper_kind = 'volunteer') = (helper_volunteer_id IS NOT NULL)),
    CHECK ((status = 'ended') = (ends_on IS NOT NULL))
);
CREATE INDEX pairings_area_due ON pairings (area_id, status, due_on);
CREATE INDEX pairings_due ON pairings (status, due_on);
CREATE INDEX pairings_household ON pairings (household_id, status);
CREATE INDEX pairings_unit ON pairings (helper_unit_id, status, due_on);
CREATE INDEX pairings_volunteer ON pairings (helper_volunteer_id, status, due_on);
-- A helper is paired with a household once at a time.
CREATE UNIQUE INDEX pairings_one_active_unit ON pairings (household_id, helper_unit_id) WHERE status = 'active';
CREATE UNIQUE INDEX pairings_one_active_volunteer ON pairings (household_id, helper_volunteer_id) WHERE status = 'active';

CREATE TABLE visits (
    id BIGSERIAL PRIMARY KEY,
    pairing_id BIGINT NOT NULL REFERENCES pairings (id),
    household_id BIGINT NOT NULL REFERENCES households (id),
    visited_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'gifts', 'paperwork', 'employment', 'medical', 'other')),
    -- Which paperwork was handled, for `paperwork` visits.
    paperwork TEXT CHECK (paperwork IN ('residence_registration', 'allowance', 'disability_card', 'other')),
    content TEXT NOT NULL,
    outcome TEXT,
    follow_up_on DATE,
    photo_count INTEGER NOT NULL DEFAULT 0,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'paperwork') = (paperwork IS NOT NULL))
);
CREATE INDEX visits_household ON visits (household_id, visited_on);
CREATE INDEX visits_pairing ON visits (pairing_id, visited_on);

-- Photos are kept in the database: every server instance serves them, and a
-- backup holds them with the visits they belong to.
CREATE TABLE visit_photos (
    id BIGSERIAL PRIMARY KEY,
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    content_type TEXT NOT NULL,
    byte_size INTEGER NOT NULL,
    data BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX visit_photos_visit ON visit_photos (visit_id);

CREATE TABLE wishes (
    id BIGSERIAL PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id),
    area_id BIGINT NOT NULL REFERENCES areas (id),
    title TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'fulfilled', 'cancelled')),
    claimer_kind TEXT CHECK (claimer_kind IN ('unit', 'volunteer')),
    claimer_unit_id BIGINT REFERENCES units (id),
    claimer_volunteer_id BIGINT REFERENCES volunteers (id),
    claimed_at TIMESTAMP,
    fulfilled_at TIMESTAMP,
    fulfil_note TEXT,
    cancel_reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (status NOT IN ('claimed', 'fulfilled') OR claimer_kind IS NOT NULL)
);
CREATE INDEX wishes_area_status ON wishes (area_id, status, created_at);
CREATE INDEX wishes_household ON wishes (household_id);
CREATE INDEX wishes_unit ON wishes (claimer_unit_id);
CREATE INDEX wishes_volunteer ON wishes (claimer_volunteer_id);
