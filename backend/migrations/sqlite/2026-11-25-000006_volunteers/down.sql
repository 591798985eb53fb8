DROP TABLE idempotency_keys;
DROP TABLE enrollments;
DROP TABLE volunteer_shifts;
DROP TABLE volunteer_projects;
DROP TABLE volunteers;
