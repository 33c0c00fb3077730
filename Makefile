# 邻里 (Linli): the two commands of the README, and a few helpers.
#   make run    set up (first time) and run the bot: simulator + SQLite + console on :8080
#   make test   set up (first time) and run the whole test suite (make deps checks the machine)
PY ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PEER := tests/e2e/peer

.PHONY: run test deps setup peer bench bench-tiny lint clean

run: setup
	$(BIN)/linli run

test: deps setup peer
	$(BIN)/python -m pytest

# What the tests need from the machine (Chromium, PostgreSQL, Node.js …): checked, and on a
# gap the message says what to install; `sudo bash .ci/run` installs it all.
deps:
	@bash .ci/deps

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

peer: $(PEER)/node_modules/.installed

$(PEER)/node_modules/.installed: $(PEER)/package-lock.json
	npm ci --prefix $(PEER) --no-audit --no-fund
	touch $@

bench: setup peer
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/intents.py
	$(BIN)/python bench/sla_sweep.py
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/wechaty_roundtrip.py
	$(BIN)/python bench/votes.py
	$(BIN)/python bench/volume.py
	nice $(BIN)/python bench/district.py

# Each benchmark on a few hundred items: does it still run? (the test suite does this too)
bench-tiny: setup peer
	$(BIN)/python bench/pipeline.py --tiny
	$(BIN)/python bench/intents.py --tiny
	$(BIN)/python bench/sla_sweep.py --tiny
	$(BIN)/python bench/outbox.py --tiny
	$(BIN)/python bench/wechaty_roundtrip.py --tiny
	$(BIN)/python bench/votes.py --tiny
	$(BIN)/python bench/volume.py --tiny
	$(BIN)/python bench/district.py --tiny

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(PEER)/node_modules .pytest_cache .ruff_cache .mypy_cache
