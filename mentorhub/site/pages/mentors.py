"""One profile page per published mentor, and the directory's pages of their cards (directory.py)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property, partial
from typing import Any
from urllib.parse import urlencode

from ...content.catalog import Catalog, Entry
from ...content.kinds import MENTOR
from ...content.match_reasons import labels_from, reasons_in
from ...content.matching import SimilarMentors
from ...content.models import Mentor
from ...content.request_form import INBOX_FORM_PATH
from ...content.zones import describe_zone
from ..sanitize import inert_markdown
from .base import GeneratedPage, live_source
from .cards import resolve_mentor
from .directory import generate_directory, in_directory_order
from .stories import resolve_story_link


def generate(catalog: Catalog) -> list[GeneratedPage]:
    profiles = _MentorPages(catalog)
    pages = generate_directory(catalog, len(profiles.published), lambda: list(profiles.cards.values()))
    pages += [GeneratedPage(entry.src_uri, entry.model.name, MENTOR.template,
                            body=inert_markdown(catalog.words_of(entry.model).bio or ""),
                            resolve=partial(profiles.profile, entry), edit_path=entry.source.rel)
              for entry in profiles.published]
    return pages


class _MentorPages:
    """The directory's and the profiles' data, from one set of cards made on first use."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.published = in_directory_order(catalog)
        self.live = live_source(catalog)

    @cached_property
    def cards(self) -> dict[str, dict[str, Any]]:
        return {entry.id: resolve_mentor(self.catalog, entry) for entry in self.published}

    @cached_property
    def similar_to(self) -> SimilarMentors:
        reference = dt.datetime.combine(self.catalog.today, dt.time(), dt.timezone.utc)
        words = self.catalog.site.language
        return SimilarMentors(self.catalog.public_mentors, reference, labels_from(self.catalog.vocabularies, words),
                              reasons_in(words))

    def profile(self, entry: Entry[Mentor]) -> dict[str, Any]:
        catalog = self.catalog
        requestable = catalog.is_requestable(entry.id)
        similar = [] if requestable else [
            {"id": s.id, "url": catalog.mentors[s.id].url, "name": catalog.mentors[s.id].model.name,
             "reasons": s.reasons}
            for s in self.similar_to(entry.id)]
        mentor = {**self.cards[entry.id], "stories": [resolve_story_link(catalog, s) for s in catalog.stories_of(entry.id)],
                  "requestable": requestable, "similar": similar,
                  # "Toronto time (UTC−5)", as of the build: mentees read a place and an offset, not an IANA id.
                  "timezone_words": describe_zone(entry.model.timezone, catalog.today, catalog.site.language) if entry.model.timezone else None}
        said = catalog.words_of(entry.model)
        return {"mentor": mentor, "safeguarding_contact": catalog.programme.safeguarding_contact,
                # the bio as written, when the profile gives none in this edition's language: named for the label
                "bio_language": said.bio_language and {"code": said.bio_language,
                                                       "name": catalog.site.language.name_of(said.bio_language)},
                "requests": catalog.programme.requests.delivery is not None,
                "request_without_js": _inbox_form_url(catalog, entry.id), **self.live}


def _inbox_form_url(catalog: Catalog, mentor_id: str) -> str | None:
    """The inbox's form for this mentor, in this edition's language: where the Request button leads
    without JavaScript (the site's form can only preselect a mentor with a script). Only the inbox
    serves one."""
    options = catalog.programme.requests
    if options.delivery != "inbox":
        return None
    query = urlencode({"mentor": mentor_id, **({"privacy_version": catalog.privacy_version}
                                               if catalog.privacy_version else {}),
                       "language": catalog.site.language.code})  # the inbox's form speaks the profile's language
    return f"{str(options.url).rstrip('/')}{INBOX_FORM_PATH}?{query}"
