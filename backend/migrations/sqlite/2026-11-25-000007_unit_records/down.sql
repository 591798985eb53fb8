CREATE INDEX services_unit_rating ON services (unit_id, rating);
DROP TABLE unit_service_records;
