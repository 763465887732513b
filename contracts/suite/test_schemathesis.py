"""schemathesis over the spec: a positive pass and a separate negative pass, every check recorded.

The negative pass runs without security parameters: otherwise most of its budget goes into
mutating the Authorization header instead of the input (see toolchain notes).
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from contracts import spec
from contracts.cases import AnyCase, judge
from contracts.ledger import Ledger
from contracts.suite.support import operation_ids
from contracts.target import Target

MODES = {
    "positive": {"mode": "positive"},
    "negative": {"mode": "negative", "with-security-parameters": False},
}


@functools.cache
def schema_for(mode: str) -> Any:  # an OpenApiSchema
    # An explicit config: no schemathesis.toml discovery (an unset ${VAR} there breaks collection).
    config = schemathesis.Config.from_dict({"generation": MODES[mode]})
    return schemathesis.openapi.from_dict(spec.document(), config=config)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("operation_id", operation_ids())
def test_generated_cases_conform(
    operation_id: str, mode: str, target: Target, ledger: Ledger, max_examples: int
) -> None:
    operation = spec.operations()[operation_id]
    api_operation = schema_for(mode).find_operation_by_id(operation_id)
    failures: list[str] = []

    @given(case=api_operation.as_strategy(GenerationMode(mode)))
    @settings(
        max_examples=max_examples, deadline=None, database=None, derandomize=True,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case: AnyCase) -> None:
        failures.extend(judge(case, operation, target, ledger, mode))

    run()
    assert not failures, "\n".join(dict.fromkeys(failures))
