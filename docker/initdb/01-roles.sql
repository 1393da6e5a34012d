-- Run once by the postgres:15 image entrypoint on an empty data volume
-- (/docker-entrypoint-initdb.d), as the superuser, with psql -v ON_ERROR_STOP=1.
--
-- Roles (same as scripts/services.sh):
--   zorgroute      owner role: owns the database and all tables, runs migrations
--                  and creates the test databases. LOGIN, CREATEDB, nothing more.
--   zorgroute_app  application role: owns nothing, cannot log in; the app switches
--                  to it per transaction with SET LOCAL ROLE zorgroute_app so that
--                  row-level security applies (no BYPASSRLS, NOINHERIT).
--
-- The owner's password comes from $ZORGROUTE_DB_PASSWORD in the db container
-- (docker-compose.yml passes it); 'zorgroute' if unset. psql 15's \getenv reads it.

\getenv zr_owner_password ZORGROUTE_DB_PASSWORD
\if :{?zr_owner_password}
\else
  \set zr_owner_password zorgroute
\endif

SET client_min_messages = warning;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zorgroute') THEN
        CREATE ROLE zorgroute;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zorgroute_app') THEN
        CREATE ROLE zorgroute_app;
    END IF;
END
$$;

ALTER ROLE zorgroute LOGIN PASSWORD :'zr_owner_password' CREATEDB
    NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION;
ALTER ROLE zorgroute_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT
    NOCREATEDB NOCREATEROLE NOREPLICATION;

-- Lets the owner (the role the app connects as) SET LOCAL ROLE zorgroute_app.
GRANT zorgroute_app TO zorgroute;

SELECT 'CREATE DATABASE zorgroute OWNER zorgroute'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'zorgroute')
\gexec
