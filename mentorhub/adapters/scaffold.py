"""Starter files for editors: `mentorhub new mentor "Ana Pereira"` and friends.

The files are written from the content model itself: every field of the model, in the
model's order, under a comment made from its description, so a field added to
`models.py` appears here without an edit. Placeholder values validate as they are (an
untouched starter file passes `mentorhub check`), and every value the editor must write
starts with REPLACE, so one search finds what is left to do.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.catalog import validation_context
from ..content.kinds import KINDS
from ..content.models import ContentModel
from ..content.profile_yaml import WIDTH, dump, submodel
from ..content.profiles import ProfileField
from ..content.project import Project
from ..content.sources import MarkdownSource, SourceFile
from ..content.text import id_from, rel_path
from ..content.validation import validate_source
from ..content.vocabulary import EDITABLE, SLUG, Vocabularies

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
DEFAULT_ZONE = "Europe/London"
HOW_TO_EDIT = (
    "Lines starting with # are notes for you; the site ignores them. Replace every REPLACE. "
    "An optional field that is switched off starts with '# ': delete those two characters "
    "to use it. No email addresses, phone numbers or home addresses anywhere: this file is public."
)


class ScaffoldError(Exception):
    """Why no file was written, in words an editor can act on."""


@dataclass(frozen=True)
class Scaffold:
    """A starter file, not yet written: YAML, or front matter and a Markdown body."""

    path: Path
    rel: str
    front: str
    body: str | None = None

    @property
    def text(self) -> str:
        return self.front if self.body is None else f"---\n{self.front}---\n\n{self.body}"


def scaffold(project: Project, kind: str, title: str, today: dt.date, entry_id: str | None = None) -> Scaffold:
    """The starter file for a new `kind` item; raise ScaffoldError rather than overwrite or write an invalid file."""
    spec = KIND_BY_NAME[kind]
    model = spec.model
    root = project.root
    entry_id = entry_id or _id_from(title)
    if not SLUG.fullmatch(entry_id):
        raise ScaffoldError(f"'{entry_id}' cannot be an id: use lower-case letters, digits and hyphens, "
                            f"such as '{_id_from(entry_id)}'")
    folder = root / spec.folder(project.programme)
    taken = next((folder / f"{entry_id}{s}" for s in spec.suffixes if (folder / f"{entry_id}{s}").exists()), None)
    if taken is not None:
        free = next(f"{entry_id}-{n}" for n in itertools.count(2)
                    if not any((folder / f"{entry_id}-{n}{s}").exists() for s in spec.suffixes))
        raise ScaffoldError(f"{rel_path(taken, root)} already exists, so nothing was written. If this is a different "
                            f"{kind}, give it a free id: mentorhub new {kind} \"{title}\" --id {free}")
    path = folder / f"{entry_id}{spec.suffixes[0]}"
    filled = PLACEHOLDERS[kind](project, title, today)
    comments = [*_wrap(spec.intro), *_wrap(HOW_TO_EDIT)]
    if filled.body is None:
        schema = Path(os.path.relpath(root / "schemas" / f"{kind}.schema.json", folder)).as_posix()
        comments.insert(0, f"# yaml-language-server: $schema={schema}")
    vocabularies = project.vocabularies()
    lines = _fields(model, filled.values, filled.examples, filled.notes, vocabularies)
    created = Scaffold(path, rel_path(path, root), "\n".join([*comments, *lines]) + "\n", filled.body)
    _validate(created, model, validation_context(vocabularies, root, project.docs_dir, today,
                                                 project.programme.profiles))
    return created


def _id_from(title: str) -> str:
    """The title transliterated to an id (text.id_from: José → jose, Kılıç → kilic)."""
    entry_id = id_from(title)
    if not entry_id:
        raise ScaffoldError(f"cannot make an id from '{title}'; give one with --id, such as --id ana-pereira")
    return entry_id


@dataclass(frozen=True)
class _Placeholders:
    """Values written as they are, examples written commented out, extra notes by field, and the Markdown body."""

    values: dict[str, Any]
    examples: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    body: str | None = None


def _mentor(project: Project, title: str, today: dt.date) -> _Placeholders:
    vocab = project.vocabularies()
    return _Placeholders({
        "name": title,
        "headline": "REPLACE with one line about what you offer mentees",
        "bio": ("REPLACE with a few short paragraphs in your own words: your background, what you can\n"
                "help with and what a mentee can expect from sessions with you. Mentees reach you\n"
                "through the programme's request form, so leave out any contact details.\n"),
        "role": _first(vocab, "roles"),
        "expertise": [_first(vocab, "expertise")],
        "languages": ["en"],
        "location": {"city": "REPLACE", "country": "GB"},
        "timezone": DEFAULT_ZONE,
        "formats": ["virtual"],
        "audiences": [_first(vocab, "audiences")],
        "capacity": 1,
        "hours_per_month": 2,
        "reviewed": today,
        **({"details": {f.id: _detail(f) for f in fields}} if (fields := project.programme.profiles.fields) else {}),
    }, examples={
        "details": {},  # a programme without fields of its own (profiles.fields) has no details
        "pronouns": "she/her",
        "photo": {"src": "assets/people/REPLACE.jpg", "alt": "REPLACE with what the photo shows"},
        "organisation": "REPLACE with where you work or volunteer",
        "location.region": "REPLACE",
        "paused_until": today + dt.timedelta(days=60),
        "links": [{"label": "Personal website", "url": "https://example.org/REPLACE"}],
        "translations": {"fr": {"headline": "REPLACE with the headline in French"}},
    }, notes={
        "reviewed": "Set it to the day the mentor confirms the profile, and again at every review.",
    })


def _detail(spec: ProfileField) -> Any:
    """A starter value of one of the programme's own fields: REPLACE, 0, or the first choice."""
    return {"text": "REPLACE", "number": 0, "choice": spec.options[0]}.get(spec.type, spec.options[:1])


