"""A mentor as a card: the data the directory, profiles and story pages show, and its facets."""

from __future__ import annotations

from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.languages import Language
from ...content.mentor_state import KINDS, kinds_offered
from ...content.fields import FORMAT_LABELS
from ...content.models import Mentor
from ...content.vocabulary import Vocabulary, language_label


def facet_terms(card: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The directory filters' values on one card, by facet key (pages/mentors.FACETS, then the
    programme's own fields with `facet: true`). A mentor without a value is under none."""
    country = card["location"]
    return {
        "expertise": card["expertise"],
        "language": [{"id": lang["id"], "label": lang["both"]} for lang in card["languages"]],
        "format": card["formats"],
        "mentoring": card["mentoring"],
        "audience": card["audiences"],
        "country": [{"id": country["country"], "label": country["country_name"]}] if country else [],
        "role": [card["role"]] if card["role"] else [],
        **{detail["id"]: detail["choices"] for detail in card["details"] if detail["facet"]},
    }


def resolve_mentor(catalog: Catalog, entry: Entry[Mentor]) -> dict[str, Any]:
    mentor, vocab = entry.model, catalog.vocabularies
    words = catalog.site.language
    now = catalog.status(mentor)
    data = mentor.model_dump(mode="json", exclude={"bio", "listed", "active_mentees", "paused_until", "details",
                                                   "translations"})
    said = catalog.words_of(mentor)
    card = {
        **data,
        # in the edition's language where the profile gives it; else as written, with that language's code
        "headline": said.headline, "headline_language": said.headline_language,
        "id": entry.id,
        "url": entry.url,
        "initials": "".join(part[0] for part in mentor.name.split()[:2]).upper(),
        "role": _term(vocab.roles, mentor.role) if mentor.role else None,
        "expertise": [_term(vocab.expertise, t) for t in mentor.expertise],
        "audiences": [_term(vocab.audiences, t) for t in mentor.audiences],
        # label: the language's own name (marked with its lang), name: its English name, both: as every page shows it
        "languages": [{"id": code, "label": vocab.languages.label(code), "name": vocab.languages.terms[code].description,
                       "both": language_label(vocab.languages.terms[code])} for code in mentor.languages],
        "location": mentor.location and {**data["location"], "country_name": vocab.countries.label(mentor.location.country)},
        "formats": [{"id": f, "label": words.gettext(FORMAT_LABELS[f])} for f in mentor.formats],
        "availability": now.state,
        "availability_label": words.gettext(now.label),
        "status_text": now.words_in(words),
        "mentoring": [{"id": kind, "label": words.gettext(KINDS[kind])} for kind in kinds_offered(mentor.capacity, mentor.sessions)],
        "time_text": _time_text(mentor, words),
        "free_places": now.free_places,
        "paused_until": words.format_date(now.paused_until) if now.paused_until else None,
        "reviewed_label": words.format_date(mentor.reviewed),
        "stale": catalog.is_stale(mentor),
        "details": _details(catalog, mentor),
    }
    card["facets"] = {key: [term["id"] for term in terms] for key, terms in facet_terms(card).items()}
    return card


def _details(catalog: Catalog, mentor: Mentor) -> list[dict[str, Any]]:
    """The programme's own fields the profile gives, in the programme's order: label, value in
    words, and for choices each choice with its filter id."""
    details = []
    for spec in catalog.programme.profiles.fields:
        value = mentor.details.get(spec.id)
        if value is None:
            continue
        chosen = [value] if spec.type == "choice" else value if spec.type == "multi-choice" else []
        shown = ", ".join(chosen) if chosen else f"{value:g}" if isinstance(value, float) else str(value)
        details.append({"id": spec.id, "label": spec.label, "value": shown, "facet": spec.facet,
                        "choices": [{"id": spec.option_id(c), "label": c} for c in chosen]})
    return details


def _time_text(mentor: Mentor, words: Language) -> str:
    """The profile's "Time" row: hours, places and sessions as the profile gives them."""
    parts = [words.ngettext("about %(num)s hour a month", "about %(num)s hours a month", mentor.hours_per_month)
             ] if mentor.hours_per_month else []
    if mentor.capacity:
        parts.append(words.ngettext("up to %(num)s mentee at once", "up to %(num)s mentees at once", mentor.capacity))
    if mentor.sessions:
        parts.append(words.gettext("one-off sessions only") if mentor.capacity == 0
                     else words.gettext("one-off sessions too"))
    elif mentor.capacity == 0:
        parts.append(words.gettext("no regular mentoring at the moment"))
    text = words.gettext("; ").join(parts)
    return text[:1].upper() + text[1:]


def _term(vocabulary: Vocabulary, term_id: str) -> dict[str, str]:
    return {"id": term_id, "label": vocabulary.label(term_id)}
