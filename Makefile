# Everything runs from a local virtual environment made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q syndicate  # byte-code once: a cron run then starts faster
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m syndicate.demo.run --config config/demo.toml

lint: $(STAMP)
	$(BIN)/ruff check syndicate tests scripts
	$(BIN)/ruff format --check syndicate tests scripts
	$(BIN)/mypy

# The index page is rendered in a real headless browser by the tests. Debian's chromium is
# installed when missing and this machine can (root with apt); elsewhere that test skips.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium not installed: the browser test will be skipped"; fi; }

test: lint browser
	$(BIN)/pytest -q

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) public var .pytest_cache .mypy_cache .ruff_cache
