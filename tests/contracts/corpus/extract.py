"""Writes the corpus: every request/response example X publishes for the engagement APIs, byte for byte.

Run once by hand against a clone of xdevplatform/docs (`python -m tests.contracts.corpus.extract
<git dir>`); the tests read only what it wrote (examples/*.txt and manifest.json), never the clone.
Each example is the exact text of the source between two offsets: a fenced code block's body, or
one cell of the API reference's tables (MDX-escaped, `<br/>` for line breaks; corpus.decode reads it).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = "xdevplatform/docs"
ENTERPRISE_PATH = "x-api/enterprise-gnip-2.0/fundamentals/engagement-api.mdx"
# the last commit whose engagement-api.mdx still has the API reference (f54b4ea1 cut it to 12 kB)
ENTERPRISE_COMMIT = "b702cd85ca257ca818a59e4400a5e093d27d0ea5"
V2_PAGES = ("x-api/posts/get-28-hour-post-insights.mdx", "x-api/posts/get-historical-post-insights.mdx")
# the v2 pages only point at X's openapi.json: its last version with /2/insights/* (v2.166)
OPENAPI_COMMIT = "541ef718dee369f983db8af9e710b22e79951218"
HERE = Path(__file__).resolve().parent

# fenced block (1-based line of its opening fence) -> (id, kind, endpoint)
FENCED = {
    174: ("guide-totals-request", "request", "totals"),
    204: ("guide-totals-response", "response", "totals"),
    452: ("video-views-unsupported-response", "response", "totals"),
    501: ("groupings-four-items-order-1", "fragment", None),
    512: ("groupings-four-items-order-2", "fragment", None),
    523: ("grand-totals-request", "request", "totals"),
    541: ("grand-totals-response", "response", "totals"),
    553: ("hourly-time-series-request", "request", "historical"),
    578: ("hourly-time-series-response", "response", "historical"),
    669: ("error-unknown-authorization-type", "text", None),
    675: ("error-forbidden-to-access-tweets", "text", None),
}
# (section heading, row label) -> (id, kind)
CELLS = {
    "totals": ["POST Format", "Groupings", "Example Request (public metrics)", "Example Request",
               "Example Response (public metrics)", "Example Response", "Unavailable Tweet IDs"],
    "28hr": ["POST Format", "Groupings", "Example Request", "Example Response", "Unavailable Tweet IDs"],
    "historical": ["POST Format", "Groupings", "Example Request", "Example Response", "Unavailable Tweet IDs"],
}  # fmt: skip
KIND = {"POST Format": "request", "Groupings": "fragment", "Unavailable Tweet IDs": "response"}


def show(git_dir: str, commit: str, path: str) -> bytes:
    return subprocess.run(["git", "-C", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True).stdout


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def entry(ident: str, kind: str, endpoint: str | None, text: bytes, source: dict[str, object]) -> dict[str, object]:
    name = f"{ident}.txt"
    (HERE / "examples" / name).write_bytes(text)
    return {"id": ident, "file": f"examples/{name}", "kind": kind, "endpoint": endpoint,
            "sha256": hashlib.sha256(text).hexdigest(), "source": source}  # fmt: skip


def main(git_dir: str) -> None:
    (HERE / "examples").mkdir(exist_ok=True)
    raw = show(git_dir, ENTERPRISE_COMMIT, ENTERPRISE_PATH)
    lines = raw.split(b"\n")
    offsets = [0]
    for each in lines:
        offsets.append(offsets[-1] + len(each) + 1)
    entries = []

    def source(line: int, start: int, end: int, form: str) -> dict[str, object]:
        return {"repo": REPO, "path": ENTERPRISE_PATH, "commit": ENTERPRISE_COMMIT, "line": line,
                "bytes": [start, end], "form": form}  # fmt: skip

    for fence, (ident, kind, endpoint) in FENCED.items():
        assert lines[fence - 1].startswith(b"```"), (fence, lines[fence - 1])
        close = next(i for i in range(fence, len(lines)) if lines[i].startswith(b"```"))
        start, end = offsets[fence], offsets[close]
        entries.append(entry(ident, kind, endpoint, raw[start:end], source(fence, start, end, "fenced")))
    section = None
    for number, line_bytes in enumerate(lines, 1):
        text = line_bytes.decode()
        heading = re.match(r"#### \*\*POST /insights/engagement/(\w+)\*\*", text)
        if heading:
            section = heading.group(1)
            continue
        row = re.match(r"\| \*\*(.+?)\*\* \| (.*) \|$", text)
        if section is None or row is None or row.group(1) not in CELLS[section]:
            continue
        label = row.group(1)
        cell_kind = KIND.get(label, "request" if label.startswith("Example Request") else "response")
        cell = row.group(2).encode()
        start = offsets[number - 1] + len(line_bytes) - len(cell) - 2
        assert raw[start : start + len(cell)] == cell
        form = "curl-in-table" if label.startswith("Example Request") else "table"
        ident = f"reference-{section}-{slug(label)}"
        entries.append(entry(ident, cell_kind, section, cell, source(number, start, start + len(cell), form)))
    spec = json.loads(show(git_dir, OPENAPI_COMMIT, "openapi.json"))
    for path in ("/2/insights/28hr", "/2/insights/historical"):
        for index, parameter in enumerate(spec["paths"][path]["get"]["parameters"]):
            for where, holder in (("", parameter), ("/schema", parameter.get("schema", {}))):
                if "example" in holder:
                    ident = f"v2{path.replace('/2/insights', '').replace('/', '-')}-{parameter['name']}"
                    pointer = f"/paths/{path.replace('/', '~1')}/get/parameters/{index}{where}/example"
                    example = json.dumps({parameter["name"]: holder["example"]}).encode()
                    entries.append(entry(ident, "v2-parameter", path.rsplit("/", 1)[1], example,
                                         {"repo": REPO, "path": "openapi.json", "commit": OPENAPI_COMMIT,
                                          "pointer": pointer, "form": "openapi-example", "pages": list(V2_PAGES)}))  # fmt: skip
    manifest = {"sources": [
        {"repo": REPO, "path": ENTERPRISE_PATH, "commit": ENTERPRISE_COMMIT},
        {"repo": REPO, "path": "openapi.json", "commit": OPENAPI_COMMIT, "version": spec["info"]["version"],
         "note": "the v2 insights pages (" + ", ".join(V2_PAGES) + ") are only `openapi: get ...` front matter; "
                 "their examples are this document's parameter examples (it has no response example)"},
    ], "examples": entries}  # fmt: skip
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
