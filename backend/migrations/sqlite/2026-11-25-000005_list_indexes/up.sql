-- Indexes measured at city scale (docs/performance.md).
--
-- The need board filters a subtree's needs by status and category and shows
-- the newest first: with these four columns each area of the subtree is one
-- seek to exactly its matching rows, already in order.
CREATE INDEX needs_area_status_category ON needs (area_id, status, category, created_at);
-- Matching averages the ratings of the candidate units: covered by the index,
-- without reading a service row.
CREATE INDEX services_unit_rating ON services (unit_id, rating);
