"""The words the inbox writes for counts and for a request's stored values.

Counts are proper plurals ("1 request", "3 requests"), never "request(s)". Stored values are
ids; a coordinator reads the site's own words for them: topics from the programme's vocabulary
(mentors.json or vocabularies.yml, through the Directory), languages as the site spells them
("Arabic (العربية)"), and the request form's options for age bands, formats, free times and
kinds of mentoring, so the dashboard says what the mentee chose; a mentor application's profile
reads as the site will show it (`profile_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorhub.content.fields import FORMAT_LABELS
from mentorhub.content.languages import N_
from mentorhub.content.requests import AGE_BANDS, FORMATS, FREE_TIMES, MENTORING
from mentorhub.content.text import label_from_slug
from mentorhub.content.vocabulary import builtin_vocabulary, language_name

from .mentors import Directory
from .models import RequestRecord


def counted(count: int, one: str, other: str = "") -> str:
    """`count` and the noun for it: `counted(1, "request")` is "1 request", 2 gives "2 requests"."""
    return f"{count} {one if count == 1 else other or one + 's'}"


def topic_label(directory: Directory, term: str) -> str:
    """A topic as the site's form and filters name it (an id the vocabulary lost keeps a readable form)."""
    return directory.expertise_labels.get(term) or label_from_slug(term)


@dataclass(frozen=True)
class RequestWords:
    """A request's stored choices in the site's words, for its dashboard page."""

    age_band: str
    topics: list[str]
    languages: list[str]
    format: str
    availability: list[str]
    mentoring: str


def request_words(directory: Directory, row: RequestRecord) -> RequestWords:
    return RequestWords(AGE_BANDS.get(row.age_band, row.age_band),
                        [topic_label(directory, t) for t in row.interests],
                        [language_name(code) for code in row.languages],
                        FORMATS.get(row.format, row.format),
                        [FREE_TIMES.get(t, t) for t in row.availability],
                        MENTORING.get(row.mentoring, row.mentoring))


def minor_tag(directory: Directory, age_band: str) -> str:
    """"Under 18" (the programme's `guardian_consent_under`) for a mentee who needs a guardian's
    agreement; "" for one who does not. Words, so the flag does not rely on colour."""
    options = directory.options
    return directory.words.gettext("Under %(age)s", age=options.guardian_consent_under) if options.needs_guardian(age_band) else ""


# A profile's fields as the dashboard names them, in the profile page's order (mentorhub.content.models.Mentor):
# msgids, the profile page's own where it has one ("Based in", "Meets"); the bio is "Bio", since "About"
# is the site's About page ("Quiénes somos").
PROFILE_LABELS = {"name": N_("Name"), "pronouns": N_("Pronouns"), "headline": N_("Headline"), "bio": N_("Bio"),
                  "role": N_("Role"), "organisation": N_("Organisation"), "expertise": N_("Expertise"),
                  "languages": N_("Languages"), "location": N_("Based in"), "timezone": N_("Time zone"),
                  "formats": N_("Meets"), "audiences": N_("Works with"), "capacity": N_("Mentees at once"),
                  "sessions": N_("One-off sessions"), "hours_per_month": N_("Hours a month"), "links": N_("Links"),
                  "photo": N_("Photo"), "details": N_("Details")}


@dataclass(frozen=True)
class ProfileLine:
    label: str
    value: str
    text: bool = False  # prose: shown with its line breaks


def profile_words(directory: Directory, profile: dict[str, Any]) -> list[ProfileLine]:
    """An application's public profile (`ApplicationRecord.profile`) as it will read: the vocabularies'
    labels (a bare term's words when the inbox reads only mentors.json), the programme's field labels;
    Mentor Hub's own words (the labels, formats, yes and no) in the site's language (`directory.words`)."""
    say = directory.words.gettext
    vocabularies = directory.vocabularies
    countries = builtin_vocabulary("countries").terms
    own = {field.id: field.label for field in directory.profiles.fields}

    def term(vocabulary: str, value: object) -> str:
        known = vocabularies[vocabulary].terms if vocabularies is not None else {}
        if str(value) in known:
            return known[str(value)].label
        return topic_label(directory, str(value)) if vocabulary == "expertise" else label_from_slug(str(value))

    lines: list[ProfileLine] = []
    for key in [*PROFILE_LABELS, *sorted(k for k in profile if k not in PROFILE_LABELS)]:
        value = profile.get(key)
        if value in (None, "", [], {}):
            continue
        if key in ("expertise", "audiences", "role"):
            words = ", ".join(term("roles" if key == "role" else key, v) for v in
                              (value if isinstance(value, list) else [value]))
        elif key == "languages":
            words = ", ".join(language_name(str(code)) for code in value)
        elif key == "formats":
            words = ", ".join(say(FORMAT_LABELS[str(f)]) if str(f) in FORMAT_LABELS else str(f) for f in value)
        elif key == "location" and isinstance(value, dict):
            country = str(value.get("country") or "")
            words = ", ".join(str(part) for part in (value.get("city"), value.get("region"),
                                                     countries[country].label if country in countries
                                                     else country) if part)
        elif key == "links" and isinstance(value, list):
            words = "; ".join(f"{link.get('label', '')} ({link.get('url', '')})" for link in value
                              if isinstance(link, dict))
        elif key == "photo" and isinstance(value, dict):
            words = f"{value.get('alt', '')} ({value.get('src', '')})"
        elif key == "details" and isinstance(value, dict):
            words = "; ".join(f"{own.get(str(k)) or label_from_slug(str(k).replace('_', '-'))}: "
                              f"{', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in value.items())
        elif isinstance(value, bool):
            words = say(N_("yes")) if value else say(N_("no"))
        else:
            words = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(ProfileLine(say(PROFILE_LABELS[key]) if key in PROFILE_LABELS
                                 else label_from_slug(key.replace("_", "-")), words, key == "bio"))
    return lines
