"""The content model: what editors write, as pydantic models.

Every field carries a description: the same text appears on the site's content reference
page, in the JSON Schemas editors' tools read, and in scaffolded files. Vocabulary terms
are resolved through the validation context (`{"vocabularies": Vocabularies}`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .contact import ADVICE
from .fields import (Audience, Country, Expertise, Headline, Language, LanguageCode, LocalDateTime, MentorFormat, Prose,
                     Role, Slug, Text, TimeZone, WebUrl, listed_once)
from .text import rel_path
from .profile_rules import check_details, mark_required, present, requirable_here

Loc = tuple[str | int, ...]
M = TypeVar("M", bound="ContentModel")

CONTACT_ADVICE = ADVICE
CONTACT_FIELDS = re.compile(r"e-?mail|phone|mobile|whatsapp|telegram|signal|discord|slack|skype|wechat|viber|"
                            r"contact|address", re.I)


class ContentModel(BaseModel):
    """Strict about field names (typos are errors), lenient about surrounding spaces."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    def checks(self) -> Iterator[tuple[Loc, str]]:
        """Rules that span several fields, reported as (field, message)."""
        return iter(())


# --- shared parts -----------------------------------------------------------------------


class Photo(ContentModel):
    src: str = Field(description="Image path inside `content/`, e.g. `assets/people/ana.jpg`.")
    alt: Text = Field(description="What the photo shows, for people who cannot see it.")

    @field_validator("src")
    @classmethod
    def _in_the_repository(cls, value: str, info: ValidationInfo) -> str:
        """A file in the docs folder; a web address gets advice (the build fetches nothing).
        The catalog's context gives the folders; without them only the address is checked."""
        context = info.context or {}
        docs_dir, root = context.get("docs_dir"), context.get("root")
        folder = rel_path(docs_dir, root) if isinstance(docs_dir, Path) and isinstance(root, Path) else "content"
        if re.match(r"(?i)([a-z][a-z0-9+.-]*:|//)", value):
            raise PydanticCustomError(
                "photo", "a photo must be a file in this repository, not a web address (the site never fetches "
                "images from elsewhere): save it under {folder}/assets/people/ and write its path here, "
                "e.g. assets/people/ana.jpg", {"folder": folder})
        if isinstance(docs_dir, Path) and isinstance(root, Path) and not (docs_dir / value).is_file():
            raise PydanticCustomError("photo", "no image at {path}", {"path": rel_path(docs_dir / value, root)})
        return value


class Link(ContentModel):
    label: Text = Field(max_length=60, description="Link text, e.g. `Personal website`.")
    url: WebUrl = Field(description="A public web address (https://…). No mailto: or tel: links.")


class Place(ContentModel):
    city: Text | None = Field(None, description="City or town; the programme may leave it out (`location.country`).")
    region: Text | None = Field(None, description="State, province or region (optional).")
    country: Country = Field(description="ISO 3166 two-letter country code, e.g. `PT`, `KE`, `US`.")

    _required_here = field_validator("city", mode="before")(present)


# --- mentors ----------------------------------------------------------------------------


class MentorTranslation(ContentModel):
    """A profile's own words in another language the site is published in."""

    headline: Headline | None = Field(None, description="The headline in that language.")
    bio: Prose | None = Field(None, description="The bio in that language, in Markdown.")


