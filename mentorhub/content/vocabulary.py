"""Controlled vocabularies: the terms a profile may use, their labels and their synonyms.

Expertise, audiences and roles come from the programme's `vocabularies.yml`, and so may
labels for story tags (`tags`, optional); languages (ISO 639-1) and countries (ISO 3166-1)
ship with the generator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ContentError, Problem
from .languages import SOURCE, Language
from .sources import SourceFile, read_yaml
from .text import did_you_mean, label_from_slug

EDITABLE = ("expertise", "audiences", "roles")  # required: profiles must use their terms
OPTIONAL = ("tags",)  # story tags' labels: stories may use any slug, so the list may be short or absent
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    description: str = ""
    labels: tuple[tuple[str, str], ...] = ()  # (language code, label): the term in other languages (`labels:`)


@dataclass
class Vocabulary:
    """One list of terms; any id, label or synonym resolves to the term's id, ignoring case."""

    name: str
    terms: dict[str, Term]
    _lookup: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lookup = {}
        for term in self.terms.values():
            for spelling in (term.id, term.label, *term.synonyms):
                self._lookup.setdefault(_fold(spelling), term.id)

    def resolve(self, value: str) -> str | None:
        return self._lookup.get(_fold(value))

    def suggest(self, value: str) -> str | None:
        close = did_you_mean(_fold(value), self._lookup, fold=str)
        return self._lookup[close] if close else None

    def label(self, term_id: str) -> str:
        return self.terms[term_id].label

    def in_language(self, words: Language) -> Vocabulary:
        """The terms as a site in `words`' language shows them: an editor's `labels:` for that
        language, else CLDR's name for a built-in language (its name in `words`; its own name
        stays the label) or country; else the label as written. Every label it had stays a
        spelling that resolves, so profiles written in English still read."""
        if words.code == SOURCE:
            return self
        terms = {}
        for term in self.terms.values():
            label, description = dict(term.labels).get(words.code, term.label), term.description
            if self.name == "countries":
                label = words.locale.territories.get(term.id.upper(), label)
            elif self.name == "languages":
                name = words.name_of(term.id)
                description = name[:1].upper() + name[1:] if name != term.id else description
            spellings = (term.label, *term.synonyms) if label != term.label else term.synonyms
            terms[term.id] = replace(term, label=label, synonyms=spellings, description=description)
        return Vocabulary(self.name, terms)


def language_label(term: Term) -> str:
    """A language by its English name, with its own where they differ: `Arabic (العربية)`.
    One form on every page (cards, profiles, filters, the form and the match), so a visitor
    recognises the same choice; the English name first, so lists sort the way they read."""
    return term.label if term.label == term.description or not term.description else f"{term.description} ({term.label})"


def language_name(code: str, languages: Vocabulary | None = None) -> str:
    """An ISO 639-1 code as the site writes the language (`language_label`); an unknown code as it is."""
    terms = (languages or builtin_vocabulary("languages")).terms
    return language_label(terms[code]) if code in terms else code


@cache
def builtin_vocabulary(name: str) -> Vocabulary:
    """`languages` (ISO 639-1) or `countries` (ISO 3166), as this package ships them."""
    raw = json.loads(resources.files(__package__).joinpath(f"data/{name}.json").read_text("utf-8"))
    terms = {
        code: Term(code, entry.get("native", entry["name"]), (entry["name"],), entry["name"])
        for code, entry in raw.items()
    }
    return Vocabulary(name, terms)


@dataclass
class Vocabularies:
    expertise: Vocabulary
    audiences: Vocabulary
    roles: Vocabulary
    tags: Vocabulary = field(default_factory=lambda: Vocabulary("tags", {}))
    languages: Vocabulary = field(default_factory=lambda: builtin_vocabulary("languages"))
    countries: Vocabulary = field(default_factory=lambda: builtin_vocabulary("countries"))

    def __getitem__(self, name: str) -> Vocabulary:
        return getattr(self, name)  # type: ignore[no-any-return]

    def in_language(self, words: Language) -> Vocabularies:
        """Every vocabulary as a site in `words`' language shows it (`Vocabulary.in_language`)."""
        if words.code == SOURCE:
            return self
        return Vocabularies(**{f.name: getattr(self, f.name).in_language(words) for f in fields(self)})

    def tag_label(self, tag: str) -> str:
        """What readers see for a story tag, on the stories index, its filter and each story:
        its label under `tags:` in vocabularies.yml, else its words (`first-job` → `First job`),
        never the bare slug."""
        term = self.tags.terms.get(tag)
        return term.label if term else label_from_slug(tag)


def read_vocabularies(root: Path, rel: str) -> Vocabularies:
    """The programme's vocabularies; raise ContentError listing every problem in the file."""
    vocabularies, problems = load_vocabularies(root / rel, rel)
    if vocabularies is None:
        raise ContentError(problems)
    return vocabularies


def load_vocabularies(path: Path, rel: str) -> tuple[Vocabularies | None, list[Problem]]:
    """Read the programme's vocabulary file; a synonym may mean only one term."""
    if not path.is_file():
        return None, [Problem(rel, 1, "", "vocabulary file not found (set `vocabularies:` in mkdocs.yml)")]
    source = read_yaml(path, rel)
    data = source.data
    if data is None:
        return None, source.problems or [source.problem((), "the vocabulary file is empty")]
    if not isinstance(data, dict):
        return None, [source.problem((), "expected the sections: " + ", ".join(EDITABLE))]
    for name in data:
        if name not in EDITABLE + OPTIONAL:
            source.report((name,), f"unknown vocabulary; expected one of: {', '.join(EDITABLE + OPTIONAL)}")
    found: dict[str, Vocabulary] = {}
    for name in EDITABLE:
        entries = data.get(name)
        if not isinstance(entries, dict) or not entries:
            source.report((name,), "list the terms as `term-id: {label: ..., synonyms: [...]}`")
            continue
        found[name] = Vocabulary(name, _read_terms(source, name, entries))
    for name in OPTIONAL:
        entries = data.get(name)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            source.report((name,), "list the terms as `term-id: {label: ...}` (or leave the section out)")
            continue
        found[name] = Vocabulary(name, _read_terms(source, name, entries))
    if source.problems:
        return None, source.problems
    return Vocabularies(**found), []


def _read_terms(source: SourceFile, name: str, entries: dict[object, object]) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    owner: dict[str, str] = {}
    for term_id, spec in entries.items():
        loc = (name, str(term_id))
        spec = {"label": spec} if isinstance(spec, str) else spec
        if not isinstance(term_id, str) or not SLUG.fullmatch(term_id):
            source.report(loc, "a term id is a lower-case slug such as `public-health`")
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            source.report(loc, "give the term a `label:` (the text readers see)")
            continue
        synonyms = spec.get("synonyms") or []
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            source.report((*loc, "synonyms"), "synonyms are a list of text, e.g. [py, python3]")
            continue
        labels = spec.get("labels") or {}
        if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
            source.report((*loc, "labels"), "labels are the term in other languages, e.g. {es: Desarrollo de software}")
            continue
        term = Term(term_id, spec["label"], tuple(synonyms), str(spec.get("description", "")),
                    tuple((code, text) for code, text in labels.items()))
        for spelling in {_fold(s) for s in (term_id, term.label, *synonyms)}:
            if owner.setdefault(spelling, term_id) != term_id:
                source.report(loc, f"'{spelling}' already means '{owner[spelling]}'; a spelling may name one term")
        terms[term_id] = term
    return terms


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
