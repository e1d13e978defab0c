.PHONY: help bootstrap run test check lint e2e bench totp prod-check backup-drill
PORT ?= 8000
PY := .venv/bin/python
export DEBUG ?= 1

help:  ## List targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/ —/'

bootstrap:  ## Install what is missing (Debian packages, Python venv)
	@scripts/bootstrap.sh run

run:  ## Demo on http://127.0.0.1:$(PORT) with SQLite (make run PORT=8001 for another port)
	@scripts/bootstrap.sh run
	@scripts/run.sh $(PORT)

test:  ## The whole suite on a throw-away PostgreSQL (lint, types, unit, integration, browser)
	@scripts/bootstrap.sh test
	@scripts/test.sh

check:  ## The inner loop: lint, types and the unit and integration tests on a throw-away PostgreSQL (no browser)
	@scripts/bootstrap.sh test
	@scripts/test.sh check

lint:  ## Ruff and mypy only
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy zhicheng config

e2e:  ## Browser journeys only (needs make test's packages)
	@scripts/bootstrap.sh test
	@scripts/test.sh e2e

bench:  ## Deadline-peak benchmark on PostgreSQL + gunicorn (not part of make test)
	@scripts/bootstrap.sh test
	@scripts/bench.sh

prod-check:  ## Production stack (nginx TLS, 2 gunicorn, 2 workers, PostgreSQL, S3, 支付宝 sandbox), HTTPS journey, backup drill
	@scripts/bootstrap.sh test
	@scripts/prod-check.sh

backup-drill:  ## Back up PostgreSQL and the bucket, restore into fresh ones, verify audit chain, certificates and files
	@scripts/bootstrap.sh test
	@scripts/backup-drill.sh

totp:  ## Current second-factor code of a staff account: make totp USER=bureau
	@$(PY) manage.py totp_code $(USER)