class Mentor(ContentModel):
    """A mentor profile, `mentors/<id>.yml`. The id is the file name.

    Which fields beyond the core are required is the programme's choice: `profiles` in mkdocs.yml.
    """

    name: Text = Field(max_length=80, description="The name the mentor wants shown.")
    pronouns: Text | None = Field(None, max_length=30, description="Optional, e.g. `she/her`.")
    headline: Headline | None = Field(None, description="One line about what they offer (120 characters at most).")
    bio: Prose | None = Field(None, description="A few paragraphs in Markdown: background, what a mentee can expect.")
    photo: Photo | None = Field(None, description="Optional photo with alt text; an initials avatar is shown otherwise.")
    role: Role | None = Field(None, description="What kind of community leader, from the `roles` vocabulary.")
    organisation: Text | None = Field(None, max_length=100, description="Where they work or volunteer (optional).")
    expertise: list[Expertise] = Field(min_length=1, description="Topics, from the `expertise` vocabulary (synonyms are accepted).")
    languages: list[Language] = Field(min_length=1, description="ISO 639-1 codes of languages they mentor in, e.g. `[en, es]`.")
    location: Place | None = Field(None, description="Where they are based.")
    timezone: TimeZone | None = Field(None, description="IANA time zone, e.g. `Europe/Lisbon`.")
    formats: list[MentorFormat] = Field(default_factory=list, min_length=1, description="`virtual`, `in-person` or both.")
    audiences: list[Audience] = Field(default_factory=list, min_length=1, description="Who they mentor, from the `audiences` vocabulary.")
    capacity: int | None = Field(None, ge=0, le=20, description=(
        "How many mentees they can take at once for regular mentoring (when not given, one); "
        "`0` with `sessions: true` for one-off sessions only."))
    sessions: StrictBool = Field(False, description=(
        "`true` when they also give one-off sessions (a single conversation: a CV review, a mock "
        "interview), which take none of their places."))
    active_mentees: int = Field(0, ge=0, description="How many mentees they have now; at capacity the profile shows as full.")
    accepting: StrictBool = Field(True, description="`false` pauses new requests, with no end date, without hiding the profile.")
    paused_until: dt.date | None = Field(None, description="Pauses new requests up to and including this date (YYYY-MM-DD); the profile takes requests again the day after, at the next build.")
    hours_per_month: int | None = Field(None, ge=0, le=80, description=(
        "Hours a month they can give to regular mentoring (`0` only with `capacity: 0`)."))
    reviewed: dt.date = Field(description="The date the mentor last confirmed this profile (YYYY-MM-DD).")
    youth_cleared: StrictBool = Field(False, description="`true` once the programme's safeguarding checks for work with under-18s are complete.")
    listed: StrictBool = Field(True, description="`false` keeps the file but removes the profile from the site.")
    links: list[Link] = Field(default_factory=list, description="Public links: website, professional profile.")
    translations: dict[LanguageCode, MentorTranslation] = Field(default_factory=dict, description=(
        "The headline and bio in the site's other languages (the plugin's `languages` option), by "
        "language code: an `fr` entry with a `headline`, a `bio` or both. A language without them "
        "shows the profile's own words, labelled."))
    details: dict[str, Any] = Field(default_factory=dict, validate_default=True, description=(
        "The programme's own profile fields (`profiles.fields` in mkdocs.yml) by id, e.g. `{years_of_experience: 12}`."))

    _programme_requires = model_validator(mode="before")(mark_required)
    _required_here = field_validator(*requirable_here, mode="before")(present)
    _programme_details = field_validator("details")(check_details)
    _each_once = field_validator("expertise", "languages", "formats", "audiences", mode="wrap")(listed_once)

    @field_validator("reviewed")
    @classmethod
    def _not_in_the_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = (info.context or {}).get("today")
        if isinstance(today, dt.date) and value > today:
            raise PydanticCustomError("future", "{value} is in the future", {"value": str(value)})
        return value

    @property
    def places(self) -> int:
        """How many mentees at once: `capacity`, or one when the profile does not say."""
        return 1 if self.capacity is None else self.capacity

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.headline is None and self.bio is None:
            yield ("headline",), "give a headline, a bio or both"
        if self.capacity is not None and self.active_mentees > self.capacity:
            yield ("active_mentees",), f"is {self.active_mentees}, more than the capacity of {self.capacity}"
        if self.hours_per_month == 0 and self.places:
            yield ("hours_per_month",), (f"is 0, but the profile offers {self.places} long-term "
                                         f"{'place' if self.places == 1 else 'places'}; give the hours, or set "
                                         "`capacity: 0` (and `sessions: true` for one-off sessions only)")
        if self.paused_until is not None and not self.accepting:
            yield ("paused_until",), "a pause with an end date needs `accepting: true` (or remove paused_until for a pause with no end)"


# --- stories ----------------------------------------------------------------------------


class Story(ContentModel):
    """A success story, `stories/<slug>.md`: front matter, then the story in Markdown."""

    title: Text = Field(max_length=120, description="Headline of the story.")
    date: dt.date = Field(description="Publication date (YYYY-MM-DD).")
    mentors: list[Slug] = Field(min_length=1, description="Ids of the mentors the story is about.")
    mentee: Text = Field(max_length=40, description="The mentee's first name or a pseudonym, never a full name.")
    full_name_allowed: StrictBool = Field(False, description="`true` only when an adult mentee asked, in writing, to be named in full.")
    consent: StrictBool = Field(description="Must be `true`: the mentee (and a guardian for under-18s) agreed to publication.")
    tags: list[Slug] = Field(default_factory=list, description="Lower-case tags, e.g. `[first-job, confidence]`.")
    summary: Text = Field(max_length=280, description="One or two sentences for lists and feeds (280 characters at most).")
    photo: Photo | None = Field(None, description="Optional photo with alt text; never a photo of a minor's face.")

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError(
                "consent", "must be true; a story without the mentee's consent must not be in this public repository"
            )
        return value

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if not self.full_name_allowed and len(self.mentee.split()) > 1:
            yield ("mentee",), "use a first name or pseudonym only (one word); set full_name_allowed only with written permission"


