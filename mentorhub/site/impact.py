"""Impact figures: what the programme offers and has done, counted from the content at build time.

One dict, `impact_figures()`, feeds both the `/impact/` page and `impact.json`, so the page
and the file never disagree. Its keys, in this order:

- `version`: 1, raised when a key changes meaning.
- `as_of`: the build day (YYYY-MM-DD); stale profiles and past events are decided on it.
- `mentors`: over published mentors (listed, and not hidden as stale): `listed`,
  `accepting`, `full`, `paused`, `stale` (each mentor's state, mentor_state.py), `capacity`
  (places in total) and `free_places` (places left with accepting mentors); plus
  `overdue_for_review`, every listed profile past `review_max_age_days`, hidden or not.
- `expertise`: `covered` and `total` vocabulary terms, `uncovered` (labels of the terms no
  published mentor offers, alphabetical) and `mentors` (mentors per term, every term); then
  `open`, the terms some accepting mentor offers (what a mentee can ask for today: the page's
  headline), and `closed` (labels of the covered terms no accepting mentor offers, alphabetical).
- `languages`, `formats`, `audiences`, `roles`: mentors per value. Languages list only the
  languages some mentor speaks, by English name; the others list every term, 0 included.
- `stories`: `published`.
- `events`: `held` (ended before the build day), `upcoming` (not yet ended), `cancelled`
  (neither held nor upcoming) and `recurring`: a repeating event is one series, counted
  once, as upcoming while any of its occurrences is still to come.
- `training`: `modules` and `minutes` (the whole learning path).
- `requests`: null, or the figures of the request inbox's export: `received` and `matched`,
  then the file's own keys from `median_days_to_first_contact` on (`OUTCOME_KEYS`: `period`,
  `minimum_people`, `first_contact`, `matches`, `responses`, `satisfaction`, `pre_post`; null
  where an older inbox's file has none), withheld figures as the file has them.

Every per-value list is `[{"id", "label", "count"}]`, by count (highest first), then label.

The inbox export's format is `content/inbox_export.py`; `outcomes.py` turns its figures into the
page's cards and charts, and `charts.py` draws every chart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog
from ..content.inbox_export import InboxExport, read_inbox_export
from ..content.languages import N_, NP_, Language
from ..content.mentor_state import LABELS, STATES
from ..content.fields import FORMAT_LABELS
from ..content.schedule import is_upcoming
from ..content.text import rel_path
from ..content.vocabulary import Vocabulary
from .charts import chart_data
from .outcomes import outcomes

AVAILABILITY_ROWS = {state: LABELS[state] for state in STATES}
EVENT_ROWS = {"held": N_("Held"), "upcoming": N_("Upcoming"), "cancelled": N_("Cancelled")}

OUTCOME_KEYS = ("median_days_to_first_contact", "period", "minimum_people", "first_contact", "matches", "responses",
                "satisfaction", "pre_post")



def impact_figures(catalog: Catalog, inbox_export: Path | None = None) -> dict[str, Any]:
    """The figures, JSON-able; `inbox_export` (relative to the programme root) is read when it exists."""
    return _figures(catalog, _read_export(catalog, inbox_export))


def _figures(catalog: Catalog, export: InboxExport | None) -> dict[str, Any]:
    vocab = catalog.vocabularies
    published = [e.model for e in catalog.mentors.values() if catalog.is_published(e.id)]
    states = [catalog.status(m) for m in published]
    availability: Counter[str] = Counter(a.state for a in states)
    expertise = _per_term(vocab.expertise, (m.expertise for m in published))
    offered_now = {t for m, a in zip(published, states) if a.state == "accepting" for t in m.expertise}
    events = [e.model for e in catalog.events.values()]
    scheduled = [e for e in events if e.status == "scheduled"]
    return {
        "version": 1,
        "as_of": catalog.today.isoformat(),
        "mentors": {
            "listed": len(published),
            **{state: availability[state] for state in AVAILABILITY_ROWS},
            "capacity": sum(m.places for m in published),
            "free_places": sum(a.free_places for a in states),
            "overdue_for_review": sum(e.model.listed and catalog.is_stale(e.model) for e in catalog.mentors.values()),
        },
        "expertise": {
            "covered": sum(row["count"] > 0 for row in expertise),
            "total": len(expertise),
            "uncovered": sorted((row["label"] for row in expertise if not row["count"]), key=str.casefold),
            "mentors": expertise,
            "open": sum(row["id"] in offered_now for row in expertise),
            "closed": sorted((row["label"] for row in expertise if row["count"] and row["id"] not in offered_now),
                             key=str.casefold),
        },
        "languages": _counts((code, vocab.languages.terms[code].description)
                             for m in published for code in m.languages),
        "formats": _per_term({f: FORMAT_LABELS[f] for f in ("virtual", "in-person")}, (m.formats for m in published)),
        "audiences": _per_term(vocab.audiences, (m.audiences for m in published)),
        "roles": _per_term(vocab.roles, ([m.role] if m.role else [] for m in published)),
        "stories": {"published": len(catalog.stories)},
        "events": {
            "held": sum(not is_upcoming(e, catalog.today) for e in scheduled),
            "upcoming": sum(is_upcoming(e, catalog.today) for e in scheduled),
            "cancelled": len(events) - len(scheduled),
            "recurring": sum(e.recurrence is not None for e in events),
        },
        "training": {"modules": len(catalog.modules),
                     "minutes": sum(m.model.minutes for m in catalog.modules.values())},
        "requests": _requests(export),
    }


def _per_term(terms: Vocabulary | dict[str, str], values: Iterable[Iterable[str]]) -> list[dict[str, Any]]:
    """Mentors per term, every term included (a 0 is a gap worth seeing)."""
    labels = {t.id: t.label for t in terms.terms.values()} if isinstance(terms, Vocabulary) else terms
    counts = Counter(term for chosen in values for term in chosen)
    return _sorted([{"id": i, "label": label, "count": counts[i]} for i, label in labels.items()])


def _counts(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    counts = Counter(pairs)
    return _sorted([{"id": i, "label": label, "count": n} for (i, label), n in counts.items()])


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (-r["count"], r["label"].casefold(), r["id"]))


def _read_export(catalog: Catalog, inbox_export: Path | None) -> InboxExport | None:
    if inbox_export is None:
        return None
    path = catalog.root / inbox_export
    if not path.is_file():
        return None
    return read_inbox_export(path, rel_path(path, catalog.root))


def _requests(export: InboxExport | None) -> dict[str, Any] | None:
    """The export's figures as the file has them (null where an older inbox wrote none)."""
    if export is None:
        return None
    data = export.model_dump(mode="json", by_alias=True)
    return {"received": export.requests_received, "matched": export.requests_matched,
            **{key: data[key] for key in OUTCOME_KEYS}}


