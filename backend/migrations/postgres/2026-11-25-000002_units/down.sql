DROP TABLE agreement_members;
DROP TABLE agreements;
DROP TABLE party_orgs;
DROP INDEX users_unit;
ALTER TABLE users DROP COLUMN unit_id;
DROP TABLE unit_grids;
DROP TABLE units;
