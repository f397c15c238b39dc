"""Small text rules every part of the project shares: ids from names, paths in messages,
sentences joined without doubled stops, a label for a bare slug, and the one "did you mean"
an editor is offered. Dates and durations are written by `languages.Language`, in each language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA


def id_from(text: str) -> str:
    """A file id from a name or title, transliterated as a reader would say it: `Kılıç` →
    `kilic`, `Łukasz` → `lukasz`, `Søren` → `soren`, `王伟` → `wangwei` (anyascii); "" when
    nothing is left (the caller asks for an id)."""
    ascii_text = anyascii(text)
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in ascii_text.lower()).split())


def rel_path(path: Path, root: Path) -> str:
    """`path` as an editor sees it, relative to the repository when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_ENDS_SENTENCE = re.compile(r"[.?!…][\"'’”)\]]*$")


def sentence(text: str) -> str:
    """`text` ending as a sentence: a full stop added unless it already ends with one (or ? ! …),
    also inside closing quotes or brackets, so joining an answer and its explanation never gives
    "awkwardness.. It" or "'…shouldn't you?'. This"."""
    text = text.rstrip()
    return text if not text or _ENDS_SENTENCE.search(text) else text + "."


def label_from_slug(slug: str) -> str:
    """`first-job` → `First job`: how a bare slug (a story tag with no label in the vocabulary)
    is shown to readers, decided here once."""
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def did_you_mean(value: str, known: Iterable[str], fold: Callable[[str], str] = str.casefold) -> str | None:
    """The known value an editor most likely meant by `value`, or None.

    A typo is at most one edit (a letter added, dropped, changed, or two swapped) per four
    letters, compared after `fold`: 'Ukranian' finds 'ukrainian' and 'Europe/Londn' finds
    'Europe/London', while 'architecture' is too far from 'agriculture' to be offered, and
    values under four letters ('xx', 'c') only match what differs from them in case.
    Ties go to the first in sorted order, so the suggestion is the same on every run.
    """
    choices = sorted(set(known))
    wanted = fold(value)
    if not wanted or not choices:
        return None
    found = process.extractOne(wanted, choices, processor=fold, scorer=OSA.distance,
                               score_cutoff=len(wanted) // 4)
    return found[0] if found else None


def suggestion(close: str | None) -> str:
    """How every message offers a `did_you_mean` answer: ` (did you mean 'x'?)`, or nothing."""
    return f" (did you mean '{close}'?)" if close else ""
