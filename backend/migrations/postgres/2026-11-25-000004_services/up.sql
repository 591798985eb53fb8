-- Resources units offer (资源清单), needs communities and grids raise
-- (需求清单), and the services (服务清单) that join the two, with the
-- timeline of each service.

CREATE TABLE resources (
    id BIGSERIAL PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    category TEXT NOT NULL CHECK (category IN ('venue', 'funds', 'goods', 'skills', 'volunteer_service', 'policy', 'other')),
    title TEXT NOT NULL,
    description TEXT,
    -- NULL: no limit. Funds are counted in fen.
    quantity INTEGER CHECK (quantity IS NULL OR quantity >= 0),
    -- Taken by accepted services (and kept once delivered); released on cancel.
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    measure TEXT,
    -- JSON: {"always": bool, "date_ranges": [{"from", "to"}], "weekly": [{"weekday", "from", "to"}]}
    availability TEXT NOT NULL,
    contact_name TEXT,
    contact_phone TEXT,
    status TEXT NOT NULL CHECK (status IN ('available', 'paused', 'used_up', 'withdrawn')),
    shelf BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (quantity IS NULL OR reserved <= quantity)
);
CREATE INDEX resources_unit ON resources (unit_id);
CREATE INDEX resources_status_category ON resources (status, category);
CREATE INDEX resources_created ON resources (created_at);

-- The areas a resource serves (many).
CREATE TABLE resource_areas (
    resource_id BIGINT NOT NULL REFERENCES resources (id),
    area_id BIGINT NOT NULL REFERENCES areas (id),
    PRIMARY KEY (resource_id, area_id)
);
CREATE INDEX resource_areas_area ON resource_areas (area_id, resource_id);

CREATE TABLE needs (
    id BIGSERIAL PRIMARY KEY,
    area_id BIGINT NOT NULL REFERENCES areas (id),
    category TEXT NOT NULL CHECK (category IN ('sanitation', 'poverty_relief', 'care', 'policy_outreach', 'convenience',
                                               'disaster_relief', 'opinion_collection', 'civility', 'public_order')),
    title TEXT NOT NULL,
    description TEXT,
    beneficiary_count INTEGER CHECK (beneficiary_count IS NULL OR beneficiary_count >= 0),
    beneficiaries TEXT,
    urgency TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high', 'urgent')),
    wanted_by DATE,
    raised_by BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'matched', 'in_service', 'done', 'closed_unfulfilled')),
    close_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX needs_area ON needs (area_id);
CREATE INDEX needs_status_wanted ON needs (status, wanted_by);
CREATE INDEX needs_created ON needs (created_at);

CREATE TABLE services (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('need_match', 'shelf_order')),
    need_id BIGINT REFERENCES needs (id),
    resource_id BIGINT NOT NULL REFERENCES resources (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    -- The ordering community or grid.
    area_id BIGINT NOT NULL REFERENCES areas (id),
    quantity INTEGER NOT NULL CHECK (quantity >= 1),
    wanted_by DATE,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('ordered', 'accepted', 'declined', 'in_progress', 'delivered', 'closed', 'cancelled')),
    reason TEXT,
    delivered_on DATE,
    participants INTEGER,
    beneficiaries_reached INTEGER,
    delivery_notes TEXT,
    -- JSON array of URLs.
    photo_urls TEXT,
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    rating_comment TEXT,
    rated_at TIMESTAMP,
    ordered_by BIGINT NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'need_match') = (need_id IS NOT NULL))
);
CREATE INDEX services_unit_status ON services (unit_id, status);
CREATE INDEX services_need ON services (need_id);
CREATE INDEX services_resource ON services (resource_id);
CREATE INDEX services_area ON services (area_id);
CREATE INDEX services_status_wanted ON services (status, wanted_by);
CREATE INDEX services_created ON services (created_at);

-- Every transition of a service: who, when, from, to, why.
CREATE TABLE service_events (
    id BIGSERIAL PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id),
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    actor_name TEXT,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX service_events_service ON service_events (service_id, id);
