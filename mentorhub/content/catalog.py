"""Folder → Catalog: every content file validated, cross-references resolved, facts derived.

`load_catalog` is the one entry point the CLI, the MkDocs plugin and the tests share. It
either returns a complete Catalog or raises ContentError listing every problem found.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic

from .errors import ContentError, Problem
from .kinds import EVENT, MENTOR, MODULE, STORY, SURVEY, AnyKind, ContentKind, page_url
from .editions import MentorWords, mentor_words
from .languages import SOURCE, Language, language
from .mentor_state import MentorStatus, overdue, status_of
from .models import Event, M, Mentor, Story, TrainingModule
from .profiles import Profiles
from .programme import Programme
from .public import PublicMentor
from .request_form import PrivacyNotice
from .revisions import Revisions
from .sources import MarkdownSource, SourceFile, read_yaml
from .surveys import Survey, pairing_problems
from .text import did_you_mean, id_from, rel_path, suggestion
from .validation import validate_source
from .vocabulary import SLUG, Vocabularies, read_vocabularies

# The profile's public fields, as `PublicMentor` (mentors.json) has them beside the derived facts.
PUBLIC_MENTOR_FIELDS = frozenset(PublicMentor.model_fields) - {"id", "url", "state", "free_places", "paused_until"}


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A validated item: the file it came from (for problems and "edit this page" links:
    `source.rel`), and where its page is (`src_uri` in docs, `url` on the site)."""

    id: str
    model: M
    source: SourceFile
    src_uri: str
    url: str

    @property
    def body(self) -> str:
        return self.source.body if isinstance(self.source, MarkdownSource) else ""


