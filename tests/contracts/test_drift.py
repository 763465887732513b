"""`python -m contracts drift`: upstream documents built from our own spec, one change at a time.

X's document is never copied here: each test derives an openapi.json-shaped document from
spec/openapi.yaml the way X publishes it (one server, api.x.com; only the v2 operations), applies
one change, and checks the classification, the pointers on both sides and the exit code.
"""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contracts.__main__ import main
from contracts.drift import compare
from contracts.spec import document

Change = Callable[[dict[str, Any]], object]
P28 = "#/paths/~12~1insights~128hr/get"
PHIST = "#/paths/~12~1insights~1historical/get"
PPOSTS = "#/paths/~12~1tweets~1analytics/get"
PMEDIA = "#/paths/~12~1media~1analytics/get"
# every operation in X's v2 document, by the path pointer of its GET
V2_OPERATIONS = {
    "getInsights28hr": P28,
    "getInsightsHistorical": PHIST,
    "getPostsAnalytics": PPOSTS,
    "getMediaAnalytics": PMEDIA,
}


def upstream_like_x() -> dict[str, Any]:
    """Our spec as X publishes the v2 part: document-level server, no Enterprise paths."""
    up = copy.deepcopy(document())
    up["servers"] = [{"url": "https://api.x.com"}]
    for path in list(up["paths"]):
        if not path.startswith("/2/"):
            del up["paths"][path]
            continue
        for op in up["paths"][path].values():
            op.pop("servers", None)
    return up


def write(tmp_path: Path, up: dict[str, Any]) -> Path:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(up), encoding="utf-8")
    return path


def findings_for(change: Change) -> list[tuple[str, str, str, str | None, str | None]]:
    up = upstream_like_x()
    change(up)
    report = compare(document(), up, "test")
    return [(f.operation, f.kind, f.severity, f.ours, f.upstream) for f in report.findings]


def schemas(up: dict[str, Any]) -> dict[str, Any]:
    return up["components"]["schemas"]  # type: ignore[no-any-return]


def params(up: dict[str, Any]) -> dict[str, Any]:
    return up["components"]["parameters"]  # type: ignore[no-any-return]


def test_unchanged_upstream_has_no_drift_and_enterprise_is_not_covered(tmp_path: Path, capsys: Any) -> None:
    code = main(["drift", "--upstream", str(write(tmp_path, upstream_like_x()))])
    out = capsys.readouterr().out
    assert code == 0
    assert "result: NO DRIFT" in out
    for op in ("getEngagement28hr", "getEngagementTotals", "getEngagementHistorical"):
        assert f"not covered by upstream: {op}" in out
    assert "getEngagement28hr:" not in out  # not reported as gone


def test_insights_paths_removed_as_in_v2_167(tmp_path: Path, capsys: Any) -> None:
    up = upstream_like_x()
    up["info"]["description"] = "X API v2 core endpoints"
    for path in [p for p in up["paths"] if p.startswith("/2/insights/")]:
        del up["paths"][path]
    up["paths"]["/2/tweets"] = {
        "get": {
            "operationId": "findTweetsById",
            "responses": {"200": {"description": "ok"}},
        }
    }
    json_file, md_file = tmp_path / "drift.json", tmp_path / "drift.md"
    code = main(
        [
            "drift",
            "--upstream",
            str(write(tmp_path, up)),
            "--json",
            str(json_file),
            "--markdown",
            str(md_file),
        ]
    )
    assert code == 1
    report = json.loads(json_file.read_text())
    gone = [(f["operation"], f["kind"], f["severity"], f["ours"], f["upstream"]) for f in report["findings"]]
    assert gone == [
        ("getInsights28hr", "operation-gone", "breaking", P28, None),
        ("getInsightsHistorical", "operation-gone", "breaking", PHIST, None),
    ]
    assert [n["operation"] for n in report["not_covered_by_upstream"]] == [
        "getEngagement28hr", "getEngagementTotals", "getEngagementHistorical",
    ]  # fmt: skip
    markdown = md_file.read_text()
    assert markdown.startswith("### API drift: BREAKING DRIFT")
    assert "| breaking | `getInsights28hr` | operation-gone: GET /2/insights/28hr" in markdown
    assert "BREAKING  getInsights28hr: operation-gone" in capsys.readouterr().out


