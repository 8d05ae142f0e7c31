# Townhall: `make run` to try it, `make test` to check it. `make help` lists every target.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links name the machine when the server listens on every address (HOST=0.0.0.0).
LINK_HOST = $(if $(filter 0.0.0.0 :: [::],$(HOST)),localhost,$(HOST))
# `make test-postgres` uses this server and database (pytest-django creates test_<name>).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/townhall_test

# The browser tests drive Debian's Chromium (never a downloaded browser); `make test`
# installs the package when it is missing. CHROMIUM=/path/to/chromium uses another one.
# Debian names the package after the binary: CHROMIUM=/usr/bin/chromium-headless-shell
# installs and uses `chromium-headless-shell`, the same engine without the desktop browser
# around it (benchmarks/browser_audits.py --also measures the two).
export CHROMIUM ?= /usr/bin/chromium
CHROMIUM_PACKAGE ?= $(if $(filter /usr/bin/%,$(CHROMIUM)),$(notdir $(CHROMIUM)),chromium)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Compiled translations are built from the .po files when missing, in pure Python (polib),
# so a fresh machine needs no GNU gettext; `make messages` recompiles them all.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

.DEFAULT_GOAL := help
.PHONY: help install browser validator translations migrate demo run test test-postgres check lint format messages ci lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

browser: $(CHROMIUM) ## Install Debian's Chromium for the browser tests when it is missing

# The Nu HTML Checker (vnu.jar, pinned in package-lock.json) runs on Java; the tests that
# validate every page type use it. npm only fetches the jar: there is no front-end build.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
validator: $(VNU_JAR) /usr/bin/java ## Install the Nu HTML Checker (npm ci) and Java when missing

$(VNU_JAR): package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

/usr/bin/java:
	@command -v apt-get >/dev/null || { echo "No Java and no apt-get: install a Java runtime (17+)"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "No $(CHROMIUM) and no apt-get: install Chromium and set CHROMIUM=/path/to/it"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(CHROMIUM_PACKAGE)

%.mo: | %.po $(VENV)/.installed
	$(BIN)/python -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $*.po $@

translations: $(MO_FILES) ## Compile any missing translation catalogues (locale/*.mo)

migrate: install translations ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo content and the dev admin account (safe to run again)
	$(MANAGE) load_demo

# The demo's Site is pointed at HOST:PORT: every absolute link (e-mails, feeds, sitemap,
# robots.txt) is built on it, so `make run PORT=8101` sends links that work. Admin
# notification e-mails follow through WAGTAILADMIN_BASE_URL unless the environment sets it.
run: migrate ## Install, migrate, load the demo and serve http://127.0.0.1:8000/ (HOST=, PORT=)
	$(MANAGE) load_demo --host $(HOST) --port $(PORT)
	WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://$(LINK_HOST):$(PORT)}" $(MANAGE) runserver $(HOST):$(PORT)

# pytest's own exit code is make's: 5 ("no tests collected") fails like any other error.
# The tests run in pytest-xdist workers, one more than there are cores (TEST_WORKERS=0 runs
# them in one process): the delivery fault tests spend most of their time waiting on real
# worker processes and a 30 s SMTP outage, and the extra worker keeps every core busy
# meanwhile. Tests that share an expensive fixture (a browser module) stay in one worker, the
# demo's are split over three, and the workers copy one migrated database and one database
# with the demo loaded, each made once per run (tests/conftest.py, tests/parallel.py).
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE, set on
# some CI machines): each worker otherwise compiles the project and rewrites the asserts of
# all ~170 test modules again at every start, ~15 s of CPU a worker.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: install translations browser validator ## Install and run every test (set DATABASE_URL to use PostgreSQL)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

test-postgres: ## Run every test on PostgreSQL (POSTGRES_URL, default a local server)
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) test

check: install ## Django's system checks and a check for missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: install ## Check Python with ruff and templates with djhtml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install ## Format Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

messages: install ## Extract interface strings into locale/ and compile them (needs GNU gettext)
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=media --ignore=static
	$(MANAGE) makemessages --all --no-obsolete -d djangojs --ignore=.venv --ignore=media --ignore=static
	$(MANAGE) compilemessages --ignore=.venv

ci: ## Run what CI runs: tests on SQLite and PostgreSQL, lint, checks (.ci/run)
	bash .ci/run

lock: ## Re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 static media