@dataclass(frozen=True)
class SiteInfo:
    """What pages and feeds need to know about the published site: mkdocs.yml's site_name,
    site_url, use_directory_urls and theme.language."""

    name: str = ""
    url: str | None = None  # absolute, ending in "/"; None when mkdocs.yml gives no site_url
    directory_urls: bool = True
    language_code: str = SOURCE  # Material's `theme.language`: the language every page speaks
    # A site in several languages (editions.py): every edition's code, the default first, and
    # the language content is written in (the default edition's); () and None: one language.
    languages: tuple[str, ...] = ()
    content_language_code: str | None = None

    @classmethod
    def of(cls, name: object, url: object, directory_urls: object = True, language_code: object = None,
           languages: tuple[str, ...] = (), content_language_code: str | None = None) -> SiteInfo:
        return cls(str(name or ""), f"{str(url).rstrip('/')}/" if url else None, directory_urls is not False,
                   str(language_code or SOURCE), languages, content_language_code)

    @property
    def written_in(self) -> str:
        """The language content is written in: the default edition's."""
        return self.content_language_code or self.language_code

    @property
    def language(self) -> Language:
        """The language the site's words are in (content/languages.py)."""
        return language(self.language_code)

    def url_of(self, src_uri: str) -> str:
        """The site-relative URL of the page made from `src_uri` (kinds.page_url)."""
        return page_url(src_uri, self.directory_urls)


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention), in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass
class Catalog:
    root: Path
    docs_dir: Path
    programme: Programme
    vocabularies: Vocabularies
    today: dt.date
    mentors: dict[str, Entry[Mentor]] = field(default_factory=dict)
    stories: dict[str, Entry[Story]] = field(default_factory=dict)
    modules: dict[str, Entry[TrainingModule]] = field(default_factory=dict)
    events: dict[str, Entry[Event]] = field(default_factory=dict)
    surveys: dict[str, Entry[Survey]] = field(default_factory=dict)
    privacy_version: str | None = None
    site: SiteInfo = field(default_factory=SiteInfo)
    built_at: dt.datetime = field(default_factory=build_time)  # DTSTAMP; no file changed after it

    def status(self, mentor: Mentor) -> MentorStatus:
        """The mentor's state on the build day (mentor_state.py has the rule)."""
        return status_of(capacity=mentor.places, active_mentees=mentor.active_mentees,
                         accepting=mentor.accepting, paused_until=mentor.paused_until,
                         reviewed=mentor.reviewed, today=self.today,
                         max_age_days=self.programme.review_max_age_days, sessions=mentor.sessions)

    def is_stale(self, mentor: Mentor) -> bool:
        """Overdue for review, whatever the state (a paused mentor can be overdue too)."""
        return overdue(mentor.reviewed, self.today, self.programme.review_max_age_days)

    def is_published(self, mentor_id: str) -> bool:
        """Listed, and not a stale profile the programme chose to hide."""
        entry = self.mentors.get(mentor_id)
        if entry is None or not entry.model.listed:
            return False
        return not (self.programme.review_stale == "hide" and self.is_stale(entry.model))

    def is_requestable(self, mentor_id: str) -> bool:
        """Published and accepting (with a free place, confirmed recently enough to trust)."""
        entry = self.mentors.get(mentor_id)
        return entry is not None and self.is_published(mentor_id) and self.status(entry.model).requestable

    def words_of(self, mentor: Mentor) -> MentorWords:
        """The headline and bio this edition of the site shows (editions.mentor_words)."""
        return mentor_words(mentor, self.site.language_code, self.site.written_in)

    @cached_property
    def public_mentors(self) -> list[PublicMentor]:
        """Each published mentor as `mentors.json` has it: what the browser and receivers see.

        Computed once per catalog (pages, feeds and matching all read it).
        """
        mentors = []
        for entry in self.mentors.values():
            if not self.is_published(entry.id):
                continue
            mentor = entry.model
            now = self.status(mentor)
            words = self.words_of(mentor)
            public = {**mentor.model_dump(include=set(PUBLIC_MENTOR_FIELDS)), "headline": words.headline, "bio": words.bio}
            mentors.append(PublicMentor.model_validate({
                "id": entry.id, "url": entry.url, "state": now.state, "free_places": now.free_places,
                "paused_until": now.paused_until, **public}))
        return mentors

    def stories_of(self, mentor_id: str) -> list[Entry[Story]]:
        return self._stories_by_mentor.get(mentor_id, [])

    @cached_property
    def _stories_by_mentor(self) -> dict[str, list[Entry[Story]]]:
        """Newest first, indexed once: every profile page asks."""
        by_mentor: dict[str, list[Entry[Story]]] = {}
        for story in self.stories_newest_first():
            for mentor_id in story.model.mentors:
                by_mentor.setdefault(mentor_id, []).append(story)
        return by_mentor

    def stories_newest_first(self) -> list[Entry[Story]]:
        return sorted(self.stories.values(), key=lambda s: (s.model.date, s.id), reverse=True)

    def modules_in_order(self) -> list[Entry[TrainingModule]]:
        """The learning path: configured tracks in their order (else `core` first), then `order`."""
        tracks = [t.id for t in self.programme.training.tracks]
        return sorted(self.modules.values(), key=lambda m: (
            tracks.index(m.model.track) if m.model.track in tracks else len(tracks),
            m.model.track != "core", m.model.track, m.model.order))

    def inbox_export(self) -> Path | None:
        """The inbox's figures for the impact page, when the programme names an export file."""
        name = self.programme.impact.inbox_export
        return self.root / name if name else None

    def entries_of(self, kind: AnyKind) -> Mapping[str, Entry[Any]]:
        """The entries of one kind of content, by id."""
        groups: dict[str, Mapping[str, Entry[Any]]] = {
            "mentor": self.mentors, "story": self.stories, "module": self.modules, "event": self.events,
            "survey": self.surveys}
        return groups[kind.name]

    @cached_property
    def revisions(self) -> Revisions:
        """When each source file last changed: one read of the history per catalog (per build)."""
        return Revisions(self.root, self.built_at)

    def source_files(self) -> list[str]:
        """Every file the catalog was made from, relative to `root`: for a page made from all of it."""
        entries = [e for group in (self.mentors, self.stories, self.modules, self.events, self.surveys)
                   for e in group.values()]
        files = [e.source.rel for e in entries] + [self.programme.vocabularies]
        if self.privacy_version is not None:
            files.append(rel_path(self.docs_dir / self.programme.requests.privacy_notice, self.root))
        if (export := self.inbox_export()) is not None:
            files.append(rel_path(export, self.root))
        return files

    def consumed_sources(self) -> set[str]:
        """Docs-relative paths of source files inside `docs_dir`, which pages replace."""
        paths = [e.source.path for group in (self.modules, self.events, self.surveys) for e in group.values()]
        return {p.relative_to(self.docs_dir).as_posix() for p in paths if p.is_relative_to(self.docs_dir)}