# --- the page ---------------------------------------------------------------------------


def impact_page_data(catalog: Catalog, inbox_export: Path | None = None) -> dict[str, Any]:
    """What `impact.html` needs: the figures, headline cards and each chart with its table."""
    export = _read_export(catalog, inbox_export)
    figures = _figures(catalog, export)
    mentors, expertise, events, training = (figures[k] for k in ("mentors", "expertise", "events", "training"))
    words = catalog.site.language
    number = words.format_number
    # Values stay numbers (impact.html writes them with the mh_number filter), or words when they are two.
    headline = [
        {"label": words.gettext("Mentors listed"), "value": mentors["listed"]},
        # Labels read after their number: "22 mentors accepting mentees", not "22 Accepting mentees".
        {"label": words.gettext("Mentors accepting mentees"), "value": mentors["accepting"]},
        {"label": words.gettext("Places in total"), "value": mentors["capacity"]},
        {"label": words.gettext("Places free"), "value": mentors["free_places"]},
        # What a mentee can ask for today: topics full or paused mentors alone offer are not open.
        {"label": words.gettext("Topics open to new mentees"),
         "value": words.gettext("%(n)s of %(total)s", n=number(expertise["open"]), total=number(expertise["total"]))},
        {"label": words.gettext("Profiles overdue for review"), "value": mentors["overdue_for_review"]},
        {"label": words.gettext("Stories published"), "value": figures["stories"]["published"]},
        {"label": words.gettext("Events held"), "value": events["held"]},
        {"label": words.gettext("Events upcoming"), "value": events["upcoming"]},
        {"label": words.gettext("Training modules"), "value": training["modules"]},
        {"label": words.gettext("Minutes of training"), "value": training["minutes"]},
    ]
    gaps = expertise["uncovered"]
    mentors_unit = words.gettext("Mentors")
    charts = [
        chart_data("availability", words.gettext("Mentors by availability"), words.gettext("Availability"), mentors_unit,
                   [(words.gettext(label), mentors[key]) for key, label in AVAILABILITY_ROWS.items()],
                   words.ngettext("%(n)s of %(num)s place is free.", "%(n)s of %(num)s places are free.",
                                  mentors["capacity"], n=number(mentors["free_places"])),
                   summary=words.gettext("Mentors by availability"), words=words),
        chart_data("expertise", words.gettext("Mentors per topic"), words.gettext("Topic"), mentors_unit,
                   _rows(expertise["mentors"]),
                   words.gettext("A mentor may offer several topics, so the counts add up to more than the mentors listed."),
                   summary=words.gettext("Mentors by topic"), words=words,
                   many=(*NP_("The %(num)s topic with the most mentors, of %(total)s",
                              "The %(num)s topics with the most mentors, of %(total)s"),
                         *NP_("All %(num)s topic", "All %(num)s topics"))),
        chart_data("languages", words.gettext("Languages mentors speak"), words.gettext("Language"), mentors_unit,
                   _language_rows(words, figures["languages"]), summary=words.gettext("Mentors by language"),
                   words=words, many=(*NP_("The %(num)s language with the most mentors, of %(total)s",
                                           "The %(num)s languages with the most mentors, of %(total)s"),
                                      *NP_("All %(num)s language", "All %(num)s languages"))),
        chart_data("formats", words.gettext("How mentors meet"), words.gettext("Format"), mentors_unit,
                   [(words.gettext(FORMAT_LABELS[row["id"]]), row["count"]) for row in figures["formats"]],
                   summary=words.gettext("Mentors by format"), words=words),
        chart_data("audiences", words.gettext("Who mentors work with"), words.gettext("Audience"), mentors_unit,
                   _rows(figures["audiences"]), summary=words.gettext("Mentors by audience"), words=words,
                   many=(*NP_("The %(num)s audience with the most mentors, of %(total)s",
                              "The %(num)s audiences with the most mentors, of %(total)s"),
                         *NP_("All %(num)s audience", "All %(num)s audiences"))),
        chart_data("roles", words.gettext("Community leaders by role"), words.gettext("Role"), mentors_unit,
                   _rows(figures["roles"]), summary=words.gettext("Mentors by role"), words=words,
                   many=(*NP_("The %(num)s role with the most mentors, of %(total)s",
                              "The %(num)s roles with the most mentors, of %(total)s"),
                         *NP_("All %(num)s role", "All %(num)s roles"))),
        chart_data("events", words.gettext("Events"), words.gettext("Status"), words.gettext("Events"),
                   [(words.gettext(label), events[key]) for key, label in EVENT_ROWS.items()],
                   _events_note(words, sorted(e.model.title for e in catalog.events.values() if e.model.recurrence)),
                   summary=words.gettext("Events by status"), words=words),
    ]
    requests = figures["requests"]
    if requests is not None:
        period = [words.format_date(dt.date.fromisoformat(requests["period"][k])) for k in ("from", "to")]
        requests = {**requests, "period_label": words.gettext("%(start)s to %(end)s", start=period[0], end=period[1])}
    return {"figures": figures, "as_of_label": words.format_date(catalog.today), "headline": headline,
            "gaps": gaps, "closed": list(expertise["closed"]), "charts": charts, "requests": requests,
            "outcomes": outcomes(export, {i: e.model for i, e in catalog.surveys.items()}, words) if export else None,
            # an inbox, and no figures from it yet: say they are coming (the home page promises them)
            "outcomes_to_come": export is None and catalog.programme.requests.delivery == "inbox"}


def _rows(counts: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(row["label"], row["count"]) for row in counts]


def _language_rows(words: Language, counts: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Languages by their names in the page's language ("Inglés"); English keeps the vocabulary's."""
    if words.code == "en":
        return _rows(counts)
    names = words.locale.languages
    return [(_capitalised(str(names.get(row["id"], row["label"]))), row["count"]) for row in counts]


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _events_note(words: Language, repeating: list[str]) -> str:
    """How events were counted, in words: a series is one event, and cancelled ones are apart."""
    note = words.gettext("Cancelled events count as neither held nor upcoming.")
    if not repeating:
        return note
    return words.gettext("A repeating event counts once, as upcoming while any of its dates is still to come "
                         "(%(names)s). %(note)s", names=", ".join(repeating), note=note)
