"""The guided match page's data: the questionnaire's options and the scorer's data (its script fetches the mentors)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ...content.languages import ENGLISH, N_, Language
from ...content.match_reasons import Labels, reasons_in
from ...content.matching import scorer_data
from ...content.public import PublicMentor, sessions_offered

FORMAT_OPTIONS = (("either", N_("Online or in person")), ("virtual", N_("Online")), ("in-person", N_("In person")))
MENTORING_OPTIONS = (("either", N_("Either")), ("long-term", N_("Regular mentoring over a few months")),
                     ("session", N_("A one-off session, such as a CV review or a mock interview")))


def match_page_data(mentors: Iterable[PublicMentor], labels: Labels,
                    language_labels: Mapping[str, str] | None = None, words: Language = ENGLISH) -> dict[str, Any]:
    """The questionnaire's options for the match page (its script fetches the mentors), and
    under `scorer` what theme/assets/scorer.js ranks with (`matching.scorer_data`).

    The kind of mentoring is asked only when some mentor gives one-off sessions.
    Interests are the whole expertise vocabulary; languages and audiences only those some
    published mentor offers: a language nobody speaks could only ever find nobody. Language
    options read as on every other page (`language_labels`, `vocabulary.language_label`:
    "Arabic (العربية)"); the reasons keep the English name, in a sentence. The
    scorer's labels are the same: every reason names a topic, language or audience of a
    published mentor (an unlabelled one reads as its id, in Python and in the browser alike).
    Options and reasons are in `words`' language.
    """
    mentors = list(mentors)
    languages = {code for m in mentors for code in m.languages}
    offered_by = Counter(t for m in mentors for t in dict.fromkeys(m.expertise))
    audiences = {term for m in mentors for term in m.audiences}
    offered = {"expertise": set(labels["expertise"]), "languages": languages, "audiences": audiences}
    return {
        # the most offered first, as the directory and the request form list them
        "interests": sorted(_options(labels["expertise"], labels["expertise"], by_label=True),
                            key=lambda o: -offered_by[o["id"]]),
        "languages": _options({**labels["languages"], **(language_labels or {})}, languages, by_label=True),
        "audiences": _options(labels["audiences"], audiences, by_label=False),
        "formats": [{"id": key, "label": words.gettext(label)} for key, label in FORMAT_OPTIONS],
        # asked only when some mentor gives one-off sessions: otherwise every mentor is regular
        "mentoring": [{"id": key, "label": words.gettext(label)} for key, label in MENTORING_OPTIONS]
        if sessions_offered(mentors) else [],
        "scorer": scorer_data({kind: {key: label for key, label in labels[kind].items() if key in ids}
                               for kind, ids in offered.items()}, reasons_in(words)),
    }


def _options(labels: Mapping[str, str], ids: Iterable[str], by_label: bool) -> list[dict[str, str]]:
    chosen = set(ids)
    options = [{"id": key, "label": label} for key, label in labels.items() if key in chosen]
    return sorted(options, key=lambda o: o["label"].casefold()) if by_label else options
