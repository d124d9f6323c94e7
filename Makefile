# Inservice: `make run` starts it, `make test` checks it. `make help` lists the rest.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PYTEST_ARGS ?=

.PHONY: help run test lint typecheck check pytest bench seed worker web screenshots messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(STAMP)

var:
	mkdir -p var/celery/queue var/celery/processed var/mail var/media

run: $(STAMP) var ## install, migrate, load the demo organisation once, serve on :8000 with background work
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo --if-empty
	DEBUG=$${DEBUG:-true} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

web: $(STAMP) var ## the web server alone
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

worker: $(STAMP) var ## the embedded Celery worker with beat alone
	$(BIN)/celery -A inservice worker -B --pool=solo --loglevel=info

lint: $(DEV_STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP) ## mypy --strict
	$(BIN)/mypy inservice bench

check: $(DEV_STAMP) var ## Django system checks and missing migrations
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(DEV_STAMP) ## the test suite alone
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck check pytest ## everything CI checks, on SQLite unless DATABASE_URL says otherwise

bench: $(STAMP) var ## benchmarks against a seeded database (see bench/README.md)
	$(BIN)/python -m bench.run

seed: $(STAMP) var ## seed data at scale: make seed REQUESTS=1000000
	$(BIN)/python manage.py seed_scale --requests $${REQUESTS:-100000}

screenshots: $(DEV_STAMP) ## refresh the README's screenshots (docs/screenshots/) from the browser journeys
	INSERVICE_SCREENSHOTS=true $(BIN)/pytest inservice/tickets/tests/test_browser_journeys.py -k handoff

messages: $(DEV_STAMP) ## refresh the English message catalogue after changing user-facing text
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore="*/tests/*" --no-obsolete
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean: ## remove the local database, uploads, mail and queue
	rm -rf var
