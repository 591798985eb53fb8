DROP INDEX enrollments_updated;
DROP TABLE certificates;
DROP TABLE service_records;
