# Everyday commands; the README names the same ones.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := webapp

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/flask: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

install: $(BIN)/flask ## Create the virtualenv and install the pinned requirements

run: install ## Set up the SQLite database with demo content and serve on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install ## Run the test suite (SQLite, or PostgreSQL with TEST_DATABASE_URL)
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered

lint: install ## Ruff
	$(BIN)/ruff check webapp tests
	$(BIN)/ruff format --check webapp

worker: install ## Deliver the outbox and apply retention (production)
	$(BIN)/flask worker

.PHONY: help install run test lint worker
