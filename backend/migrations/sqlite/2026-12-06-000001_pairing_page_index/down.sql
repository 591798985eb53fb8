DROP INDEX pairings_area_due;
CREATE INDEX pairings_area_due ON pairings (area_id, status, due_on);
