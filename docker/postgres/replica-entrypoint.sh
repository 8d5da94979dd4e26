#!/bin/sh
# The read replica (postgres-replica in compose.yaml), run as the postgres user. On its first
# start the data directory is empty: it waits for the primary, copies it with pg_basebackup over
# the replication slot the primary's init script created, and writes standby.signal and
# primary_conninfo (-R). Every start then runs postgres as a hot standby that streams the
# primary's WAL and answers read-only queries (DATABASE_READ_URL).
set -eu
: "${PRIMARY_HOST:?PRIMARY_HOST must be set}"
: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready --host "$PRIMARY_HOST" --quiet; do
    echo "waiting for the primary at $PRIMARY_HOST"
    sleep 1
  done
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
    --host "$PRIMARY_HOST" --username "$REPLICATION_USER" --pgdata "$PGDATA" \
    --wal-method stream --slot replica_1 --write-recovery-conf --checkpoint fast --progress
fi

exec postgres -c hot_standby=on
