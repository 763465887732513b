"""load -> validate -> model -> render -> format: the whole generator as one function."""

from __future__ import annotations

from pathlib import Path

from generator.codegen_models import render_models
from generator.format import format_python
from generator.load import load_spec
from generator.model import build_model
from generator.render import render_templates
from generator.validate import validate_spec


def generate_files(spec_path: Path, templates: Path | None = None) -> dict[str, str]:
    """The generated tree as {relative path: text}; deterministic for a given spec and templates."""
    spec = load_spec(spec_path)
    validate_spec(spec)
    api = build_model(spec)
    files = render_templates(api, templates)
    files["x_engagement/models.py"] = render_models(api)
    return dict(sorted(format_python(files).items()))
