"""Machine-readable outputs: files other programs read, built from the same Catalog."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..content.catalog import Catalog
from ..content.kinds import PAGES
from ..content.surveys import SURVEYS_FILE, PublishedSurvey, surveys_document
from .ical import FEED_FILE, calendar_files, feed_name
from .impact import impact_figures
from .photos import PhotoSet

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str
    content: str


@dataclass(frozen=True)
class Feed:
    """A feed the site publishes, announced in every page's head (`<link rel="alternate">`)."""

    src_uri: str
    media_type: str
    title: str


STORIES_FEED = "stories/feed.xml"


def site_feeds(catalog: Catalog) -> list[Feed]:
    """The feeds `generate_files` writes: a feed's links must be absolute, so without a
    site_url there is no stories feed; the events calendar is always there."""
    feeds = [Feed(STORIES_FEED, "application/atom+xml", _stories_title(catalog))] if catalog.site.url else []
    return [*feeds, Feed(FEED_FILE, "text/calendar", feed_name(catalog))]


def _stories_title(catalog: Catalog) -> str:
    words = catalog.site.language
    return (words.gettext("%(site)s: success stories", site=catalog.site.name) if catalog.site.name
            else words.gettext("Success stories"))


def generate_files(catalog: Catalog, photos: PhotoSet | None = None) -> list[GeneratedFile]:
    files = [GeneratedFile("mentors.json", _dump(_mentors_document(catalog, photos or PhotoSet()))),
             GeneratedFile("impact.json", _dump(impact_figures(catalog, catalog.inbox_export()))),
             # every survey's definition, for an inbox that reads the built site (an empty list when there are none)
             GeneratedFile(SURVEYS_FILE, _dump(surveys_document(
                 PublishedSurvey(e.id, e.url, e.model) for e in catalog.surveys.values())))]
    if catalog.site.url:  # site_feeds announces the stories feed on this same condition
        files.append(GeneratedFile(STORIES_FEED, _stories_feed(catalog, catalog.site.url)))
    files += [GeneratedFile(uri, text) for uri, text in calendar_files(catalog).items()]
    return files


def _stories_feed(catalog: Catalog, site_url: str) -> str:
    """An Atom feed (RFC 4287) whose ids and dates come from the content, so rebuilding changes nothing."""
    host = urlsplit(site_url).hostname or "localhost"
    stories = catalog.stories_newest_first()
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "title").text = _stories_title(catalog)
    index = f"{site_url}{catalog.site.url_of(PAGES['stories'])}"
    ET.SubElement(feed, "id").text = index
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}{STORIES_FEED}")
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=index)
    ET.SubElement(feed, "updated").text = _atom_date(stories[0].model.date if stories else catalog.today)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = catalog.site.name or host
    for entry in stories:
        story = entry.model
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "title").text = story.title
        ET.SubElement(item, "id").text = f"tag:{host},{story.date.isoformat()}:stories/{entry.id}"
        ET.SubElement(item, "link", rel="alternate", type="text/html", href=f"{site_url}{entry.url}")
        ET.SubElement(item, "published").text = _atom_date(story.date)
        ET.SubElement(item, "updated").text = _atom_date(story.date)
        ET.SubElement(item, "summary").text = story.summary
        for tag in story.tags:  # the slug is the term readers filter on; the label is what they read
            ET.SubElement(item, "category", term=tag, label=catalog.vocabularies.tag_label(tag))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _mentors_document(catalog: Catalog, photos: PhotoSet) -> dict[str, Any]:
    """Published mentors with term ids; the vocabularies map ids to labels. A photo is its
    largest avatar JPEG when the original is not published (photos.py)."""
    labels = {name: {t.id: t.label for t in catalog.vocabularies[name].terms.values()}
              for name in ("expertise", "audiences", "roles")}
    site = {"name": catalog.site.name, "url": catalog.site.url}
    mentors = [m.as_json() for m in catalog.public_mentors]
    for mentor in mentors:
        if mentor["photo"] and mentor["photo"]["src"] in photos.withheld:
            if picture := photos.picture(mentor["photo"]["src"], "avatar"):
                mentor["photo"]["src"] = picture.sources[-1][1][-1].uri
    return {"version": 1, "site": site, "vocabularies": labels, "mentors": mentors}


def _dump(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
