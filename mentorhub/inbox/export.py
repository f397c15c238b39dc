"""CSV export of requests, safe to open in a spreadsheet: a cell that starts with = + - @, a tab
or a carriage return gets a leading ' so it is shown as text, never run as a formula.

The file is also a cohort file for `mentorhub match` as it is: besides the inbox's own columns it
has every column of `mentorhub.content.cohort.REQUEST_COLUMNS`, written by that module's
`request_row`, so the two can never disagree on a column's name or a value's spelling.
`request_id` is the reference again; `minor` says whether the mentee needs a guardian (the age
band against the programme's `guardian_consent_under`, as the receiver decides it); the form asks
for no audience, so `audience` is blank; `timezone` is the answer to a programme's own question
named `timezone` when that is an IANA name, and blank otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from mentorhub.content.cohort import FORMATS, MENTORING, REQUEST_COLUMNS, request_row
from mentorhub.content.matching import Preferences
from mentorhub.content.request_form import RequestOptions
from mentorhub.content.zones import zone_names

from .models import RequestRecord

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OWN_COLUMNS = ("reference", "received_at", "status", "status_changed_at", "spam", "mentor", "mentor_full",
               "alternatives", "preferred_name", "email", "age_band", "guardian_name", "guardian_email", "goals",
               "interests", "languages", "format", "availability", "privacy_version", "erased_at", "mentoring",
               "location")
COLUMNS = (*OWN_COLUMNS, *(c for c in REQUEST_COLUMNS if c not in OWN_COLUMNS))
"""The inbox's columns, then the rest of the cohort file's (request_id, audience, minor, timezone)."""


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


def preferences(row: RequestRecord, options: RequestOptions) -> Preferences:
    """What `mentorhub match` weighs of a stored request."""
    timezone = str((row.answers or {}).get("timezone") or "").strip()
    return Preferences(tuple(row.interests), tuple(row.languages), FORMATS.get(row.format, "either"),
                       minor=options.needs_guardian(row.age_band), timezone=timezone if timezone in zone_names() else None,
                       mentoring=MENTORING.get(row.mentoring, "either"), location=row.location or None)


def requests_csv(rows: Iterable[RequestRecord], extra_fields: Sequence[str], options: RequestOptions) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark, so spreadsheet programs read the file as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"answers.{name}" for name in extra_fields)])
    for row in rows:
        own = dict(zip(OWN_COLUMNS, (
            row.public_id, row.received_at, row.status, row.status_changed_at, row.spam, row.mentor_id, row.mentor_full,
            row.alternatives, row.preferred_name, row.email, row.age_band, row.guardian_name, row.guardian_email,
            row.goals, row.interests, row.languages, row.format, row.availability, row.privacy_version, row.erased_at,
            row.mentoring, row.location)))
        values = {**own, **request_row(row.public_id, preferences(row, options))}
        answers = row.answers or {}
        writer.writerow([cell(values[c]) for c in COLUMNS] + [cell(answers.get(name)) for name in extra_fields])
    return out.getvalue()