def _story(project: Project, title: str, today: dt.date) -> _Placeholders:
    mentor_ids = _ids_in(project.root / project.programme.mentors_dir, (".yml", ".yaml"))
    if not mentor_ids:
        raise ScaffoldError("a story is about a mentor, and there are no mentor profiles yet; add one first")
    return _Placeholders({
        "title": title,
        "date": today,
        "mentors": [mentor_ids[0]],
        "mentee": "REPLACE",
        "consent": True,
        "summary": "REPLACE with one or two sentences for lists and feeds",
    }, examples={
        "tags": ["first-job", "confidence"],
        "photo": {"src": "assets/stories/REPLACE.jpg", "alt": "REPLACE with what the photo shows"},
    }, notes={
        "mentors": f"REPLACE {mentor_ids[0]} with the ids of the story's mentors: "
                   "their file names in mentors/, without .yml.",
        "mentee": "Write one word: a first name or a pseudonym. Never a surname, a school or an address.",
        "consent": "!!! STOP: leave this true ONLY when you hold the mentee's consent IN WRITING (and a "
                   "parent's or guardian's for under-18s). Without it, do not add the story.",
    }, body=("## REPLACE with a heading: where it started\n\n"
             "REPLACE with the story in short paragraphs: what the mentee wanted, how the mentor helped,\n"
             "what was hard.\n\n"
             "## REPLACE with a heading: what changed\n\n"
             "REPLACE with the outcome, in the mentee's words where you can.\n"))


def _event(project: Project, title: str, today: dt.date) -> _Placeholders:
    start = dt.datetime.combine(today + dt.timedelta(days=30), dt.time(18, 0))
    return _Placeholders({
        "title": title,
        "start": f"{start:%Y-%m-%d %H:%M}",
        "end": f"{start + dt.timedelta(minutes=90):%Y-%m-%d %H:%M}",
        "timezone": DEFAULT_ZONE,
        "format": "in-person",
        "venue": {"name": "REPLACE", "city": "REPLACE", "country": "GB"},
        "audience": ["everyone"],
        "summary": "REPLACE with one or two sentences for lists and calendars",
        "description": ("REPLACE with the details: the agenda, step-free access and other accessibility,\n"
                        "what to bring.\n"),
    }, examples={
        "recurrence": {"frequency": "monthly", "count": 6},
        "venue.address": "REPLACE with the street address of a public venue",
        "online_url": "https://example.org/REPLACE",
        "registration_url": "https://example.org/REPLACE",
    }, notes={
        "format": "A virtual event has no venue: delete the venue lines and switch on online_url.",
    })


def _module(project: Project, title: str, today: dt.date) -> _Placeholders:
    tracks = [t.id for t in project.programme.training.tracks]
    track = tracks[0] if tracks else "core"
    notes = {"order": f"The next free position in the {track} track; change it together with track."}
    if tracks:
        notes["track"] = "Choose from the tracks in mkdocs.yml: " + ", ".join(tracks)
    return _Placeholders({
        "title": title,
        "order": _next_order(project.root / project.programme.training_dir, track),
        "minutes": 15,
        "track": track,
        "summary": "REPLACE with one sentence for the curriculum list",
        "objectives": ["REPLACE with something a learner can do afterwards"],
        "key_points": ["REPLACE with a point to remember"],
        "self_check": [{
            "question": "REPLACE with a question that checks the main point",
            "options": [
                {"text": "REPLACE with a right answer", "correct": True,
                 "explanation": "REPLACE with why this answer is right"},
                {"text": "REPLACE with a wrong answer", "correct": False,
                 "explanation": "REPLACE with why this answer is wrong"},
            ],
        }],
    }, notes=notes, body=("## REPLACE with the first section's heading\n\n"
                          "REPLACE with the lesson in short paragraphs and lists.\n\n"
                          "## REPLACE with the second section's heading\n\n"
                          "REPLACE with more of the lesson.\n\n"
                          '!!! question "Scenario: REPLACE with a short title"\n'
                          "    REPLACE with a situation a mentor might meet, and the question it raises.\n\n"
                          '??? success "Model answer"\n'
                          "    REPLACE with what a good response looks like, and why.\n"))


