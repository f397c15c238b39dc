"""The training path: the index by track, and each module with its place in the path."""

from __future__ import annotations

from functools import partial
from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.kinds import MODULE, PAGES
from ...content.models import TrainingModule
from ...content.progress_codes import REFUSALS
from ...content.text import label_from_slug, sentence
from .base import GeneratedPage
from .events import AUDIENCES


def generate(catalog: Catalog) -> list[GeneratedPage]:
    """The learning path, and each module with its place in it (previous and next). Module files
    live in `docs_dir`, so MkDocs already links each page to its file for editing."""
    words = catalog.site.language
    modules = catalog.modules_in_order()
    items = [_resolve_module(catalog, m) for m in modules]
    titles = {t.id: (t.title, t.summary) for t in catalog.programme.training.tracks}
    tracks: list[dict[str, Any]] = []
    for item in items:
        if not tracks or tracks[-1]["id"] != item["track"]:
            title, summary = titles.get(item["track"], (label_from_slug(item["track"]), ""))
            tracks.append({"id": item["track"], "title": title, "summary": summary, "modules": []})
        tracks[-1]["modules"].append(item)
    for track in tracks:  # a track's time is counted, so a summary need not say "about two hours"
        track["duration"] = words.format_duration(sum(m["minutes"] for m in track["modules"]))
    # time_words: progress.js writes dates and the time left with them (theme/partials/progress-strings.html)
    rule = {"complete_after_quiz": catalog.programme.training.complete_after_quiz, "time_words": words.time_words()}
    refusals = {reason: words.gettext(message) for reason, message in REFUSALS.items()}  # training.js's, when a code is refused
    total = sum(m["minutes"] for m in items)
    index = {"tracks": tracks, "module_ids": [m["id"] for m in items],
             "total_minutes": total, "total_duration": words.format_duration(total), "refusals": refusals, **rule}
    pages = [GeneratedPage(PAGES["training"], words.gettext("Training"), "training.html", in_nav=True,
                           resolve=partial(dict, index))]
    for position, (item, entry) in enumerate(zip(items, modules)):
        neighbours = {"previous": _module_link(items[position - 1]) if position else None,
                      "next": _module_link(items[position + 1]) if position + 1 < len(items) else None}
        pages.append(GeneratedPage(entry.src_uri, item["title"], MODULE.template, body=entry.body,
                                   resolve=partial(dict, module={**item, **neighbours}, **rule)))
    return pages


def _module_link(item: dict[str, Any]) -> dict[str, str]:
    return {"id": item["id"], "title": item["title"], "url": item["url"]}


def _resolve_module(catalog: Catalog, entry: Entry[TrainingModule]) -> dict[str, Any]:
    module = entry.model
    prerequisites = [{"id": p, "title": catalog.modules[p].model.title, "url": catalog.modules[p].url}
                     for p in module.prerequisites]
    data = module.model_dump(mode="json")
    for question in data["self_check"]:  # several right answers: checkboxes; one: radios
        question["multiple"] = sum(option["correct"] for option in question["options"]) > 1
        for option in question["options"]:  # the answer list runs each option into its explanation
            option["sentence"] = sentence(option["text"])
    return {**data, "id": entry.id, "src_uri": entry.src_uri, "url": entry.url, "prerequisites": prerequisites,
            "duration": catalog.site.language.format_duration(module.minutes),
            # who it is for, in the site's language (the events' audience words), as it lists them
            "audience_text": catalog.site.language.format_list(
                [catalog.site.language.gettext(AUDIENCES[a]) for a in module.audience])}
