"""JSON Schemas (draft-07) of the content model, for editors' completion and inline errors.

Vocabulary fields list the canonical term ids as an `enum`, so an editor's tool completes
them; the build also accepts the synonyms in vocabularies.yml and normalises them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .kinds import KINDS
from .vocabulary import Vocabularies

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def json_schema(name: str, model: type[BaseModel], vocabularies: Vocabularies) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    _resolve_vocabularies(schema, vocabularies)
    return {"$schema": DRAFT_07, "$id": f"{name}.schema.json", **schema}


def write_schemas(directory: Path, vocabularies: Vocabularies) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind.name}.schema.json"
        text = json.dumps(json_schema(kind.name, kind.model, vocabularies), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _resolve_vocabularies(node: Any, vocabularies: Vocabularies) -> None:
    if isinstance(node, dict):
        name = node.pop("x-vocabulary", None)
        if name is not None:
            node["enum"] = sorted(vocabularies[name].terms)
        for value in node.values():
            _resolve_vocabularies(value, vocabularies)
    elif isinstance(node, list):
        for value in node:
            _resolve_vocabularies(value, vocabularies)
