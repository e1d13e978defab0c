#!/usr/bin/env bash
# A production install from requirements.lock alone, in a fresh venv: no test tools, the app imports, and
# `check --deploy` passes with .env.example (key files made here), without the demo app or totp_code.
# Usage: scripts/check-production-install.sh [extra requirements files]
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="$(mktemp -d /tmp/zhicheng-prod-install.XXXXXX)"
trap 'rm -rf "$SCRATCH"' EXIT
python3 -m venv --without-pip "$SCRATCH/venv"
PY="$SCRATCH/venv/bin/python"
reqs=(-r requirements.lock)
for extra in "$@"; do reqs+=(-r "$extra"); done
.venv/bin/uv pip install -q --python "$PY" "${reqs[@]}"
echo "[prod-install] $(.venv/bin/uv pip list --python "$PY" 2>/dev/null | tail -n +3 | wc -l) distributions"
for tool in pytest mypy ruff playwright factory hypothesis time_machine; do
  if "$PY" -c "import $tool" 2>/dev/null; then echo "[prod-install] FAIL: $tool is installed"; exit 1; fi
done
echo "[prod-install] no test tools (pytest, mypy, ruff, playwright, factory_boy, hypothesis, time-machine)"

# .env.example with its key files made here (they live on the host in production).
set -a
# shellcheck disable=SC1091
. ./.env.example
set +a
mkdir -p "$SCRATCH/keys" "$SCRATCH/data"
for name in CERTIFICATE_KEY_FILE CERTIFICATE_CERT_FILE CERTIFICATE_QR_KEY_FILE; do
  echo placeholder >"$SCRATCH/keys/$name"
  export "$name=$SCRATCH/keys/$name"
done
export DATA_DIR="$SCRATCH/data"
"$PY" manage.py check --deploy --fail-level WARNING
commands="$("$PY" manage.py help --commands)"
for demo in totp_code load_demo; do
  if grep -qx "$demo" <<<"$commands"; then echo "[prod-install] FAIL: $demo is a command in production"; exit 1; fi
done
grep -qx run_scheduler <<<"$commands"
"$PY" -c "import config.wsgi" >/dev/null
echo "[prod-install] ok: check --deploy clean, config.wsgi imports, no totp_code or load_demo, run_scheduler present"
