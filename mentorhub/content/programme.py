"""The programme's options: the `mentorship` plugin's settings in mkdocs.yml.

Validated here once, for the MkDocs plugin and for the MkDocs-free CLI alike.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from pydantic import Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .contact import EMAIL
from .fields import LanguageCode, Slug
from .languages import N_, available, language
from .models import ContentModel, Loc
from .profiles import Profiles
from .request_form import RequestOptions
from .validation import describe_error


class Track(ContentModel):
    id: Slug = Field(description="The id modules name in `track:`.")
    title: str = Field(min_length=1, description="Heading on the training page, e.g. `Before your first meeting`.")
    summary: str = Field("", description="One sentence under the heading.")


class Training(ContentModel):
    tracks: list[Track] = Field(default_factory=list, description="Tracks in the order the learning path shows "
                                "them; when given, every module's `track` must be one of them.")
    complete_after_quiz: bool = Field(True, description="`true`: 'Mark as complete' unlocks once the module's "
                                      "self-check is answered correctly; `false`: at any time.")


class Impact(ContentModel):
    inbox_export: str | None = Field(None, description="JSON file `python -m mentorhub.inbox export-figures` writes (requests, "
                                     "matches, survey responses and outcomes, figures from fewer than 5 people "
                                     "withheld), relative to mkdocs.yml; read when it exists.")


class Photos(ContentModel):
    publish_originals: bool = Field(False, description="`true` also publishes each photo as uploaded; by default "
                                    "the site has only the thumbnails the pages show (no EXIF, such as where it was taken).")
    cache_dir: str = Field(".cache/mentorhub/photos", description="Folder where thumbnails are kept between builds "
                           "(outside the site; keep it out of git, and cache it in CI for fast builds).")


class ScreeningStep(ContentModel):
    id: Slug = Field(description="The step's id, e.g. `reference-1`: kept with each record of it in the inbox.")
    label: str = Field(min_length=1, max_length=80, description="What the dashboard's checklist calls it.")
    hint: str = Field("", max_length=300, description="One line under the label: what recording it means.")
    required: bool = Field(True, description="`true`: an application can be approved only once it is recorded.")
    required_for_minors: bool = Field(False, description="`true`: an approved mentor is cleared to mentor under-18s "
                                      "only once it is recorded.")


def default_screening_steps() -> list[ScreeningStep]:
    """Two references and an interview before approval; a records check and the training path before work with
    under-18s (MENTOR's Elements of Effective Practice: screening, then training). Their labels and hints
    are msgids: the dashboard shows them in the site's language (a programme's own steps, as written)."""
    return [ScreeningStep(id="reference-1", label=N_("First reference taken up")),
            ScreeningStep(id="reference-2", label=N_("Second reference taken up")),
            ScreeningStep(id="interview", label=N_("Interview held")),
            ScreeningStep(id="records-check", label=N_("Criminal-records check clear"), required=False,
                          required_for_minors=True, hint=N_("The check the law requires for work with under-18s.")),
            ScreeningStep(id="training", label=N_("Training path completed"), required=False, required_for_minors=True,
                          hint=N_("Seen on the training page or in its progress code; a code alone is self-reported."))]


class Screening(ContentModel):
    steps: list[ScreeningStep] = Field(default_factory=default_screening_steps, description=(
        "The checklist every mentor application goes through in the inbox's dashboard, in order; each step "
        "is recorded with who and when. Default: two references, an interview (needed to approve), a "
        "criminal-records check and the training path completed (needed to be cleared for under-18s)."))
    retention_days: int = Field(180, ge=1, le=3650, description=(
        "Days a declined or withdrawn application's personal details are kept after the decision; then "
        "`python -m mentorhub.inbox erase-expired` erases them. An approved applicant's are kept: they are a mentor."))

    def checks(self) -> Iterator[tuple[Loc, str]]:
        seen: set[str] = set()
        for index, step in enumerate(self.steps):
            if step.id in seen:
                yield ("steps", index, "id"), f"the step '{step.id}' is listed twice"
            seen.add(step.id)
        if not any(step.required_for_minors for step in self.steps):
            yield ("steps",), ("mark at least one step `required_for_minors: true`: clearance to mentor under-18s "
                               "is earned by recording those steps")


class Programme(ContentModel):
    """Options of the `mentorship` plugin in `mkdocs.yml`. Paths are relative to `mkdocs.yml`."""

    mentors_dir: str = Field("mentors", description="Folder of mentor profiles.")
    stories_dir: str = Field("stories", description="Folder of success stories.")
    events_dir: str = Field("content/events", description="Folder of event files.")
    training_dir: str = Field("content/training", description="Folder of training modules (inside `docs_dir`).")
    surveys_dir: str = Field("content/surveys", description="Folder of surveys; a programme without it has none.")
    vocabularies: str = Field("vocabularies.yml", description="File with the expertise, audience and role vocabularies.")
    review_max_age_days: int = Field(365, ge=30, description="Days after `reviewed` when a profile counts as stale.")
    review_stale: Literal["flag", "hide"] = Field("flag", description="`flag` marks stale profiles; `hide` leaves them "
                                                  "out. (Before Mentor Hub 0.2: `stale_profiles`.)")
    safeguarding_contact: str | None = Field(
        None, description="Public contact of the programme's safeguarding lead, shown on every profile."
    )
    contact: str | None = Field(None, description=(
        "How the public reaches the programme office: its e-mail address (`office@example.org`) or the "
        "address of a contact page (`https://example.org/contact`). Shown in every page's footer, on the "
        "thank-you page and after a safeguarding contact that names the office; hand-written pages link it "
        "by writing `[programme office]`. An office's address, never a person's own."))
    requests: RequestOptions = Field(default_factory=RequestOptions,
                                     description="How mentees' requests are delivered; see Requests below.")
    training: Training = Field(default_factory=Training, description="The learning path's tracks and completion rule.")
    impact: Impact = Field(default_factory=Impact, description="The impact page's optional inputs.")
    profiles: Profiles = Field(default_factory=Profiles, description="What mentor profiles must give, and the "
                               "programme's own profile fields (a profile's `details:`).")
    photos: Photos = Field(default_factory=Photos, description="Profile and story photos' thumbnails; see Photos below.")
    screening: Screening = Field(default_factory=Screening, description="How the inbox screens mentor applications: "
                                 "the checklist and how long a declined application is kept.")
    directory_page_size: int = Field(30, ge=6, le=500, description=(
        "Mentors on each page of the directory (`/mentors/`, `/mentors/page/2/`, …): every profile is "
        "reachable without JavaScript, and the first page stays small at any size."))
    search_index: bool = Field(True, description="Index the built site with Pagefind for the search page; "
                                                 "`false` skips it (a faster build whose search finds nothing).")
    languages: list[LanguageCode] = Field(
        default_factory=list, description=(
            "Other languages the site is also published in, besides `theme.language`, e.g. `[fr]`: each "
            "builds under `/<code>/` (`/fr/mentors/…`) in its own words, with its own search index, a "
            "language switcher and `hreflang` links; its hand-written pages come from `docs_dir/<code>/` "
            "(`content/fr/about.md`), and a page or bio not written in it is shown as written, labelled."))

    @field_validator("contact")
    @classmethod
    def _contact_is_an_address(cls, value: str | None) -> str | None:
        """An e-mail address or a web page, so that every mention can be a working link."""
        if value is None:
            return None
        value = value.strip()
        if EMAIL.fullmatch(value) or (value.startswith(("https://", "http://")) and " " not in value and
                                      len(value.split("//", 1)[1]) > 2):
            return value
        raise PydanticCustomError("contact", "must be the programme office's e-mail address (office@example.org) "
                                  "or the address of its contact page (https://example.org/contact)")

    @property
    def contact_href(self) -> str | None:
        """The contact as a link target: `mailto:` for an address, the page itself otherwise."""
        if self.contact is None:
            return None
        return self.contact if self.contact.startswith(("https://", "http://")) else f"mailto:{self.contact}"

    @property
    def contact_text(self) -> str:
        """The contact's words in a link: the address itself, or "contact page" for a page."""
        return "contact page" if self.contact is None or self.contact.startswith(("https://", "http://")) else self.contact

    def checks(self) -> Iterator[tuple[Loc, str]]:
        for loc, message in self.requests.checks():
            yield ("requests", *loc), message
        for loc, message in self.profiles.checks():
            yield ("profiles", *loc), message
        for loc, message in self.screening.checks():
            yield ("screening", *loc), message
        for index, code in enumerate(self.languages):
            if code in self.languages[:index]:
                yield ("languages", index), f"the language '{code}' is listed twice"
            elif not language(code).translated:
                yield ("languages", index), (f"Mentor Hub has no catalogue for '{code}' (it has: "
                                             f"{', '.join(available())}); README \"Languages\" says how to add one")
        seen: set[str] = set()
        for index, track in enumerate(self.training.tracks):
            if track.id in seen:
                yield ("training", "tracks", index, "id"), f"the track '{track.id}' is listed twice"
            seen.add(track.id)


