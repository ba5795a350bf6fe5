# Everyday commands; the README names the same ones.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := webapp

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

# Pango and HarfBuzz for WeasyPrint (HarfBuzz's subsetter keeps font subsetting fast);
# poppler-utils for the tests that read PDFs back; Chromium for the browser tests; Java
# for the W3C Nu HTML Checker (vnu.jar) that tests/test_html_valid.py runs.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils chromium default-jre-headless

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

# axe-core, which the browser tests inject into each page to check its accessibility, and
# vnu-jar, the Nu HTML Checker that tests/test_html_valid.py runs with Java;
# pinned in package-lock.json. Nothing from node_modules/ is served.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: install Node.js and npm (Debian: apt-get install npm) for the browser tests' accessibility checks."; fi

node-deps: node_modules/.package-lock.json ## Install the pinned npm packages the browser tests use (axe-core)

# The interface's catalogs, webapp/translations/<locale>/LC_MESSAGES/messages.po, each
# compiled to the .mo the app reads when its .po changed (the .mo files are not in git).
TRANSLATIONS := webapp/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))
# The names the Python code marks texts with, besides gettext's own (_, ngettext, ...).
# tests/test_translations_complete.py reads this line, to extract the same way.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(BIN)/flask
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

translations: $(MO_FILES) ## Compile the translations (.po to .mo) that changed

translations-extract: | $(BIN)/flask ## Collect the texts to translate (messages.pot) and update each language's .po
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --add-comments=Translators: \
	  --project="Write for Rights" -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --ignore-obsolete

install: system-deps $(BIN)/flask node-deps translations ## Create the virtualenv and install the pinned requirements, compile the translations

run: install ## Set up the SQLite database with demo content and serve on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask run --host 127.0.0.1 --port 5000

trial: install ## Run a production set-up here: PostgreSQL, Redis, two gunicorn servers, two workers
	ops/trial

test: install ## Run the test suite (SQLite, or PostgreSQL with TEST_DATABASE_URL); ARGS=tests/petitions for one feature
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered $(ARGS)

lint: install ## Ruff, and the import graph of webapp/ (no cycles)
	$(BIN)/ruff check webapp tests
	$(BIN)/ruff format --check webapp
	$(BIN)/python -m tests.import_graph

worker: install ## Deliver the outbox and apply retention (production)
	$(BIN)/flask worker

.PHONY: help system-deps node-deps translations translations-extract install run test lint worker
