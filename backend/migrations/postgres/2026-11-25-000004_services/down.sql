DROP TABLE service_events;
DROP TABLE services;
DROP TABLE needs;
DROP TABLE resource_areas;
DROP TABLE resources;
