#!/usr/bin/env bash
# Stops the PostgreSQL server that scripts/ci-setup-postgres.sh started for this checkout (a no-op when
# none runs). `.ci/run` runs every scripts/ci-teardown-*.sh when it exits, pass or fail, so a finished CI
# leaves no server behind holding its port (a deleted clone's server once held the port while the next
# clone's setup chose it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/postgres-cluster.sh
source scripts/postgres-cluster.sh
[ -f "$pg_data/PG_VERSION" ] || exit 0
bin=$(pg_bin || true)
[ -n "$bin" ] || exit 0

if as_postgres "$bin/pg_ctl" -D "$pg_data" status > /dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$pg_data" -w -t 60 -m fast stop
fi
