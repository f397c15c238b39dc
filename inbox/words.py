"""The words the inbox writes for counts and for a request's stored values.

Counts are proper plurals ("1 request", "3 requests"), never "request(s)". Stored values are
ids; a coordinator reads the site's own words for them: topics from the programme's vocabulary
(mentors.json or vocabularies.yml, through the Directory), languages as the site spells them
("Arabic (العربية)"), and the request form's options for age bands, formats, free times and
kinds of mentoring, so the dashboard says what the mentee chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.requests import AGE_BANDS, FORMATS, FREE_TIMES, MENTORING
from generator.content.text import label_from_slug
from generator.content.vocabulary import language_name

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
    return f"Under {options.guardian_consent_under}" if options.needs_guardian(age_band) else ""
