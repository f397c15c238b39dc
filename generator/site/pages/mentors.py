"""The mentor directory (cards and filters) and one profile page per published mentor."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cached_property, partial
from typing import Any
from urllib.parse import urlencode

from ...content.catalog import Catalog, Entry
from ...content.kinds import MENTOR, PAGES
from ...content.matching import SimilarMentors, labels_from
from ...content.mentor_state import STATES
from ...content.models import Mentor
from ...content.request_form import INBOX_FORM_PATH
from ..sanitize import inert_markdown
from .base import GeneratedPage, live_source, wide
from .cards import facet_terms, resolve_mentor
from .stories import resolve_story_link

ORDER_NOTE = ("Mentors taking new mentees come first; then those who are full, paused or whose profile "
              "has not been confirmed recently.")
FACETS = {"expertise": "Expertise", "language": "Language", "format": "Meets", "mentoring": "Mentoring",
          "audience": "Mentors",
          "country": "Country", "role": "Role"}


def generate(catalog: Catalog) -> list[GeneratedPage]:
    profiles = _MentorPages(catalog)
    pages = [GeneratedPage(PAGES["mentors"], "Mentors", "mentors.html", in_nav=True, resolve=profiles.directory)]
    pages += [GeneratedPage(entry.src_uri, entry.model.name, MENTOR.template, body=inert_markdown(entry.model.bio or ""),
                            resolve=partial(profiles.profile, entry), edit_path=entry.source.rel)
              for entry in profiles.published]
    return pages


class _MentorPages:
    """The directory's and the profiles' data, from one set of cards made on first use."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.published = sorted((e for e in catalog.mentors.values() if catalog.is_published(e.id)),
                                key=lambda e: (STATES.index(catalog.status(e.model).state),
                                               e.model.name.casefold()))
        self.live = live_source(catalog)

    @cached_property
    def cards(self) -> dict[str, dict[str, Any]]:
        return {entry.id: resolve_mentor(self.catalog, entry) for entry in self.published}

    @cached_property
    def similar_to(self) -> SimilarMentors:
        reference = dt.datetime.combine(self.catalog.today, dt.time(), dt.timezone.utc)
        return SimilarMentors(self.catalog.public_mentors, reference, labels_from(self.catalog.vocabularies))

    def directory(self) -> dict[str, Any]:
        cards = list(self.cards.values())
        facets = {**FACETS, **{f.id: f.label for f in self.catalog.programme.profiles.facets}}
        if not any(card["sessions"] for card in cards):
            del facets["mentoring"]  # every mentor gives regular mentoring: nothing to filter (as the form and match)
        return {"mentors": cards, "facets": _resolve_facets(cards, facets), "hide": wide(),
                "order_note": ORDER_NOTE, **self.live}

    def profile(self, entry: Entry[Mentor]) -> dict[str, Any]:
        catalog = self.catalog
        requestable = catalog.is_requestable(entry.id)
        similar = [] if requestable else [
            {"id": s.id, "url": catalog.mentors[s.id].url, "name": catalog.mentors[s.id].model.name,
             "reasons": s.reasons}
            for s in self.similar_to(entry.id)]
        mentor = {**self.cards[entry.id], "stories": [resolve_story_link(s) for s in catalog.stories_of(entry.id)],
                  "requestable": requestable, "similar": similar}
        return {"mentor": mentor, "safeguarding_contact": catalog.programme.safeguarding_contact,
                "requests": catalog.programme.requests.delivery is not None,
                "request_without_js": _inbox_form_url(catalog, entry.id), **self.live}


def _inbox_form_url(catalog: Catalog, mentor_id: str) -> str | None:
    """The inbox's form for this mentor: where the Request button leads without JavaScript (the
    site's form can only preselect a mentor with a script). Only the inbox serves one."""
    options = catalog.programme.requests
    if options.delivery != "inbox":
        return None
    query = urlencode({"mentor": mentor_id, **({"privacy_version": catalog.privacy_version}
                                               if catalog.privacy_version else {})})
    return f"{str(options.url).rstrip('/')}{INBOX_FORM_PATH}?{query}"


def _resolve_facets(cards: list[dict[str, Any]], keys: dict[str, str]) -> list[dict[str, Any]]:
    """The directory's filters (`keys`: key → label): every value some published mentor has, with its count."""
    facets: list[dict[str, Any]] = []
    for key, label in keys.items():
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for card in cards:
            for term in facet_terms(card).get(key, []):
                counts[term["id"]] += 1
                labels[term["id"]] = term["label"]
        options: list[dict[str, Any]] = [{"id": i, "label": labels[i], "count": counts[i]} for i in counts]
        facets.append({"key": key, "label": label,
                       "options": sorted(options, key=lambda o: o["label"].casefold())})
    return facets
