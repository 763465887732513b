"""Our spec against X's published OpenAPI document: what changed upstream, and does it break us?

Our spec is read by the generator's loader; the upstream document, which we do not trust, by
contracts/upstream.py (bounded, and only its own `#/` references). Both are resolved by the
generator's resolver. Each difference is classified for a user of our client: *breaking* when
something we send is no longer accepted or something we rely on is no longer sent, *additive*
otherwise (a new metric, a new optional field). Every finding carries a JSON pointer into each
document where the thing exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from contracts.upstream import DEFAULT_LIMITS, Limits, read_upstream
from generator.errors import SpecError, pointer_join
from generator.resolve import Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BREAKING = "breaking"
ADDITIVE = "additive"
Direction = Literal["request", "response"]
# keyword -> True when a larger value accepts more (maxItems), False when it accepts less (minItems)
LIMITS = {
    "maxItems": True, "maxLength": True, "maximum": True, "exclusiveMaximum": True, "maxProperties": True,
    "minItems": False, "minLength": False, "minimum": False, "exclusiveMinimum": False, "minProperties": False,
}  # fmt: skip
DEFAULT_STYLE = {
    "query": "form",
    "cookie": "form",
    "path": "simple",
    "header": "simple",
}


@dataclass(frozen=True)
class Finding:
    operation: str  # our operationId
    kind: str  # e.g. enum-value-removed
    severity: str  # breaking | additive
    message: str
    ours: str | None  # JSON pointer into our spec (None: not in ours)
    upstream: str | None  # JSON pointer into the upstream document (None: not there)


@dataclass(frozen=True)
class NotCovered:
    operation: str
    servers: tuple[str, ...]


@dataclass
class DriftReport:
    upstream: str
    findings: list[Finding] = field(default_factory=list)
    not_covered: list[NotCovered] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)  # in the baseline: shown, not counted

    @property
    def breaking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == BREAKING]

    @property
    def exit_code(self) -> int:
        """0 no difference, 1 at least one breaking, 3 additive only."""
        if self.breaking:
            return 1
        return 3 if self.findings else 0


def finding_key(finding: Finding | dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a finding across runs (the message may be reworded)."""
    get = finding.get if isinstance(finding, dict) else lambda name: getattr(finding, name)
    return tuple(get(name) for name in ("operation", "kind", "ours", "upstream"))


def apply_baseline(report: DriftReport, accepted: list[dict[str, Any]]) -> None:
    """Move findings that a reviewed earlier report (its `findings`) already lists into `known`."""
    keys = {finding_key(item) for item in accepted}
    report.known = [f for f in report.findings if finding_key(f) in keys]
    report.findings = [f for f in report.findings if finding_key(f) not in keys]


def load_upstream(source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The upstream document from a file or an http(s) URL: bounded, and only `#/` references kept."""
    return read_upstream(source, limits)


class _Side:
    """One document and the resolver that follows its `$ref`s, keeping track of where we are."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.resolver = Resolver(document)

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(ref, "reference cycle")
            seen.add(ref)
            node, pointer = self.resolver.lookup(ref), ref
        return node, pointer

    def servers(self) -> set[str]:
        found = {_server(s) for s in self.document.get("servers", []) if isinstance(s, dict)}
        for item in self.document["paths"].values():
            for node in [item, *(item.get(m, {}) for m in HTTP_METHODS)] if isinstance(item, dict) else []:
                found |= {_server(s) for s in node.get("servers", []) if isinstance(s, dict)}
        return found

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any], str]]:
        """(method, path, operation, pointer) for every operation."""
        for path, item in self.document["paths"].items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    yield (
                        method,
                        path,
                        item[method],
                        pointer_join("#", "paths", path, method),
                    )


def _server(server: dict[str, Any]) -> str:
    return str(server.get("url", "")).rstrip("/")


