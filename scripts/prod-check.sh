#!/usr/bin/env bash
# make prod-check: start the production stack (scripts/stack-lib.sh), seed it, run the HTTPS journey (pytest -m
# stack, stack/test_production_journey.py), then the backup drill on what the journey left. Stops everything on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/stack-lib.sh
t0=$SECONDS
stack_up
seed_demo
if [ -n "${STACK_HOLD:-}" ]; then  # development: keep the stack up for pytest -m stack runs until interrupted
  env | grep -E '^(STACK|SITE|[A-Z0-9]+_PORT)=' | sed 's/^/export /' >"$STACK_HOLD"
  while sleep 5; do :; done
fi
# The drill runs on what the journey left even when a check after the journey failed; the exit status is pytest's.
rc=0
(set -a; . "$STACK/env"; set +a; exec "$PY" -m pytest -q -m stack stack "$@") || rc=$?
scripts/backup-drill.sh --on-running-stack
[ "$rc" = 0 ] || { say "prod-check FAILED (pytest exit $rc) after $((SECONDS - t0)) s"; exit "$rc"; }
say "prod-check passed in $((SECONDS - t0)) s"
