# Two commands do everything on a fresh machine (Python 3.11, pip and make):
#   make demo   -- the whole pipeline on the embedded demo portal
#   make test   -- the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: install test demo dev lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the instance lives in .dagster/ (git-ignored); its dagster.yaml is refreshed whenever ours changes
$(DAGSTER_HOME): $(DAGSTER_HOME)/dagster.yaml

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

lint: $(STAMP)
	$(BIN)/ruff check pipelines tests bench

test: $(STAMP) $(DAGSTER_HOME)
	$(BIN)/ruff check pipelines tests bench
	$(BIN)/python -m pytest -q
	VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/dg check defs

# the nightly refresh through Dagster on the embedded demo portal; runs land in .dagster/, data in data/
demo: $(STAMP) $(DAGSTER_HOME)
	$(BIN)/zfxxgk demo

# the Dagster UI (http://127.0.0.1:3000) on the same instance, with the demo portal up until Ctrl-C
dev: $(STAMP) $(DAGSTER_HOME)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/zfxxgk demo --serve-ui

bench: $(STAMP)
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) .dagster data/raw data/*.duckdb data/exports .pytest_cache .ruff_cache
