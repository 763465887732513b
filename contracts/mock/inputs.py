"""Reads a request's input (query string or JSON body) and checks it against the spec and its x-rules.

Schemas come from the spec and the rules run through `contracts.rules.check` (the server's and the judge's
reading of every `x-rules` entry, apart from the client's), so the mock refuses exactly what the spec forbids.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import jsonschema

from contracts import rules
from contracts.spec import Operation, Parameter

_FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
# The deepest legitimate body nests four levels (groupings -> name -> group_by -> list); jsonschema
# recurses several frames per level, so a body far deeper is refused before it is validated.
MAX_JSON_DEPTH = 32
# A 64 KiB array of bad ids would otherwise give thousands of problems, each quoting the input.
MAX_PROBLEMS = 20
MAX_MESSAGE_CHARS = 300


def _clip(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with the input; `parameter` names where (None: the request as a whole)."""

    parameter: str | None
    message: str
    values: tuple[str, ...] = ()


@dataclass
class ParsedInput:
    instance: dict[str, Any] = field(default_factory=dict)
    problems: list[InputProblem] = field(default_factory=list)


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=_FORMATS)


def _path(parts: list[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def _deeper_than(instance: Any, limit: int) -> bool:
    """Whether `instance` nests more than `limit` arrays/objects deep (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(instance, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _rule_parameter(message: str) -> str | None:
    """Rule messages start with the parameter they are about (`end_time: ...`, `start..end: ...`)."""
    head, sep, _ = message.partition(": ")
    return head.split("..", 1)[0] if sep else None


class InputReader:
    """Parses and checks the input of one operation; schemas compiled once."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        self._parameters = {p.name: p for p in operation.parameters}
        self._param_validators = {p.name: _validator(p.schema) for p in operation.parameters}
        self._body_validator = _validator(operation.body_schema) if operation.body_schema is not None else None

    def read(self, raw_query: str, body: bytes, now: datetime) -> ParsedInput:
        parsed = ParsedInput()
        if self._body_validator is None:
            self._read_query(raw_query, parsed)
        else:
            self._read_body(body, parsed)
        if not parsed.problems:
            for message in rules.check(self.operation.rules, parsed.instance, now):
                name = _rule_parameter(message)
                raw = parsed.instance.get(name) if name else None
                parsed.problems.append(InputProblem(name, message, (raw,) if isinstance(raw, str) else ()))
        return parsed

    def _read_query(self, raw_query: str, parsed: ParsedInput) -> None:
        seen: set[str] = set()
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            param = self._parameters.get(name)
            if param is None:
                known = ",".join(self._parameters)
                parsed.problems.append(
                    InputProblem(name, f"The query parameter [{name}] is not one of [{known}]", (value,))
                )
            elif name in seen:
                parsed.problems.append(
                    InputProblem(name, f"The query parameter [{name}] may be given only once", (value,))
                )
            else:
                seen.add(name)
                parsed.instance[name] = self._decode(param, value)
                self._check_parameter(param, value, parsed)
        for param in self.operation.parameters:
            if param.required and param.name not in seen:
                parsed.problems.append(InputProblem(param.name, f"The `{param.name}` query parameter can not be empty"))

    @staticmethod
    def _decode(param: Parameter, value: str) -> Any:
        if param.comma_joined:
            return value.split(",") if value else []
        return value

    def _check_parameter(self, param: Parameter, raw: str, parsed: ParsedInput) -> None:
        instance = parsed.instance[param.name]
        for error in itertools.islice(self._param_validators[param.name].iter_errors(instance), MAX_PROBLEMS):
            where = _path(list(error.absolute_path))
            detail = f" (item {where})" if where else ""
            parsed.problems.append(
                InputProblem(
                    param.name,
                    f"The `{param.name}` query parameter value [{_clip(raw, 100)}]{detail} is invalid: "
                    + _clip(error.message),
                    (raw,),
                )
            )

    def _read_body(self, body: bytes, parsed: ParsedInput) -> None:
        too_deep = f"Request body nests deeper than {MAX_JSON_DEPTH} levels"
        try:
            instance = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            parsed.problems.append(InputProblem(None, "Request body is not valid JSON"))
            return
        except RecursionError:  # the C decoder's own depth guard, far deeper than ours
            parsed.problems.append(InputProblem(None, too_deep))
            return
        if _deeper_than(instance, MAX_JSON_DEPTH):
            parsed.problems.append(InputProblem(None, too_deep))
            return
        if not isinstance(instance, dict):
            parsed.problems.append(InputProblem(None, "Request body must be a JSON object"))
            return
        parsed.instance = instance
        assert self._body_validator is not None
        for error in itertools.islice(self._body_validator.iter_errors(instance), MAX_PROBLEMS):
            where = _path(list(error.absolute_path))
            name = str(error.absolute_path[0]) if error.absolute_path else None
            parsed.problems.append(InputProblem(name, _clip(f"{where or 'body'}: {error.message}")))
