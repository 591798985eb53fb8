-- What each unit's services so far say about it, kept as counters.
--
-- Matching scores every candidate by its unit's acceptance rate and average
-- rating. Counted from the services on each request, that was two grouped
-- scans of thousands of service rows; the counters move with every status
-- change of a service instead (services::record) and are read by key.
CREATE TABLE unit_service_records (
    unit_id BIGINT PRIMARY KEY REFERENCES units (id),
    -- Services in a status that holds quantity: accepted, in progress, delivered, closed.
    taken BIGINT NOT NULL DEFAULT 0,
    declined BIGINT NOT NULL DEFAULT 0,
    rating_sum BIGINT NOT NULL DEFAULT 0,
    ratings BIGINT NOT NULL DEFAULT 0
);

INSERT INTO unit_service_records (unit_id, taken, declined, rating_sum, ratings)
SELECT unit_id,
       SUM(CASE WHEN status IN ('accepted', 'in_progress', 'delivered', 'closed') THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'declined' THEN 1 ELSE 0 END),
       COALESCE(SUM(rating), 0),
       COUNT(rating)
FROM services
GROUP BY unit_id;

-- Only matching read ratings by unit, and it reads the counters now.
DROP INDEX services_unit_rating;
