DROP TABLE wishes;
DROP TABLE visit_photos;
DROP TABLE visits;
DROP TABLE pairings;
DROP TABLE households;
