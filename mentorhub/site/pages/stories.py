"""Success stories: the index (newest first, with tags and the feed) and one page per story."""

from __future__ import annotations

from functools import partial
from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.kinds import PAGES, STORY
from ...content.languages import Language
from ...content.models import Story
from .base import GeneratedPage, live_source
from .cards import resolve_mentor


def generate(catalog: Catalog) -> list[GeneratedPage]:
    entries = catalog.stories_newest_first()
    stories = [_resolve_story(catalog, s) for s in entries]
    labels = {tag["id"]: tag["label"] for story in stories for tag in story["tags"]}  # the filter: by label, A to Z
    tags = [{"id": i, "label": label} for i, label in sorted(labels.items(), key=lambda t: t[1].casefold())]
    index = {"stories": stories, "tags": tags, "feed": "stories/feed.xml" if catalog.site.url else None}
    pages = [GeneratedPage(PAGES["stories"], catalog.site.language.gettext("Success stories"), "stories.html", in_nav=True,
                           resolve=partial(dict, index))]
    for entry, story in zip(entries, stories):
        cards = [resolve_mentor(catalog, catalog.mentors[m]) for m in entry.model.mentors if catalog.is_published(m)]
        pages.append(GeneratedPage(entry.src_uri, entry.model.title, STORY.template, body=entry.body,
                                   resolve=partial(dict, story=story, mentor_cards=cards, **live_source(catalog)),
                                   edit_path=entry.source.rel))
    return pages


def resolve_story_link(catalog: Catalog, entry: Entry[Story]) -> dict[str, Any]:
    story = entry.model
    return {"id": entry.id, "url": entry.url, "title": story.title, "summary": story.summary,
            "date": story.date.isoformat(), "date_label": catalog.site.language.format_date(story.date)}


def _resolve_story(catalog: Catalog, entry: Entry[Story]) -> dict[str, Any]:
    """A story as its pages show it; each tag is its id (for ?tag= and the filter) and its label."""
    story = entry.model
    mentors = [{"id": m, "name": catalog.mentors[m].model.name,
                "url": catalog.mentors[m].url if catalog.is_published(m) else None} for m in story.mentors]
    tags = [{"id": tag, "label": catalog.vocabularies.tag_label(tag)} for tag in story.tags]
    return {**resolve_story_link(catalog, entry), "mentee": story.mentee, "tags": tags,
            "photo": story.photo.model_dump() if story.photo else None, "mentors": mentors,
            "mentor_names": _names(catalog.site.language, [catalog.mentors[m].model.name for m in story.mentors])}


def _names(words: Language, names: list[str]) -> str:
    """"Ana and Rui", "Ana y Rui": the language's list; English keeps "A and B and C", as the
    site has always written it, rather than CLDR's "A, B, and C"."""
    return " and ".join(names) if words.code == "en" else words.format_list(names)
