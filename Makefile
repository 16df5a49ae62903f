# USER hub. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV_PIP = $(BIN)/uv pip
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest workers (pytest-xdist): each has its own test database, servers and browser. Two suit
# this two-core machine; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

# uv installs the same packages as pip in a quarter of the time (about 20 s against 70 s for the
# whole development set, most of a fresh clone's set-up).
$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv>=0.9,<1"
	touch $@

$(VENV)/.runtime: $(VENV)/.created pyproject.toml
	$(UV_PIP) install --quiet --python $(PY) --editable .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime pyproject.toml
	$(UV_PIP) install --quiet --python $(PY) --editable ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static_build/hub.css: node_modules/.installed cms/static_src/hub.scss
	npm run --silent build

install: $(VENV)/.runtime node_modules/.installed static_build/hub.css ## Install Python and npm dependencies and build the styles

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@command -v /usr/bin/chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: install ## Migrate, load the demo content and create the development admin (safe to run again)
	$(PY) manage.py bootstrap_dev

run: demo ## Install, migrate, load demo content and serve the hub on http://127.0.0.1:8000
	@echo "USER hub on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, login admin / userhub-admin)"
	@# Links in emails point where this server answers, whatever PORT is.
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver --skip-checks $(HOST):$(PORT)

lint: $(VENV)/.dev ## Check the code with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev node_modules/.installed static_build/hub.css chromium lint ## Install what tests need and run ruff and the whole suite
	$(PYTEST) $(PYTEST_ARGS)

test-database: $(VENV)/.dev node_modules/.installed static_build/hub.css ## The suite without ruff and the browser journeys (CI's second database run)
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

test-thorough: $(VENV)/.dev node_modules/.installed static_build/hub.css chromium ## The whole suite with every generated-input test at its full count (slow)
	HYPOTHESIS_PROFILE=thorough $(PYTEST) $(PYTEST_ARGS)

test-browser: $(VENV)/.dev node_modules/.installed static_build/hub.css chromium ## Run only the real-browser journeys and accessibility checks (screenshots in test-artifacts/screenshots/)
	$(PYTEST) tests/browser $(PYTEST_ARGS)

bench: $(VENV)/.dev static_build/hub.css ## Run the benchmarks in bench/
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## Remove the virtualenv, node modules, built assets and the development database
	rm -rf $(VENV) node_modules static_build static db.sqlite3 var

.PHONY: help install chromium migrate demo run lint format test test-database test-thorough test-browser bench clean
