"""A mentor as a card: the data the directory, profiles and story pages show, and its facets."""

from __future__ import annotations

from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.models import FORMAT_LABELS, Mentor
from ...content.text import format_date
from ...content.vocabulary import Vocabulary


def facet_terms(card: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The directory filters' values on one card, by facet key (pages/mentors.FACETS)."""
    country = card["location"]
    return {
        "expertise": card["expertise"],
        "language": [{"id": lang["id"], "label": lang["name"]} for lang in card["languages"]],
        "format": card["formats"],
        "audience": card["audiences"],
        "country": [{"id": country["country"], "label": country["country_name"]}],
        "role": [card["role"]],
    }


def resolve_mentor(catalog: Catalog, entry: Entry[Mentor]) -> dict[str, Any]:
    mentor, vocab = entry.model, catalog.vocabularies
    now = catalog.status(mentor)
    data = mentor.model_dump(mode="json", exclude={"bio", "listed", "active_mentees", "paused_until"})
    card = {
        **data,
        "id": entry.id,
        "url": entry.url,
        "initials": "".join(part[0] for part in mentor.name.split()[:2]).upper(),
        "role": _term(vocab.roles, mentor.role),
        "expertise": [_term(vocab.expertise, t) for t in mentor.expertise],
        "audiences": [_term(vocab.audiences, t) for t in mentor.audiences],
        "languages": [{"id": code, "label": vocab.languages.label(code),
                       "name": vocab.languages.terms[code].description} for code in mentor.languages],
        "location": {**data["location"], "country_name": vocab.countries.label(mentor.location.country)},
        "formats": [{"id": f, "label": FORMAT_LABELS[f]} for f in mentor.formats],
        "availability": now.state,
        "availability_label": now.label,
        "free_places": now.free_places,
        "paused_until": format_date(now.paused_until) if now.paused_until else None,
        "reviewed_label": format_date(mentor.reviewed),
        "stale": catalog.is_stale(mentor),
    }
    card["facets"] = {key: [term["id"] for term in terms] for key, terms in facet_terms(card).items()}
    return card


def _term(vocabulary: Vocabulary, term_id: str) -> dict[str, str]:
    return {"id": term_id, "label": vocabulary.label(term_id)}
