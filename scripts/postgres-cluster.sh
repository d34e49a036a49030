# Sourced (not run) by scripts/ci-setup-postgres.sh and scripts/ci-teardown-postgres.sh: where this
# checkout's test cluster lives, and how to run PostgreSQL's tools on it.

pg_dir="$(pwd)/.tmp/pg"
pg_data="$pg_dir/data"

# The newest installed PostgreSQL's bin directory, or nothing.
pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

# The server refuses to run as root; run it as the `postgres` user the package creates.
as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
