# Everything runs from a local virtual environment made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m syndicate.demo.run --config config/demo.toml

lint: $(STAMP)
	$(BIN)/ruff check syndicate tests scripts
	$(BIN)/ruff format --check syndicate tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) public demo.db .pytest_cache .mypy_cache .ruff_cache
