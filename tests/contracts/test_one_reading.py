"""The spec is read once: the suite and the mock take their names from the generator's model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contracts import spec
from contracts.ledger import Ledger, Verdicts
from contracts.mock import errors, limits
from generator.model import build_model
from x_engagement import _operations, _spec


def test_the_suite_reads_the_generators_model() -> None:
    model = build_model(spec.document())
    assert list(spec.operations()) == list(model.spec_order)
    for op in model.operations:
        adapted = spec.operations()[op.operation_id]
        assert (adapted.method_name, adapted.method, adapted.variant) == (op.method_name, op.http_method, op.variant)
        assert adapted.batch_parameter == op.batch_parameter


def test_the_generated_spec_and_the_model_agree_on_role_names() -> None:
    roles = spec.roles()
    assert _spec.RATE_LIMIT_RESET_HEADERS == roles.rate_limit_headers["rate-limit-reset"]
    assert _spec.ENTERPRISE_RESPONSE.__name__ == roles.schema("enterprise-response")
    assert {op.operation_id: op.metrics_parameter for op in _operations.OPERATIONS} == {
        op_id: op.metrics_parameter for op_id, op in spec.operations().items()
    }


@pytest.mark.parametrize("operation_id", list(spec.operations()))
def test_the_mock_names_the_rate_limit_headers_its_spec_response_declares(operation_id: str) -> None:
    operation = spec.operations()[operation_id]
    _, headers = limits.RateLimiter(None).take(operation.variant, datetime(2024, 1, 1, tzinfo=UTC))
    assert set(headers) == set(operation.rate_limit_headers)


def test_an_unknown_path_gets_the_error_format_of_its_neighbours() -> None:
    assert errors.variant_of_path("/2/nothing") == "v2"
    assert errors.variant_of_path("/insights/nothing") == "enterprise"


def test_one_recorder_keeps_status_and_failures() -> None:
    ledger = Ledger()
    verdicts = Verdicts(ledger, "op", status=503)
    verdicts.record("a", None)
    verdicts.record("b", "broken")
    assert verdicts.failures == ["op: b: broken"]
    with pytest.raises(AssertionError, match="op: b: broken"):
        verdicts.assert_clean()
    assert ledger.failed_count() == 1
