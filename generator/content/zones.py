"""IANA time zones from the `tzdata` package, never the operating system's copy.

The OS database can be years older than the visitors' browsers (Debian 12's 2025b still
moves British Columbia's clocks in November 2026), and the site's calendars, event times
and mentor matching must agree with what a browser shows. `tzdata` is a pinned dependency,
so every machine that builds the site uses the same rules.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@cache
def zone_names() -> frozenset[str]:
    return frozenset(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


@cache
def zone_of(name: str) -> ZoneInfo:
    """The zone called `name`; ZoneInfoNotFoundError when `tzdata` has none."""
    if name not in zone_names():
        raise ZoneInfoNotFoundError(f"no time zone named {name!r}")
    with resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as data:
        return ZoneInfo.from_file(data, key=name)
