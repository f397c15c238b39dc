"""The Content reference: every field editors can write, from the models the build validates with."""

from __future__ import annotations

import re

from ...content.catalog import Catalog
from ...content.imports.mapping import reference_lines as import_map_lines
from ...content.kinds import KINDS, PAGES
from ...content.models import ContentModel, Mentor
from ...content.programme import Programme
from ...content.schema import json_schema
from ...content.schema_markdown import schema_table
from .base import GeneratedPage


def generate_reference_page(catalog: Catalog) -> GeneratedPage:
    """Each kind of content file (content/kinds.py), the programme's options, the vocabularies."""
    programme = catalog.programme
    sections: list[tuple[str, type[ContentModel], str, str]] = [(kind.name, kind.model, kind.section, kind.file_note.format(folder=kind.folder(programme)))
                for kind in KINDS]
    sections.append(("programme", Programme, "Programme options", "`mkdocs.yml`, under `plugins: - mentorship:`"))
    lines = ["Every field editors can write, generated from the content model the build validates with.",
             "Required fields are marked **required**; everything else may be left out.", ""]
    for name, model, section, where in sections:
        schema = json_schema(name, model, catalog.vocabularies)
        if model is Mentor:  # required as this programme says, with its own fields under `details`
            schema = programme.profiles.mentor_schema(schema)
        lines += [f"## {section}", "", f"File: {where}. {(model.__doc__ or '').splitlines()[0]}", ""]
        table = [_field_breaks_at_dots(row) for row in schema_table(schema)]
        lines += [*table[:-1], *map(_field_breaks_at_dots, programme.profiles.reference_rows()), ""] if model is Mentor else table
    lines += ["## Vocabularies", "",
              "Profiles use these terms; any label or synonym is accepted and normalised to the id.", ""]
    for vocab in (catalog.vocabularies.expertise, catalog.vocabularies.audiences, catalog.vocabularies.roles):
        lines += [f"### {vocab.name.capitalize()}", "", "| id | label | synonyms |", "|---|---|---|"]
        lines += [f"| `{t.id}` | {t.label} | {', '.join(t.synonyms)} |" for t in vocab.terms.values()]
        lines.append("")
    lines += ["### Story tags", "", "Optional (`tags:`): a story may use any lower-case tag; one listed here is shown by its",
              "label, any other by its words (`first-job` is shown as \"First job\").", ""]
    if catalog.vocabularies.tags.terms:
        lines += ["| id | label |", "|---|---|", *(f"| `{t.id}` | {t.label} |" for t in catalog.vocabularies.tags.terms.values()), ""]
    lines += import_map_lines()
    # Editors' page: linked from the footer (theme/partials/copyright.html), not the visitors' navigation.
    return GeneratedPage(PAGES["reference"], "Content reference", "main.html", body="\n".join(lines))


FIELD_CELL = re.compile(r"^\| `([\w.]+)`")


def _field_breaks_at_dots(row: str) -> str:
    """A dotted field name (`location.region`) may wrap only after a dot: a narrow column broke
    it anywhere ("location.regio n"). Raw HTML in the Markdown cell: <wbr> after each dot, and
    `mh-field-name`, which the stylesheet keeps from breaking elsewhere."""
    match = FIELD_CELL.match(row)
    if match is None or "." not in match.group(1):
        return row
    name = match.group(1).replace(".", ".<wbr>")
    return f'| <code class="mh-field-name">{name}</code>{row[match.end():]}'