# --- training ---------------------------------------------------------------------------


class QuizOption(ContentModel):
    text: Text = Field(description="The answer as the learner sees it.")
    correct: StrictBool = Field(False, description="`true` for a right answer.")
    explanation: Text = Field(description="Why this answer is right or wrong; shown after answering.")


class QuizQuestion(ContentModel):
    question: Text = Field(description="The question.")
    options: list[QuizOption] = Field(min_length=2, description="Two or more options; several may be correct.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if not any(option.correct for option in self.options):
            yield ("options",), "mark at least one option `correct: true`"


class TrainingModule(ContentModel):
    """A training module, `content/training/<id>.md`: front matter, then the lesson."""

    title: Text = Field(max_length=120, description="Module title.")
    order: int = Field(ge=1, description="Position in the learning path (unique within a track).")
    minutes: int = Field(ge=1, le=600, description="Honest estimate of study time in minutes.")
    track: Slug = Field("core", description="Group of modules, e.g. `before-first-meeting`; default `core`.")
    audience: list[Literal["mentors", "coordinators"]] = Field(["mentors"], min_length=1, description="Who the module is for.")
    summary: Text | None = Field(None, max_length=280, description="One sentence for the curriculum list.")
    objectives: list[Text] = Field(min_length=1, description="What a learner can do afterwards.")
    prerequisites: list[Slug] = Field(default_factory=list, description="Ids (file names) of modules to study first.")
    key_points: list[Text] = Field(default_factory=list, description="The points to remember, shown at the end.")
    self_check: list[QuizQuestion] = Field(default_factory=list, description="Self-check questions with explained answers.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        for index, question in enumerate(self.self_check):
            for loc, message in question.checks():
                yield ("self_check", index, *loc), message


# --- events -----------------------------------------------------------------------------


class Venue(ContentModel):
    name: Text = Field(description="Name of the venue.")
    address: Text | None = Field(None, description="Street address of the venue (public places only).")
    city: Text = Field(description="City or town.")
    country: Country = Field(description="ISO 3166 two-letter country code.")


class Recurrence(ContentModel):
    frequency: Literal["daily", "weekly", "monthly", "yearly"] = Field(description="How often it repeats.")
    interval: int = Field(1, ge=1, le=52, description="Every how many periods, e.g. 2 for fortnightly.")
    until: dt.date | None = Field(None, description="Last possible date (YYYY-MM-DD); or give `count`.")
    count: int | None = Field(None, ge=1, le=500, description="Number of occurrences; or give `until`.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if (self.until is None) == (self.count is None):
            yield (), "give exactly one of `until` or `count`, so the series ends"


class Event(ContentModel):
    """An event, `content/events/<slug>.yml`. Times are local to `timezone`."""

    title: Text = Field(max_length=120, description="Event title.")
    start: LocalDateTime = Field(description="Local start, e.g. `2026-05-04 18:30` (no offset: see `timezone`).")
    end: LocalDateTime = Field(description="Local end, after the start.")
    timezone: TimeZone = Field(description="IANA time zone of the start and end times.")
    recurrence: Recurrence | None = Field(None, description="For a repeating event: frequency, interval, until or count.")
    format: Literal["in-person", "virtual", "hybrid"] = Field(description="`in-person`, `virtual` or `hybrid`.")
    venue: Venue | None = Field(None, description="Where it happens; required for in-person and hybrid events.")
    online_url: WebUrl | None = Field(None, description="Public joining page for virtual and hybrid events.")
    registration_url: WebUrl | None = Field(None, description="Where people sign up (optional).")
    audience: list[Literal["mentees", "mentors", "coordinators", "families", "everyone"]] = Field(
        min_length=1, description="Who it is for: mentees, mentors, coordinators, families, everyone."
    )
    status: Literal["scheduled", "cancelled"] = Field("scheduled", description="`cancelled` keeps it listed, marked.")
    summary: Text = Field(max_length=280, description="One or two sentences for lists and calendars.")
    description: Text = Field(description="Details in Markdown: agenda, accessibility, what to bring.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.end <= self.start:
            yield ("end",), "must be after the start"
        if self.format != "virtual" and self.venue is None:
            yield ("venue",), f"a {self.format} event needs a venue"
        if self.format != "in-person" and not (self.online_url or self.registration_url):
            yield ("online_url",), f"a {self.format} event needs an online_url or a registration_url"
        if self.recurrence is not None:
            for loc, message in self.recurrence.checks():
                yield ("recurrence", *loc), message

