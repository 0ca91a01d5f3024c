# The two commands a newcomer needs: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies change.
STAMP := $(VENV)/.installed
DEV := DJANGO_SETTINGS_MODULE=cms.settings.dev $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: help install messages demo serve test lint format services-up services-down lock

help:
	@echo "make demo           install, migrate, load demo data, create an admin, serve on http://127.0.0.1:8000"
	@echo "make serve          the production-like stack: PostgreSQL, Elasticsearch, Redis,"
	@echo "                    gunicorn, the worker, the scheduler and the mail ingester"
	@echo "make test           the whole suite on SQLite, then on a throwaway PostgreSQL,"
	@echo "                    both with a throwaway Elasticsearch node"
	@echo "make install        create .venv and install the pinned dependencies"
	@echo "make lint           ruff check, ruff format --check and the layers (lint-imports)"
	@echo "make format         ruff format and ruff check --fix"
	@echo "make services-up    start a local PostgreSQL and Elasticsearch (prints their URLs)"
	@echo "make services-down  stop them and delete their data"
	@echo "make lock           regenerate constraints.txt from .venv"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	    || { echo "Python 3.11 or newer is needed: make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[dev]"
	touch $@

install: $(STAMP) messages

# The .mo files are build products (gitignored); compiled from every .po outside .venv.
messages: $(STAMP)
	@if find . \( -path ./.venv -o -path ./.services -o -path ./.git \) -prune \
	        -o -name '*.po' -print | grep -q .; then \
	    scripts/services.sh gettext ensure >/dev/null && \
	    $(DEV) compilemessages --ignore .venv --ignore .services --ignore .git \
	        --ignore node_modules; \
	else \
	    echo "No .po files yet: no translations to compile."; \
	fi

demo: install
	@scripts/services.sh apertium ensure >/dev/null \
	    || echo "Apertium is missing: the demo runs without cross-language search."
	$(DEV) migrate --noinput
	@if $(DEV) help load_gazetteer >/dev/null 2>&1; then $(DEV) load_gazetteer; fi
	$(DEV) load_demo_data
	$(DEV) create_demo_admin
	@echo "Serving on http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/). Ctrl-C stops."
	$(DEV) runserver 127.0.0.1:8000

serve: install
	scripts/serve.sh

test: install
	scripts/run-tests.sh $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

services-up:
	@scripts/services.sh postgres start >/dev/null
	@scripts/services.sh elasticsearch start >/dev/null
	@echo "PostgreSQL and Elasticsearch are up. Use them with:"
	@echo "  export DATABASE_URL=$$(scripts/services.sh postgres url)"
	@echo "  export ELASTICSEARCH_URL=$$(scripts/services.sh elasticsearch url)"

services-down:
	scripts/services.sh postgres stop
	scripts/services.sh elasticsearch stop

# Pins the whole installed set (direct and transitive), except the project itself.
lock: | $(BIN)/python
	@{ \
	    echo "# Every installed package, pinned: pip install -c constraints.txt \".[dev]\""; \
	    echo "# Regenerate with 'make lock' after changing pyproject.toml. It must also install"; \
	    echo "# on Debian 12's Python 3.11.2 (e.g. soupsieve 4.x needs 3.11.5: keep 2.8.x)."; \
	    $(BIN)/python -m pip freeze --exclude-editable --exclude observatory \
	        | grep -v -i -E '^(observatory|-e )'; \
	} > constraints.txt.new
	mv constraints.txt.new constraints.txt
	@if [ -f $(STAMP) ]; then touch $(STAMP); fi
	@echo "constraints.txt: $$(grep -vc '^#' constraints.txt) packages pinned"
