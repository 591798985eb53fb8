DROP INDEX services_unit_rating;
DROP INDEX needs_area_status_category;
