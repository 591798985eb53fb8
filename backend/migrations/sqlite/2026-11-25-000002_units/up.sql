-- Joint-building units (共建单位), their party organisations (党组织) and
-- co-building agreements (共建协议) with communities.

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('party_government_organ', 'public_institution', 'state_owned_enterprise',
                                       'private_enterprise', 'social_organisation', 'other')),
    credit_code TEXT NOT NULL UNIQUE,
    contact_name TEXT,
    contact_phone TEXT,
    address TEXT,
    area_id INTEGER NOT NULL REFERENCES areas (id),
    party_member_count INTEGER NOT NULL DEFAULT 0 CHECK (party_member_count >= 0),
    commitment TEXT,
    commitment_phone TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX units_area ON units (area_id);
CREATE INDEX units_name ON units (name);
CREATE INDEX units_kind ON units (kind);

-- The grids a unit serves in (many).
CREATE TABLE unit_grids (
    unit_id INTEGER NOT NULL REFERENCES units (id),
    area_id INTEGER NOT NULL REFERENCES areas (id),
    PRIMARY KEY (unit_id, area_id)
);
CREATE INDEX unit_grids_area ON unit_grids (area_id);

-- A unit contact's unit.
ALTER TABLE users ADD COLUMN unit_id INTEGER REFERENCES units (id);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE party_orgs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    parent_id INTEGER REFERENCES party_orgs (id),
    area_id INTEGER NOT NULL REFERENCES areas (id),
    unit_id INTEGER REFERENCES units (id),
    secretary TEXT,
    contact_phone TEXT,
    member_count INTEGER NOT NULL DEFAULT 0 CHECK (member_count >= 0),
    founded_on DATE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX party_orgs_area ON party_orgs (area_id);
CREATE INDEX party_orgs_parent ON party_orgs (parent_id);
CREATE INDEX party_orgs_unit ON party_orgs (unit_id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    community_id INTEGER NOT NULL REFERENCES areas (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    signed_on DATE,
    unit_duties TEXT,
    community_duties TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'terminated')),
    termination_reason TEXT,
    renewed_from_id INTEGER REFERENCES agreements (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX agreements_unit ON agreements (unit_id);
CREATE INDEX agreements_community ON agreements (community_id);
CREATE INDEX agreements_ends ON agreements (status, ends_on);

-- Part-time members the unit names to the community party committee (兼职委员).
CREATE TABLE agreement_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    name TEXT NOT NULL,
    post TEXT,
    phone TEXT
);
CREATE INDEX agreement_members_agreement ON agreement_members (agreement_id);
