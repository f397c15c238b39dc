"""Machine-readable outputs: files other programs read, built from the same Catalog."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog

# Exactly what mentors.json publishes per mentor: the profile's public fields, plus facts the
# site derives. Anything added to the Mentor model stays out until it is added here.
PUBLIC_MENTOR_FIELDS = (
    "name", "pronouns", "headline", "bio", "photo", "role", "organisation", "expertise", "languages",
    "location", "timezone", "formats", "audiences", "capacity", "accepting", "hours_per_month",
    "reviewed", "youth_cleared", "links",
)
DERIVED_MENTOR_FIELDS = ("id", "url", "availability", "free_places", "stale")


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str
    content: str


def generate_files(catalog: Catalog) -> list[GeneratedFile]:
    return [GeneratedFile("mentors.json", _dump(_mentors_document(catalog)))]


def _mentors_document(catalog: Catalog) -> dict[str, Any]:
    """Published mentors with term ids; the vocabularies map ids to labels."""
    labels = {name: {t.id: t.label for t in catalog.vocabularies[name].terms.values()}
              for name in ("expertise", "audiences", "roles")}
    return {"version": 1, "vocabularies": labels, "mentors": public_mentors(catalog)}


def public_mentors(catalog: Catalog) -> list[dict[str, Any]]:
    """Each published mentor as `mentors.json` has it: what the browser and receivers see."""
    mentors = []
    for entry in catalog.mentors.values():
        if not catalog.is_published(entry.id):
            continue
        mentor = entry.model
        availability = catalog.availability(mentor)
        public = mentor.model_dump(mode="json", include=set(PUBLIC_MENTOR_FIELDS))
        derived = {"id": entry.id, "url": f"mentors/{entry.id}/", "availability": availability,
                   "free_places": catalog.free_places(mentor), "stale": catalog.is_stale(mentor)}
        mentors.append({**derived, **{field: public[field] for field in PUBLIC_MENTOR_FIELDS}})
    return mentors


def _dump(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