def validation_context(vocabularies: Vocabularies, root: Path, docs_dir: Path, today: dt.date,
                       profiles: Profiles | None = None) -> dict[str, object]:
    """What a content file is checked against beyond itself: the vocabularies, the folders
    (photos must exist), the build day (no `reviewed` date in the future) and the programme's
    profile options (which fields it requires, its own `details:` fields; default: the default
    programme's). Importers and starter files pass the same, so what they write is what the build accepts."""
    return {"vocabularies": vocabularies, "root": root, "docs_dir": docs_dir, "today": today,
            "profiles": profiles or Profiles()}


def load_catalog(root: Path, docs_dir: Path, programme: Programme, today: dt.date,
                 site: SiteInfo | None = None, built_at: dt.datetime | None = None) -> Catalog:
    """Read and validate every content file under `root`; raise ContentError on any problem."""
    site = site or SiteInfo()
    # in the site's language: every label a page, a filter or mentors.json shows (English labels still resolve)
    vocabularies = read_vocabularies(root, programme.vocabularies).in_language(site.language)
    problems: list[Problem] = []
    catalog = Catalog(root, docs_dir, programme, vocabularies, today, site=site,
                      built_at=built_at or build_time())
    context = validation_context(vocabularies, root, docs_dir, today, programme.profiles)
    sources: list[SourceFile] = []
    ids: dict[str, set[str]] = {}  # every id with a file, valid or not: no cascades of "not found"
    loading = _Loading(catalog, context, sources, ids, problems)
    loading.read(MENTOR, catalog.mentors)
    loading.read(STORY, catalog.stories)
    loading.read(MODULE, catalog.modules)
    loading.read(EVENT, catalog.events)
    loading.read(SURVEY, catalog.surveys)
    _check_references(catalog, ids)
    _check_surveys(catalog, ids.get("survey", set()))
    if programme.requests.delivery is not None:
        notice = docs_dir / programme.requests.privacy_notice
        if not notice.is_file():
            problems.append(Problem(rel_path(notice, root), 1, "", "the privacy notice the request form links to is missing"))
        else:
            source = MarkdownSource.read(notice, rel_path(notice, root))
            sources.append(source)
            if (privacy := validate_source(source, PrivacyNotice, context)) is not None:
                catalog.privacy_version = privacy.version
    problems.extend(p for source in sources for p in source.problems)
    if problems:
        raise ContentError(problems)
    return catalog


@dataclass
class _Loading:
    """One kind of content at a time into the catalog, every source kept for its problems."""

    catalog: Catalog
    context: Mapping[str, object]
    sources: list[SourceFile]
    ids: dict[str, set[str]]
    problems: list[Problem]

    def read(self, kind: ContentKind[M], target: dict[str, Entry[M]]) -> None:
        catalog = self.catalog
        folder = kind.folder(catalog.programme)
        directory = catalog.root / folder
        if not directory.is_dir():
            if kind.optional:
                return
            self.problems.append(Problem(folder, 1, "", f"the {kind.name} folder does not exist (see mkdocs.yml)"))
            return
        for source in _read_folder(directory, catalog.root, kind.suffixes):
            self.sources.append(source)
            entry_id = source.path.stem
            if not SLUG.fullmatch(entry_id):
                source.report((), f"the file name must be a lower-case id such as "
                              f"'{id_from(entry_id) or kind.name}{source.path.suffix}'")
                continue
            self.ids.setdefault(kind.name, set()).add(entry_id)
            if entry_id in target:
                source.report((), f"the id '{entry_id}' is already used by {target[entry_id].source.rel}")
            elif (item := validate_source(source, kind.model, self.context)) is not None:
                docs_rel = (source.path.relative_to(catalog.docs_dir).as_posix()
                            if source.path.is_relative_to(catalog.docs_dir) else None)
                src_uri = kind.src_uri(entry_id, docs_rel)
                target[entry_id] = Entry(entry_id, item, source, src_uri, catalog.site.url_of(src_uri))


