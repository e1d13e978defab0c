#!/usr/bin/env bash
# The whole suite on a throw-away PostgreSQL: lint, types, Django checks, unit + integration + browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PGBIN=/usr/lib/postgresql/15/bin
PGPORT="${PGPORT:-54329}"
SCRATCH="$(mktemp -d /tmp/zhicheng-test.XXXXXX)"
chmod 755 "$SCRATCH"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGOWNER=postgres; [ "$(id -u)" = 0 ] || PGOWNER="$(id -un)"

install -d -o "$PGOWNER" -m 700 "$SCRATCH/pg"
as_pg "$PGBIN/initdb" -D "$SCRATCH/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --locale-provider=icu --icu-locale=zh-Hans -N >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$SCRATCH/pg/data" -l "$SCRATCH/pg/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$SCRATCH/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$SCRATCH/pg/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$SCRATCH"; }
trap cleanup EXIT
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" -c "CREATE DATABASE app OWNER app"
echo "[test] PostgreSQL up on 127.0.0.1:$PGPORT"

export DATABASE_URL="postgres://app:app@127.0.0.1:$PGPORT/app"
export DEBUG=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/lib/chromium/chromium}"
export PLAYWRIGHT_BROWSERS_PATH="$SCRATCH/ms-playwright"
export DJANGO_ALLOW_ASYNC_UNSAFE=true

echo "[test] lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "[test] types"
.venv/bin/mypy zhicheng config
echo "[test] django checks"
$PY manage.py check --fail-level WARNING
$PY manage.py makemigrations --check --dry-run >/dev/null
# Tests run in parallel, one database per pytest-xdist worker (PYTEST_WORKERS=0 runs them in this process).
# Browser journeys run in their own session: pytest-playwright's collection hook undoes pytest-django's
# ordering (transactional tests last), and a transactional test empties the tables that data migrations filled.
# Timing assertions (marker "bench") are left to `make bench`.
WORKERS=(-n "${PYTEST_WORKERS:-auto}")
mode="${1:-all}"
case "$mode" in e2e | check) shift ;; *) mode=all ;; esac
if [ "$mode" != e2e ]; then
  echo "[test] pytest: unit and integration"
  $PY -m pytest -q "${WORKERS[@]}" -m "not e2e and not bench" "$@"
fi
if [ "$mode" != check ]; then
  echo "[test] pytest: browser journeys (Chromium)"
  $PY -m pytest -q "${WORKERS[@]}" -m e2e "$@"
fi
if [ "$mode" = all ]; then
  echo "[test] production stack: HTTPS journey and backup drill (make prod-check)"
  scripts/prod-check.sh
fi
