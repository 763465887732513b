"""Each benchmark runs once, on tiny sizes, and yields a sane figure: `make bench` cannot rot unseen.

Not a performance test: a figure only has to be positive and finite. Benchmarks whose external
tool is missing (the `bench` extra is not part of `make test`) are skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import math
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from benchmarks import (
    bench_batch,
    bench_calls,
    bench_cli,
    bench_decode,
    bench_generate,
    bench_import,
    bench_rows,
    bench_store,
    bench_validate,
)
from benchmarks.harness import Result, Settings

pytestmark = pytest.mark.slow

SMOKE = Settings(rounds=1, quick=True)
BIN = Path(sys.executable).parent


def measured(results: list[Result]) -> list[Result]:
    assert results, "a benchmark returned no rows"
    for result in results:
        if result.ratio is not None:
            assert math.isfinite(result.ratio) and result.ratio > 0, result
    return [r for r in results if r.ratio is not None]


@pytest.mark.parametrize(
    "module",
    [bench_decode, bench_rows, bench_calls, bench_batch, bench_import, bench_cli, bench_store],
    ids=lambda m: m.__name__.rsplit(".", 1)[1],
)
def test_benchmark_yields_positive_figures(module: ModuleType) -> None:
    results = module.run(SMOKE)
    assert len(measured(results)) == len(results), [r.note for r in results if r.ratio is None]


def test_generation_benchmark_compares_with_the_installed_generators() -> None:
    installed = [tool for tool in ("openapi-python-client", "openapi-generator-cli") if (BIN / tool).exists()]
    if not installed:
        pytest.skip("neither openapi-python-client nor openapi-generator-cli is installed (`make bench`)")
    if installed == ["openapi-generator-cli"] and shutil.which("java") is None:
        pytest.skip("openapi-generator-cli needs java")
    assert measured(bench_generate.run(SMOKE))


def test_validation_benchmark_measures_the_contract_path() -> None:
    if importlib.util.find_spec("contracts.validate") is None:
        pytest.skip("contracts/validate.py (the contract suite) is not on this branch")
    results = bench_validate.run(SMOKE)
    assert len(measured(results)) == len(results)
