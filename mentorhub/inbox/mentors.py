"""Where the inbox learns about mentors and the programme's request rules.

Mentors come from the built site's `mentors.json` (INBOX_MENTORS_JSON) or straight from the
content repository (INBOX_MKDOCS_YML, through `Project` and `Catalog.public_mentors`, exactly what
mentors.json would say). Surveys come from the same place: `surveys.json` beside mentors.json
(none when the site wrote none), or the catalog. The programme's `RequestOptions` come from
mkdocs.yml, so the inbox applies the same `check_request()` rules as the site, and so do its
screening steps for mentor applications (mentors.json alone: the defaults) and, from the catalog,
the learning path that reads applicants' progress codes. All are re-read when they change.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from pydantic import ValidationError

from mentorhub.content.errors import ContentError
from mentorhub.content.kinds import PAGES, SURVEY, page_url
from mentorhub.content.languages import SOURCE, Language, language
from mentorhub.content.profiles import Profiles
from mentorhub.content.programme import Screening
from mentorhub.content.project import Project, build_date
from mentorhub.content.public import PublicMentor
from mentorhub.content.request_form import RequestOptions
from mentorhub.content.surveys import SURVEYS_FILE, Survey, read_surveys_document
from mentorhub.content.vocabulary import Vocabularies, read_vocabularies

from .settings import Settings

log = logging.getLogger("mentorhub.inbox.mentors")
RECHECK_SECONDS = 5.0  # how often the files are checked for changes, by default


class MentorsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Directory:
    """Published mentors (id → public record as the site built it), the programme's request
    options, and the programme's name and address for the pages the inbox shows mentees."""

    mentors: Mapping[str, PublicMentor]
    options: RequestOptions
    site_name: str = "Mentor Hub"
    site_url: str | None = None  # absolute, ending in "/"
    expertise_labels: Mapping[str, str] = field(default_factory=dict)  # term id → label, vocabulary order
    # the privacy notice version the programme publishes (its page's front matter `version:`);
    # None when the inbox cannot read the notice (only mentors.json): then any plain version passes
    privacy_versions: frozenset[str] | None = None
    # mkdocs.yml's use_directory_urls, for links to the site's pages (kinds.page_url);
    # mentors.json does not carry it, so the inbox assumes MkDocs' default there
    directory_urls: bool = True
    # the programme office's contact (mkdocs.yml `contact`), for "write to the office" on the inbox's pages
    contact_href: str | None = None
    contact_text: str = ""
    surveys: Mapping[str, Survey] = field(default_factory=dict)  # survey id → survey, as the site publishes them
    # mkdocs.yml's `screening` (mentor applications' checklist, retention); mentors.json lacks it: the defaults
    screening: Screening = field(default_factory=Screening)
    # the learning path, module id → title in curriculum order, to read progress codes; None from mentors.json
    modules: Mapping[str, str] | None = None
    # what mentor applications are checked against (mkdocs.yml's `profiles`, vocabularies.yml and
    # the ISO lists); None when the inbox cannot read the vocabularies (mentors.json without mkdocs.yml)
    vocabularies: Vocabularies | None = None
    profiles: Profiles = field(default_factory=Profiles)
    # the site's default language (mkdocs.yml's `theme.language`): coordinators' e-mails, and a
    # mentee's when their page sent none; mentors.json does not carry it, so English there
    language: str = SOURCE
    # the other languages the site is published in (mkdocs.yml's `languages`), each under `<code>/`
    editions: frozenset[str] = frozenset()

    @property
    def words(self) -> Language:
        """The site's default language."""
        return language(self.language)

    def page_url(self, page: str) -> str:
        """A site page's URL relative to the site's root, by its name in `kinds.PAGES`."""
        return page_url(PAGES[page], self.directory_urls)

    def survey_url(self, survey_id: str) -> str:
        """The site's page of a survey (`/surveys/<id>/`), relative to the site's root."""
        return page_url(SURVEY.src_uri(survey_id, None), self.directory_urls)


def _privacy_notice(project: Project) -> Path | None:
    options = project.programme.requests
    return project.docs_dir / options.privacy_notice if options.delivery is not None else None


def _privacy_versions(project: Project | None) -> frozenset[str] | None:
    """The version in the privacy notice page's front matter, as the site's form sends it."""
    notice = _privacy_notice(project) if project is not None else None
    if notice is None or not notice.is_file():
        return None
    try:
        metadata = frontmatter.loads(notice.read_text(encoding="utf-8")).metadata
    except (OSError, ValueError, yaml.YAMLError):
        return None
    version = str(metadata.get("version") or "").strip()  # PrivacyNotice.version, as the site sends it
    return frozenset({version}) if version else None


def _vocabularies(project: Project | None) -> Vocabularies | None:
    """The programme's vocabularies beside its mkdocs.yml, for checking applications; None without them."""
    if project is None:
        return None
    try:
        return read_vocabularies(project.root, project.programme.vocabularies)
    except ContentError:
        return None


