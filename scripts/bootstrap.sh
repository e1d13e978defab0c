#!/usr/bin/env bash
# Install what is missing: Debian packages for the given profile ("run" or "test"), then the Python venv.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-run}"

pkgs=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
if [ "$profile" = test ]; then
  pkgs+=(postgresql-15 postgresql-client-15 chromium poppler-utils zbar-tools softhsm2)
  pkgs+=(nginx-light openssl curl)  # make prod-check: TLS proxy, test certificates, readiness probes
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[bootstrap] installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

VENV=.venv
# The demo needs the runtime packages only; tests and tooling add requirements-dev.lock (a superset).
lock=requirements.lock; [ "$profile" = test ] && lock=requirements-dev.lock
stamp="$VENV/.installed-$(sha256sum "$lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "[bootstrap] installing Python packages into $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -U pip uv
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" -r "$lock"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
