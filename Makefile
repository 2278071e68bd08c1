# Two commands do all set-up on a fresh machine with python3, make and node:
#   make generate   regenerate generated/ from specs/ and templates/
#   make test       the whole suite (installs .venv and Prism on first use)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
PRISM_STAMP := node_modules/.installed
# Test processes for `make test` and `make unit` (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.PHONY: all generate check validate release update-specs test unit e2e corpus snapshots lint typecheck bench clean

all: generate

$(VENV_STAMP): pyproject.toml generated/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet -e ./generated
	touch $@

$(PRISM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

generate: $(VENV_STAMP)
	$(PY) -m generator generate

check: $(VENV_STAMP)
	$(PY) -m generator generate --check

validate: $(VENV_STAMP)
	$(PY) -m generator validate

# Turn the changelog's Unreleased section into the next version (see README: Releasing).
release: $(VENV_STAMP)
	$(PY) -m generator release

# Fetch the vendors' published documents (their `source:`); VENDORS="a b" for some only.
update-specs: $(VENV_STAMP)
	$(PY) -m generator update $(VENDORS)

lint: $(VENV_STAMP)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff check generator tests templates/runtime templates/testing bench
	$(PY) -m ruff format --check generator tests templates/runtime templates/testing bench
	cd generated && ../$(PY) -m ruff check . && ../$(PY) -m ruff check --isolated . && ../$(PY) -m ruff format --check .

typecheck: $(VENV_STAMP)
	$(PY) -m mypy generator tests bench
	cd generated && ../$(PY) -m mypy --strict -p jobclients
	cd tests/golden/shapes && ../../../$(PY) -m mypy --strict -p jobclients
	cd tests/golden/pager && ../../../$(PY) -m mypy --strict -p pagerclients

# Regenerate the golden outputs of the fixture specs on purpose (review the diff!).
snapshots: $(VENV_STAMP)
	$(PY) -m tests.snapshots update

test: $(VENV_STAMP) $(PRISM_STAMP) check lint typecheck
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not wire"

unit: $(VENV_STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not e2e and not corpus"

e2e: $(VENV_STAMP) $(PRISM_STAMP)
	$(PY) -m pytest -q -m e2e

corpus: $(VENV_STAMP) $(PRISM_STAMP)
	$(PY) -m pytest -q -m corpus -s

bench: $(VENV_STAMP) $(PRISM_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache
