"""Access to the project's spec and its examples, for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "openapi.yaml"


def spec() -> dict[str, Any]:
    return load_spec(SPEC_PATH)


def response_examples() -> list[tuple[str, str, dict[str, Any]]]:
    """(operationId, example name, Example object) for every 200 response example."""
    document = spec()
    found = []
    for item in document["paths"].values():
        for op in item.values():
            response = op["responses"]["200"]
            if "$ref" in response:
                response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
            for name, example in response["content"]["application/json"].get("examples", {}).items():
                found.append((op["operationId"], name, example))
    return found
