"""`reviewed:` set in place: only that line of a profile changes, so comments and layout survive."""

from __future__ import annotations

import datetime as dt
import re

REVIEWED = re.compile(r"^(reviewed[ \t]*:[ \t]*)([^#\n]*?)([ \t]*(?:#.*)?)$", re.M)


def set_reviewed(text: str, day: dt.date) -> tuple[str, str | None]:
    """The text with `reviewed:` set to `day`, and the value it had (None when there was no line:
    one is added at the end)."""
    match = REVIEWED.search(text)
    if match is None:
        return text.rstrip("\n") + f"\nreviewed: {day.isoformat()}\n", None
    old = match.group(2).strip().strip("'\"")
    return text[:match.start(2)] + day.isoformat() + text[match.end(2):], old
