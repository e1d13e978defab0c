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

# 0. Seal the audit events as the scheduler's seal_audit job does, so the restored copy's checkpoint is verified too
(set -a; . "$STACK/env"; set +a; "$PY" manage.py seal_audit)

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

# 4. Negative controls: the same checks must fail on a copy that was changed after the backup
(set -a; . "$DRILL/env"; set +a
 "$PY" - <<'PYEOF'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id=os.environ["S3_ACCESS_KEY"], aws_secret_access_key=os.environ["S3_SECRET_KEY"])
bucket = os.environ["S3_BUCKET"]
key = next(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"] if o["Key"].startswith("certificates/"))
body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
s3.put_object(Bucket=bucket, Key=key, Body=body.replace(b"/Type", b"/Typf", 1))
PYEOF
 if "$PY" -m stack.drill verify --sample 100 >"$DRILL/tampered.log" 2>&1; then
   echo "[drill] a changed certificate in the restored bucket went unnoticed" >&2; exit 1
 fi
 psql -h 127.0.0.1 -p "$RESTORE_PG_PORT" -U app -d zhicheng -q -v ON_ERROR_STOP=1 \
   -c "ALTER TABLE audit_auditevent DISABLE TRIGGER USER" \
   -c "UPDATE audit_auditevent SET reason = reason || ' ' WHERE id = (SELECT min(id) FROM audit_auditevent)"
 if "$PY" manage.py verify_audit >>"$DRILL/tampered.log" 2>&1; then
   echo "[drill] a changed audit event in the restored database went unnoticed" >&2; exit 1
 fi)
say "negative controls: a changed certificate object and a changed audit event are both detected"
say "backup drill passed: restore took $restore_seconds s; whole drill $((SECONDS - t0)) s"
