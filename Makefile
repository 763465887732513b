# The project's vocabulary: what a person would type is a target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
BENCH_ARGS ?=

.PHONY: generate check test typecheck contracts mock bench clean

$(STAMP): pyproject.toml generated/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./generated
	touch $(STAMP)

generate: $(STAMP)  ## spec/openapi.yaml -> generated/
	$(BIN)/python -m generator

check: $(STAMP)  ## fail with a diff when generated/ is stale (the drift check)
	$(BIN)/python -m generator --check

typecheck: $(STAMP)
	cd generated && ../$(BIN)/mypy --strict --cache-dir ../.mypy_cache x_engagement

test: check typecheck  ## everything CI runs
	$(BIN)/python -m pytest -q tests

contracts: $(STAMP)  ## the contract suite against the in-process mock (CONTRACTS_ARGS=--base-url URL, --live ...)
	$(BIN)/python -m contracts run --junit reports/contracts.xml $(CONTRACTS_ARGS)

mock: $(STAMP)  ## the mock server on http://127.0.0.1:8000 (configured by X_MOCK_* variables)
	$(BIN)/python -m contracts.mock --host 127.0.0.1 --port 8000

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' -e ./generated
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## one table of ratios (not part of test); BENCH_ARGS="--make-test" also times make test
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
