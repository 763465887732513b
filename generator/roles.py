"""The roles the templates and the runtime rely on, read from the spec's `x-` markers and checked.

A template or runtime module never names a schema, parameter, tag or header by itself: it reads
the name from here, so renaming one in the spec is either served or refused as a SpecError that
names the JSON pointer (never an import error in the generated package).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import SpecError, pointer_join
from generator.resolve import Resolver

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
COMPONENT = "#/components/schemas/"

# x-role on a component schema -> what the runtime decodes with it.
SCHEMA_ROLES = (
    "insights-response", "enterprise-response", "problem", "v2-error", "enterprise-error",
    "analytics-response", "media-analytics-response",
)  # fmt: skip
# Roles a spec may leave out: the runtime needs them only when an operation of that variant exists.
OPTIONAL_SCHEMA_ROLES = ("analytics-response", "media-analytics-response")
# x-variant on a tag -> the variant an operation with that tag belongs to (it picks the error format
# and the result type). v2 and the two analytics variants answer in X's v2 error format.
VARIANTS = ("v2", "enterprise", "analytics", "media")
V2_FORMAT_VARIANTS = ("v2", "analytics", "media")
# The schema role each variant's 200 answer carries.
RESPONSE_ROLE = {
    "v2": "insights-response",
    "enterprise": "enterprise-response",
    "analytics": "analytics-response",
    "media": "media-analytics-response",
}
# x-role on a parameter (or a key of a requestBody's x-roles) -> what the runtime does with it.
PARAMETER_ROLES = ("batch", "metrics", "fields", "granularity")
REQUIRED_PARAMETER_ROLES = ("batch", "metrics")
# x-role on an operation -> what the package asks it for: `recent` is the variant's rolling window
# (the 28 hours `x-engagement fetch` and the collector ask for), `range` an operation asked for an
# explicit time range (its time-window rule names the two ends); at most one per variant.
OPERATION_ROLES = ("recent", "range")
# x-buckets on the granularity parameter's enum: each value on the wire -> the bucket it counts.
BUCKETS = ("hour", "day", "week", "total")
# x-role on a header component -> the rate-limit figure its header carries.
HEADER_ROLES = ("rate-limit-limit", "rate-limit-remaining", "rate-limit-reset")
# x-grouping `roles` -> which level's keys are post ids, engagement types, days and hours.
GROUPING_ROLES = ("post", "type", "day", "hour")
REQUIRED_GROUPING_ROLES = ("post", "type")  # the runtime accounts results by these two levels


@dataclass(frozen=True)
class OperationRoles:
    """The wire names of one operation's role-bearing inputs; `fields` and `granularity` only where
    the spec has them."""

    batch: str
    metrics: str
    fields: str | None
    granularity: str | None


@dataclass(frozen=True)
class SpecRoles:
    """Every role of the spec, by role: schema names, tag variants and rate-limit header names."""

    schemas: dict[str, str]
    variants: dict[str, str]
    rate_limit_headers: dict[str, tuple[str, ...]]

    def schema(self, role: str) -> str:
        return self.schemas[role]


def components(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """`#/components/<kind>`, or a SpecError naming the missing section (never a KeyError)."""
    found = spec.get("components")
    if not isinstance(found, dict):
        raise SpecError("#/components", f"the spec needs components (at least {kind})")
    section = found.get(kind)
    if not isinstance(section, dict) or not section:
        raise SpecError(pointer_join("#/components", kind), f"the spec needs components/{kind}")
    return section


def operations(spec: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, path, method, operation) for every operation, in spec order."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                found.append((pointer_join("#/paths", path, method), path, method, item[method]))
    return found


def read_roles(spec: dict[str, Any]) -> SpecRoles:
    """Every spec-wide role, each exactly once; raises SpecError naming the pointer otherwise."""
    schemas = components(spec, "schemas")
    by_role: dict[str, str] = {}
    for name, schema in schemas.items():
        role = schema.get("x-role") if isinstance(schema, dict) else None
        if role is None:
            continue
        where = pointer_join(COMPONENT.rstrip("/"), name, "x-role")
        if role not in SCHEMA_ROLES:
            raise SpecError(where, f"unknown schema role {role!r}; known: {list(SCHEMA_ROLES)}")
        if role in by_role:
            raise SpecError(where, f"x-role {role!r} is also given to schema {by_role[role]!r}")
        by_role[role] = name
    for role in SCHEMA_ROLES:
        if role not in by_role and role not in OPTIONAL_SCHEMA_ROLES:
            raise SpecError("#/components/schemas", f"no schema has x-role: {role} (the runtime decodes with it)")
    return SpecRoles(
        schemas={role: by_role[role] for role in SCHEMA_ROLES if role in by_role},
        variants=_variants(spec),
        rate_limit_headers=_rate_limit_headers(spec),
    )


def _variants(spec: dict[str, Any]) -> dict[str, str]:
    variants: dict[str, str] = {}
    for index, tag in enumerate(spec.get("tags", [])):
        if "x-variant" not in tag:
            continue
        where = pointer_join("#/tags", index, "x-variant")
        if tag["x-variant"] not in VARIANTS:
            raise SpecError(where, f"unknown variant {tag['x-variant']!r}; known: {list(VARIANTS)}")
        variants[tag["name"]] = tag["x-variant"]
    if not variants:
        raise SpecError("#/tags", f"no tag has x-variant (one of {list(VARIANTS)}); it picks the error format")
    return variants


def _rate_limit_headers(spec: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Header names by role, from every response header that refers to a role-bearing component."""
    headers = components(spec, "headers")
    roles: dict[str, str] = {}
    for name, header in headers.items():
        role = header.get("x-role")
        if role is None:
            continue
        if role not in HEADER_ROLES:
            raise SpecError(
                pointer_join("#/components/headers", name, "x-role"),
                f"unknown header role {role!r}; known: {list(HEADER_ROLES)}",
            )
        roles["#/components/headers/" + name] = role
    names: dict[str, list[str]] = {role: [] for role in HEADER_ROLES}
    resolver = Resolver(spec)
    responses = [
        resolver.deref(response) for _, _, _, op in operations(spec) for response in op.get("responses", {}).values()
    ]
    for response in responses:
        for header_name, header in response.get("headers", {}).items():
            role = roles.get(header.get("$ref", ""))
            if role is not None and header_name.lower() not in names[role]:
                names[role].append(header_name.lower())
    for role, found in names.items():
        if not found:
            raise SpecError(
                "#/components/headers",
                f"no response header refers to a component with x-role: {role} (the runtime reads it)",
            )
    return {role: tuple(found) for role, found in names.items()}


