-- Service records (志愿服务记录): the confirmed hours of volunteers, never
-- edited in place; certificates (志愿服务证明) issued from them; and the index
-- that lets apps and portals sync sign-ups by their last change.

CREATE TABLE service_records (
    id BIGSERIAL PRIMARY KEY,
    -- `original`: hours as confirmed; `adjustment`: a correction of one original.
    kind TEXT NOT NULL CHECK (kind IN ('original', 'adjustment')),
    volunteer_id BIGINT NOT NULL REFERENCES volunteers (id),
    project_id BIGINT NOT NULL REFERENCES volunteer_projects (id),
    -- The sign-up whose hours were confirmed; at most one original per sign-up.
    enrollment_id BIGINT UNIQUE REFERENCES enrollments (id),
    -- Where the service was done (the project's area) and where the volunteer
    -- reported at the time: staff of either see the record.
    area_id BIGINT NOT NULL REFERENCES areas (id),
    volunteer_area_id BIGINT NOT NULL REFERENCES areas (id),
    -- The volunteer's work unit at the time, for totals by unit.
    unit_id BIGINT REFERENCES units (id),
    service_date DATE NOT NULL,
    -- Minutes served; on an adjustment, the change (may be negative).
    minutes INTEGER NOT NULL,
    content TEXT NOT NULL,
    corrects_id BIGINT REFERENCES service_records (id),
    reason TEXT,
    confirmed_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'adjustment') = (corrects_id IS NOT NULL)),
    CHECK (kind = 'adjustment' OR minutes >= 0)
);
CREATE INDEX service_records_volunteer ON service_records (volunteer_id, service_date);
CREATE INDEX service_records_area ON service_records (area_id, service_date);
CREATE INDEX service_records_volunteer_area ON service_records (volunteer_area_id, service_date);
CREATE INDEX service_records_unit ON service_records (unit_id, service_date);
CREATE INDEX service_records_project ON service_records (project_id);
CREATE INDEX service_records_corrects ON service_records (corrects_id);
CREATE INDEX service_records_created ON service_records (created_at, id);

-- Hours once confirmed are history: a correction is a new record.
CREATE FUNCTION service_records_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'service_records is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER service_records_no_change BEFORE UPDATE OR DELETE ON service_records
    FOR EACH ROW EXECUTE FUNCTION service_records_append_only();

CREATE TABLE certificates (
    id BIGSERIAL PRIMARY KEY,
    -- 证明编号, what people type to check it; `C` + year + id.
    certificate_no TEXT NOT NULL UNIQUE,
    -- Printed on the certificate; asked for by the public check.
    check_code TEXT NOT NULL,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers (id),
    -- What the certificate states, as it was on the day of issue.
    volunteer_name TEXT NOT NULL,
    volunteer_no TEXT NOT NULL,
    -- The volunteer's area at issue: staff of it see the certificate.
    area_id BIGINT NOT NULL REFERENCES areas (id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    minutes INTEGER NOT NULL,
    -- JSON array of {"id", "title", "minutes"}.
    projects TEXT NOT NULL,
    issuer_name TEXT NOT NULL,
    issued_by BIGINT NOT NULL REFERENCES users (id),
    issued_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (period_to >= period_from)
);
CREATE INDEX certificates_volunteer ON certificates (volunteer_id, id);
CREATE INDEX certificates_area ON certificates (area_id, id);

CREATE INDEX enrollments_updated ON enrollments (updated_at, id);
