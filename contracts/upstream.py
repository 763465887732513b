"""Reading a document someone else publishes (X's openapi.json) without trusting it.

The upstream document is data, never instructions: it is fetched within a size limit and a total
deadline, decoded as strict UTF-8, and only its own `#/...` references are ever followed. A `$ref`
naming a file (`/etc/passwd`, `../secrets.yaml`), a URL or the whole document is refused and
reported, never opened, because the drift report that would show its content is posted publicly.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from generator.errors import pointer_join

MAX_BYTES = 32 * 1024 * 1024  # X's v2 document is about 1 MB
DEADLINE = 60.0  # seconds for the whole download, however slowly it trickles
MAX_DEPTH = 200  # X's document nests about 20 deep
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UpstreamError(Exception):
    """The upstream document cannot be fetched or read, or asks for what we refuse (exit code 2)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    deadline: float = DEADLINE
    max_depth: int = MAX_DEPTH


DEFAULT_LIMITS = Limits()


def read_upstream(source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The document at `source` (a path or an http(s) URL), parsed and checked; or UpstreamError."""
    if source.startswith(("http://", "https://")):
        content = _download(source, limits)
    else:
        content = _read_file(Path(source), limits)
    document = parse(content, source, limits)
    refused = foreign_references(document)
    if refused:
        shown = "; ".join(f"{pointer}: {ref!r}" for pointer, ref in refused[:5])
        more = f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""
        raise UpstreamError(
            f"{source}: {len(refused)} reference(s) outside the document, refused and not opened "
            f"(only '#/...' references are followed): {shown}{more}"
        )
    if not isinstance(document.get("paths"), dict):
        raise UpstreamError(f"{source}: not an OpenAPI document (no `paths` object at #/paths)")
    return document


def _download(url: str, limits: Limits) -> bytes:
    started = time.monotonic()
    timeout = httpx.Timeout(min(30.0, limits.deadline), connect=min(10.0, limits.deadline))
    chunks: list[bytes] = []
    size = 0
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise UpstreamError(f"{url}: HTTP {response.status_code}, expected 200 with the OpenAPI document")
            for chunk in response.iter_bytes():  # inflated: the limit counts what we would parse
                size += len(chunk)
                if size > limits.max_bytes:
                    raise UpstreamError(f"{url}: the document is larger than {limits.max_bytes:,} bytes")
                if time.monotonic() - started > limits.deadline:
                    raise UpstreamError(f"{url}: not fully received within {limits.deadline:g} s")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise UpstreamError(f"{url}: cannot fetch: {type(exc).__name__}: {exc}") from None
    return b"".join(chunks)


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            content = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise UpstreamError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(content) > limits.max_bytes:
        raise UpstreamError(f"{path}: the document is larger than {limits.max_bytes:,} bytes")
    return content


def parse(content: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """JSON (X publishes JSON) or YAML, strict UTF-8, nested at most `limits.max_depth` deep."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UpstreamError(f"{source}: not UTF-8 (byte {exc.start}: {content[exc.start : exc.start + 1]!r})") from None
    _check_depth(text, source, limits.max_depth)
    try:
        document = json.loads(text) if text.lstrip().startswith(("{", "[")) else yaml.load(text, Loader=_LOADER)
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        raise UpstreamError(f"{source}: not JSON or YAML: {type(exc).__name__}: {str(exc)[:200]}") from None
    if not isinstance(document, dict):
        raise UpstreamError(f"{source}: not an OpenAPI document (the top level is not an object)")
    return document


def _check_depth(text: str, source: str, max_depth: int) -> None:
    """Refuse absurd nesting before a parser recurses into it (brackets outside strings, JSON flow)."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, index) + 1
                raise UpstreamError(f"{source}:{line}: nested more than {max_depth} levels deep")
        elif char in "]}":
            depth -= 1


def foreign_references(document: Any) -> list[tuple[str, str]]:
    """Every `$ref` that is not a `#/...` pointer into the document itself, with where it stands."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(document, "#")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if "$ref" in node and not (isinstance(ref, str) and ref.startswith("#/")):
                found.append((pointer_join(pointer, "$ref"), str(ref)))
            stack.extend((value, pointer_join(pointer, key)) for key, value in node.items() if key != "$ref")
        elif isinstance(node, list):
            stack.extend((value, pointer_join(pointer, index)) for index, value in enumerate(node))
    return sorted(found)
