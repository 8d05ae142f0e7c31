# Townhall: `make run` to try it, `make test` to check it. `make help` lists every target.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo test test-postgres lint format messages clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo content (safe to run again)
	$(MANAGE) load_demo

run: demo ## Install, migrate, load the demo content and serve http://127.0.0.1:8000/
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Install and run every test (set DATABASE_URL to use PostgreSQL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install ## Check Python with ruff and templates with djhtml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install ## Format Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

messages: install ## Extract interface strings into locale/ and compile them
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=media --ignore=static
	$(MANAGE) makemessages --all --no-obsolete -d djangojs --ignore=.venv --ignore=media --ignore=static
	$(MANAGE) compilemessages --ignore=.venv

lock: ## Re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 static media
