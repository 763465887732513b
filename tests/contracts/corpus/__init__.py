"""X's published engagement-API examples, kept byte for byte (see extract.py and manifest.json)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MANIFEST = json.loads((HERE / "manifest.json").read_text())
_CURL_DATA = re.compile(r"(?:--data|-d) '(.*?)(?:'\s*$|\s*--verbose)", re.S)


@dataclass(frozen=True)
class Example:
    id: str
    kind: str  # request, response, fragment (part of a request), text (not JSON), v2-parameter
    endpoint: str | None
    raw: bytes  # exactly as published
    source: dict[str, Any]

    @property
    def values(self) -> list[Any]:
        """The JSON values the example shows, read as a reader of the page would."""
        return decode(self.raw.decode(), self.source["form"])


def examples() -> dict[str, Example]:
    out = {}
    for item in MANIFEST["examples"]:
        raw = (HERE / item["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == item["sha256"], f"{item['file']} changed"
        out[item["id"]] = Example(item["id"], item["kind"], item["endpoint"], raw, item["source"])
    return out


def unescape_cell(cell: str) -> str:
    """An MDX table cell as the page renders it: `<br/>` breaks lines, `\\{` is `{`."""
    return re.sub(r"\\(.)", r"\1", cell.replace("<br/>", "\n"))


def decode(text: str, form: str) -> list[Any]:
    """Every JSON value in the example; a bare `"key": value` fragment is read inside braces."""
    if form == "openapi-example":
        return [json.loads(text)]
    if form != "fenced":
        text = unescape_cell(text)
    if form == "curl-in-table":
        match = _CURL_DATA.search(text)
        assert match, "no --data in the curl example"
        text = match.group(1)
    return _values(text)


def _values(text: str) -> list[Any]:
    decoder, values, at = json.JSONDecoder(), [], 0
    while (match := re.compile(r'[{\["]').search(text, at)) is not None:
        start = match.start()
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            value, end = None, -1
        if isinstance(value, dict | list) and end > 0:
            values.append(value)
            at = end
            continue
        fragment = re.match(r'"[^"]+"\s*:\s*', text[start:])  # "groupings": {...}
        if fragment:
            try:
                _inner, end = decoder.raw_decode(text, start + fragment.end())
            except ValueError:
                at = start + 1
                continue
            values.append(json.loads("{" + text[start:end] + "}"))
            at = end
            continue
        at = start + 1
    return values
