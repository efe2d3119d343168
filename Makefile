# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Django 6.1 needs Python 3.12 or newer: the first one found on PATH or under pyenv.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[432]*/bin/python3; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p || echo $$p; } && break; done)
VENV := .venv
BIN := $(VENV)/bin
CT05 := $(BIN)/ct05
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_MEMBERS ?= 100000

.PHONY: run test lint format bench load pages install install-test assets messages demo serve ci clean nginx pdf python

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is needed (python3.12/python3.13 on PATH or under pyenv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed assets messages pdf
install-test: $(VENV)/.installed-test assets messages browser nginx pdf

# Front-end assets from the npm registry (exact versions in package-lock.json).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
assets: node_modules/.package-lock.json

# Compiled translations are built, never committed.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	cd ct05 && ../$(CT05) compilemessages -v0

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# What WeasyPrint needs to print the report as PDF (Pango, HarfBuzz), the fonts (Liberation
# Serif stands in for Times New Roman, metric for metric), and poppler-utils (pdftotext and
# pdftoppm, which the tests read the PDF with).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils
pdf:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
	  && fc-list | grep -q "Liberation Serif" && command -v pdftotext >/dev/null; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

# Debian's nginx, for the test that checks deploy/nginx/ct05.conf with `nginx -t`.
nginx:
	@test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; } || true

# The development server for the demo, with the task worker beside it (stopped on exit).
run: install
	$(CT05) migrate -v0
	$(CT05) collectstatic --noinput -v0
	$(CT05) demo --if-empty
	$(CT05) demo --logins
	$(CT05) db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(CT05) runserver $(HOST):$(PORT)

# The production server (gunicorn) on $(HOST):$(PORT); deploy/ has its systemd units.
serve: install
	$(CT05) migrate -v0
	$(CT05) collectstatic --noinput -v0
	$(CT05) serve --bind $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite on every core (pytest-xdist); the tests that read the demo run together on one
# worker, which builds the demo once. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-test lint
	$(BIN)/pytest -q -n $(TEST_WORKERS)

# The synthetic province goes into its own SQLite file (var/bench), never beside the demo;
# with DATABASE_URL set, into that database.
bench: install
	export CT05_DATA_DIR="$${CT05_DATA_DIR:-var/bench}"; \
	$(CT05) migrate -v0 && $(CT05) bench --members $(BENCH_MEMBERS) && \
	$(CT05) bench_import --rows $(BENCH_MEMBERS)

# The load test: `ct05 serve` on 127.0.0.1 over the synthetic province on PostgreSQL, driven by
# locust (LOAD_USERS coming in at LOAD_SPAWN_RATE a second, then LOAD_SECONDS of steady state);
# figures printed and written to docs/performance.md. Each run starts from a new synthetic
# province in a new database (LOAD_KEEP=1 keeps the last one): the writes of a run (progress
# notes, meetings) stay in the database, and the pages of the next run would be heavier.
LOAD_DATABASE ?= postgres://postgres@127.0.0.1:5432/ct05_load
LOAD_MEMBERS ?= 100000
LOAD_USERS ?= 100
LOAD_SPAWN_RATE ?= 1
LOAD_SECONDS ?= 60
# The server's cache and sessions in Redis, as docs/operations.md advises a busy province (the
# database's cache table if nothing answers there).
LOAD_CACHE_URL ?= redis://127.0.0.1:6379/2
LOAD_KEEP ?=
load: install-test
	@if [ -z "$(LOAD_KEEP)" ]; then \
	  psql "$(dir $(LOAD_DATABASE))postgres" -qc 'drop database if exists $(notdir $(LOAD_DATABASE)) with (force)'; fi
	@psql "$(LOAD_DATABASE)" -c 'select 1' >/dev/null 2>&1 || \
	  psql "$(dir $(LOAD_DATABASE))postgres" -qc 'create database $(notdir $(LOAD_DATABASE))'
	DATABASE_URL=$(LOAD_DATABASE) CT05_DATA_DIR=$${CT05_DATA_DIR:-var/load} \
	  $(BIN)/python -m loadtest.run --members $(LOAD_MEMBERS) --users $(LOAD_USERS) \
	  --spawn-rate $(LOAD_SPAWN_RATE) --seconds $(LOAD_SECONDS) --cache-url '$(LOAD_CACHE_URL)' \
	  --write-docs docs/performance.md

# What each request kind of the load test costs, one at a time (Django's test client; CPU of
# the web process and of its database backend, queries), over the load test's database and
# logins (`make load` builds them): `make pages`, or PAGES_ARGS="--profile 'member: my year'".
# The logins are found again first: a load run since took some of the secretaries' free days.
pages: install-test
	export DATABASE_URL=$(LOAD_DATABASE) CT05_DATA_DIR=$${CT05_DATA_DIR:-var/load}; \
	  $(CT05) loadusers --members $(LOAD_MEMBERS) --count $(LOAD_USERS) \
	    --out $${CT05_DATA_DIR}/load-users.json >/dev/null && \
	  $(BIN)/python -m loadtest.pages $(PAGES_ARGS)

# An optimized CPython (profile-guided, link-time: what distributions ship) for a machine whose
# Pythons are not (Debian 12's is 3.11; pyenv builds without the optimizations). Built once per
# machine, 20-30 minutes on 2 cores, into /opt/cpython-3.13 with python3.13 on PATH (root);
# .venv is then made again from it. The load test's targets were met on such a build and not on
# pyenv's (docs/performance.md, ninth session).
CPYTHON_BUILD_PACKAGES := build-essential curl xz-utils libssl-dev libffi-dev libsqlite3-dev \
	zlib1g-dev libbz2-dev liblzma-dev libreadline-dev uuid-dev
python:
	@dpkg -s $(CPYTHON_BUILD_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CPYTHON_BUILD_PACKAGES) >/dev/null; }
	deploy/python/build-cpython
	rm -rf $(VENV)
	$(MAKE) install-test PYTHON=/usr/local/bin/python3.13

clean:
	rm -rf $(VENV) node_modules var
