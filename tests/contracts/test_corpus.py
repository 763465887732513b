"""X's own published examples through the gate and the client: what X documents as normal passes
(at most with a warning naming the documented deviation); what is wrong in the documentation
(a guide answer naming a grouping never asked for) stays an error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

import x_engagement
from contracts import semantics, spec
from contracts.checks import run_response_checks
from contracts.ledger import Ledger, Verdicts
from contracts.replay import Exchange, replay
from contracts.validate import validator_for
from tests.contracts.corpus import MANIFEST, examples
from tests.support.server import Reply, ScriptedServer

EXAMPLES = examples()
ENTERPRISE = {op.path.rsplit("/", 1)[1]: op for op in spec.operations().values() if not op.is_v2}
V2 = {op.path.rsplit("/", 1)[1]: op for op in spec.operations().values() if op.is_v2}

# (request example, response example) -> the gate's verdict: check -> "warn" or "FAIL"; every
# other check that applies passes. A response X shows without its request is judged on its own.
VERDICTS: dict[tuple[str | None, str], dict[str, str]] = {
    # the guide asks for "engagement-types-by-id" and shows an answer named "grouping name": a
    # documentation error, an error for the gate too (a client reading by name finds nothing)
    ("guide-totals-request", "guide-totals-response"): {"grouping_names": "FAIL"},
    ("grand-totals-request", "grand-totals-response"): {},
    # an hourly time series without start/end: documented (window-echo-omitted)
    ("hourly-time-series-request", "hourly-time-series-response"): {"window_bounds": "warn"},
    ("reference-totals-example-request-public-metrics", "reference-totals-example-response-public-metrics"): {},
    # quote_tweets answered, not requested: documented (unrequested-engagement-type)
    ("reference-totals-example-request", "reference-totals-example-response"): {"metrics_as_requested": "warn"},
    # dated 2015 and replayed without a Date header: the 28-hour window is not checkable
    ("reference-28hr-example-request", "reference-28hr-example-response"): {"window_28hr": "not checkable"},
    ("reference-historical-example-request", "reference-historical-example-response"): {},
    (None, "video-views-unsupported-response"): {},
    (None, "reference-totals-unavailable-tweet-ids"): {},
    (None, "reference-28hr-unavailable-tweet-ids"): {},
    (None, "reference-historical-unavailable-tweet-ids"): {},
}


def test_the_corpus_is_every_example_kept_byte_for_byte() -> None:
    """Each file hashes to what the manifest recorded from its source at its commit."""
    kinds = [e.kind for e in EXAMPLES.values()]
    assert len(EXAMPLES) == 34 and kinds.count("response") == 11 and kinds.count("request") == 10
    assert {s["commit"][:8] for s in MANIFEST["sources"]} == {"b702cd85", "541ef718"}
    replayed = {name for pair in VERDICTS for name in pair if name}
    judged = {i for i, e in EXAMPLES.items() if e.kind == "response"}
    assert judged <= replayed  # every response is replayed
    assert all(e.values for e in EXAMPLES.values() if e.kind != "text")  # every JSON example reads


def _exchange(index: int, request: str | None, response: str) -> Exchange:
    operation = ENTERPRISE[EXAMPLES[response].endpoint or ""]
    body = json.dumps(EXAMPLES[request].values[0]).encode() if request else b"{}"
    sent = httpx.Request("POST", f"https://data-api.x.com{operation.path}", content=body,
                         headers={"content-type": "application/json"})  # fmt: skip
    answer = json.dumps(EXAMPLES[response].values[0]).encode()
    return Exchange(index, sent, _response(answer, sent))


def _response(body: bytes, request: httpx.Request) -> httpx.Response:
    """A response as replay reads it (no Date header: X's examples carry none)."""
    response = httpx.Response(200, headers={"content-type": "application/json"}, content=body, request=request)
    response.elapsed = timedelta(0)
    return response


def _judged(request: str | None, response: str) -> Ledger:
    """Through the gate: replay's every check; an answer shown without its request only through
    the checks that need no request (nothing to compare it with)."""
    if request is not None:
        return replay(iter([_exchange(1, request, response)])).ledger
    operation = ENTERPRISE[EXAMPLES[response].endpoint or ""]
    answer = httpx.Response(200, headers={"content-type": "application/json"},
                            content=json.dumps(EXAMPLES[response].values[0]).encode())  # fmt: skip
    verdicts = Verdicts(Ledger(), operation.operation_id)
    for check, outcome in run_response_checks(operation, answer, clock_known=False).items():
        verdicts.record(check, outcome)
    return verdicts.ledger


def _rows(ledger: Ledger, operation: str) -> dict[str, str]:
    return {check: t.verdict for (op, check), t in ledger.tallies.items() if op == operation}


@pytest.mark.parametrize(("request_id", "response_id"), list(VERDICTS))
def test_each_published_answer_gets_the_expected_verdict(request_id: str | None, response_id: str) -> None:
    ledger = _judged(request_id, response_id)
    operation = ENTERPRISE[EXAMPLES[response_id].endpoint or ""].operation_id
    rows = _rows(ledger, operation)
    expected = VERDICTS[(request_id, response_id)]
    # a request X shows that our spec forbids (numeric ids in the guide) is judged as such, below
    rows.pop("invalid_request_rejection", None)
    assert {c: v for c, v in rows.items() if v != "ok"} == expected, rows
    for check, verdict in expected.items():
        if verdict == "warn":
            message = ledger.tallies[(operation, check)].warnings[0]
            deviation = next(d for d in semantics.documented_deviations().values() if d["check"] == check)
            assert f"documented by X: {deviation['id']}" in message


def test_the_guide_request_with_numeric_ids_is_one_the_spec_forbids() -> None:
    """X's guide sends ids as JSON numbers; its own reference says ids must be strings."""
    exchange = _exchange(1, "guide-totals-request", "guide-totals-response")
    result = replay(iter([exchange]))
    assert result.ledger.tallies[("getEngagementTotals", "invalid_request_rejection")].failed == 1


def test_an_end_off_the_hour_warns_with_the_request_the_example_implies() -> None:
    """X shows `end` 02:27:50Z without its request; asked for the posts and types it shows (the
    implied request), the answer warns (window-end-off-the-hour) and fails nothing."""
    shown = EXAMPLES["reference-historical-unavailable-tweet-ids"].values[0]
    implied = {
        "tweet_ids": [*shown["unavailable_tweet_ids"], *shown["group1"]],
        "engagement_types": sorted({t for node in shown["group1"].values() for t in node}),
        "groupings": {"group1": {"group_by": ["tweet.id", "engagement.type"]}},
        "start": shown["start"], "end": "2015-11-19T03:00:00Z",
    }  # fmt: skip
    operation = ENTERPRISE["historical"]
    sent = httpx.Request("POST", f"https://data-api.x.com{operation.path}", content=json.dumps(implied).encode())
    exchange = Exchange(1, sent, _response(json.dumps(shown).encode(), sent))
    result = replay(iter([exchange]))
    rows = _rows(result.ledger, operation.operation_id)
    assert {c: v for c, v in rows.items() if v != "ok"} == {"whole_hour_buckets": "warn"}, rows
    assert result.exit_code == 0
    assert replay(iter([exchange]), strict=True).exit_code == 1


@pytest.fixture
def corpus_server(server: ScriptedServer) -> Iterator[ScriptedServer]:
    yield server


def _client_call(client: x_engagement.Client, endpoint: str, asked: dict[str, Any]) -> Any:
    method = getattr(client, f"get_engagement_{endpoint}")
    return method(**asked)


# grand totals: X shows the request without tweet_ids (a fragment); the guide's request groups by
# "Tweet.id" (capital T) where the reference says "tweet.id": the client refuses it before sending
CLIENT_PAIRS = [
    pair for pair in VERDICTS if pair[0] and pair[0] not in ("grand-totals-request", "guide-totals-request")
]


def test_the_client_refuses_the_guide_request_naming_the_bad_group_by(corpus_server: ScriptedServer) -> None:
    asked = dict(EXAMPLES["guide-totals-request"].values[0])
    asked["tweet_ids"] = [str(i) for i in asked["tweet_ids"]]
    oauth1 = x_engagement.OAuth1("consumer-key", "consumer-secret", "access-token", "access-token-secret")
    with x_engagement.Client(base_url=corpus_server.url, oauth1=oauth1) as client:
        with pytest.raises(x_engagement.InvalidRequest, match=r'"Tweet\.id" is not one of'):
            client.get_engagement_totals(**asked)
    assert corpus_server.received == []


@pytest.mark.parametrize(("request_id", "response_id"), CLIENT_PAIRS)
def test_the_client_reads_each_published_answer(
    request_id: str, response_id: str, corpus_server: ScriptedServer
) -> None:
    """The client sends X's example request (ids as strings) and keeps everything X's answer holds:
    counts as ints (strings and numbers alike), unrequested types kept, a wrong grouping name in
    `extra` and reported missing, never dropped."""
    asked = dict(EXAMPLES[request_id].values[0])
    asked["tweet_ids"] = [str(i) for i in asked["tweet_ids"]]
    shown = EXAMPLES[response_id].values[0]
    corpus_server.reply(Reply(body=json.dumps(shown).encode()))
    oauth1 = x_engagement.OAuth1("consumer-key", "consumer-secret", "access-token", "access-token-secret")
    with x_engagement.Client(base_url=corpus_server.url, oauth1=oauth1) as client:
        result = _client_call(client, EXAMPLES[response_id].endpoint or "", asked)
    sent = json.loads(corpus_server.received[0].body)
    assert sent["tweet_ids"] == asked["tweet_ids"] and sent["groupings"] == asked["groupings"]
    for name, tree in shown.items():
        if name in ("start", "end"):
            continue
        assert _ints(result.groupings[name]) == _ints(tree)
    assert not result.missing_groupings and not result.missing_tweet_ids


def _ints(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {k: _ints(v) for k, v in tree.items()}
    return int(tree)


@pytest.mark.parametrize("example", [e for e in EXAMPLES.values() if e.kind == "v2-parameter"], ids=lambda e: e.id)
def test_each_v2_parameter_example_is_valid_for_its_parameter(example: Any) -> None:
    """X's v2 insights pages show no request or response, only parameter examples: each is a
    value our spec accepts for that parameter."""
    ((name, value),) = example.values[0].items()
    parameter = next(p for p in V2[example.endpoint].parameters if p.name == name)
    assert validator_for(parameter.schema).problems(value) == []
