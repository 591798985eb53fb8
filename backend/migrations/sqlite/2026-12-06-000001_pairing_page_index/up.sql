-- The overdue list and the pairing lists read a page of ids in due order
-- before the rows: with the id in the index, PostgreSQL reads that page
-- from the index alone instead of visiting a row per pairing of the subtree
-- (SQLite's indexes hold the id already; the two schemas stay alike).
DROP INDEX pairings_area_due;
CREATE INDEX pairings_area_due ON pairings (area_id, status, due_on, id);