def _move_28hr(up: dict[str, Any]) -> None:
    up["paths"]["/2/insights/28h"] = up["paths"].pop("/2/insights/28hr")


def _rename_28hr(up: dict[str, Any]) -> None:
    up["paths"]["/2/insights/28hr"]["get"]["operationId"] = "getInsights28Hr"


def test_operation_moved_is_found_by_operation_id() -> None:
    assert findings_for(_move_28hr) == [
        (
            "getInsights28hr",
            "operation-moved",
            "breaking",
            P28,
            "#/paths/~12~1insights~128h/get",
        )
    ]


def test_operation_id_renamed_at_the_same_path_is_additive() -> None:
    assert findings_for(_rename_28hr) == [
        (
            "getInsights28hr",
            "operation-renamed",
            "additive",
            f"{P28}/operationId",
            f"{P28}/operationId",
        )
    ]


def _both(kind: str, severity: str, ours: str | None, upstream: str | None) -> list[tuple[str, ...] | Any]:
    return [(op, kind, severity, ours, upstream) for op in ("getInsights28hr", "getInsightsHistorical")]


def _every_v2(kind: str, severity: str, ours: str | None, upstream: str | None) -> list[tuple[str, ...] | Any]:
    """A change to what all four v2 operations share (Problem, the OAuth 2.0 scheme): each reports it."""
    return [(op, kind, severity, ours, upstream) for op in V2_OPERATIONS]


def _per_operation(kind: str, severity: str, ours: str, upstream: str) -> list[tuple[str, ...] | Any]:
    """A change made to every operation's own GET: `ours`/`upstream` are suffixes of its pointer."""
    return [(op, kind, severity, f"{p}{ours}", f"{p}{upstream}") for op, p in V2_OPERATIONS.items()]


