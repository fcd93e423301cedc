# Assistant Builder — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tests keep their embedded PostgreSQL and broker folder apart from `make run`'s.
TEST_DATA_DIR ?= $(CURDIR)/.data/test

.PHONY: install run test smoke fuzz property screenshots lint format browser clean bench bench-check reliability faults

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Assistant Builder needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: the dashboard on http://127.0.0.1:8000 with a worker and the sandbox upstream
run: install
	$(BIN)/python manage.py devserver

## make test: lint, then every test (browser tests included) against PostgreSQL, with a
## bounded subset of the fault cases (about 10 minutes on 2 cores)
test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -m "not bench and not reliability and not faults" $(PYTEST_ARGS)

## make smoke: the fast subset that proves a fresh machine works
smoke: install
	DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -m smoke $(PYTEST_ARGS)

## make bench-check: the benchmark harness end to end at tiny size (not in make test: minutes)
bench-check: install
	DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -m bench -q

## make reliability: each fault kind 50 times (RELIABILITY_TRIALS), a table appended to
## bench/reliability.md (not in make test: tens of minutes on 2 cores)
reliability: install browser
	DATA_DIR=$(TEST_DATA_DIR) RELIABILITY_TRIALS=$${RELIABILITY_TRIALS:-50} \
		RELIABILITY_REPORT=$(CURDIR)/bench/reliability.md \
		$(BIN)/pytest tests/pipeline/test_reliability.py -m reliability -q -s $(PYTEST_ARGS)

## make faults: the long worker-killing and fault-injection cases left out of make test (each
## kind, every dialect; make test keeps one case of each kind; minutes on 2 cores)
faults: install browser
	DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -m faults $(PYTEST_ARGS)

## make fuzz: schemathesis over every API operation, 100+ generated cases each
fuzz: install
	DATA_DIR=$(TEST_DATA_DIR) FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(BIN)/pytest tests/api/test_fuzz.py -q

## make property: the property-based round trips with many more examples than make test
property: install
	DATA_DIR=$(TEST_DATA_DIR) HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-long} $(BIN)/pytest tests/editor/test_round_trip.py -q

## make screenshots: every editor section at 1280 and 390 px wide, kept in screenshots/
screenshots: install browser
	DATA_DIR=$(TEST_DATA_DIR) SCREENSHOTS_DIR=$(CURDIR)/screenshots $(BIN)/pytest tests/browser/test_screenshots.py -q

## make bench: dashboard and pipeline under production-style serving, beside Django admin
bench: install
	DATA_DIR=$(CURDIR)/.data/bench $(BIN)/python -m bench

browser:
	@sh scripts/ensure-chromium.sh
	@sh scripts/ensure-faketime.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .data .pytest_cache .ruff_cache
