"""load -> validate -> model -> render -> format: the whole generator as one function."""

from __future__ import annotations

from pathlib import Path

from generator.codegen_models import render_models
from generator.format import format_python
from generator.load import load_spec
from generator.model import build_model
from generator.render import render_templates
from generator.validate import validate_spec
from generator.worker import ModelWorker
from generator.write import MANIFEST, hand_written, manifest_text


def generate_files(
    spec_path: Path,
    templates: Path | None = None,
    *,
    worker: ModelWorker | None = None,
    hand_written_from: Path | None = None,
) -> dict[str, str]:
    """The generated files as {path relative to the package folder: text}; deterministic.

    Only what the spec determines: the rendered templates, the models and the manifest that lists
    them. Every other file of the package folder is hand-written and edited where it stands.
    With a `worker` (the CLI's cold runs) the models come from a second process started earlier;
    without one (tests, which generate repeatedly) datamodel-code-generator runs in-process.
    With `hand_written_from` (a package folder) the result is a complete package for another
    folder: that folder's hand-written files too, every file then listed in the manifest.
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
    generated = {**files, **format_python(models)}
    if hand_written_from is not None:
        generated = {**hand_written(hand_written_from), **generated}
    generated[MANIFEST] = manifest_text(generated)
    return dict(sorted(generated.items()))
