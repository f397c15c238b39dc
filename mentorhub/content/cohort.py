"""A cohort of requests from a CSV, for `mentorhub match`: one row per mentee's answers.

The one format for such a file, read here and written here (`request_row`): the columns
`REQUEST_COLUMNS`, in any order, and `OPTIONAL_COLUMNS` when present, other columns ignored; several values in one cell separated by
";" (written "; "); `format` virtual, in-person or either (blank: either), as the request form
stores it; `minor` yes or no; `timezone` an IANA name or blank. A byte-order mark is allowed, so
the request inbox's CSV export (`mentorhub/inbox/export.py`, which writes these columns with `request_row`)
and a sheet saved from a spreadsheet program are read as they are.

Every problem names its line and column, as a content file's would, and nothing is matched
until the whole file reads cleanly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import ContentError, Problem
from .matching import Format, Preferences, Wanted
from .text import did_you_mean, suggestion
from .vocabulary import Vocabularies
from .zones import zone_like, zone_names

REQUEST_COLUMNS = ("request_id", "interests", "languages", "format", "audience", "minor", "timezone")
OPTIONAL_COLUMNS = ("mentoring", "location")  # read when present: older files and sheets lack them
MENTORING: dict[str, Wanted] = {"long-term": "long-term", "session": "session", "either": "either"}
LOCATION_MAX = 80  # as the request form's "Your town or area"
MINOR_ANSWERS = {"yes": True, "true": True, "no": False, "false": False}
FORMATS: dict[str, Format] = {"virtual": "virtual", "in-person": "in-person", "either": "either"}
LIST_SEPARATOR = "; "  # between several values in one cell, as written; reading splits on ";" alone
FORMAT_HELP = """\
The requests file is a CSV with a header row and these columns, in any order:
  request_id  an id for each request (in the inbox's export: the request's reference)
  interests   topics, by the programme's term ids or labels; several separated by ';'
  languages   ISO 639-1 codes (en, pt) or the languages' names; several separated by ';'
  format      virtual, in-person or either (blank means either)
  audience    one of the programme's audiences, or blank
  minor       yes or no: a minor is matched only with mentors cleared for under-18s
  timezone    an IANA time zone such as Europe/Lisbon, or blank
and, when present:
  mentoring   long-term, session or either (blank means either): a one-off
              session takes no place, and goes to a mentor who gives sessions
  location    the mentee's town or area: an in-person mentor there scores higher
Other columns are ignored and a byte-order mark is fine, so the request inbox's
export (dashboard: Export CSV) is such a file as it is: filter the list to the
open requests first, export, and run `mentorhub match requests-....csv`."""
"""The format in words, for `mentorhub match --help` (the README says the same)."""


def request_row(request_id: str, prefs: Preferences) -> dict[str, str]:
    """One request's cells as `read_requests` reads them back (term ids, ISO 639-1 codes)."""
    return {"request_id": request_id, "interests": LIST_SEPARATOR.join(prefs.interests),
            "languages": LIST_SEPARATOR.join(prefs.languages), "format": prefs.format,
            "audience": prefs.audience or "", "minor": "yes" if prefs.minor else "no", "timezone": prefs.timezone or "",
            "mentoring": "" if prefs.mentoring == "either" else prefs.mentoring, "location": prefs.location or ""}


def read_requests(path: Path, vocabularies: Vocabularies) -> list[tuple[str, Preferences]]:
    """The requests in a CSV; raise ContentError naming the line and column of every problem."""
    rel = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        reason = "is not UTF-8 text" if isinstance(err, UnicodeDecodeError) else f"cannot be read ({err.strerror})"
        raise ContentError([Problem(rel, 1, "", f"the requests file {reason}")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUEST_COLUMNS if c not in header]
    if missing:
        hints = [f"{c} (is '{close}' a typo?)" if (close := did_you_mean(c, header)) else c for c in missing]
        raise ContentError([Problem(rel, 1, "", "the header is missing the columns: " + ", ".join(hints))])
    problems: list[Problem] = []
    requests: dict[str, Preferences] = {}
    for row in reader:
        prefs, row_problems = _read_request(row, vocabularies)
        request_id = (row["request_id"] or "").strip()
        if not request_id:
            row_problems.append(("request_id", "every request needs an id"))
        elif request_id in requests:
            row_problems.append(("request_id", f"'{request_id}' is used by an earlier row"))
        problems += [Problem(rel, reader.line_num, column, message) for column, message in row_problems]
        requests.setdefault(request_id, prefs)
    if problems:
        raise ContentError(problems)
    if not requests:
        raise ContentError([Problem(rel, 1, "", "no requests: the file has a header but no rows")])
    return list(requests.items())


def _read_request(row: dict[str, str | None], vocabularies: Vocabularies) -> tuple[Preferences, list[tuple[str, str]]]:
    """One row's answers, and its problems as (column, message)."""
    problems: list[tuple[str, str]] = []
    terms: dict[str, list[str]] = {}
    for column, vocabulary, noun in (("interests", "expertise", "interest"), ("languages", "languages", "language"),
                                     ("audience", "audiences", "audience")):
        terms[column] = []
        for value in [v.strip() for v in (row[column] or "").split(";") if v.strip()]:
            term = vocabularies[vocabulary].resolve(value)
            if term is None:
                hint = vocabularies[vocabulary].suggest(value)
                problems.append((column, f"unknown {noun} '{value}'" + suggestion(hint)))
            else:
                terms[column].append(term)
    if len(terms["audience"]) > 1:
        problems.append(("audience", "give one audience at most"))
    form = (row["format"] or "").strip().lower() or "either"
    if form not in FORMATS:
        problems.append(("format", f"'{row['format']}' is not allowed; expected virtual, in-person or either (blank means either)"))
    minor = MINOR_ANSWERS.get((row["minor"] or "").strip().lower())
    if minor is None:
        problems.append(("minor", f"expected yes or no, not '{row['minor'] or ''}'; "
                                  "under-18s are only matched with youth-cleared mentors"))
    timezone = (row["timezone"] or "").strip() or None
    if timezone is not None and timezone not in zone_names():
        close = zone_like(timezone)
        hint = suggestion(close)
        problems.append(("timezone", f"unknown time zone '{timezone}'{hint}; "
                                     "use an IANA name such as Europe/Lisbon, or leave it blank"))
    mentoring = (row.get("mentoring") or "").strip().lower() or "either"
    if mentoring not in MENTORING:
        problems.append(("mentoring", f"'{row.get('mentoring')}' is not allowed; expected long-term, session or either "
                                      "(blank means either)"))
    location = " ".join((row.get("location") or "").split()) or None
    if location is not None and len(location) > LOCATION_MAX:
        problems.append(("location", f"is {len(location)} characters; a town or area fits in {LOCATION_MAX}"))
    prefs = Preferences(tuple(terms["interests"]), tuple(terms["languages"]), FORMATS.get(form, "either"),
                        terms["audience"][0] if terms["audience"] else None, bool(minor), timezone,
                        MENTORING.get(mentoring, "either"), location)
    return prefs, problems
