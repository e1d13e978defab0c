#!/usr/bin/env bash
# make backup-drill: back up PostgreSQL (pg_dump, custom format) and the bucket, restore both into a fresh cluster
# and a fresh bucket on a second moto_server, then prove the copy: verify_audit on the restored database, a sample
# of certificates re-verified from the restored bucket (digest, PAdES signature, public lookup), every upload's
# sha256 against its restored object. Prints the recovery point and the time the restore took.
#   scripts/backup-drill.sh                      on its own: a stack core with the demo year and issued certificates
#   scripts/backup-drill.sh --on-running-stack   inside make prod-check, on what the journey left ($STACK)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/stack-lib.sh
t0=$SECONDS
if [ "${1:-}" = --on-running-stack ]; then
  : "${STACK:?--on-running-stack needs the environment of scripts/prod-check.sh}"
  DRILL="$STACK/drill"
  mkdir -p "$DRILL"
  drill_down() { for pid in "${STACK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; pg_stop "$DRILL/pg"; }
  trap drill_down EXIT
else
  stack_core_up
  seed_demo
  (set -a; . "$STACK/env"; set +a; "$PY" -m stack.drive evaluate-demo && "$PY" -m stack.drive issue)
  DRILL="$STACK/drill"
  mkdir -p "$DRILL"
  RESTORE_PG="$DRILL/pg"  # stopped by stack_down
fi

# 1. Backup
started=$SECONDS
pg_dump -Fc -h 127.0.0.1 -p "$PG_PORT" -U app -d zhicheng -f "$DRILL/zhicheng.dump"
(set -a; . "$STACK/env"; set +a; "$PY" -m stack.drill dump-bucket "$DRILL/bucket")
say "backup: database $(du -h "$DRILL/zhicheng.dump" | cut -f1) in $((SECONDS - started)) s"

# 2. Restore into a fresh cluster and a fresh bucket on a second S3 server
started=$SECONDS
RESTORE_PG_PORT=$(free_port); RESTORE_MOTO_PORT=$(free_port)
pg_start "$DRILL/pg" "$RESTORE_PG_PORT"
pg_restore -h 127.0.0.1 -p "$RESTORE_PG_PORT" -U app -d zhicheng --no-owner --exit-on-error -j 2 "$DRILL/zhicheng.dump"
moto_start "$RESTORE_MOTO_PORT" "$DRILL/moto.log"
sed -e "s|^DATABASE_URL=.*|DATABASE_URL=postgres://app:app@127.0.0.1:$RESTORE_PG_PORT/zhicheng|" \
    -e "s|^S3_ENDPOINT_URL=.*|S3_ENDPOINT_URL=http://127.0.0.1:$RESTORE_MOTO_PORT|" \
    -e "s|^S3_BUCKET=.*|S3_BUCKET=zhicheng-restored|" "$STACK/env" >"$DRILL/env"
(set -a; . "$DRILL/env"; set +a; "$PY" -m stack.drill load-bucket "$DRILL/bucket")
restore_seconds=$((SECONDS - started))
say "restore: fresh cluster :$RESTORE_PG_PORT and bucket zhicheng-restored on :$RESTORE_MOTO_PORT in $restore_seconds s"

# 3. Prove the restored copy
(set -a; . "$DRILL/env"; set +a
 "$PY" manage.py verify_audit
 "$PY" -m stack.drill verify --sample 5)
say "backup drill passed: restore took $restore_seconds s; whole drill $((SECONDS - t0)) s"
