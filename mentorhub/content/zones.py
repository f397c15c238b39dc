"""IANA time zones from the `tzdata` package, never the operating system's copy.

The OS database can be years older than the visitors' browsers (Debian 12's 2025b still
moves British Columbia's clocks in November 2026), and the site's calendars, event times
and mentor matching must agree with what a browser shows. `tzdata` is a pinned dependency,
so every machine that builds the site uses the same rules.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .languages import Language
from .text import did_you_mean


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


def zone_like(value: str) -> str | None:
    """The zone an editor probably meant: 'Lisbon' and 'lisbn' are Europe/Lisbon, 'Europe/Londn'
    is Europe/London (text.did_you_mean, over whole names and then over the cities). Cities in
    several zones' names (there are none in tzdata today) would go to the first by name."""
    close = did_you_mean(value, zone_names(), fold=str)
    if close:
        return close
    cities: dict[str, str] = {}
    for name in sorted(zone_names()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            cities.setdefault(name.rsplit("/", 1)[-1].replace("_", " "), name)
    city = did_you_mean(value.replace("_", " "), cities)
    return cities[city] if city else None


def zone_words(name: str) -> str | None:
    """How people name a zone: `America/Toronto` is "Toronto time", `America/Argentina/Buenos_Aires`
    "Buenos Aires time". None for UTC itself (which needs no words beside "UTC") and for zones
    without a place (`Etc/GMT+5`), which the caller writes as an offset. Visitors read times,
    not IANA identifiers; the identifiers stay in data attributes and files."""
    if "/" not in name or name.startswith("Etc/"):  # UTC, GMT, Etc/UTC, Etc/GMT+5, …
        return None
    return f"{name.rsplit('/', 1)[-1].replace('_', ' ')} time"


def utc_offset(name: str, on: dt.date) -> str:
    """The zone's offset from UTC on a day, as people write it: "UTC", "UTC+1", "UTC−5",
    "UTC+5:30" (a real minus sign, as in print)."""
    when = dt.datetime.combine(on, dt.time(12), zone_of(name))
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def describe_zone(name: str, on: dt.date, language: Language) -> str:
    """A zone for a profile: "Toronto time (UTC−5)", "hora de Toronto (UTC−5)", or "UTC" /
    "UTC+5" for zones with no place (`zone_words`)."""
    offset = utc_offset(name, on)
    if not zone_words(name):
        return offset
    return f"{language.format_zone(name)} ({'UTC+0' if offset == 'UTC' else offset})"  # "London time (UTC)" reads as if London were UTC
