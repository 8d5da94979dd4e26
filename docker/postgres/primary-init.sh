#!/bin/sh
# Runs once, when the primary's data directory is created (the postgres image runs every script
# in /docker-entrypoint-initdb.d then). It prepares streaming replication for postgres-replica:
# a replication role, a physical slot (the primary keeps the WAL the replica has not received
# yet, so a replica that was down catches up instead of needing a new base backup) and the
# pg_hba.conf line that lets the role connect for replication.
set -eu
: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v user="$REPLICATION_USER" -v password="$REPLICATION_PASSWORD" <<'SQL'
create role :"user" with replication login password :'password';
select pg_create_physical_replication_slot('replica_1');
SQL

echo "host replication $REPLICATION_USER all scram-sha-256" >>"$PGDATA/pg_hba.conf"
