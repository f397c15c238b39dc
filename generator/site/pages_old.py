"""Catalog → pages: virtual source files, each naming its template and carrying its data.

A GeneratedPage is renderer-neutral: a Markdown body that goes through the site's normal
Markdown pipeline (so it is searchable) plus plain JSON-able data for the template. The
MkDocs plugin adds these as virtual files; `mentorhub export` writes them to a folder as
Markdown with front matter, for any other renderer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import PurePosixPath
from urllib.parse import urlencode
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel

from ..content.catalog import Catalog, Entry
from ..content.errors import ContentError, Problem
from ..content.matching import SimilarMentors, labels_from, match_page_data
from ..content.mentor_state import LABELS, STATES
from ..content.models import CONTENT_TYPES, FORMAT_LABELS, Event, Mentor, Story, TrainingModule
from ..content.programme import Programme
from ..content.schema import json_schema
from .ical import current_occurrence, event_page_extras, format_date, is_upcoming, occurrences
from .impact import impact_page_data
from .sanitize import inert_markdown
from ..content.request_form import INBOX_FORM_PATH, INBOX_THANKS_PATH, RequestOptions, form_choices, form_fields
from ..content.requests import (AGE_BANDS, CANNOT_USE, KEPT_FOR_FULL, KEPT_FOR_FULL_ALONE, MENTOR_JUST_FILLED,
                                YOUTH_CHOICE_CLEARED, YOUTH_ONLY)
from ..content.vocabulary import Vocabulary
from ..content.zones import zone_of

ORDER_NOTE = ("Mentors taking new mentees come first; then those who are full, paused or whose profile "
              "has not been confirmed recently.")
FACETS = {"expertise": "Expertise", "language": "Language", "format": "Meets", "audience": "Mentors",
          "country": "Country", "role": "Role"}
REFERENCE_SECTIONS = {"mentor": "Mentor profiles", "story": "Success stories", "module": "Training modules",
                      "event": "Events", "programme": "Programme options"}


@dataclass(frozen=True)
class GeneratedPage:
    """One virtual page. Its template data is resolved when first read: `mentorhub check`
    needs only which pages exist, and skips the costly part (similar mentors per profile)."""

    src_uri: str
    title: str
    template: str
    body: str = ""
    in_nav: bool = False
    resolve: Callable[[], dict[str, Any]] = dict

    @cached_property
    def data(self) -> dict[str, Any]:
        return self.resolve()

    @property
    def meta(self) -> dict[str, Any]:
        return {"title": self.title, "template": self.template, **self.data}

    def to_markdown(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.body}"


def generate_pages(catalog: Catalog) -> list[GeneratedPage]:
    """Every generated page; raises ContentError when one would replace a hand-written page."""
    pages = [
        *_generate_mentor_pages(catalog),
        *_generate_story_pages(catalog),
        *_generate_event_pages(catalog),
        *_generate_training_pages(catalog),
        *_generate_request_pages(catalog),
        _generate_reference_page(catalog),
        # Read now: a problem in the inbox export must stop the build before it starts.
        GeneratedPage("impact.md", "Impact", "impact.html", in_nav=True, resolve=partial(
            dict, impact=impact_page_data(catalog, catalog.inbox_export()), hide=["navigation", "toc"])),
        GeneratedPage("match.md", "Find a mentor", "match.html", in_nav=True, resolve=lambda: {
            "match": match_page_data(catalog.public_mentors, labels_from(catalog.vocabularies)),
            "request_url": "request/" if catalog.programme.requests.delivery else None,
            **_availability_source(catalog),
            "hide": ["navigation", "toc"]}),
        GeneratedPage("search.md", "Search", "site-search.html", resolve=partial(dict, hide=["navigation", "toc"])),
    ]
    _check_conflicts(catalog, pages)
    return pages


def _check_conflicts(catalog: Catalog, pages: list[GeneratedPage]) -> None:
    replaced = {uri.rsplit(".", 1)[0] for uri in catalog.consumed_sources()}
    problems = [
        Problem(f"{catalog.docs_dir.name}/{page.src_uri}", 1, "",
                "this page is generated from the content files; move its text elsewhere or rename it")
        for page in pages
        if (catalog.docs_dir / page.src_uri).exists() and page.src_uri.rsplit(".", 1)[0] not in replaced
    ]
    if problems:
        raise ContentError(problems)


# --- mentors ----------------------------------------------------------------------------


def _generate_mentor_pages(catalog: Catalog) -> list[GeneratedPage]:
    profiles = _MentorPages(catalog)
    pages = [GeneratedPage("mentors/index.md", "Mentors", "mentors.html", in_nav=True, resolve=profiles.directory)]
    pages += [GeneratedPage(f"mentors/{entry.id}.md", entry.model.name, "mentor.html",
                            body=inert_markdown(entry.model.bio), resolve=partial(profiles.profile, entry))
              for entry in profiles.published]
    return pages


class _MentorPages:
    """The directory's and the profiles' data, from one set of cards made on first use."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.published = sorted((e for e in catalog.mentors.values() if catalog.is_published(e.id)),
                                key=lambda e: (STATES.index(catalog.availability(e.model).state),
                                               e.model.name.casefold()))
        self.live = _availability_source(catalog)

    @cached_property
    def cards(self) -> dict[str, dict[str, Any]]:
        return {entry.id: _resolve_mentor(self.catalog, entry) for entry in self.published}

    @cached_property
    def similar_to(self) -> SimilarMentors:
        reference = dt.datetime.combine(self.catalog.today, dt.time(), dt.timezone.utc)
        return SimilarMentors(self.catalog.public_mentors, reference, labels_from(self.catalog.vocabularies))

    def directory(self) -> dict[str, Any]:
        cards = list(self.cards.values())
        return {"mentors": cards, "facets": _resolve_facets(cards), "hide": ["navigation", "toc"],
                "order_note": ORDER_NOTE, **self.live}

    def profile(self, entry: Entry[Mentor]) -> dict[str, Any]:
        catalog = self.catalog
        requestable = catalog.is_requestable(entry.id)
        similar = [] if requestable else [
            {"id": s.id, "url": f"mentors/{s.id}/", "name": catalog.mentors[s.id].model.name, "reasons": s.reasons}
            for s in self.similar_to(entry.id)]
        mentor = {**self.cards[entry.id], "stories": [_resolve_story_link(s) for s in catalog.stories_of(entry.id)],
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


def _availability_source(catalog: Catalog) -> dict[str, Any]:
    """Where pages read live availability: the programme's inbox, when it has one."""
    options = catalog.programme.requests
    if options.delivery != "inbox":
        return {}
    return {"availability_url": f"{str(options.url).rstrip('/')}/availability.json",
            "availability_labels": LABELS}


def _resolve_facets(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The directory's filters: every value some published mentor has, with its count."""
    facets: list[dict[str, Any]] = []
    for key, label in FACETS.items():
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for card in cards:
            for term in _facet_terms(card)[key]:
                counts[term["id"]] += 1
                labels[term["id"]] = term["label"]
        options: list[dict[str, Any]] = [{"id": i, "label": labels[i], "count": counts[i]} for i in counts]
        facets.append({"key": key, "label": label,
                       "options": sorted(options, key=lambda o: o["label"].casefold())})
    return facets


def _facet_terms(card: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    country = card["location"]
    return {
        "expertise": card["expertise"],
        "language": [{"id": lang["id"], "label": lang["name"]} for lang in card["languages"]],
        "format": card["formats"],
        "audience": card["audiences"],
        "country": [{"id": country["country"], "label": country["country_name"]}],
        "role": [card["role"]],
    }


def _resolve_mentor(catalog: Catalog, entry: Entry[Mentor]) -> dict[str, Any]:
    mentor, vocab = entry.model, catalog.vocabularies
    now = catalog.availability(mentor)
    data = mentor.model_dump(mode="json", exclude={"bio", "listed", "active_mentees", "paused_until"})
    card = {
        **data,
        "id": entry.id,
        "url": f"mentors/{entry.id}/",
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
    card["facets"] = {key: [term["id"] for term in terms] for key, terms in _facet_terms(card).items()}
    return card


def _term(vocabulary: Vocabulary, term_id: str) -> dict[str, str]:
    return {"id": term_id, "label": vocabulary.label(term_id)}


# --- stories ----------------------------------------------------------------------------


def _generate_story_pages(catalog: Catalog) -> list[GeneratedPage]:
    entries = catalog.stories_newest_first()
    stories = [_resolve_story(catalog, s) for s in entries]
    tags = sorted({tag for story in stories for tag in story["tags"]})
    index = {"stories": stories, "tags": tags, "feed": "stories/feed.xml" if catalog.site.url else None}
    pages = [GeneratedPage("stories/index.md", "Success stories", "stories.html", in_nav=True,
                           resolve=partial(dict, index))]
    for entry, story in zip(entries, stories):
        cards = [_resolve_mentor(catalog, catalog.mentors[m]) for m in entry.model.mentors if catalog.is_published(m)]
        pages.append(GeneratedPage(f"stories/{entry.id}.md", entry.model.title, "story.html", body=entry.body,
                                   resolve=partial(dict, story=story, mentor_cards=cards,
                                                   **_availability_source(catalog))))
    return pages


def _resolve_story_link(entry: Entry[Story]) -> dict[str, Any]:
    story = entry.model
    return {"id": entry.id, "url": f"stories/{entry.id}/", "title": story.title, "summary": story.summary,
            "date": story.date.isoformat(), "date_label": format_date(story.date)}


def _resolve_story(catalog: Catalog, entry: Entry[Story]) -> dict[str, Any]:
    story = entry.model
    mentors = [{"id": m, "name": catalog.mentors[m].model.name,
                "url": f"mentors/{m}/" if catalog.is_published(m) else None} for m in story.mentors]
    return {**_resolve_story_link(entry), "mentee": story.mentee, "tags": story.tags,
            "photo": story.photo.model_dump() if story.photo else None, "mentors": mentors}


# --- events -----------------------------------------------------------------------------


def _generate_event_pages(catalog: Catalog) -> list[GeneratedPage]:
    events = sorted((_resolve_event(catalog, e) for e in catalog.events.values()), key=lambda e: e["next_start_utc"])
    upcoming = [e for e in events if e["upcoming"]]
    past = [e for e in reversed(events) if not e["upcoming"]]
    pages = [GeneratedPage("events/index.md", "Events", "events.html", in_nav=True,
                           resolve=partial(dict, upcoming=upcoming, past=past))]
    pages += [GeneratedPage(f"events/{e['id']}.md", e["title"], "event.html",
                            body=catalog.events[e["id"]].model.description, resolve=partial(dict, event=e))
              for e in events]
    return pages


def _resolve_event(catalog: Catalog, entry: Entry[Event]) -> dict[str, Any]:
    event = entry.model
    zone = zone_of(event.timezone)
    duration = event.end - event.start
    starts = occurrences(event)
    current = current_occurrence(event, catalog.today)
    data = event.model_dump(mode="json", exclude={"description"})
    return {
        **data,
        "id": entry.id,
        "url": f"events/{entry.id}/",
        "start_utc": _utc(event.start, zone),
        "end_utc": _utc(starts[-1] + duration, zone),
        "next_start_utc": _utc(current, zone),
        "when": _format_when(current.replace(tzinfo=zone), (current + duration).replace(tzinfo=zone)),
        "repeats": _format_recurrence(event),
        "format_label": FORMAT_LABELS[event.format],
        "venue": {**data["venue"], "country_name": catalog.vocabularies.countries.label(event.venue.country)}
        if event.venue else None,
        "upcoming": is_upcoming(event, catalog.today),
        **event_page_extras(catalog, entry.id),
    }


def _utc(local: dt.datetime, zone: ZoneInfo) -> str:
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).isoformat()


def _format_when(start: dt.datetime, end: dt.datetime) -> str:
    zone = start.tzname()
    if start.date() == end.date():
        return f"{format_date(start.date())}, {start:%H:%M}–{end:%H:%M} {zone} ({start.tzinfo})"
    return f"{format_date(start.date())} {start:%H:%M} – {format_date(end.date())} {end:%H:%M} ({start.tzinfo})"


def _format_recurrence(event: Event) -> str | None:
    rule = event.recurrence
    if rule is None:
        return None
    unit = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}[rule.frequency]
    every = f"every {unit}" if rule.interval == 1 else f"every {rule.interval} {unit}s"
    ends = f"until {format_date(rule.until)}" if rule.until else f"{rule.count} times"
    return f"Repeats {every}, {ends}"


# --- training ---------------------------------------------------------------------------


def _generate_training_pages(catalog: Catalog) -> list[GeneratedPage]:
    """The learning path, and each module with its place in it (previous and next)."""
    modules = catalog.modules_in_order()
    items = [_resolve_module(catalog, m) for m in modules]
    titles = {t.id: (t.title, t.summary) for t in catalog.programme.training.tracks}
    tracks: list[dict[str, Any]] = []
    for item in items:
        if not tracks or tracks[-1]["id"] != item["track"]:
            title, summary = titles.get(item["track"], (item["track"].replace("-", " ").capitalize(), ""))
            tracks.append({"id": item["track"], "title": title, "summary": summary, "modules": []})
        tracks[-1]["modules"].append(item)
    rule = {"complete_after_quiz": catalog.programme.training.complete_after_quiz}
    index = {"tracks": tracks, "module_ids": [m["id"] for m in items],
             "total_minutes": sum(m["minutes"] for m in items), **rule}
    pages = [GeneratedPage("training/index.md", "Training", "training.html", in_nav=True,
                           resolve=partial(dict, index))]
    for position, (item, entry) in enumerate(zip(items, modules)):
        neighbours = {"previous": _module_link(items[position - 1]) if position else None,
                      "next": _module_link(items[position + 1]) if position + 1 < len(items) else None}
        pages.append(GeneratedPage(item["src_uri"], item["title"], "module.html", body=entry.body,
                                   resolve=partial(dict, module={**item, **neighbours}, **rule)))
    return pages


def _module_link(item: dict[str, Any]) -> dict[str, str]:
    return {"id": item["id"], "title": item["title"], "url": item["url"]}


def _resolve_module(catalog: Catalog, entry: Entry[TrainingModule]) -> dict[str, Any]:
    module = entry.model
    src_uri = entry.source.path.relative_to(catalog.docs_dir).as_posix()
    prerequisites = [{"id": p, "title": catalog.modules[p].model.title, "url": _module_url(catalog, p)}
                     for p in module.prerequisites]
    data = module.model_dump(mode="json")
    for question in data["self_check"]:  # several right answers: checkboxes; one: radios
        question["multiple"] = sum(option["correct"] for option in question["options"]) > 1
    return {**data, "id": entry.id, "src_uri": src_uri, "url": _module_url(catalog, entry.id),
            "prerequisites": prerequisites}


def _module_url(catalog: Catalog, module_id: str) -> str:
    return _url_of(catalog.modules[module_id].source.path.relative_to(catalog.docs_dir).as_posix())


def _url_of(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    path = PurePosixPath(src_uri).with_suffix("")
    parts = path.parts[:-1] if path.name in ("index", "README") else path.parts
    return "".join(f"{part}/" for part in parts)


# --- requests ---------------------------------------------------------------------------


CANNOT_USE_URL = "request/cannot-use/"
"""Where the form (with JavaScript) and a receiver (without) send a mentee under the minimum age."""


def _generate_request_pages(catalog: Catalog) -> list[GeneratedPage]:
    """The request form, its thank-you page and, when the programme has a minimum age, the
    "You cannot use this service" page, when the programme configured a delivery."""
    options = catalog.programme.requests
    if options.delivery is None:
        return []
    vocab = catalog.vocabularies
    choices = form_choices(catalog.public_mentors, {t.id: t.label for t in vocab.expertise.terms.values()},
                           vocab.languages)
    mentors = choices["mentor"][1:]
    refused = [band for band in AGE_BANDS if not options.accepts_age(band)]
    form = {
        "fields": form_fields(options, choices),
        "delivery": options.delivery,
        **_delivery_target(options),
        "receiver": options.url if options.delivery == "inbox" else None,
        # Without JavaScript the inbox's own thank-you page is the one that can show the reference.
        "next": f"{str(options.url).rstrip('/')}{INBOX_THANKS_PATH}" if options.delivery == "inbox" else None,
        "privacy_version": catalog.privacy_version,
        "privacy_url": _url_of(options.privacy_notice),
        "guardian_bands": [band for band in AGE_BANDS if options.needs_guardian(band)],
        "refused_bands": refused,
        "minimum_age": options.minimum_age,
        "guardian_under": options.guardian_consent_under,
        "messages": {"youth-only": YOUTH_ONLY, "youth-cleared": YOUTH_CHOICE_CLEARED, "full": MENTOR_JUST_FILLED},
    }
    cannot_use = {"minimum_age": options.minimum_age, "safeguarding_contact": catalog.programme.safeguarding_contact,
                  "hide": ["navigation", "toc"]}
    data = {"form": form, "mentors": mentors, "hide": ["navigation", "toc"], **_availability_source(catalog),
            **({"cannot_use": cannot_use} if refused else {})}
    thanks = {"reply_days": options.reply_days, "guardian_under": options.guardian_consent_under,
              "messages": {"full": KEPT_FOR_FULL, "full-alone": KEPT_FOR_FULL_ALONE},
              "hide": ["navigation", "toc"]}
    pages = [GeneratedPage("request/index.md", "Request a mentor", "request.html", in_nav=True,
                           resolve=partial(dict, data)),
             GeneratedPage("request/thanks.md", "Request sent", "request-thanks.html", resolve=partial(dict, thanks))]
    if refused:
        pages.append(GeneratedPage(CANNOT_USE_URL.rstrip("/") + ".md", CANNOT_USE, "request-cannot-use.html",
                                   resolve=partial(dict, cannot_use)))
    return pages


def _delivery_target(options: RequestOptions) -> dict[str, str]:
    """Where and how the plain HTML form sends itself, by delivery."""
    if options.delivery == "inbox":
        return {"action": f"{str(options.url).rstrip('/')}/requests", "method": "post",
                "enctype": "application/x-www-form-urlencoded"}
    if options.delivery == "email":
        return {"action": f"mailto:{options.email}?subject=Mentor%20request", "method": "post",
                "enctype": "text/plain"}
    method = "get" if options.delivery == "google-form" else "post"
    return {"action": str(options.url), "method": method, "enctype": "application/x-www-form-urlencoded"}


# --- reference --------------------------------------------------------------------------


def _generate_reference_page(catalog: Catalog) -> GeneratedPage:
    """The content model for editors, written from the same models and schemas the build uses."""
    where = {"mentor": f"`{catalog.programme.mentors_dir}/<id>.yml`",
             "story": f"`{catalog.programme.stories_dir}/<slug>.md` (front matter, then the story)",
             "module": f"`{catalog.programme.training_dir}/<id>.md` (front matter, then the lesson)",
             "event": f"`{catalog.programme.events_dir}/<slug>.yml`",
             "programme": "`mkdocs.yml`, under `plugins: - mentorship:`"}
    lines = ["Every field editors can write, generated from the content model the build validates with.",
             "Required fields are marked **required**; everything else may be left out.", ""]
    models: dict[str, type[BaseModel]] = {**CONTENT_TYPES, "programme": Programme}
    for name, model in models.items():
        schema = json_schema(name, model, catalog.vocabularies)
        lines += [f"## {REFERENCE_SECTIONS[name]}", "", f"File: {where[name]}. {(model.__doc__ or '').splitlines()[0]}", ""]
        lines += _render_field_table(schema)
    lines += ["## Vocabularies", "",
              "Profiles use these terms; any label or synonym is accepted and normalised to the id.", ""]
    for vocab in (catalog.vocabularies.expertise, catalog.vocabularies.audiences, catalog.vocabularies.roles):
        lines += [f"### {vocab.name.capitalize()}", "", "| id | label | synonyms |", "|---|---|---|"]
        lines += [f"| `{t.id}` | {t.label} | {', '.join(t.synonyms)} |" for t in vocab.terms.values()]
        lines.append("")
    return GeneratedPage("reference.md", "Content reference", "main.html", body="\n".join(lines), in_nav=True)


def _render_field_table(schema: dict[str, Any]) -> list[str]:
    rows = ["| field | type | description |", "|---|---|---|"]
    required = set(schema.get("required", []))
    for name, prop, prefix in _walk_properties(schema, schema):
        mark = " **required**" if name in required and not prefix else ""
        rows.append(f"| `{prefix}{name}`{mark} | {_describe_type(prop, schema)} | {prop.get('description', '')} |")
    return [*rows, ""]


def _walk_properties(schema: dict[str, Any], root: dict[str, Any], prefix: str = "") -> list[tuple[str, Any, str]]:
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append((name, prop, prefix))
        target = _definition(prop, root)
        if target is not None:
            out += _walk_properties(target, root, f"{prefix}{name}.")
    return out


def _definition(prop: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for candidate in (prop, *prop.get("anyOf", []), prop.get("items", {})):
        ref = candidate.get("$ref")
        if ref:
            return root["definitions"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]
    return None


def _describe_type(prop: dict[str, Any], root: dict[str, Any]) -> str:
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    p = options[0] if options else prop
    if "$ref" in p:
        return "group of fields"
    kind = p.get("type")
    if kind == "array":
        return f"list of {_describe_type(p.get('items', {}), root)}"
    if "enum" in p:
        values = p["enum"]
        return "one of " + ", ".join(f"`{v}`" for v in values[:8]) + (" …" if len(values) > 8 else "")
    if p.get("format") == "date":
        return "date"
    if "pattern" in p and kind == "string":
        return "date and time"
    return {"string": "text", "integer": "whole number", "boolean": "true / false"}.get(kind or "", kind or "value")
