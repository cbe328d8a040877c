# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint fuzz venv bench bench-import clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Signpost needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## The virtualenv with the test extras, installed (or brought up to date with pyproject.toml)
venv: $(STAMP)

## Create the virtualenv, migrate and seed the SQLite database, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/signpost db upgrade
	$(BIN)/signpost seed
	$(BIN)/signpost serve

## Run the whole test suite (SQLite; also PostgreSQL when SIGNPOST_TEST_DATABASE_URL is set)
test: $(STAMP)
	./.ci/chromium
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy app
	$(BIN)/lint-imports

## Schemathesis against the served app on SQLite and PostgreSQL (what CI runs; FUZZ_SECONDS=60 each)
fuzz: $(STAMP)
	.ci/fuzz

bench: $(STAMP)
	$(BIN)/python -m bench.run

## Time importing a million 360Giving grants into SQLite (issue 6)
bench-import: $(STAMP)
	flock /tmp/signpost-bench.lock $(BIN)/python -m bench.imports

clean:
	rm -rf $(VENV) signpost.db signpost.db-wal signpost.db-shm
