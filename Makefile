# Two commands for a new user: `make run` (service with demo data on SQLite at
# http://127.0.0.1:5000) and `make test` (the whole suite, on SQLite and PostgreSQL).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-test browser bench clean translations translations-extract \
	translations-update translations-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(MAKE) --no-print-directory translations-compile

install-test: $(BIN)/python browser
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(MAKE) --no-print-directory translations-compile

# Translations (README, "Languages"): maintainers run `make translations` after marking text
# (extract each domain's .pot, merge it into every language's .po), translate the new entries,
# then `make translations-compile` (run by install and install-test too: .mo files are built, not kept).
translations: translations-extract translations-update translations-compile

# DOMAIN=messages (or documents, notifications, units) limits extract and update to one catalog.
translations-extract:
	$(BIN)/python logistics/translations/catalogs.py extract $(DOMAIN)

translations-update:
	$(BIN)/python logistics/translations/catalogs.py update $(DOMAIN)

translations-compile:
	$(BIN)/python logistics/translations/catalogs.py compile

# Browser tests drive Debian's chromium (no browser download by a test tool); PDF layout
# tests read word positions with poppler's pdftotext; label tests decode barcodes with zbar (zbarimg).
browser:
	@{ command -v chromium && command -v pdftotext && command -v zbarimg; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils zbar-tools >/dev/null; \
	  else echo "note: chromium, poppler-utils or zbar-tools is missing; their tests will be skipped (sudo apt-get install chromium poppler-utils zbar-tools)"; fi; }

# Tracking links and QR codes point where this service runs, unless LOGISTICS_PUBLIC_URL is set.
# The demo operator's made-up customs numbers (a trader outside the EU registers for an EORI in a
# member state, here Slovakia; its VAT number is the Chinese unified social credit code).
DEMO_OPERATOR_EORI ?= SK9020418772
DEMO_OPERATOR_VAT ?= CN91130900MA0DJ2XY1A
run: install
	$(BIN)/logistics demo
	LOGISTICS_PUBLIC_URL="$${LOGISTICS_PUBLIC_URL:-http://$(HOST):$(PORT)}" \
	  LOGISTICS_OPERATOR_EORI="$${LOGISTICS_OPERATOR_EORI:-$(DEMO_OPERATOR_EORI)}" \
	  LOGISTICS_OPERATOR_VAT="$${LOGISTICS_OPERATOR_VAT:-$(DEMO_OPERATOR_VAT)}" \
	  $(BIN)/logistics serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

# ruff (style, imports, likely bugs) and mypy (types) over the package; CI runs it before the suite.
lint: install-test
	$(BIN)/ruff check logistics
	$(BIN)/ruff check tests bench --select F,E9 --ignore F811
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/bench_quantities.py
	$(BIN)/python bench/bench_manifest.py
	$(BIN)/python bench/bench_labels.py
	$(BIN)/python bench/bench_flows.py
	$(BIN)/python bench/bench_import.py --backend both
	$(BIN)/python bench/bench_sign_in.py
	$(BIN)/python bench/bench_hostile.py --backend both
	$(BIN)/python bench/bench_writes.py
	$(BIN)/python bench/bench_deploy.py

clean:
	rm -rf $(VENV) instance .pytest_cache
