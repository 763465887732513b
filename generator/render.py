"""Jinja rendering: templates receive small, already-decided view objects and only lay them out."""

from __future__ import annotations

import pprint
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.cli_model import cli_commands
from generator.model import ApiModel, Operation

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class ProblemView:
    type: str
    suffix: str
    class_name: str


@dataclass(frozen=True)
class OperationView:
    """An Operation plus the names templates need, so templates hold no logic."""

    op: Operation

    def __getattr__(self, name: str) -> Any:
        return getattr(self.op, name)

    @property
    def constant(self) -> str:
        return self.op.method_name.upper()

    @property
    def query(self) -> tuple[str, ...]:
        return tuple(p.wire_name for p in self.op.parameters if p.location == "query")

    @property
    def body(self) -> tuple[str, ...]:
        return tuple(p.wire_name for p in self.op.parameters if p.location == "body")

    @property
    def argument_docs(self) -> list[str]:
        """`name: description` per parameter, wrapped for a docstring's `Args:` section."""
        lines: list[str] = []
        for param in self.op.parameters:
            text = " ".join(param.description.split()) or "(not described in the spec)"
            text = docstring_text(text)
            wrapped = textwrap.wrap(f"{param.python_name}: {text}", width=84, subsequent_indent="    ")
            lines.extend(wrapped)
        return lines


def docstring_text(text: str) -> str:
    """`text` as it must be written inside a triple-quoted docstring to read back as itself: spec
    descriptions may hold backslashes, triple quotes or end in a quote."""
    text = text.replace("\\", "\\\\")
    text = text[:-1] + '\\"' if text.endswith('"') else text  # before the closing quotes
    return text.replace('"""', '\\"\\"\\"')


def pyrepr(value: Any) -> str:
    """A Python literal for JSON-like data; order preserved, so output is deterministic."""
    return pprint.pformat(value, width=100, sort_dicts=False)


def problem_views(types: tuple[str, ...]) -> list[ProblemView]:
    views = []
    for problem_type in types:
        if "/" not in problem_type:
            continue  # about:blank is the generic ProblemError
        suffix = problem_type.rstrip("/").rsplit("/", 1)[1]
        class_name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", suffix)) + "Problem"
        views.append(ProblemView(problem_type, suffix, class_name))
    return views


def environment(override: Path | None = None) -> jinja2.Environment:
    """StrictUndefined so a missing value is an error; an override folder replaces single templates."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(TEMPLATES))]
    if override is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(override)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["docstring"] = docstring_text
    return env


def _records(api: ApiModel) -> list[tuple[OperationView, Any]]:
    """Each operation with its command-line view, in the spec's order."""
    views = {op.method_name: OperationView(op) for op in api.operations}
    return [(views[command.method_name], command) for command in cli_commands(api)]


def render_templates(api: ApiModel, override: Path | None = None) -> dict[str, str]:
    """Every template under templates/, rendered to the same relative path minus `.jinja`."""
    env = environment(override)
    context = {
        "title": api.title,
        "version": api.version,
        "operations": [OperationView(op) for op in api.operations],
        "records": _records(api),
        "cli_commands": cli_commands(api),
        "typed_dicts": api.typed_dicts,
        "grouping": api.grouping,
        "grouping_roles": api.grouping_roles,
        "problems": problem_views(api.problem_types),
        "metrics": api.metrics,
        "schema_roles": {role.replace("-", "_"): name for role, name in api.roles.schemas.items()},
        "rate_limit_headers": {
            role.removeprefix("rate-limit-").upper(): names for role, names in api.roles.rate_limit_headers.items()
        },
    }
    names = sorted(name for name in env.list_templates() if name.endswith(".jinja"))
    return {name.removesuffix(".jinja"): env.get_template(name).render(context) for name in names}
