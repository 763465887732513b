"""Models through datamodel-code-generator: msgspec Structs, the fastest typed decode we measured.

`python -m generator` runs it in a second process (generator.worker) started before anything
else, so its ~0.4 s of first-call setup overlaps with loading, validating and rendering.
"""

from __future__ import annotations

import json

from generator.model import ApiModel
from generator.worker import ModelWorker, models_source


def model_document(api: ApiModel) -> str:
    """The input handed to datamodel-code-generator: only the schemas that become models."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": api.model_schemas},
    }
    return json.dumps(document, sort_keys=True)


def render_models(api: ApiModel, worker: ModelWorker | None = None) -> str:
    document = model_document(api)
    return worker.render(document) if worker is not None else models_source(document)