class _Comparison:
    """Collects the findings of one operation pair."""

    def __init__(self, ours: _Side, upstream: _Side, operation: str) -> None:
        self.ours, self.upstream, self.operation = ours, upstream, operation
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str, str]] = set()

    def add(
        self,
        kind: str,
        breaking: bool,
        message: str,
        ours: str | None,
        upstream: str | None,
    ) -> None:
        severity = BREAKING if breaking else ADDITIVE
        self.findings.append(Finding(self.operation, kind, severity, message, ours, upstream))

    # --- schemas -------------------------------------------------------------------------------

    def schema(self, o: Any, o_ptr: str, u: Any, u_ptr: str, where: str, direction: Direction) -> None:
        """Walk two schemas side by side; `direction` says whether we send (request) or read them."""
        o, o_ptr = self.ours.follow(o, o_ptr)
        u, u_ptr = self.upstream.follow(u, u_ptr)
        if (o_ptr, u_ptr, direction) in self._seen or not isinstance(o, dict) or not isinstance(u, dict):
            return
        self._seen.add((o_ptr, u_ptr, direction))
        request = direction == "request"
        # OpenAPI 3.0's `nullable: true` (X's document) and 3.1's null branch or type (ours) say the
        # same thing: compare the non-null schemas, and whether null is allowed apart from them
        o, o_ptr, o_null = _without_null(self.ours, o, o_ptr)
        u, u_ptr, u_null = _without_null(self.upstream, u, u_ptr)
        if o_null != u_null and (u_null if not request else o_null):
            sender = "upstream may send" if not request else "we may send"
            self.add("nullable-changed", True, f"{where}: {sender} null, the other side does not allow it",
                     o_ptr, u_ptr)  # fmt: skip
        o_types, u_types = _types(o) - {"null"}, _types(u) - {"null"}
        if o_types and u_types and o_types != u_types:
            self.add("type-changed", True, f"{where}: type {_show(o_types)} became {_show(u_types)} upstream",
                     pointer_join(o_ptr, "type"), pointer_join(u_ptr, "type"))  # fmt: skip
        self._enum(o, o_ptr, u, u_ptr, where, request)
        self._limits(o, o_ptr, u, u_ptr, where, request)
        for keyword in ("pattern", "format"):
            self._narrowing_keyword(keyword, o, o_ptr, u, u_ptr, where, request)
        self._properties(o, o_ptr, u, u_ptr, where, direction)
        for keyword in ("items", "additionalProperties"):
            if isinstance(o.get(keyword), dict) and isinstance(u.get(keyword), dict):
                self.schema(o[keyword], pointer_join(o_ptr, keyword), u[keyword], pointer_join(u_ptr, keyword),
                            f"{where}[{'item' if keyword == 'items' else '*'}]", direction)  # fmt: skip
        for keyword in ("anyOf", "oneOf", "allOf"):
            o_list, u_list = o.get(keyword), u.get(keyword)
            if isinstance(o_list, list) and isinstance(u_list, list) and len(o_list) == len(u_list):
                for i, (o_sub, u_sub) in enumerate(zip(o_list, u_list, strict=True)):
                    self.schema(o_sub, pointer_join(o_ptr, keyword, i), u_sub, pointer_join(u_ptr, keyword, i),
                                where, direction)  # fmt: skip
            elif (
                not request
                and keyword != "allOf"
                and isinstance(o_list, list)
                and u_list is None
                and (branch := _branch_of(self.ours, o_list, pointer_join(o_ptr, keyword), _types(u) - {"null"}))
            ):
                # we read a union of which upstream's plain schema is one branch: we accept more
                self.schema(branch[0], branch[1], u, u_ptr, where, direction)
            elif o_list is not None or u_list is not None:
                self.add("composition-changed", True, f"{where}: `{keyword}` differs upstream",
                         pointer_join(o_ptr, keyword) if o_list is not None else o_ptr,
                         pointer_join(u_ptr, keyword) if u_list is not None else u_ptr)  # fmt: skip

    def _enum(
        self,
        o: dict[str, Any],
        o_ptr: str,
        u: dict[str, Any],
        u_ptr: str,
        where: str,
        request: bool,
    ) -> None:
        o_enum, u_enum = o.get("enum"), u.get("enum")
        if isinstance(o_enum, list) and isinstance(u_enum, list):
            for i, value in enumerate(o_enum):
                if value not in u_enum:  # we may send it / we accept it: no longer accepted / never sent
                    self.add("enum-value-removed", request, f"{where}: {value!r} is no longer in the enum upstream",
                             pointer_join(o_ptr, "enum", i), pointer_join(u_ptr, "enum"))  # fmt: skip
            for i, value in enumerate(u_enum):
                if value not in o_enum:  # a new value we may send / one we would refuse to read
                    self.add("enum-value-added", not request, f"{where}: upstream adds {value!r} to the enum",
                             pointer_join(o_ptr, "enum"), pointer_join(u_ptr, "enum", i))  # fmt: skip
        elif isinstance(o_enum, list) != isinstance(u_enum, list):
            narrowed = isinstance(u_enum, list)
            self.add("enum-changed", narrowed == request,
                     f"{where}: upstream {'adds an enum' if narrowed else 'drops the enum'}",
                     pointer_join(o_ptr, "enum") if not narrowed else o_ptr,
                     pointer_join(u_ptr, "enum") if narrowed else u_ptr)  # fmt: skip

    def _limits(
        self,
        o: dict[str, Any],
        o_ptr: str,
        u: dict[str, Any],
        u_ptr: str,
        where: str,
        request: bool,
    ) -> None:
        for keyword, larger_is_wider in LIMITS.items():
            o_value, u_value = o.get(keyword), u.get(keyword)
            if o_value == u_value or isinstance(o_value, bool) or isinstance(u_value, bool):
                continue
            if o_value is None or u_value is None:
                narrowed = o_value is None  # a limit appears upstream
            else:
                narrowed = (u_value < o_value) if larger_is_wider else (u_value > o_value)
            self.add("limit-changed", narrowed == request,
                     f"{where}: {keyword} {_opt(o_value)} became {_opt(u_value)} upstream",
                     pointer_join(o_ptr, keyword) if o_value is not None else o_ptr,
                     pointer_join(u_ptr, keyword) if u_value is not None else u_ptr)  # fmt: skip
        if bool(o.get("uniqueItems")) != bool(u.get("uniqueItems")):
            narrowed = bool(u.get("uniqueItems"))
            self.add("limit-changed", narrowed == request,
                     f"{where}: uniqueItems {bool(o.get('uniqueItems'))} became {narrowed} upstream",
                     pointer_join(o_ptr, "uniqueItems"), pointer_join(u_ptr, "uniqueItems"))  # fmt: skip

    def _narrowing_keyword(
        self,
        keyword: str,
        o: dict[str, Any],
        o_ptr: str,
        u: dict[str, Any],
        u_ptr: str,
        where: str,
        request: bool,
    ) -> None:
        o_value, u_value = o.get(keyword), u.get(keyword)
        if o_value == u_value:
            return
        kind = f"{keyword}-changed"
        message = f"{where}: {keyword} {_opt(o_value)} became {_opt(u_value)} upstream"
        o_at = pointer_join(o_ptr, keyword) if o_value is not None else o_ptr
        u_at = pointer_join(u_ptr, keyword) if u_value is not None else u_ptr
        if o_value is not None and u_value is not None:
            self.add(kind, True, message, o_at, u_at)  # neither contains the other for sure
        else:
            narrowed = u_value is not None
            self.add(kind, narrowed == request, message, o_at, u_at)

    def _properties(
        self,
        o: dict[str, Any],
        o_ptr: str,
        u: dict[str, Any],
        u_ptr: str,
        where: str,
        direction: Direction,
    ) -> None:
        request = direction == "request"
        o_props, u_props = _all_properties(self.ours, o, o_ptr), _all_properties(self.upstream, u, u_ptr)
        for name, (sub, o_at) in o_props.items():
            if name in u_props:
                u_sub, u_at = u_props[name]
                self.schema(sub, o_at, u_sub, u_at, f"{where}.{name}", direction)
            elif u_props or "properties" in u:
                self.add("property-removed", True, f"{where}: property {name!r} is gone upstream",
                         o_at, pointer_join(u_ptr, "properties"))  # fmt: skip
        for name, (_, u_at) in u_props.items():
            if name not in o_props:
                self.add("property-added", False, f"{where}: upstream adds property {name!r}",
                         pointer_join(o_ptr, "properties"), u_at)  # fmt: skip
        o_req, u_req = set(o.get("required") or ()), set(u.get("required") or ())
        for name in sorted(u_req - o_req):  # request: we may not send it; response: a new guarantee
            self.add("newly-required", request, f"{where}: {name!r} is required upstream",
                     pointer_join(o_ptr, "required") if o_req else o_ptr, pointer_join(u_ptr, "required"))  # fmt: skip
        for name in sorted(o_req - u_req):  # request: a relaxation; response: we rely on it
            self.add("no-longer-required", not request, f"{where}: {name!r} is no longer required upstream",
                     pointer_join(o_ptr, "required"), pointer_join(u_ptr, "required") if u_req else u_ptr)  # fmt: skip

    # --- operations ----------------------------------------------------------------------------

    def parameters(self, o_op: dict[str, Any], o_op_ptr: str, u_op: dict[str, Any], u_op_ptr: str,
                   o_item: dict[str, Any], u_item: dict[str, Any], o_item_ptr: str, u_item_ptr: str) -> None:  # fmt: skip
        ours = _parameters(self.ours, o_item, o_item_ptr, o_op, o_op_ptr)
        theirs = _parameters(self.upstream, u_item, u_item_ptr, u_op, u_op_ptr)
        by_name = {name: (location, p, ptr) for (name, location), (p, ptr) in theirs.items()}
        for (name, location), (param, ptr) in ours.items():
            where = f"parameter {name!r}"
            if (name, location) not in theirs:
                if name in by_name:
                    u_location, _, u_ptr = by_name[name]
                    self.add("parameter-location-changed", True,
                             f"{where}: moved from {location} to {u_location} upstream",
                             pointer_join(ptr, "in"), pointer_join(u_ptr, "in"))  # fmt: skip
                else:
                    self.add("parameter-removed", True, f"{where} ({location}) is gone upstream",
                             ptr, pointer_join(u_op_ptr, "parameters"))  # fmt: skip
                continue
            u_param, u_ptr = theirs[(name, location)]
            if bool(u_param.get("required")) != bool(param.get("required")):
                newly = bool(u_param.get("required"))
                self.add("parameter-newly-required" if newly else "parameter-no-longer-required", newly,
                         f"{where}: {'now required' if newly else 'now optional'} upstream",
                         pointer_join(ptr, "required"), pointer_join(u_ptr, "required"))  # fmt: skip
            o_wire, u_wire = (
                _serialization(param, location),
                _serialization(u_param, location),
            )
            if o_wire != u_wire:
                self.add("parameter-serialization-changed", True,
                         f"{where}: style/explode {o_wire[0]}/{str(o_wire[1]).lower()} became "
                         f"{u_wire[0]}/{str(u_wire[1]).lower()} upstream",
                         ptr, u_ptr)  # fmt: skip
            if "schema" in param and "schema" in u_param:
                self.schema(param["schema"], pointer_join(ptr, "schema"), u_param["schema"],
                            pointer_join(u_ptr, "schema"), where, "request")  # fmt: skip
        for (name, location), (u_param, u_ptr) in theirs.items():
            if (name, location) in ours or any(n == name for n, _ in ours):
                continue
            required = bool(u_param.get("required"))
            self.add("parameter-added", required,
                     f"parameter {name!r} ({location}) is new upstream{' and required' if required else ''}",
                     pointer_join(o_op_ptr, "parameters"), u_ptr)  # fmt: skip

    def request_body(self, o_op: dict[str, Any], o_op_ptr: str, u_op: dict[str, Any], u_op_ptr: str) -> None:
        o_body, o_ptr = self.ours.follow(o_op.get("requestBody"), pointer_join(o_op_ptr, "requestBody"))
        u_body, u_ptr = self.upstream.follow(u_op.get("requestBody"), pointer_join(u_op_ptr, "requestBody"))
        if o_body is None and u_body is None:
            return
        if o_body is None or u_body is None:
            required = bool((u_body or {}).get("required"))
            self.add("request-body-changed", u_body is None or required,
                     f"request body {'gone' if u_body is None else 'new'} upstream",
                     o_ptr if o_body is not None else o_op_ptr, u_ptr if u_body is not None else u_op_ptr)  # fmt: skip
            return
        for media, content in (o_body.get("content") or {}).items():
            u_content = (u_body.get("content") or {}).get(media)
            c_ptr = pointer_join(o_ptr, "content", media)
            if u_content is None:
                self.add("media-type-removed", True, f"request body: {media} is no longer accepted upstream",
                         c_ptr, pointer_join(u_ptr, "content"))  # fmt: skip
            elif "schema" in content and "schema" in u_content:
                self.schema(content["schema"], pointer_join(c_ptr, "schema"), u_content["schema"],
                            pointer_join(u_ptr, "content", media, "schema"), "request body", "request")  # fmt: skip

    def responses(self, o_op: dict[str, Any], o_op_ptr: str, u_op: dict[str, Any], u_op_ptr: str) -> None:
        o_responses, u_responses = (
            o_op.get("responses") or {},
            u_op.get("responses") or {},
        )
        for status, raw in o_responses.items():
            status = str(status)
            o_resp, o_ptr = self.ours.follow(raw, pointer_join(o_op_ptr, "responses", status))
            u_raw = u_responses.get(status, u_responses.get(int(status) if status.isdigit() else status))
            if u_raw is None:
                self.add("response-removed", status.startswith("2"), f"response {status} is gone upstream",
                         o_ptr, pointer_join(u_op_ptr, "responses"))  # fmt: skip
                continue
            u_resp, u_ptr = self.upstream.follow(u_raw, pointer_join(u_op_ptr, "responses", status))
            for media, content in (o_resp.get("content") or {}).items():
                u_content = (u_resp.get("content") or {}).get(media)
                c_ptr = pointer_join(o_ptr, "content", media)
                if u_content is None:
                    self.add("media-type-removed", status.startswith("2"),
                             f"response {status}: {media} is no longer listed upstream",
                             c_ptr, pointer_join(u_ptr, "content"))  # fmt: skip
                elif "schema" in content and "schema" in u_content:
                    self.schema(content["schema"], pointer_join(c_ptr, "schema"), u_content["schema"],
                                pointer_join(u_ptr, "content", media, "schema"), f"response {status} {media}",
                                "response")  # fmt: skip
            for media in u_resp.get("content") or {}:
                if media not in (o_resp.get("content") or {}):
                    self.add("media-type-added", False, f"response {status}: upstream adds {media}",
                             pointer_join(o_ptr, "content"), pointer_join(u_ptr, "content", media))  # fmt: skip
        for status in u_responses:
            if str(status) not in {str(s) for s in o_responses}:
                self.add("response-added", False, f"response {status} is new upstream",
                         pointer_join(o_op_ptr, "responses"), pointer_join(u_op_ptr, "responses", str(status)))  # fmt: skip

    def security(self, o_op: dict[str, Any], o_op_ptr: str, u_op: dict[str, Any], u_op_ptr: str) -> None:
        o_reqs, o_ptr = _requirements(self.ours.document, o_op, o_op_ptr)
        u_reqs, u_ptr = _requirements(self.upstream.document, u_op, u_op_ptr)
        u_by_names = {frozenset(r): (i, r) for i, r in enumerate(u_reqs)}
        for i, requirement in enumerate(o_reqs):
            at = pointer_join(o_ptr, i)
            match = u_by_names.get(frozenset(requirement))
            if match is None:
                self.add("security-requirement-removed", True,
                         f"security: {' + '.join(requirement) or '(none)'} is no longer accepted upstream",
                         at, u_ptr)  # fmt: skip
                continue
            j, u_requirement = match
            for scheme, scopes in requirement.items():
                u_scopes = u_requirement.get(scheme) or []
                for scope in sorted(set(u_scopes) - set(scopes or [])):
                    self.add("security-scopes-changed", True, f"security: {scheme} needs scope {scope!r} upstream",
                             pointer_join(at, scheme), pointer_join(u_ptr, j, scheme))  # fmt: skip
                for scope in sorted(set(scopes or []) - set(u_scopes)):
                    self.add("security-scopes-changed", False, f"security: {scheme} no longer needs {scope!r}",
                             pointer_join(at, scheme), pointer_join(u_ptr, j, scheme))  # fmt: skip
                self._scheme(scheme)
        o_names = {frozenset(r) for r in o_reqs}
        for j, u_requirement in enumerate(u_reqs):
            if frozenset(u_requirement) not in o_names:
                self.add("security-requirement-added", False,
                         f"security: upstream also accepts {' + '.join(u_requirement) or '(none)'}",
                         o_ptr, pointer_join(u_ptr, j))  # fmt: skip

    def _scheme(self, name: str) -> None:
        o_ptr = pointer_join("#", "components", "securitySchemes", name)
        u_ptr = o_ptr
        o_scheme, o_ptr = self.ours.follow(_at(self.ours.document, "components", "securitySchemes", name), o_ptr)
        u_scheme, u_ptr = self.upstream.follow(
            _at(self.upstream.document, "components", "securitySchemes", name), u_ptr
        )
        if not isinstance(o_scheme, dict):
            return
        if not isinstance(u_scheme, dict):
            self.add(
                "security-scheme-removed",
                True,
                f"security scheme {name!r} is gone upstream",
                o_ptr,
                None,
            )
            return
        for key in ("type", "scheme", "in", "name"):
            if str(o_scheme.get(key, "")).lower() != str(u_scheme.get(key, "")).lower():
                self.add("security-scheme-changed", True,
                         f"security scheme {name!r}: {key} {_opt(o_scheme.get(key))} became "
                         f"{_opt(u_scheme.get(key))} upstream",
                         pointer_join(o_ptr, key), pointer_join(u_ptr, key))  # fmt: skip
        for flow, o_flow in (o_scheme.get("flows") or {}).items():
            u_flow = (u_scheme.get("flows") or {}).get(flow)
            f_ptr, uf_ptr = (
                pointer_join(o_ptr, "flows", flow),
                pointer_join(u_ptr, "flows", flow),
            )
            if not isinstance(u_flow, dict):
                self.add("security-scheme-changed", True, f"security scheme {name!r}: flow {flow} is gone upstream",
                         f_ptr, pointer_join(u_ptr, "flows"))  # fmt: skip
                continue
            for key in ("authorizationUrl", "tokenUrl"):
                if o_flow.get(key) != u_flow.get(key):
                    self.add("security-scheme-changed", True,
                             f"security scheme {name!r}: {flow} {key} {_opt(o_flow.get(key))} became "
                             f"{_opt(u_flow.get(key))} upstream",
                             pointer_join(f_ptr, key), pointer_join(uf_ptr, key))  # fmt: skip
            for scope in o_flow.get("scopes") or {}:
                if scope not in (u_flow.get("scopes") or {}):
                    self.add("security-scheme-changed", True,
                             f"security scheme {name!r}: scope {scope!r} is gone upstream",
                             pointer_join(f_ptr, "scopes", scope), pointer_join(uf_ptr, "scopes"))  # fmt: skip


