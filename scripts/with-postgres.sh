#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL server on loopback:
#   bash scripts/with-postgres.sh npx vitest run tests/server
# initdb in a fresh temporary folder, start on a free 127.0.0.1 port (no other interface), trust
# authentication for loopback only, run the command, stop the server and delete the folder.
# PostgreSQL refuses to run as root (CI runs as root), so as root the server runs as the postgres user.
set -euo pipefail
bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin="$d"; done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" != "0" ]; then echo "PostgreSQL server binaries missing (apt-get install -y postgresql)" >&2; exit 1; fi
  echo "Installing postgresql for the server tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin="$d"; done
fi
as_pg=()
if [ "$(id -u)" = "0" ]; then as_pg=(runuser -u postgres --); fi
dir="$(mktemp -d /tmp/dcq-pg.XXXXXX)"
chmod 755 "$dir"
[ ${#as_pg[@]} -gt 0 ] && chown postgres "$dir"
port="${PG_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export DCQ_PG_CTL="$bin/pg_ctl" DCQ_PG_DATA="$dir/data" DCQ_PG_LOG="$dir/log"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway: $dir)"
"$@"