def _read_folder(directory: Path, root: Path, suffixes: tuple[str, ...]) -> Iterator[SourceFile]:
    for path in sorted(directory.iterdir()):
        if path.suffix not in suffixes or path.name.startswith((".", "_")) or path.name in ("README.md", "index.md"):
            continue
        rel = rel_path(path, root)
        yield MarkdownSource.read(path, rel) if path.suffix == ".md" else read_yaml(path, rel)


def _check_references(catalog: Catalog, ids: dict[str, set[str]]) -> None:
    mentor_ids = sorted(ids.get("mentor", ()))
    for story in catalog.stories.values():
        for index, mentor_id in enumerate(story.model.mentors):
            if mentor_id not in mentor_ids:
                story.source.report(("mentors", index), _missing("mentor", mentor_id, mentor_ids))
    _check_modules(catalog, sorted(ids.get("module", ())))


def _check_surveys(catalog: Catalog, survey_ids: set[str]) -> None:
    """What a survey needs beyond its own file: the other half of each pre/post pair (looked for
    once every survey file is valid: no "no intake survey" for an intake with a typo), and the
    inbox, which alone receives answers (it sends the invitations and keeps the answers private)."""
    if survey_ids == catalog.surveys.keys():
        for survey_id, loc, message in pairing_problems({k: e.model for k, e in catalog.surveys.items()}):
            catalog.surveys[survey_id].source.report(loc, message)
    if catalog.surveys and catalog.programme.requests.delivery != "inbox":
        for entry in catalog.surveys.values():
            entry.source.report((), "surveys are answered through Mentor Hub's inbox, which sends the invitations "
                                "and keeps the answers: set `requests: delivery: inbox` (and its url) in mkdocs.yml")


def _check_modules(catalog: Catalog, module_ids: list[str]) -> None:
    orders: dict[tuple[str, int], str] = {}
    tracks = [t.id for t in catalog.programme.training.tracks]
    for module in catalog.modules.values():
        if tracks and module.model.track not in tracks:
            module.source.report(("track",), f"unknown track '{module.model.track}'; the tracks in mkdocs.yml are: "
                                 + ", ".join(tracks))
        key = (module.model.track, module.model.order)
        if key in orders:
            module.source.report(("order",), f"order {key[1]} is already used by '{orders[key]}' in track '{key[0]}'")
        orders.setdefault(key, module.id)
        for index, prereq in enumerate(module.model.prerequisites):
            if prereq not in module_ids:
                module.source.report(("prerequisites", index), _missing("module", prereq, module_ids))
            elif prereq == module.id:
                module.source.report(("prerequisites", index), "a module cannot be its own prerequisite")
    for cycle in _cycles({m.id: [p for p in m.model.prerequisites if p in catalog.modules and p != m.id]
                          for m in catalog.modules.values()}):
        first = catalog.modules[cycle[0]]
        index = first.model.prerequisites.index(cycle[1])
        first.source.report(("prerequisites", index), "prerequisites go in a circle: " + " → ".join([*cycle, cycle[0]]))


def _cycles(graph: dict[str, list[str]]) -> Iterable[list[str]]:
    """Each prerequisite cycle once, starting from its alphabetically first module."""
    found: set[frozenset[str]] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start and frozenset(path) not in found and min(path) == start:
                    found.add(frozenset(path))
                    yield path
                elif nxt not in path and nxt > start:
                    stack.append((nxt, [*path, nxt]))


def _missing(kind: str, value: str, known: list[str]) -> str:
    return f"no {kind} with the id '{value}'" + suggestion(did_you_mean(value, known))