def _all_properties(side: _Side, node: dict[str, Any], pointer: str) -> dict[str, tuple[Any, str]]:
    """name -> (schema, pointer) of the properties a schema allows, its `allOf` parts and the subtypes
    of its `discriminator.mapping` included (X's Problem lists its extension members in subtypes)."""
    found: dict[str, tuple[Any, str]] = {}
    seen: set[str] = set()

    def collect(schema: Any, at: str) -> None:
        schema, at = side.follow(schema, at)
        if at in seen or not isinstance(schema, dict):
            return
        seen.add(at)
        for name, sub in (schema.get("properties") or {}).items():
            found.setdefault(name, (sub, pointer_join(at, "properties", name)))
        for i, part in enumerate(schema.get("allOf") or []):
            collect(part, pointer_join(at, "allOf", i))
        mapping = (schema.get("discriminator") or {}).get("mapping") or {}
        for ref in mapping.values():
            if isinstance(ref, str) and ref.startswith("#/"):
                collect({"$ref": ref}, ref)

    collect(node, pointer)
    return found


def _at(document: dict[str, Any], *keys: str) -> Any:
    node: Any = document
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _branch_of(side: _Side, branches: list[Any], pointer: str, types: frozenset[str]) -> tuple[Any, str] | None:
    """The branch of a union whose types are `types` (None when there is none, or `types` is empty)."""
    for i, branch in enumerate(branches):
        found, at = side.follow(branch, pointer_join(pointer, i))
        if types and isinstance(found, dict) and _types(found) == types:
            return found, at
    return None


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and _types(schema) == {"null"}