class DirectorySource:
    """The current Directory, reloaded when its files change (checked every `recheck_seconds`)."""

    def __init__(self, settings: Settings, recheck_seconds: float = RECHECK_SECONDS) -> None:
        if settings.mentors_json is None and settings.mkdocs_yml is None:
            raise MentorsError("set INBOX_MENTORS_JSON (the built site's mentors.json) or INBOX_MKDOCS_YML "
                               "(the content repository's mkdocs.yml) so the inbox knows the mentors")
        self.mentors_json = settings.mentors_json.resolve() if settings.mentors_json else None
        self.mkdocs_yml = settings.mkdocs_yml.resolve() if settings.mkdocs_yml else None
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._directory: Directory | None = None
        self._fingerprint: object = None
        self._checked = 0.0

    def current(self) -> Directory:
        with self._lock:
            now = time.monotonic()
            if self._directory is not None and now - self._checked < self.recheck_seconds:
                return self._directory
            self._checked = now
            fingerprint = self._fingerprint_now()
            if self._directory is None or fingerprint != self._fingerprint:
                try:
                    self._directory = self._load()
                    self._fingerprint = fingerprint
                    log.info("loaded %d mentors", len(self._directory.mentors))
                except (OSError, ValueError, ContentError, MentorsError) as err:
                    if self._directory is None:
                        raise MentorsError(f"cannot read the mentors: {err}") from err
                    log.warning("kept the previous mentors: reloading failed (%s)", type(err).__name__)
            return self._directory

    def _load(self) -> Directory:
        project = Project.from_mkdocs_yml(self.mkdocs_yml) if self.mkdocs_yml is not None else None
        options = project.programme.requests if project else RequestOptions.model_validate({})
        site_name, site_url = (project.site.name, project.site.url) if project else ("", None)
        if self.mentors_json is not None:
            document = read_mentors_json(self.mentors_json)
            # the built site's words: mentors.json carries the vocabularies' labels
            mentors, site, labels = document.mentors, document.site, document.expertise_labels
            site_name, site_url = site_name or site.get("name") or "", site_url or site.get("url")
            surveys = read_surveys_json(self.mentors_json.with_name(SURVEYS_FILE))
            modules: dict[str, str] | None = None
            vocabularies = _vocabularies(project)
        elif project is not None:
            catalog = project.load(build_date())
            mentors = catalog.public_mentors
            labels = {t.id: t.label for t in catalog.vocabularies.expertise.terms.values()}
            surveys = {survey_id: entry.model for survey_id, entry in catalog.surveys.items()}
            modules = {entry.id: entry.model.title for entry in catalog.modules_in_order()}
            vocabularies = catalog.vocabularies
        else:  # __init__ refuses a source with neither file
            raise MentorsError("neither INBOX_MENTORS_JSON nor INBOX_MKDOCS_YML is set")
        return Directory({m.id: m for m in mentors}, options, site_name or "Mentor Hub", site_url, labels,
                         _privacy_versions(project), project.site.directory_urls if project else True,
                         project.programme.contact_href if project else None,
                         project.programme.contact_text if project else "", surveys,
                         project.programme.screening if project else Screening(), modules,
                         vocabularies, project.programme.profiles if project else Profiles(),
                         project.site.language_code if project else SOURCE,
                         frozenset(project.programme.languages) if project else frozenset())

    def _fingerprint_now(self) -> object:
        paths: list[Path] = []
        if self.mentors_json is not None:
            paths += [self.mentors_json, self.mentors_json.with_name(SURVEYS_FILE)]
        if self.mkdocs_yml is not None:
            paths.append(self.mkdocs_yml)
            try:
                programme = Project.from_mkdocs_yml(self.mkdocs_yml)
                notice = _privacy_notice(programme)
                if notice is not None:
                    paths.append(notice)
                if self.mentors_json is not None:  # applications are checked against them
                    paths.append(programme.root / programme.programme.vocabularies)
            except (OSError, ContentError):
                pass
            if self.mentors_json is None:
                try:
                    project = Project.from_mkdocs_yml(self.mkdocs_yml)
                    mentors_dir = project.root / project.programme.mentors_dir
                    surveys_dir = project.root / project.programme.surveys_dir
                    training_dir = project.root / project.programme.training_dir
                    paths += [project.root / project.programme.vocabularies, *sorted(mentors_dir.glob("*")),
                              *sorted(surveys_dir.glob("*")), *sorted(training_dir.glob("*"))]
                except (OSError, ContentError):
                    pass
        stamps: list[tuple[str, int | None, int | None]] = []
        for path in paths:
            try:
                stat = path.stat()
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append((str(path), None, None))
        return (build_date(), tuple(stamps))


@dataclass(frozen=True)
class MentorsDocument:
    mentors: list[PublicMentor]
    site: Mapping[str, Any] = field(default_factory=dict)
    expertise_labels: Mapping[str, str] = field(default_factory=dict)


def read_mentors_json(path: Path) -> MentorsDocument:
    document = json.loads(path.read_text(encoding="utf-8"))
    mentors = document.get("mentors") if isinstance(document, dict) else None
    if not isinstance(mentors, list) or not all(isinstance(m, dict) and isinstance(m.get("id"), str) for m in mentors):
        raise MentorsError(f"{path} is not a Mentor Hub mentors.json (expected {{\"mentors\": [{{\"id\": ...}}]}})")
    try:
        records = [PublicMentor.model_validate(m) for m in mentors]
    except ValidationError as err:
        where = ".".join(str(part) for part in err.errors()[0]["loc"])
        raise MentorsError(f"{path}: a mentor's record does not match this version's mentors.json ({where})") from None
    site = document.get("site")
    vocabularies = document.get("vocabularies")
    expertise = vocabularies.get("expertise") if isinstance(vocabularies, dict) else None
    labels = {str(k): str(v) for k, v in expertise.items()} if isinstance(expertise, dict) else {}
    return MentorsDocument(records, site if isinstance(site, dict) else {}, labels)


def read_surveys_json(path: Path) -> dict[str, Survey]:
    """The surveys a built site publishes (`surveys.json`, `surveys.read_surveys_document`): survey
    id → Survey. A site built without surveys writes no file: then there are none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        published = read_surveys_document(json.loads(text))
    except ValueError as err:  # not JSON, or not this version's surveys.json (pydantic's errors are ValueErrors)
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise MentorsError(f"{path} is not a surveys.json this inbox can read: {first}") from None
    return {survey_id: entry.survey for survey_id, entry in published.items()}
