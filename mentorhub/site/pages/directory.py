"""The mentor directory at any size: server-rendered pages of cards, and a compact index for filters.

`/mentors/` is the first `directory_page_size` cards in the directory's order (mentors who can be
asked first), `/mentors/page/2/` the next, and so on: every profile is reachable and crawlable
without JavaScript, and the first page stays small with 5,000 mentors. With JavaScript,
theme/assets/directory.js filters and searches over `mentors/directory.json` (per mentor: the
facet values as numbers into the facets' option lists, and a few words of text), and takes the
cards it shows from the directory pages themselves, so a card is written once, by the template.
Bios are searchable too, from `mentors/bios.json`, fetched only when someone types a search.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.kinds import PAGES, page_url
from ...content.languages import N_
from ...content.mentor_state import STATES
from ...content.models import Mentor
from ...content.public import sessions_offered
from ..feeds import GeneratedFile
from .base import GeneratedPage, live_source, wide
from .cards import facet_terms

ORDER_NOTE = N_("Mentors taking new mentees come first; then those who are full, paused or whose profile "
                "has not been confirmed recently.")
FACETS = {"expertise": N_("Expertise"), "language": N_("Language"), "format": N_("Meets"), "mentoring": N_("Mentoring"),
          "audience": N_("Works with"), "country": N_("Country"), "role": N_("Role")}

INDEX, BIOS = "mentors/directory.json", "mentors/bios.json"
SHOWN_OPTIONS = 8  # a facet's most used options shown before "Show all N"


def in_directory_order(catalog: Catalog) -> list[Entry[Mentor]]:
    """Published mentors as the directory lists them: mentors who can be asked first, then by name."""
    return sorted((e for e in catalog.mentors.values() if catalog.is_published(e.id)),
                  key=lambda e: (STATES.index(catalog.status(e.model).state), e.model.name.casefold()))


def generate_directory(catalog: Catalog, count: int, cards: Callable[[], list[dict[str, Any]]]) -> list[GeneratedPage]:
    """One page per `directory_page_size` of the `count` published mentors: the filters, that
    page's cards and links to the other pages. `cards` (the directory's order) is called only when
    a page's data is read: `mentorhub check` needs the pages, not their cards."""
    size = catalog.programme.directory_page_size
    total = max((count + size - 1) // size, 1)
    urls = [page_url(_page_src(n), catalog.site.directory_urls) for n in range(1, total + 1)]
    facets = cache(lambda: _resolve_facets(catalog, cards()))
    words = catalog.site.language

    def data(number: int) -> dict[str, Any]:
        chunk = cards()[(number - 1) * size:number * size]
        return {"mentors": chunk, "facets": facets(), "hide": wide(), "order_note": words.gettext(ORDER_NOTE),
                "total": count, "first": (number - 1) * size + 1, "last": (number - 1) * size + len(chunk),
                "pagination": _pagination(number, urls), "index_url": INDEX, "bios_url": BIOS,
                "shown_options": SHOWN_OPTIONS, **live_source(catalog)}

    return [GeneratedPage(_page_src(n), words.gettext("Mentors") if n == 1 else
                          words.gettext("Mentors, page %(n)s of %(total)s", n=n, total=total), "mentors.html",
                          in_nav=n == 1, resolve=partial(data, n),
                          files=(lambda: _index_files(catalog, cards(), facets(), urls)) if n == 1 else None)
            for n in range(1, total + 1)]


def _index_files(catalog: Catalog, cards: Sequence[dict[str, Any]], facets: list[dict[str, Any]],
                 pages: list[str]) -> list[GeneratedFile]:
    """The filters' index and the bios for text search, in the directory's order, from the same
    cards and facets as the pages."""
    position = {f["key"]: {o["id"]: i for i, o in enumerate(f["options"])} for f in facets}
    size = catalog.programme.directory_page_size
    mentors = []
    for card in cards:
        terms = facet_terms(card)
        words = " ".join(w for w in (card["headline"], card["organisation"],
                                     card["location"] and card["location"]["city"]) if w)
        mentors.append([card["id"], card["name"], card["availability"], int(bool(card["youth_cleared"])),
                        card["reviewed"], words.lower(),
                        [[position[f["key"]][t["id"]] for t in terms.get(f["key"], [])] for f in facets]])
    index = {"version": 1, "page_size": size, "pages": pages,
             "facets": [{"key": f["key"], "ids": [o["id"] for o in f["options"]],
                         "labels": [o["label"] for o in f["options"]]} for f in facets],
             "mentors": mentors}
    bios = {"version": 1, "bios": [(catalog.mentors[c["id"]].model.bio or "").lower() for c in cards]}
    return [GeneratedFile(INDEX, _compact(index)), GeneratedFile(BIOS, _compact(bios))]


def _page_src(number: int) -> str:
    return PAGES["mentors"] if number == 1 else f"mentors/page/{number}/index.md"


def _pagination(current: int, urls: list[str]) -> dict[str, Any]:
    """Previous, next, and the page numbers worth a link: the first, the last and two either side."""
    count = len(urls)
    wanted = sorted({1, count, *range(max(current - 2, 1), min(current + 2, count) + 1)})
    numbers: list[dict[str, Any]] = []
    for number in wanted:
        if numbers and number - numbers[-1]["number"] > 1:
            numbers.append({"number": None, "url": None})  # a gap: "…"
        numbers.append({"number": number, "url": urls[number - 1]})
    return {"current": current, "count": count, "numbers": numbers if count > 1 else [],
            "previous": urls[current - 2] if current > 1 else None, "next": urls[current] if current < count else None}


def _resolve_facets(catalog: Catalog, cards: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The directory's filters: every value some published mentor has, with its count, the most
    used first (a programme with 211 topics shows the common ones; the rest are a search away)."""
    words = catalog.site.language
    keys = {**{key: words.gettext(label) for key, label in FACETS.items()}, **{f.id: f.label for f in catalog.programme.profiles.facets}}
    if not sessions_offered(catalog.public_mentors):
        del keys["mentoring"]  # every mentor gives regular mentoring: nothing to filter (as the form and match)
    facets: list[dict[str, Any]] = []
    for key, label in keys.items():
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for card in cards:
            for term in facet_terms(card).get(key, []):
                counts[term["id"]] += 1
                labels[term["id"]] = term["label"]
        options = [{"id": i, "label": labels[i], "count": counts[i]} for i in counts]
        facets.append({"key": key, "label": label,
                       "options": sorted(options, key=lambda o: (-o["count"], o["label"].casefold()))})
    return facets


def _compact(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