def _without_null(side: _Side, schema: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str, bool]:
    """(the schema without its null alternative, its pointer, whether null is allowed): `nullable:
    true`, a `null` in `type`, or a `{type: null}` branch of anyOf/oneOf. A composition left with one
    branch and nothing else beside it becomes that branch."""
    nullable = schema.get("nullable") is True or "null" in _types(schema)
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list):
            continue
        kept = [b for i, b in enumerate(branches) if not _is_null(side.follow(b, pointer_join(pointer, keyword, i))[0])]
        if len(kept) == len(branches):
            continue
        nullable = True
        if len(kept) == 1 and set(schema) <= {keyword, "description", "title", "nullable"}:
            index = branches.index(kept[0])
            branch, at = side.follow(kept[0], pointer_join(pointer, keyword, index))
            if isinstance(branch, dict):
                return branch, at, True
        schema = {**schema, keyword: kept}
    return schema, pointer, nullable


def _types(schema: dict[str, Any]) -> frozenset[str]:
    value = schema.get("type")
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()


def _show(types: frozenset[str]) -> str:
    return "|".join(sorted(types))


def _opt(value: Any) -> str:
    return "(none)" if value is None else repr(value)


def _serialization(param: dict[str, Any], location: str) -> tuple[str, bool]:
    """The effective (style, explode), with OpenAPI's defaults filled in."""
    style = str(param.get("style") or DEFAULT_STYLE.get(location, "simple"))
    explode = param.get("explode")
    return style, bool(explode) if explode is not None else style == "form"


