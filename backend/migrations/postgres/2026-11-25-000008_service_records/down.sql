DROP INDEX enrollments_updated;
DROP TABLE certificates;
DROP TABLE service_records;
DROP FUNCTION service_records_append_only();
