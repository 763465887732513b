"""Validation messages a person can act on: close matches, the other API's name, a short echo.

JSON Schema says what is wrong (`"likes" is not one of "AppInstallAttempts", ...`); these say
what to type instead, using the spec's metric crosswalk for names of the other variant.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any

SHOWN = 5  # items of a long value echoed before "... (N items)"
KIND = {"v2": "v2 metric", "enterprise": "Enterprise engagement type"}
API = {"v2": "v2", "enterprise": "Enterprise"}
CUTOFF = 0.75  # difflib similarity below which a spelling is not offered


def summarise(value: Any) -> str:
    """A long list or object as its first few items and its length, never hundreds of ids."""
    if isinstance(value, list) and len(value) > SHOWN:
        head = ", ".join(json.dumps(v) for v in value[:SHOWN])
        return f"[{head}, ... ({len(value)} items)]"
    if isinstance(value, dict) and len(value) > SHOWN:
        head = ", ".join(json.dumps(k) for k in list(value)[:SHOWN])
        return f"{{{head}, ... ({len(value)} keys)}}"
    return json.dumps(value, ensure_ascii=False)


def shorten_echo(message: str, value: Any) -> str:
    """`message` with its echo of a long `value` replaced by `summarise(value)`."""
    if not isinstance(value, list | dict) or len(value) <= SHOWN:
        return message
    compact = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if compact in message:
        return message.replace(compact, summarise(value))
    return message if len(message) <= 300 else message[:280] + "... (shortened)"


def close_matches(value: str, options: Sequence[str]) -> list[str]:
    """Options equal to `value` but for case first, then the closest spellings (case-insensitive)."""
    folded = {option.casefold(): option for option in options}
    exact = folded.get(value.casefold())
    if exact is not None:
        return [exact]
    near = difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=CUTOFF)
    return [folded[name] for name in near]


def other_variant(variant: str, value: str, options: Sequence[str]) -> str | None:
    """`"favorites" is an Enterprise engagement type; the v2 metric is "Likes"`, when it is one.

    Only for a metric enum (one whose options are metric names of `variant`), from the crosswalk.
    """
    from x_engagement import _spec  # the spec's tables; not at import: _spec imports _request

    names = {
        canonical: {
            "v2": [v2] if v2 else [],
            "enterprise": list(_spec.METRIC_ENTERPRISE[canonical]),
        }
        for canonical, v2 in _spec.METRIC_V2.items()
    }
    if variant not in KIND or not any(set(n[variant]) & set(options) for n in names.values()):
        return None
    other = "enterprise" if variant == "v2" else "v2"
    folded = value.casefold()
    for canonical, by_variant in names.items():
        if any(name.casefold() == folded for name in by_variant[other]):
            article = "an" if other == "enterprise" else "a"
            said = f"{json.dumps(value)} is {article} {KIND[other]}"
            own = [name for name in by_variant[variant] if name in options]
            if own:
                return f"{said}; the {KIND[variant]} is {' or '.join(json.dumps(n) for n in own)}"
            if by_variant[variant]:
                theirs = " or ".join(json.dumps(n) for n in by_variant[variant])
                return f"{said}; the {KIND[variant]} {theirs} is not accepted by this operation"
            return f"{said}; the {API[variant]} API has no counterpart ({canonical!r} in x-metrics)"
    return None


def enum_message(location: str, value: Any, options: Sequence[Any], variant: str) -> str | None:
    """A better line for an enum miss, or None to keep JSON Schema's own."""
    if not isinstance(value, str):
        return None
    texts = [o for o in options if isinstance(o, str)]
    crossed = other_variant(variant, value, texts)
    if crossed is not None:
        return f"{location}: {crossed}"
    matches = close_matches(value, texts)
    if not matches:
        return None
    suggestion = " or ".join(json.dumps(m) for m in matches)
    return f"{location}: {json.dumps(value)} is not one of the {len(texts)} allowed values; did you mean {suggestion}?"