def operation_variant(roles: SpecRoles, op: dict[str, Any], pointer: str) -> str:
    """The variant of the one x-variant tag the operation carries."""
    tags = [tag for tag in op.get("tags") or [] if tag in roles.variants]
    if len(op.get("tags") or []) != 1 or len(tags) != 1:
        raise SpecError(
            pointer_join(pointer, "tags"),
            f"an operation needs exactly one tag, one of {sorted(roles.variants)} (x-variant; it picks the error format)",
        )
    return roles.variants[tags[0]]


def operation_roles(resolver: Resolver, op: dict[str, Any], pointer: str) -> OperationRoles:
    """The batch, metrics and fields inputs of an operation, each marked once in the spec."""
    found: dict[str, str] = {}

    def mark(role: Any, name: str, where: str) -> None:
        if role not in PARAMETER_ROLES:
            raise SpecError(where, f"unknown parameter role {role!r}; known: {list(PARAMETER_ROLES)}")
        if role in found:
            raise SpecError(where, f"x-role {role!r} is also given to {found[role]!r}")
        found[role] = name

    for index, raw in enumerate(op.get("parameters", [])):
        param = resolver.deref(raw)
        if "x-role" in param:
            mark(param["x-role"], param["name"], pointer_join(pointer, "parameters", index, "x-role"))
    body = op.get("requestBody")
    if body is not None:
        body = resolver.deref(body)
        properties = resolver.deref(body["content"]["application/json"]["schema"]).get("properties", {})
        for role, name in body.get("x-roles", {}).items():
            where = pointer_join(pointer, "requestBody", "x-roles", role)
            if name not in properties:
                raise SpecError(where, f"the request body has no property {name!r}")
            mark(role, name, where)
    for role in REQUIRED_PARAMETER_ROLES:
        if role not in found:
            raise SpecError(
                pointer,
                f"no parameter (x-role) or body property (requestBody x-roles) has the role {role!r}",
            )
    return OperationRoles(
        batch=found["batch"], metrics=found["metrics"], fields=found.get("fields"), granularity=found.get("granularity")
    )


def operation_role(op: dict[str, Any], pointer: str) -> str | None:
    """The operation's own x-role (None without one)."""
    role = op.get("x-role")
    if role is not None and role not in OPERATION_ROLES:
        raise SpecError(
            pointer_join(pointer, "x-role"), f"unknown operation role {role!r}; known: {list(OPERATION_ROLES)}"
        )
    return role if isinstance(role, str) else None


def buckets(resolver: Resolver, schema: dict[str, Any], pointer: str) -> dict[str, str]:
    """{value on the wire: bucket} from the granularity enum's x-buckets, every value covered once."""
    target = resolver.deref(schema)
    enum = [str(value) for value in target.get("enum", [])]
    marked = target.get("x-buckets")
    if not isinstance(marked, dict):
        raise SpecError(
            pointer, f"the granularity parameter's enum needs x-buckets: each of {enum} -> one of {list(BUCKETS)}"
        )
    if sorted(marked) != sorted(enum):
        raise SpecError(pointer, f"x-buckets must name exactly the enum's values {enum}; got {sorted(marked)}")
    wrong = {value: bucket for value, bucket in marked.items() if bucket not in BUCKETS}
    if wrong:
        raise SpecError(pointer, f"x-buckets: unknown bucket(s) {wrong}; known: {list(BUCKETS)}")
    return {str(value): str(bucket) for value, bucket in marked.items()}


def grouping_roles(grouping: dict[str, Any], pointer: str) -> dict[str, str]:
    """Level by role (`post`, `type`, `day`, `hour`) from x-grouping's `roles`, each naming a keyed level."""
    where = pointer_join(pointer, "roles")
    roles = grouping.get("roles")
    if not isinstance(roles, dict):
        raise SpecError(where, f"x-grouping needs roles: a mapping of {list(GROUPING_ROLES)} to levels of its keys")
    found: dict[str, str] = {}
    for role, level in roles.items():
        if role not in GROUPING_ROLES:
            raise SpecError(pointer_join(where, role), f"unknown grouping role {role!r}; known: {list(GROUPING_ROLES)}")
        if level not in grouping.get("keys", {}):
            raise SpecError(pointer_join(where, role), f"{level!r} is not a level of x-grouping keys")
        if level in found.values():
            raise SpecError(pointer_join(where, role), f"level {level!r} already has another role")
        found[role] = level
    missing = [role for role in REQUIRED_GROUPING_ROLES if role not in found]
    if missing:
        raise SpecError(where, f"x-grouping roles must name the levels {missing} (results are accounted by them)")
    return {role: found[role] for role in GROUPING_ROLES if role in found}