def _parameters(
    side: _Side, item: dict[str, Any], item_ptr: str, op: dict[str, Any], op_ptr: str
) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """(name, in) -> (parameter, pointer); operation parameters override path-level ones."""
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for node, ptr in ((item, item_ptr), (op, op_ptr)):
        for i, raw in enumerate(node.get("parameters") or []):
            param, at = side.follow(raw, pointer_join(ptr, "parameters", i))
            if isinstance(param, dict) and "name" in param:
                found[(str(param["name"]), str(param.get("in", "query")))] = (param, at)
    return found


def _requirements(document: dict[str, Any], op: dict[str, Any], op_ptr: str) -> tuple[list[dict[str, list[str]]], str]:
    if "security" in op:
        return list(op["security"] or []), pointer_join(op_ptr, "security")
    return list(document.get("security") or []), "#/security"


def compare(ours: dict[str, Any], upstream: dict[str, Any], upstream_name: str) -> DriftReport:
    """Every difference between our operations and the upstream ones they match."""
    our_side, up_side = _Side(ours), _Side(upstream)
    report = DriftReport(upstream=upstream_name)
    up_servers = up_side.servers()
    up_by_id = {str(op.get("operationId", "")).lower(): (m, p, op, ptr) for m, p, op, ptr in up_side.operations()}
    for method, path, op, o_ptr in our_side.operations():
        op_id = str(op.get("operationId") or f"{method.upper()} {path}")
        servers = tuple(
            _server(s) for s in op.get("servers") or ours["paths"][path].get("servers") or ours.get("servers") or []
        )
        if up_servers and servers and not (set(servers) & up_servers):
            report.not_covered.append(NotCovered(op_id, servers))
            continue
        report.compared.append(op_id)
        check = _Comparison(our_side, up_side, op_id)
        u_item = upstream["paths"].get(path)
        u_op = u_item.get(method) if isinstance(u_item, dict) else None
        u_path = path
        if isinstance(u_op, dict):
            u_ptr = pointer_join("#", "paths", path, method)
            u_id = u_op.get("operationId")
            if u_id is not None and u_id != op.get("operationId"):
                check.add("operation-renamed", False, f"operationId {op.get('operationId')!r} is {u_id!r} upstream",
                          pointer_join(o_ptr, "operationId"), pointer_join(u_ptr, "operationId"))  # fmt: skip
        elif op_id.lower() in up_by_id:
            u_method, u_path, u_op, u_ptr = up_by_id[op_id.lower()]
            u_item = upstream["paths"][u_path]
            check.add("operation-moved", True,
                      f"{method.upper()} {path} is {u_method.upper()} {u_path} upstream (same operationId)",
                      o_ptr, u_ptr)  # fmt: skip
        else:
            check.add("operation-gone", True, f"{method.upper()} {path} ({op_id}) is not in the upstream document",
                      o_ptr, None)  # fmt: skip
            report.findings += check.findings
            continue
        assert isinstance(u_item, dict) and isinstance(u_op, dict)
        o_item_ptr, u_item_ptr = (
            pointer_join("#", "paths", path),
            pointer_join("#", "paths", u_path),
        )
        check.parameters(op, o_ptr, u_op, u_ptr, ours["paths"][path], u_item, o_item_ptr, u_item_ptr)
        check.request_body(op, o_ptr, u_op, u_ptr)
        check.responses(op, o_ptr, u_op, u_ptr)
        check.security(op, o_ptr, u_op, u_ptr)
        report.findings += check.findings
    return report
