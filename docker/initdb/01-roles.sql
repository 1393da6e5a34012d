-- Run once by the postgres:15 image entrypoint on an empty data volume
-- (/docker-entrypoint-initdb.d), as the superuser, with psql -v ON_ERROR_STOP=1.
--
-- Roles (same as scripts/services.sh):
--   zorgroute      owner role: owns the database and all tables; only the migrate job
--                  (MIGRATE_DATABASE_URL) logs in as it. LOGIN, CREATEDB, nothing more.
--   zorgroute_app  application role: the web, worker and beat containers log in as it
--                  (DATABASE_URL). It owns nothing, cannot bypass row-level security and
--                  is no member of the owner, so no SQL it runs can switch RLS off.
--   zorgroute_backup backup role (scripts/backup.sh, BACKUP_DATABASE_URL): reads every row
--                  (BYPASSRLS, pg_read_all_data), writes and owns nothing. No container of
--                  the portal gets its credentials.
--
-- Passwords come from $ZORGROUTE_DB_PASSWORD and $ZORGROUTE_APP_DB_PASSWORD in the db
-- container (docker-compose.yml passes them); psql 15's \getenv reads them.

\getenv zr_owner_password ZORGROUTE_DB_PASSWORD
\if :{?zr_owner_password}
\else
  \set zr_owner_password zorgroute
\endif
\getenv zr_app_password ZORGROUTE_APP_DB_PASSWORD
\if :{?zr_app_password}
\else
  \set zr_app_password zorgroute_app
\endif
\getenv zr_backup_password ZORGROUTE_BACKUP_DB_PASSWORD
\if :{?zr_backup_password}
\else
  \set zr_backup_password zorgroute_backup
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
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zorgroute_backup') THEN
        CREATE ROLE zorgroute_backup;
    END IF;
END
$$;

ALTER ROLE zorgroute LOGIN PASSWORD :'zr_owner_password' CREATEDB
    NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION;
ALTER ROLE zorgroute_app LOGIN PASSWORD :'zr_app_password' NOSUPERUSER NOBYPASSRLS
    NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER ROLE zorgroute_backup LOGIN PASSWORD :'zr_backup_password' BYPASSRLS INHERIT
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
GRANT pg_read_all_data TO zorgroute_backup;

SELECT 'CREATE DATABASE zorgroute OWNER zorgroute'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'zorgroute')
\gexec