def _survey(project: Project, title: str, today: dt.date) -> _Placeholders:
    if project.programme.requests.delivery != "inbox":
        raise ScaffoldError("surveys are answered through Mentor Hub's inbox, and this programme does not use it: "
                            "set `requests: delivery: inbox` (and its url) in mkdocs.yml first")
    return _Placeholders({
        "title": title,
        "summary": "REPLACE with one or two sentences: what the survey is for",
        "respondents": "mentees",
        "when": "check-in",
        "every_weeks": 4,
        "questions": [
            {"id": "useful", "text": "REPLACE with a question answered from 1 to 5", "kind": "scale",
             "scale": {"low": "REPLACE with what 1 means", "high": "REPLACE with what 5 means"}},
            {"id": "comments", "text": "REPLACE with a question answered in words", "kind": "long-text",
             "required": False},
        ],
    }, notes={
        "when": "A check-in is sent every every_weeks; intake, closure and open surveys have no every_weeks line.",
        "questions": "Each question has an id (unique in the survey), its text and its kind, one of scale "
                     "(which also names its two ends, low and high), single or multiple (with two or more options, "
                     "each a value and a label), short-text or long-text. A question is required unless it says "
                     "required false. The Content reference lists every field.",
    })


# Each kind's starter values (content/kinds.py declares the kinds; tests check all have these).
PLACEHOLDERS: dict[str, Callable[[Project, str, dt.date], _Placeholders]] = {
    "mentor": _mentor, "story": _story, "event": _event, "module": _module, "survey": _survey,
}


def _first(vocabularies: Vocabularies, name: str) -> str:
    return next(iter(vocabularies[name].terms))


def _ids_in(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    paths = folder.iterdir() if folder.is_dir() else ()
    return sorted(p.stem for p in paths if p.suffix in suffixes and SLUG.fullmatch(p.stem))


def _next_order(folder: Path, track: str) -> int:
    """One more than the highest order used in `track`, reading front matter leniently (broken files count as none)."""
    used = [0]
    for path in folder.glob("*.md") if folder.is_dir() else ():
        data = MarkdownSource.read(path, path.name).data
        if isinstance(data, dict) and data.get("track", "core") == track and isinstance(data.get("order"), int):
            used.append(data["order"])
    return max(used) + 1


# --- rendering --------------------------------------------------------------------------


def _fields(model: type[ContentModel], values: dict[str, Any], examples: dict[str, Any], notes: dict[str, str],
            vocabularies: Vocabularies, prefix: str = "", indent: str = "") -> Iterator[str]:
    """Every field of `model` under its description: its value, a commented-out example, or its default."""
    schema = model.model_json_schema()["properties"]
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        if not indent:
            yield ""
        yield from _wrap((info.description or "").replace("`", ""), indent)
        vocabulary = next((v for p in (schema[name], *schema[name].get("anyOf", []))
                           if (v := p.get("x-vocabulary") or p.get("items", {}).get("x-vocabulary"))), None)
        if vocabulary in EDITABLE:
            yield from _wrap("Choose from: " + ", ".join(vocabularies[vocabulary].terms), indent)
        if key in notes:
            yield from _wrap(notes[key], indent)
        nested = submodel(info.annotation)
        if key in values and nested is not None and isinstance(values[key], dict):
            yield f"{indent}{name}:"
            sub = {f"{key}.{k}": v for k, v in values[key].items()}
            yield from _fields(nested, sub, examples, notes, vocabularies, f"{key}.", indent + "  ")
        elif key in values:
            yield from dump(name, values[key], indent)
        elif key in examples:
            yield from (f"{indent}# {line[len(indent):]}" for line in dump(name, examples[key], indent))
        else:
            yield from dump(name, info.get_default(call_default_factory=True), indent)


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ",
                         break_long_words=False, break_on_hyphens=False)


def _validate(created: Scaffold, model: type[ContentModel], context: dict[str, object]) -> None:
    """Refuse a title the model rejects (too long, an email address…) before anything is written."""
    source = SourceFile(created.path, created.rel, created.front)
    if validate_source(source, model, context) is None:
        problems = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in source.problems)
        raise ScaffoldError(f"nothing was written, because the new file would not pass the check: {problems}")

