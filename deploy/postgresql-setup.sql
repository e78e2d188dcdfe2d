-- deploy/postgresql-setup.sql - the gongkai role and database.
-- Run as the PostgreSQL superuser:  sudo -u postgres psql -f postgresql-setup.sql
-- Set the password afterwards:      sudo -u postgres psql -c "\password gongkai"
-- UTF-8 with a C.UTF-8 ctype/collation, created from template0 so the
-- encoding is not inherited from template1. gongkai creates its own tables
-- (migrations) on first start, so the role owns the schema.
CREATE ROLE gongkai LOGIN;
CREATE DATABASE gongkai
	OWNER gongkai
	ENCODING 'UTF8'
	LC_COLLATE 'C.UTF-8'
	LC_CTYPE 'C.UTF-8'
	TEMPLATE template0;
\connect gongkai
ALTER SCHEMA public OWNER TO gongkai;
REVOKE ALL ON DATABASE gongkai FROM PUBLIC;
GRANT CONNECT ON DATABASE gongkai TO gongkai;
