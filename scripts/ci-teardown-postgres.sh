#!/usr/bin/env bash
# Stops the PostgreSQL server that scripts/ci-setup-postgres.sh started for this checkout (a no-op when
# none runs). `.ci/run` runs every scripts/ci-teardown-*.sh when it exits, pass or fail, so a finished CI
# leaves no server behind holding its port (a deleted clone's server once held the port while the next
# clone's setup chose it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="$(pwd)/.tmp/pg/data"
[ -f "$data/PG_VERSION" ] || exit 0
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || exit 0

as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if as_postgres "$bin/pg_ctl" -D "$data" status > /dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$data" -w -t 60 -m fast stop
fi
