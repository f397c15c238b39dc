"""CSV export of requests, safe to open in a spreadsheet: a cell that starts with = + - @, a tab
or a carriage return gets a leading ' so it is shown as text, never run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from .models import RequestRecord

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("reference", "received_at", "status", "status_changed_at", "spam", "mentor", "mentor_full",
           "alternatives", "preferred_name", "email", "age_band", "guardian_name", "guardian_email", "goals",
           "interests", "languages", "format", "availability", "privacy_version", "erased_at", "mentoring")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        text = "; ".join(str(v) for v in value)
    elif hasattr(value, "isoformat"):
        text = value.isoformat(timespec="seconds")
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def requests_csv(rows: Iterable[RequestRecord], extra_fields: Sequence[str]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark, so spreadsheet programs read the file as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"answers.{name}" for name in extra_fields)])
    for row in rows:
        values = [row.public_id, row.received_at, row.status, row.status_changed_at, row.spam, row.mentor_id,
                  row.mentor_full, row.alternatives, row.preferred_name, row.email, row.age_band, row.guardian_name,
                  row.guardian_email, row.goals, row.interests, row.languages, row.format, row.availability,
                  row.privacy_version, row.erased_at, row.mentoring]
        answers = row.answers or {}
        writer.writerow([cell(v) for v in values] + [cell(answers.get(name)) for name in extra_fields])
    return out.getvalue()
