"""Local `$ref` resolution: bundling a schema with the components it needs."""

from __future__ import annotations

import copy
from typing import Any

from generator.errors import SpecError


class Resolver:
    """Looks up `#/...` references in one spec document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise SpecError(ref, "only local references are supported here")
        node: Any = self.spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SpecError(ref, "reference points at nothing")
            node = node[part]
        return node

    def deref(self, node: Any) -> Any:
        """Follow `$ref` chains on a single node (not its children)."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(ref, "reference cycle")
            seen.add(ref)
            node = self.lookup(ref)
        return node

    def bundle(self, schema: dict[str, Any]) -> dict[str, Any]:
        """`schema` plus `$defs` for every component it reaches, refs rewritten to `#/$defs/...`.

        Self-contained, so validators need no knowledge of the OpenAPI document.
        """
        defs: dict[str, Any] = {}

        def rewrite(node: Any) -> Any:
            if isinstance(node, dict):
                out = {}
                for key, value in node.items():
                    if key == "$ref" and isinstance(value, str):
                        name = self._component_name(value)
                        if name not in defs:
                            defs[name] = None
                            defs[name] = rewrite(self.lookup(value))
                        out[key] = f"#/$defs/{name}"
                    else:
                        out[key] = rewrite(value)
                return out
            if isinstance(node, list):
                return [rewrite(v) for v in node]
            return node

        root: dict[str, Any] = rewrite(copy.deepcopy(schema))
        if defs:
            root["$defs"] = dict(sorted(defs.items()))
        return root

    @staticmethod
    def _component_name(ref: str) -> str:
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix):
            raise SpecError(ref, "schemas may only reference #/components/schemas/*")
        return ref[len(prefix) :]
