# The project's vocabulary: what a person would type is a target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
BENCH_ARGS ?=
PRISM_VERSION := 5.16.0
PRISM_DIR := .tools/prism
PRISM := $(PRISM_DIR)/node_modules/.bin/prism
PRISM_STAMP := $(PRISM_DIR)/.installed-$(PRISM_VERSION)

.PHONY: generate check test test-fast typecheck lint contracts mock demo bench prism clean

$(STAMP): pyproject.toml generated/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e './generated[arrow,pandas,polars,plot,collect,postgres,dlt]'
	touch $(STAMP)

generate: $(STAMP)  ## spec/openapi.yaml -> generated/ (rewrites only changed files, so a no-op leaves make nothing to redo)
	$(BIN)/python -m generator

check: $(STAMP)  ## fail with a diff when generated/ is stale (the drift check)
	$(BIN)/python -m generator --check

typecheck: $(STAMP)  ## mypy --strict: the tools ([tool.mypy]) and the package (hand-written and generated modules alike)
	$(BIN)/mypy
	cd generated && ../$(BIN)/mypy --strict --cache-dir ../.mypy_cache/package x_engagement

lint: $(STAMP)  ## ruff check + ruff format --check on all code (the package: generated/ruff.toml); the package's layers
	$(BIN)/ruff check generator contracts benchmarks tests
	$(BIN)/ruff format --check generator contracts benchmarks tests
	$(BIN)/ruff check generated/x_engagement
	$(BIN)/ruff format --check generated/x_engagement
	$(BIN)/lint-imports --no-cache

test: check typecheck lint prism  ## everything CI runs
	$(BIN)/python -m pytest -q -rs -n 2 --dist loadfile tests

# The edit-run loop: in-process tests only, no PostgreSQL, no child processes, nothing over ~5 s,
# no network (markers: tests/conftest.py). `make test` runs the rest.
test-fast: $(STAMP)  ## the quick subset (-m "not slow and not postgres and not subprocess and not package_index")
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not postgres and not subprocess and not package_index" tests

contracts: $(STAMP)  ## the contract suite against the in-process mock (CONTRACTS_ARGS=--base-url URL, --live ...)
	$(BIN)/python -m contracts run --junit reports/contracts.xml $(CONTRACTS_ARGS)

demo: $(STAMP)  ## no credentials needed: the mock in-process, a few posts fetched into demo/demo.csv and demo.png
	$(BIN)/x-engagement demo --output-dir demo

mock: $(STAMP)  ## the mock server on http://127.0.0.1:8000 (configured by X_MOCK_* variables)
	$(BIN)/python -m contracts.mock --host 127.0.0.1 --port 8000

# Stoplight Prism (the reference OpenAPI mock and validating proxy), pinned, in a git-ignored
# folder of the project; installed only when this version is missing. Without npm it says so and
# tests/spec/test_prism.py skips with the same reason.
prism: $(PRISM_STAMP)  ## install Stoplight Prism $(PRISM_VERSION) with npm into .tools/prism (once)
	@test ! -f $(PRISM_STAMP) || echo "prism: $(PRISM) is @stoplight/prism-cli@$(PRISM_VERSION)"

$(PRISM_STAMP):
	@if command -v npm >/dev/null 2>&1; then \
		echo "prism: installing @stoplight/prism-cli@$(PRISM_VERSION) into $(PRISM_DIR) with npm"; \
		mkdir -p $(PRISM_DIR) && \
		npm install --prefix $(PRISM_DIR) --no-audit --no-fund --loglevel=error \
			@stoplight/prism-cli@$(PRISM_VERSION) && \
		touch $@ && echo "prism: $(PRISM) ready"; \
	else \
		echo "prism: npm not found on PATH; not installing Prism (tests/spec/test_prism.py will skip)"; \
	fi

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' -e './generated[arrow,pandas,polars,plot,collect,postgres,dlt]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## one table of ratios (not part of test); BENCH_ARGS="--make-test" also times make test
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache $(PRISM_DIR)
