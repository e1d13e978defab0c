#!/usr/bin/env bash
# The demo on http://127.0.0.1:PORT with the embedded SQLite database: migrate, load the demo year once,
# run the background worker (SMS outbox) and the development server. Usage: scripts/run.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8000}"
PY=.venv/bin/python
export DEBUG=1
unset DATABASE_URL  # the demo always uses the embedded SQLite database (in DATA_DIR, var/ by default)

$PY manage.py migrate --noinput
$PY manage.py load_demo --if-empty
# Deliver the SMS the demo's submissions queued (log provider) now, quietly, so they do not bury the logins above.
$PY manage.py db_worker --batch --no-startup-delay >/dev/null 2>&1

$PY manage.py db_worker --no-reload --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT

echo "[run] http://127.0.0.1:$PORT/  (Ctrl+C to stop)"
$PY manage.py runserver "127.0.0.1:$PORT"
