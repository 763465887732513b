"""The metric crosswalk (`#/components/x-metrics`): one canonical name per metric, checked against the enums.

Each entry names the v2 metric and the Enterprise engagement type(s) counting the same thing; the
names are checked against the metric enums the operations accept, so a typo in the crosswalk is a
SpecError with the pointer of the entry rather than a row nobody can join.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.errors import SpecError, pointer_join

POINTER = "#/components/x-metrics"
VARIANTS = ("v2", "enterprise", "analytics", "media")
SINGLE = ("v2", "analytics", "media")  # variants naming one metric per entry (Enterprise: a list)
_KIND = {
    "v2": "v2 metric",
    "enterprise": "Enterprise engagement type",
    "analytics": "post analytics field",
    "media": "media analytics field",
}
_CANONICAL = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# `source`: where a pairing with the analytics fields comes from; `absent`: variants that have no
# counterpart, each with the reason (so "no counterpart" is stated, not inferred from silence).
_KEYS = frozenset({*VARIANTS, "only", "uncertain", "source", "absent"})


@dataclass(frozen=True)
class MetricPairing:
    """One metric: its canonical name and what each variant calls it (None / () where it has none)."""

    canonical: str
    v2: str | None
    enterprise: tuple[str, ...]
    uncertain: str | None = None
    analytics: str | None = None
    media: str | None = None
    source: str | None = None
    absent: tuple[tuple[str, str], ...] = ()


def read_crosswalk(spec: dict[str, Any], enums: dict[str, frozenset[str]]) -> tuple[MetricPairing, ...]:
    """The crosswalk in spec order; `enums` maps each variant to every metric name it accepts."""
    table = spec.get("components", {}).get("x-metrics")
    if table is None:
        return ()
    if not isinstance(table, dict):
        raise SpecError(POINTER, "x-metrics must map canonical metric names to their variant names")
    seen: dict[tuple[str, str], str] = {}
    pairings = [_pairing(name, entry, enums, seen) for name, entry in table.items()]
    for variant in VARIANTS:
        absent = sorted(enums.get(variant, frozenset()) - {source for v, source in seen if v == variant})
        if absent:
            raise SpecError(POINTER, f"the {variant} metrics {absent} have no entry (rows need a canonical name)")
    return tuple(pairings)


def _pairing(
    name: Any, entry: Any, enums: dict[str, frozenset[str]], seen: dict[tuple[str, str], str]
) -> MetricPairing:
    where = pointer_join(POINTER, str(name))
    if not isinstance(name, str) or not _CANONICAL.match(name):
        raise SpecError(where, f"a canonical metric name is snake_case, got {name!r}")
    if not isinstance(entry, dict) or not entry:
        raise SpecError(where, "expected a mapping with `v2` and/or `enterprise`")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SpecError(pointer_join(where, unknown[0]), f"unknown key; known: {sorted(_KEYS)}")
    singles: dict[str, str | None] = {}
    for variant in SINGLE:
        value = entry.get(variant)
        if value is not None and not isinstance(value, str):
            raise SpecError(pointer_join(where, variant), f"expected one {_KIND[variant]} name, got {value!r}")
        singles[variant] = value
        _check_names(where, variant, [value] if value is not None else [], enums, seen, name)
    v2 = singles["v2"]
    enterprise = entry.get("enterprise", [])
    if not isinstance(enterprise, list) or not all(isinstance(t, str) for t in enterprise):
        raise SpecError(pointer_join(where, "enterprise"), "expected a list of Enterprise engagement types")
    _check_names(where, "enterprise", enterprise, enums, seen, name)
    only = entry.get("only")
    present = [variant for variant in VARIANTS if (enterprise if variant == "enterprise" else singles[variant])]
    if not present:
        raise SpecError(where, "names no metric of any variant")
    expected_only = present[0] if len(present) == 1 else None
    if only != expected_only:
        said = f"says only: {only}" if only else "does not say `only`"
        raise SpecError(pointer_join(where, "only"), f"the entry {said}, but it names {' and '.join(present)} metrics")
    uncertain = entry.get("uncertain")
    if uncertain is not None and not (isinstance(uncertain, str) and uncertain.strip()):
        raise SpecError(pointer_join(where, "uncertain"), "say why the pairing is uncertain, in words")
    source = entry.get("source")
    if source is not None and not (isinstance(source, str) and source.strip()):
        raise SpecError(pointer_join(where, "source"), "say where the pairing comes from, in words")
    absent = entry.get("absent", {})
    if not isinstance(absent, dict) or not all(
        variant in VARIANTS and variant not in present and isinstance(why, str) and why.strip()
        for variant, why in absent.items()
    ):
        raise SpecError(
            pointer_join(where, "absent"), "expected {variant: reason} for variants the entry does not name"
        )
    return MetricPairing(
        name, v2, tuple(enterprise), uncertain, singles["analytics"], singles["media"], source,
        tuple(absent.items()),
    )  # fmt: skip


def _check_names(
    where: str,
    variant: str,
    names: Iterable[str],
    enums: dict[str, frozenset[str]],
    seen: dict[tuple[str, str], str],
    canonical: str,
) -> None:
    known = enums.get(variant, frozenset())
    for index, source in enumerate(names):
        at = pointer_join(where, variant) if variant in SINGLE else pointer_join(where, variant, str(index))
        if source not in known:
            raise SpecError(at, f"unknown {_KIND[variant]} {source!r}; the operations accept: {sorted(known)}")
        if (variant, source) in seen:
            raise SpecError(at, f"{source!r} is already the {variant} name of {seen[variant, source]!r}")
        seen[variant, source] = canonical


def metric_enums(operations: Iterable[Any]) -> dict[str, frozenset[str]]:
    """Every metric name the operations accept, by variant (from each metrics parameter's enum)."""
    found: dict[str, set[str]] = {variant: set() for variant in VARIANTS}
    for op in operations:
        found.setdefault(op.variant, set()).update(_enum_of(op.input_schema, op.metrics_parameter))
    return {variant: frozenset(names) for variant, names in found.items()}


def _enum_of(schema: dict[str, Any], name: str) -> list[str]:
    """The `enum` of the items of property `name`, following `$ref`s into the bundle's `$defs`."""
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        return node

    prop = resolve(resolve(schema).get("properties", {}).get(name, {}))
    items = resolve(prop.get("items", {}))
    structural = set(items.get("x-structural", []))  # field names that are not counters (id, timestamp)
    return [value for value in items.get("enum", []) if isinstance(value, str) and value not in structural]
