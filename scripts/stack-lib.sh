#!/usr/bin/env bash
# The production stack on one machine, for scripts/prod-check.sh and scripts/backup-drill.sh (sourced, not run):
# PostgreSQL 15, moto_server (S3), the 支付宝 sandbox, nginx terminating TLS in front of two gunicorn processes,
# two task workers, and a production environment with generated secrets. Everything lives in $STACK (a scratch
# dir) on free ports, and stack_down (installed as the EXIT trap by stack_up) stops what was started.
PY=.venv/bin/python
PGBIN=/usr/lib/postgresql/15/bin
STACK_PIDS=()

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
say() { echo "[stack $(date +%H:%M:%S)] $*"; }

wait_for() {  # wait_for NAME COMMAND...: retry for up to 60 s
  local name=$1; shift
  for _ in $(seq 1 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "[stack] $name did not come up; logs in $STACK" >&2
  tail -n 30 "$STACK"/*.log >&2 || true
  return 1
}

pg_start() {  # pg_start DIR PORT: a fresh cluster with role app and database zhicheng
  local dir=$1 port=$2 owner=postgres
  [ "$(id -u)" = 0 ] || owner="$(id -un)"
  install -d -o "$owner" -m 700 "$dir"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --locale-provider=icu --icu-locale=zh-Hans -N >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null
  psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE app LOGIN PASSWORD 'app'" -c "CREATE DATABASE zhicheng OWNER app"
}

pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true; }

moto_start() {  # moto_start PORT LOG
  .venv/bin/moto_server -H 127.0.0.1 -p "$1" >"$2" 2>&1 &
  STACK_PIDS+=($!)
  wait_for moto curl -sf "http://127.0.0.1:$1/moto-api/"
}

make_bucket() {  # make_bucket ENDPOINT NAME: private, versioned (as docs/operations.md asks of production)
  "$PY" - "$1" "$2" <<'PYEOF'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="stack", aws_secret_access_key="stack-secret")
s3.create_bucket(Bucket=sys.argv[2])
s3.put_bucket_versioning(Bucket=sys.argv[2], VersioningConfiguration={"Status": "Enabled"})
PYEOF
}

make_keys() {  # TLS (a test CA and a localhost certificate), PDF signer, QR key, both 支付宝 key pairs
  local k=$STACK/keys
  mkdir -p "$k"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$k/ca.key" -out "$k/ca.pem" -days 2 \
    -subj "/CN=zhicheng prod-check test CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$k/tls.key" -out "$k/tls.csr" -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$k/tls.ext"
  openssl x509 -req -in "$k/tls.csr" -CA "$k/ca.pem" -CAkey "$k/ca.key" -CAcreateserial -out "$k/tls.pem" \
    -days 2 -extfile "$k/tls.ext" 2>/dev/null
  openssl req -x509 -newkey rsa:3072 -nodes -keyout "$k/signer.key.pem" -out "$k/signer.cert.pem" -days 30 \
    -subj "/C=CN/O=Beijing HRSS (prod-check)/CN=zhicheng certificate signer (prod-check)" \
    -addext "basicConstraints=critical,CA:FALSE" -addext "keyUsage=critical,digitalSignature,nonRepudiation" 2>/dev/null
  openssl genpkey -algorithm ed25519 -out "$k/qr-ed25519.pem" 2>/dev/null
  for who in app gateway; do
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$k/alipay-$who.pem" 2>/dev/null
    openssl pkey -in "$k/alipay-$who.pem" -pubout -out "$k/alipay-$who.pub.pem"
  done
  chmod 600 "$k"/*.key "$k"/*.pem.key 2>/dev/null || true
}

write_env() {  # the production environment: DEBUG off, generated secrets, real adapters, stand-ins named
  local hex="import secrets; print(secrets.token_hex(16))"
  cat >"$STACK/env" <<ENVEOF
DEBUG=0
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
FIELD_ENCRYPTION_KEY=$("$PY" -c "$hex")
LOOKUP_HASH_KEY=$("$PY" -c "$hex")
AUDIT_KEY=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
ALLOWED_HOSTS=localhost
CSRF_TRUSTED_ORIGINS=$SITE
BEHIND_TLS_PROXY=1
TRUSTED_PROXIES=1
SECURE_COOKIES=1
SECURE_HSTS_SECONDS=31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS=1
SECURE_HSTS_PRELOAD=1
DATABASE_URL=postgres://app:app@127.0.0.1:$PG_PORT/zhicheng
DB_CONN_MAX_AGE=0
DATA_DIR=$STACK/data
STORAGE_BACKEND=s3
S3_BUCKET=zhicheng
S3_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY=stack
S3_SECRET_KEY=stack-secret
S3_ADDRESSING_STYLE=path
PAYMENT_GATEWAY=zhicheng.fees.gateways.AlipayGateway
PAYMENT_SITE_URL=$SITE
ALIPAY_GATEWAY_URL=http://127.0.0.1:$SANDBOX_PORT/gateway.do
CSP_FORM_ACTION_ORIGINS=http://127.0.0.1:$SANDBOX_PORT
ALIPAY_APP_ID=2021000000000001
ALIPAY_PRIVATE_KEY_FILE=$STACK/keys/alipay-app.pem
ALIPAY_PUBLIC_KEY_FILE=$STACK/keys/alipay-gateway.pub.pem
CERTIFICATE_KEY_FILE=$STACK/keys/signer.key.pem
CERTIFICATE_CERT_FILE=$STACK/keys/signer.cert.pem
CERTIFICATE_QR_KEY_FILE=$STACK/keys/qr-ed25519.pem
STAND_INS=sms-log,education-file
LOG_LEVEL=INFO
ENVEOF
}

write_nginx_conf() {
  mkdir -p "$STACK/nginx"
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$STACK/nginx/nginx.conf" <<NGINXEOF
$user_line
worker_processes 1;
pid $STACK/nginx/nginx.pid;
error_log $STACK/nginx-error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log $STACK/nginx-access.log;
  client_body_temp_path $STACK/nginx/body;
  proxy_temp_path $STACK/nginx/proxy;
  fastcgi_temp_path $STACK/nginx/fastcgi;
  uwsgi_temp_path $STACK/nginx/uwsgi;
  scgi_temp_path $STACK/nginx/scgi;
  client_max_body_size 12m;
  server_tokens off;
  upstream zhicheng { server 127.0.0.1:$GUNICORN1_PORT; server 127.0.0.1:$GUNICORN2_PORT; }
  server {
    listen 127.0.0.1:$HTTPS_PORT ssl;
    server_name localhost;
    ssl_certificate $STACK/keys/tls.pem;
    ssl_certificate_key $STACK/keys/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location /static/ { alias $STACK/data/static/; }
    location / {
      proxy_pass http://zhicheng;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_redirect off;
    }
  }
}
NGINXEOF
}

manage() { (set -a; . "$STACK/env"; set +a; exec "$PY" manage.py "$@"); }

app_start() {  # two gunicorn processes, two task workers
  local n port
  for n in 1 2; do
    port=GUNICORN${n}_PORT
    (set -a; . "$STACK/env"; set +a
     exec .venv/bin/gunicorn -w 2 -b "127.0.0.1:${!port}" --graceful-timeout 3 --access-logfile - config.wsgi:application) \
      >"$STACK/gunicorn$n.log" 2>&1 &
    STACK_PIDS+=($!)
    (set -a; . "$STACK/env"; set +a; exec "$PY" manage.py db_worker --no-reload --interval 0.5) \
      >"$STACK/worker$n.log" 2>&1 &
    STACK_PIDS+=($!)
  done
}

stack_down() {
  local pid
  [ -f "$STACK/nginx/nginx.pid" ] && kill -QUIT "$(cat "$STACK/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${STACK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STACK_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pg_stop "$STACK/pg"
  [ -n "${RESTORE_PG:-}" ] && pg_stop "$RESTORE_PG"
  if [ -n "${KEEP_STACK:-}" ]; then echo "[stack] kept $STACK"; else rm -rf "$STACK"; fi
}

stack_core_up() {  # keys, environment, PostgreSQL, moto_server with the bucket, migrations; installs the trap
  STACK="$(mktemp -d /tmp/zhicheng-stack.XXXXXX)"
  chmod 755 "$STACK"
  trap stack_down EXIT
  trap 'exit 130' INT TERM
  PG_PORT=$(free_port); MOTO_PORT=$(free_port); SANDBOX_PORT=$(free_port)
  GUNICORN1_PORT=$(free_port); GUNICORN2_PORT=$(free_port); HTTPS_PORT=$(free_port)
  SITE="https://localhost:$HTTPS_PORT"
  export STACK SITE PG_PORT MOTO_PORT SANDBOX_PORT HTTPS_PORT GUNICORN1_PORT GUNICORN2_PORT
  make_keys
  write_env
  pg_start "$STACK/pg" "$PG_PORT"
  say "PostgreSQL on 127.0.0.1:$PG_PORT"
  moto_start "$MOTO_PORT" "$STACK/moto.log"
  make_bucket "http://127.0.0.1:$MOTO_PORT" zhicheng
  say "moto_server (S3) on 127.0.0.1:$MOTO_PORT, bucket zhicheng"
  manage migrate --no-input -v0
  say "migrated"
}

stack_up() {  # the whole stack: stack_core_up, the sandbox, two gunicorn processes, two workers, nginx
  local started=$SECONDS
  stack_core_up
  "$PY" -m stack.alipay_sandbox --port "$SANDBOX_PORT" --app-id 2021000000000001 \
    --private-key "$STACK/keys/alipay-gateway.pem" --app-public-key "$STACK/keys/alipay-app.pub.pem" \
    --cafile "$STACK/keys/ca.pem" >"$STACK/sandbox.log" 2>&1 &
  STACK_PIDS+=($!)
  wait_for sandbox curl -sf "http://127.0.0.1:$SANDBOX_PORT/health"
  say "支付宝 sandbox on 127.0.0.1:$SANDBOX_PORT"
  manage collectstatic --no-input -v0
  app_start
  write_nginx_conf
  /usr/sbin/nginx -c "$STACK/nginx/nginx.conf" -e "$STACK/nginx-error.log"
  wait_for nginx curl -sf --cacert "$STACK/keys/ca.pem" -o /dev/null "$SITE/accounts/login/"
  say "nginx (TLS) on $SITE → gunicorn :$GUNICORN1_PORT and :$GUNICORN2_PORT; 2 workers; up in $((SECONDS - started)) s"
}

seed_demo() {  # the demo year as the stack's seed data (load_demo is a development command: DEBUG on, simulator)
  (set -a; . "$STACK/env"; DEBUG=1; PAYMENT_GATEWAY=zhicheng.fees.gateways.SimulatedGateway; set +a
   exec "$PY" manage.py load_demo --applicants 14 --experts 16) >"$STACK/seed.log" 2>&1 \
    || { tail -n 30 "$STACK/seed.log"; return 1; }
  say "seeded the demo year"
}