class Renamed(NamedTuple):
    """An option given a new name in a release. Its old name keeps working, with a warning that
    says what to write instead, until the release `removed_in` (Material's `Deprecated(moved_to=…)`):
    `extra="forbid"` alone would turn an upgrade into a hard error with no release of warning."""
    old: Loc
    new: Loc
    since: str
    removed_in: str

    def warning(self) -> str:
        return (f"renamed `{'.'.join(map(str, self.new))}` in Mentor Hub {self.since}; the old name works until "
                f"{self.removed_in}: rename it in mkdocs.yml (README \"Upgrade\")")


# Every renamed option, oldest first (CHANGELOG.md lists them too).
RENAMED: tuple[Renamed, ...] = (
    # the two review options side by side, under one prefix, as the reference lists them
    Renamed(("stale_profiles",), ("review_stale",), "0.2.0", "1.0.0"),
)


class ProgrammeLoad(NamedTuple):
    """The options as a Programme (None when any is wrong), every problem and every warning,
    each with the option it concerns."""
    programme: Programme | None
    problems: list[tuple[Loc, str]]
    warnings: list[tuple[Loc, str]]


def _resolve_renamed(options: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Loc, str]], list[tuple[Loc, str]]]:
    """A copy of `options` with each renamed option under its new name, and the problems and
    warnings of doing so (the caller's options stay as written)."""
    options = copy.deepcopy(options)
    problems: list[tuple[Loc, str]] = []
    warnings: list[tuple[Loc, str]] = []
    for renamed in RENAMED:
        *old_parents, old_key = renamed.old
        *new_parents, new_key = renamed.new
        old_holder: Any = options
        for key in old_parents:
            old_holder = old_holder.get(key) if isinstance(old_holder, dict) else None
        if not isinstance(old_holder, dict) or old_key not in old_holder:
            continue
        new_holder: Any = options
        for key in new_parents:
            new_holder = new_holder.setdefault(key, {}) if isinstance(new_holder, dict) else None
        if not isinstance(new_holder, dict):
            continue  # the new name's parent is not a mapping: validation says so
        if new_key in new_holder:
            problems.append((renamed.old, f"is the old name of `{'.'.join(map(str, renamed.new))}`, which is also "
                                          "given: keep only the new one"))
            continue
        new_holder[new_key] = old_holder.pop(old_key)
        warnings.append((renamed.old, renamed.warning()))
    return options, problems, warnings


def load_programme(options: dict[str, Any]) -> ProgrammeLoad:
    """The options as a Programme, or every problem with the option it concerns; renamed
    options are read under their new names, each with a warning."""
    options, problems, warnings = _resolve_renamed(options)
    if problems:
        return ProgrammeLoad(None, problems, warnings)
    try:
        programme = Programme.model_validate(options)
    except ValidationError as err:
        return ProgrammeLoad(None, [(tuple(e["loc"]), describe_error(e, Programme))
                                    for e in err.errors(include_url=False)], warnings)
    problems = list(programme.checks())
    return ProgrammeLoad(None if problems else programme, problems, warnings)