CASES: dict[str, tuple[Change, list[Any]]] = {
    "metric added (additive)": (
        lambda up: schemas(up)["V2Metric"]["enum"].append("Bookmarks"),
        _both("enum-value-added", "additive", "#/components/schemas/V2Metric/enum", "#/components/schemas/V2Metric/enum/26"),
    ),
    "metric removed (breaking)": (
        lambda up: schemas(up)["V2Metric"]["enum"].remove("Likes"),
        _both("enum-value-removed", "breaking", "#/components/schemas/V2Metric/enum/8", "#/components/schemas/V2Metric/enum"),
    ),
    "granularity removed (breaking)": (
        lambda up: schemas(up)["Granularity"]["enum"].remove("Weekly"),
        _both("enum-value-removed", "breaking", "#/components/schemas/Granularity/enum/2",
              "#/components/schemas/Granularity/enum"),
    ),
    "engagement.fields gains a value (additive)": (
        lambda up: schemas(up)["EngagementField"]["enum"].append("annotations"),
        _both("enum-value-added", "additive", "#/components/schemas/EngagementField/enum",
              "#/components/schemas/EngagementField/enum/2"),
    ),
    "maxItems lowered (breaking)": (
        lambda up: schemas(up)["TweetIds25"].update(maxItems=10),
        _both("limit-changed", "breaking", "#/components/schemas/TweetIds25/maxItems",
              "#/components/schemas/TweetIds25/maxItems"),
    ),
    "maxItems raised (additive)": (
        lambda up: schemas(up)["TweetIds25"].update(maxItems=100),
        _both("limit-changed", "additive", "#/components/schemas/TweetIds25/maxItems",
              "#/components/schemas/TweetIds25/maxItems"),
    ),
    "id pattern changed (breaking)": (
        lambda up: schemas(up)["TweetId"].update(pattern="^[0-9]{1,20}$"),
        [  # once as a parameter we send, once in the response we read
            (op, "pattern-changed", "breaking", "#/components/schemas/TweetId/pattern", "#/components/schemas/TweetId/pattern")
            for op in ("getInsights28hr", "getInsights28hr", "getInsightsHistorical", "getInsightsHistorical")
        ],
    ),
    "explode dropped, as in X's document (breaking)": (
        lambda up: params(up)["TweetIdsParameter"].pop("explode"),
        _both("parameter-serialization-changed", "breaking", "#/components/parameters/TweetIdsParameter",
              "#/components/parameters/TweetIdsParameter"),
    ),
    "optional parameter removed (breaking)": (
        lambda up: [op["get"]["parameters"].pop() for p, op in up["paths"].items() if "/insights/" in p],
        [("getInsights28hr", "parameter-removed", "breaking", "#/components/parameters/EngagementFieldsParameter",
          f"{P28}/parameters"),
         ("getInsightsHistorical", "parameter-removed", "breaking", "#/components/parameters/EngagementFieldsParameter",
          f"{PHIST}/parameters")],
    ),
    "optional parameter now required (breaking)": (
        lambda up: params(up)["EngagementFieldsParameter"].update(required=True),
        _both("parameter-newly-required", "breaking", "#/components/parameters/EngagementFieldsParameter/required",
              "#/components/parameters/EngagementFieldsParameter/required"),
    ),
    "parameter moved to a header (breaking)": (
        lambda up: params(up)["GranularityParameter"].update({"in": "header"}),
        _both("parameter-location-changed", "breaking", "#/components/parameters/GranularityParameter/in",
              "#/components/parameters/GranularityParameter/in"),
    ),
    "new optional parameter (additive)": (
        lambda up: [op["get"]["parameters"].append({"name": "pagination_token", "in": "query", "schema": {"type": "string"}})
                    for p, op in up["paths"].items() if "/insights/" in p],
        [("getInsights28hr", "parameter-added", "additive", f"{P28}/parameters", f"{P28}/parameters/4"),
         ("getInsightsHistorical", "parameter-added", "additive", f"{PHIST}/parameters", f"{PHIST}/parameters/6")],
    ),
    "response property added (additive)": (
        lambda up: schemas(up)["Measurement"]["properties"].update(metrics_breakdown={"type": "array"}),
        _both("property-added", "additive", "#/components/schemas/Measurement/properties",
              "#/components/schemas/Measurement/properties/metrics_breakdown"),
    ),
    "response property removed (breaking)": (
        lambda up: schemas(up)["Measurement"]["properties"].pop("metrics_total"),
        _both("property-removed", "breaking", "#/components/schemas/Measurement/properties/metrics_total",
              "#/components/schemas/Measurement/properties"),
    ),
    "response type changed (breaking)": (
        lambda up: schemas(up)["MetricValue"]["properties"]["metric_value"].update(type="string"),
        _both("type-changed", "breaking", "#/components/schemas/MetricValue/properties/metric_value/type",
              "#/components/schemas/MetricValue/properties/metric_value/type"),
    ),
    "response required list loses an entry (breaking)": (
        lambda up: schemas(up)["Problem"].update(required=["type"]),
        _every_v2("no-longer-required", "breaking", "#/components/schemas/Problem/required",
                  "#/components/schemas/Problem/required"),
    ),
    "scope added (breaking)": (
        lambda up: [op["get"]["security"][0]["OAuth2UserToken"].append("tweet.write") for op in up["paths"].values()],
        _per_operation("security-scopes-changed", "breaking", "/security/0/OAuth2UserToken",
                       "/security/0/OAuth2UserToken"),
    ),
    "OAuth 1.0a no longer accepted (breaking)": (
        lambda up: [op["get"]["security"].pop() for op in up["paths"].values()],
        _per_operation("security-requirement-removed", "breaking", "/security/1", "/security"),
    ),
    "token URL changed (breaking)": (
        lambda up: up["components"]["securitySchemes"]["OAuth2UserToken"]["flows"]["authorizationCode"].update(
            tokenUrl="https://api.x.com/2/oauth2/token2"),
        _every_v2("security-scheme-changed", "breaking",
                  "#/components/securitySchemes/OAuth2UserToken/flows/authorizationCode/tokenUrl",
                  "#/components/securitySchemes/OAuth2UserToken/flows/authorizationCode/tokenUrl"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_change_is_classified_with_pointers(name: str) -> None:
    change, expected = CASES[name]
    assert findings_for(change) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [("metric added (additive)", 3), ("maxItems lowered (breaking)", 1)],
)
def test_exit_code_says_additive_only_or_breaking(name: str, code: int, tmp_path: Path) -> None:
    up = upstream_like_x()
    CASES[name][0](up)
    assert main(["drift", "--upstream", str(write(tmp_path, up))]) == code


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTP server for tmp_path (with its request log silenced)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_upstream_by_url(tmp_path: Path, served: str, capsys: Any) -> None:
    up = upstream_like_x()
    schemas(up)["V2Metric"]["enum"].append("Bookmarks")
    write(tmp_path, up)
    assert main(["drift", "--upstream", f"{served}/openapi.json"]) == 3
    assert "upstream adds 'Bookmarks'" in capsys.readouterr().out


def test_unreadable_upstream_exits_2_naming_it(tmp_path: Path, served: str, capsys: Any) -> None:
    assert main(["drift", "--upstream", f"{served}/missing.json"]) == 2
    assert "missing.json: HTTP 404" in capsys.readouterr().err
    assert main(["drift", "--upstream", str(tmp_path / "nowhere.json")]) == 2
    assert "nowhere.json" in capsys.readouterr().err
    (tmp_path / "list.json").write_text("[1, 2]")
    assert main(["drift", "--upstream", str(tmp_path / "list.json")]) == 2
    (tmp_path / "nopaths.json").write_text('{"openapi": "3.1.0"}')
    assert main(["drift", "--upstream", str(tmp_path / "nopaths.json")]) == 2
    assert "no `paths` object at #/paths" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["drift"])
    assert usage.value.code == 2


def test_a_baseline_accepts_reviewed_findings_and_still_catches_new_ones(tmp_path: Path, capsys: Any) -> None:
    up = upstream_like_x()
    params(up)["TweetIdsParameter"].pop("explode")  # X's document: style form, no explode (known)
    upstream = write(tmp_path, up)
    reviewed = tmp_path / "baseline.json"
    assert main(["drift", "--upstream", str(upstream), "--json", str(reviewed)]) == 1
    capsys.readouterr()
    assert main(["drift", "--upstream", str(upstream), "--baseline", str(reviewed)]) == 0
    out = capsys.readouterr().out
    assert "KNOWN     getInsights28hr: parameter-serialization-changed" in out
    assert "(0 breaking, 0 additive, 2 known)" in out
    schemas(up)["V2Metric"]["enum"].remove("Likes")
    write(tmp_path, up)
    assert main(["drift", "--upstream", str(upstream), "--baseline", str(reviewed)]) == 1
    (tmp_path / "bad.json").write_text("{}")
    assert main(["drift", "--upstream", str(upstream), "--baseline", str(tmp_path / "bad.json")]) == 2


def _problem_subtypes_as_x_publishes_them(up: dict[str, Any]) -> None:
    """X's Problem keeps type/title/detail/status; each problem type's members live in a subtype."""
    problem = schemas(up)["Problem"]
    extension = {k: v for k, v in problem["properties"].items() if k not in ("type", "title", "detail", "status")}
    problem["properties"] = {k: v for k, v in problem["properties"].items() if k not in extension}
    problem["discriminator"] = {
        "propertyName": "type",
        "mapping": {"https://api.twitter.com/2/problems/invalid-request": "#/components/schemas/InvalidRequestProblem"},
    }
    schemas(up)["InvalidRequestProblem"] = {
        "allOf": [{"$ref": "#/components/schemas/Problem"}, {"type": "object", "properties": extension}]
    }


def test_members_of_discriminated_subtypes_are_not_gone() -> None:
    assert findings_for(_problem_subtypes_as_x_publishes_them) == []


def test_request_bodies_are_compared_when_upstream_serves_the_enterprise_host() -> None:
    """An upstream document that does list data-api.twitter.com covers the Enterprise operations."""
    up = copy.deepcopy(document())
    schemas(up)["EngagementType"]["enum"].remove("url_clicks")
    report = compare(document(), up, "test")
    assert not report.not_covered
    found = {(f.operation, f.kind, f.severity, f.ours, f.upstream) for f in report.findings}
    for op in ("getEngagement28hr", "getEngagementHistorical"):
        assert (op, "enum-value-removed", "breaking", "#/components/schemas/EngagementType/enum/8",
                "#/components/schemas/EngagementType/enum") in found  # fmt: skip
    assert all(f.operation in ("getEngagement28hr", "getEngagementHistorical") for f in report.findings)


# --- an upstream document is data: only its own `#/` references, within size and time limits ---

SECRET = "s3cr3t-local-file-content"


def _refusing(tmp_path: Path, ref: str, capsys: Any) -> tuple[str, str]:
    """Put `ref` in the upstream's Problem schema; the run must exit 2 having shown nothing of it."""
    (tmp_path / "secret.yaml").write_text(f"type: string\ndescription: {SECRET}\n", encoding="utf-8")
    up = upstream_like_x()
    schemas(up)["Problem"] = {"$ref": ref}
    upstream = tmp_path / "up" / "openapi.json"
    upstream.parent.mkdir()
    upstream.write_text(json.dumps(up), encoding="utf-8")
    args = [
        "drift",
        "--upstream",
        str(upstream),
        "--json",
        str(tmp_path / "r.json"),
        "--markdown",
        str(tmp_path / "r.md"),
    ]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.md").exists()
    return out, err


@pytest.mark.parametrize(
    "ref", ["../secret.yaml", "/etc/passwd", "/dev/zero", "openapi.json", "file:///etc/passwd", "#"]
)
def test_references_outside_the_document_are_refused_never_opened(tmp_path: Path, ref: str, capsys: Any) -> None:
    out, err = _refusing(tmp_path, ref, capsys)
    assert "refused and not opened" in err
    assert "#/components/schemas/Problem/$ref" in err and repr(ref) in err
    assert "root:" not in out + err  # /etc/passwd's first line


def test_references_by_url_are_refused_too(tmp_path: Path, served: str, capsys: Any) -> None:
    up = upstream_like_x()
    schemas(up)["Problem"] = {"$ref": "/etc/passwd"}
    write(tmp_path, up)
    assert main(["drift", "--upstream", f"{served}/openapi.json"]) == 2
    out, err = capsys.readouterr()
    assert "refused and not opened" in err and "root:" not in out + err


def test_a_reference_cycle_is_a_clear_error(tmp_path: Path, capsys: Any) -> None:
    up = upstream_like_x()
    schemas(up)["Problem"] = {"$ref": "#/components/schemas/Loop"}
    schemas(up)["Loop"] = {"$ref": "#/components/schemas/Problem"}
    assert main(["drift", "--upstream", str(write(tmp_path, up))]) == 2
    err = capsys.readouterr().err
    assert "reference cycle" in err and "Traceback" not in err


def test_invalid_utf8_is_unreadable_not_breaking(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, upstream_like_x())
    path.write_bytes(path.read_bytes().replace(b'"openapi"', b'"open\xffapi"', 1))
    assert main(["drift", "--upstream", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_absurd_nesting_is_refused_with_its_line(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"paths": {},\n"x": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    assert main(["drift", "--upstream", str(path)]) == 2
    assert f"{path}:2: nested more than" in capsys.readouterr().err


def test_a_trickling_upstream_is_given_up_at_the_deadline(capsys: Any) -> None:
    import time

    from tests.support.faults import fault_server, trickle

    body = json.dumps(upstream_like_x()).encode()
    with fault_server(trickle(body, 0.05)) as url:
        started = time.monotonic()
        assert main(["drift", "--upstream", f"{url}/openapi.json", "--deadline", "1"]) == 2
        took = time.monotonic() - started
    assert took < 5
    assert "not fully received within 1 s" in capsys.readouterr().err


@pytest.mark.parametrize("gzip_bomb", [False, True])
def test_an_endless_or_inflating_upstream_is_cut_at_the_size_limit(gzip_bomb: bool, capsys: Any) -> None:
    import gzip

    from tests.support.faults import endless, fault_server, head

    if gzip_bomb:
        bomb = gzip.compress(b" " * (33 * 1024 * 1024))

        def respond(connection: Any, stop: Any) -> None:
            headers = {"content-type": "application/json", "content-encoding": "gzip"}
            connection.sendall(head(200, {**headers, "content-length": str(len(bomb))}) + bomb)

        server = fault_server(respond)
    else:
        server = fault_server(endless(b" " * 65536, {"content-type": "application/json"}))
    with server as url:
        assert main(["drift", "--upstream", f"{url}/openapi.json"]) == 2
    assert "larger than 33,554,432 bytes" in capsys.readouterr().err


X_V2_167 = Path(__file__).resolve().parents[1] / "data" / "x_v2_167" / "analytics-openapi.json"


def test_drift_against_xs_v2_167_analytics_document(tmp_path: Path, capsys: Any) -> None:
    """X's v2.167 extract (vendored, verbatim): the insights paths are gone without a deprecation,
    which is breaking, and our two analytics operations are walked against X's own schemas, with
    OpenAPI 3.0 `nullable` read as our 3.1 null branch and our wider unions of X's plain counters
    accepted (no finding on the post counters, where we match X)."""
    json_file = tmp_path / "drift.json"
    code = main(["drift", "--upstream", str(X_V2_167), "--json", str(json_file)])
    out = capsys.readouterr().out
    assert code == 1 and "result: BREAKING DRIFT" in out
    assert "compared: getInsights28hr, getInsightsHistorical, getPostsAnalytics, getMediaAnalytics" in out
    findings = json.loads(json_file.read_text())["findings"]
    gone = [(f["operation"], f["kind"], f["severity"], f["ours"], f["upstream"]) for f in findings
            if f["kind"] == "operation-gone"]  # fmt: skip
    assert gone == [
        ("getInsights28hr", "operation-gone", "breaking", P28, None),
        ("getInsightsHistorical", "operation-gone", "breaking", PHIST, None),
    ]
    analytics = [f for f in findings if f["operation"] in ("getPostsAnalytics", "getMediaAnalytics")]
    assert {f["operation"] for f in analytics} == {"getPostsAnalytics", "getMediaAnalytics"}
    # each finding points into X's document, at the schema it came from
    assert all(f["upstream"].startswith("#/components/") for f in analytics)
    post_counters = [f for f in analytics if f["operation"] == "getPostsAnalytics" and ".data[item]" in f["message"]]
    assert {f["kind"] for f in post_counters} == {"format-changed"}  # X says int64; nothing breaking
    assert all(f["severity"] == "additive" for f in post_counters)
    assert not [f for f in findings if f["kind"] == "nullable-changed"]


def test_a_counter_x_makes_nullable_that_we_do_not_is_breaking() -> None:
    def nullable_likes(up: dict[str, Any]) -> None:
        schemas(up)["MetricValue"]["properties"]["metric_value"]["nullable"] = True

    assert findings_for(nullable_likes) == _both(
        "nullable-changed", "breaking", "#/components/schemas/MetricValue/properties/metric_value",
        "#/components/schemas/MetricValue/properties/metric_value",
    )  # fmt: skip
