"""The request inbox's figures as the build reads them: the export file's format and its checks.

The inbox export is a JSON file the inbox writes and the build reads when it exists:

    {"requests_received": 42, "requests_matched": 30,
     "median_days_to_first_contact": 2.5,
     "period": {"from": "2026-01-01", "to": "2026-10-31"}}

Counts are whole numbers of 0 or more, `requests_matched` at most `requests_received`;
the median is a number of days or null (no request contacted yet); `from` is not after
`to`. Problems are reported with their line, like any content problem; other keys are
ignored, so a newer inbox can add figures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, StrictFloat, StrictInt

from .errors import ContentError, Problem
from .models import ContentModel, Loc
from .sources import SourceFile, read_yaml
from .validation import validate_source


class Period(ContentModel):
    """The days an export covers; `from` and `to` are the file's keys (`from` is a Python keyword)."""

    model_config = ConfigDict(extra="ignore")

    start: dt.date = Field(alias="from", description="First day the figures cover.")
    end: dt.date = Field(alias="to", description="Last day the figures cover.")


class InboxExport(ContentModel):
    """The request inbox's figures for a period, as its export file has them.

    Unknown keys are ignored rather than refused, so a newer inbox can add figures
    without breaking the site's build.
    """

    model_config = ConfigDict(extra="ignore")

    requests_received: StrictInt = Field(ge=0, description="Requests received in the period (spam excluded).")
    requests_matched: StrictInt = Field(ge=0, description="Of those, requests matched with a mentor.")
    median_days_to_first_contact: StrictFloat | None = Field(
        ge=0, description="Median days from a request to its first contact; null when none was contacted.")
    period: Period = Field(description="The days the figures cover.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.requests_matched > self.requests_received:
            yield ("requests_matched",), (f"is {self.requests_matched}, more than the "
                                          f"{self.requests_received} requests received")
        if self.period.start > self.period.end:
            yield ("period", "to"), f"{self.period.end} is before the start of the period"


class _JsonSource(SourceFile):
    """A JSON file: parsed strictly as JSON; lines for problems come from the node tree (JSON is YAML)."""

    @cached_property
    def data(self) -> Any:
        try:
            return json.loads(self.text)
        except json.JSONDecodeError as err:
            self.problems.append(Problem(self.rel, err.lineno, "", f"not valid JSON: {err.msg} (column {err.colno})"))
            return None


def read_inbox_export(path: Path, rel: str) -> InboxExport:
    """The export at `path` (shown as `rel` in problems); raise ContentError listing every problem."""
    read = read_yaml(path, rel)  # for its UTF-8 check
    if read.problems:
        raise ContentError(read.problems)
    source = _JsonSource(path, rel, read.text)
    if source.data is not None and not isinstance(source.data, dict):
        source.report((), "expected a JSON object with the fields: " + ", ".join(InboxExport.model_fields))
    export = None if source.problems else validate_source(source, InboxExport, {})
    if export is None:
        raise ContentError(source.problems)
    return export
