# Everyday commands; the README names the same ones.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := webapp

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Pango and HarfBuzz for WeasyPrint (HarfBuzz's subsetter keeps font subsetting fast);
# poppler-utils for the tests that read PDFs back; Chromium for the browser tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils chromium

system-deps: ## Install the Debian packages WeasyPrint and the PDF tests need, if missing
	@command -v dpkg >/dev/null || { echo "Not Debian: install Pango >= 1.44, HarfBuzz and poppler-utils yourself."; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing $$missing"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq $$missing; \
	fi

$(BIN)/flask: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

install: system-deps $(BIN)/flask ## Create the virtualenv and install the pinned requirements

run: install ## Set up the SQLite database with demo content and serve on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask run --host 127.0.0.1 --port 5000

trial: install ## Run a production set-up here: PostgreSQL, Redis, two gunicorn servers, two workers
	ops/trial

test: install ## Run the test suite (SQLite, or PostgreSQL with TEST_DATABASE_URL)
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered

lint: install ## Ruff
	$(BIN)/ruff check webapp tests
	$(BIN)/ruff format --check webapp

worker: install ## Deliver the outbox and apply retention (production)
	$(BIN)/flask worker

.PHONY: help system-deps install run test lint worker
