"""load -> validate -> model -> render -> format: the whole generator as one function."""

from __future__ import annotations

from pathlib import Path

from generator.codegen_models import render_models
from generator.format import format_python
from generator.load import load_spec
from generator.model import build_model
from generator.render import render_templates
from generator.runtime_files import runtime_files
from generator.validate import validate_spec
from generator.worker import ModelWorker


def generate_files(
    spec_path: Path, templates: Path | None = None, *, worker: ModelWorker | None = None
) -> dict[str, str]:
    """The generated tree as {relative path: text}; deterministic for a given spec and templates.

    With a `worker` (the CLI's cold runs) the models come from a second process started earlier;
    without one (tests, which generate repeatedly) datamodel-code-generator runs in-process.
    Templates are formatted while the models are still being generated; the runtime modules
    (generator/runtime/) are copied as they are, already formatted where they stand.
    """
    try:
        spec = load_spec(spec_path)
        validate_spec(spec)
        api = build_model(spec)
        files = format_python(render_templates(api, templates))
        models = {"x_engagement/models.py": render_models(api, worker)}
    finally:
        if worker is not None:
            worker.close()
    runtime = runtime_files()
    clashes = sorted(set(runtime) & set(files))
    if clashes:
        raise RuntimeError(f"both a template and a runtime module produce {', '.join(clashes)}")
    return dict(sorted({**files, **runtime, **format_python(models)}.items()))
