#!/usr/bin/env bash
# Starts a PostgreSQL server for the dispatch store tests in CI: installs Debian's `postgresql` when it is
# missing (only under CI=true: on a person's machine it never installs anything), initialises a cluster in
# .tmp/pg/data (gitignored, owned by the `postgres` OS user), starts it
# on 127.0.0.1:${REFERRAL_KIT_PG_PORT:-54329}, creates the `referral_kit_test` database and writes its URL
# to .tmp/pg/url, which the tests read (REFERRAL_KIT_PG_URL overrides it).
# Idempotent: a cluster that is already running is reused. `.ci/run` runs every scripts/ci-setup-*.sh.
# Outside CI the store tests do not use this script: they start a server of their own in a temporary
# directory (test/dispatch/support/postgres.ts), or skip with the reason when PostgreSQL is not installed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
# shellcheck source=scripts/postgres-cluster.sh
source scripts/postgres-cluster.sh
port="${REFERRAL_KIT_PG_PORT:-54329}"
dir="$pg_dir"
data="$pg_data"
database="referral_kit_test"

bin=$(pg_bin || true)
if [ -z "$bin" ]; then
  if [ -z "${CI:-}" ]; then
    echo "ci-setup-postgres: PostgreSQL is not installed; this script installs it only in CI (CI=true)" >&2
    exit 1
  fi
  echo "ci-setup-postgres: installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql > /dev/null
  bin=$(pg_bin)
fi

mkdir -p "$dir"
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$dir"
  # The postgres user must be able to reach the data directory through the project path.
  chmod o+x "$root" "$root/.tmp" 2>/dev/null || true
fi

if [ ! -f "$data/PG_VERSION" ]; then
  as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$dir/initdb.log"
fi

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

if as_postgres "$bin/pg_ctl" -D "$data" status > /dev/null 2>&1; then
  # Our cluster is already running: reuse it on whatever port it was started with.
  port=$(sed -n 4p "$data/postmaster.pid")
elif [ -z "${REFERRAL_KIT_PG_PORT:-}" ]; then
  # Another server (another checkout's cluster, say) may hold the default port: take the next free one.
  while port_in_use "$port"; do port=$((port + 1)); done
fi

if ! as_postgres "$bin/pg_ctl" -D "$data" status > /dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$data' -c max_connections=200 -c fsync=off"
fi

for _ in $(seq 1 60); do
  if "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q; then break; fi
  sleep 0.5
done
"$bin/pg_isready" -h 127.0.0.1 -p "$port"

exists=$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname = '$database'")
if [ "$exists" != "1" ]; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database $database"
fi

echo "postgres://postgres@127.0.0.1:$port/$database" > "$dir/url"
echo "ci-setup-postgres: $(cat "$dir/url")"
