"""Where a mentor is: countries by name or alias, a free-text "City, Country", and the time zone
a country's only zone gives (from tzdata's zone.tab, the package the site's time zones come from)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from anyascii import anyascii

from ..vocabulary import builtin_vocabulary

# What people write for a country that the ISO names in data/countries.json do not cover.
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "united kingdom of great britain and northern ireland": "GB",
    "usa": "US", "u.s.a.": "US", "us": "US", "u.s.": "US", "united states of america": "US", "america": "US",
    "holland": "NL", "the netherlands": "NL", "nederland": "NL", "deutschland": "DE", "espana": "ES",
    "turkey": "TR", "turkiye": "TR", "czech republic": "CZ", "ivory coast": "CI", "cote d'ivoire": "CI",
    "kosovo": "XK", "uae": "AE", "emirates": "AE", "south korea": "KR", "korea": "KR", "russia": "RU",
    "drc": "CD", "dr congo": "CD", "congo": "CG", "macedonia": "MK", "swaziland": "SZ", "burma": "MM",
    "brasil": "BR", "mexico": "MX", "méxico": "MX", "italia": "IT", "polska": "PL", "danmark": "DK",
    "sverige": "SE", "norge": "NO", "suomi": "FI", "österreich": "AT", "schweiz": "CH", "suisse": "CH",
    "hong kong sar": "HK", "vatican": "VA", "palestinian territories": "PS", "cape verde": "CV",
}
US_STATES = set("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
                "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())
NO_PLACE = {"remote", "anywhere", "worldwide", "online", "global", "virtual", "earth", "internet", "n/a", "na",
            "various", "everywhere", "-"}


@dataclass(frozen=True)
class Place:
    city: str | None
    region: str | None
    country: str | None  # ISO 3166 code


def country_code(text: str) -> str | None:
    """`GB` for 'UK', 'United Kingdom', 'england' or 'gb'; None when it names no country."""
    value = " ".join(text.replace("_", " ").split()).strip(" .,")
    if not value:
        return None
    folded = value.casefold()
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    plain = anyascii(folded)
    if plain in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[plain]
    countries = builtin_vocabulary("countries")
    for candidate in (value, value.removeprefix("the ").removeprefix("The "), plain):
        if (code := countries.resolve(candidate)) is not None and (len(candidate) > 2 or candidate.isupper()):
            return code
    return None


def parse_place(text: str) -> Place:
    """'Cambridge, UK', 'Lagos Nigeria', 'Bulgaria, Sofia', 'The Netherlands', 'Austin, Texas, USA'."""
    value = " ".join(text.split()).strip(" .,;")
    if not value or value.casefold() in NO_PLACE:
        return Place(None, None, None)
    parts = [p.strip() for p in re.split(r"\s*[,;/|]\s*|\s+-\s+", value) if p.strip()]
    if len(parts) == 2 and parts[1] in US_STATES and country_of_city(parts[0]) != parts[1]:
        return Place(parts[0], parts[1], "US")  # "Austin, TX", "Boston, MA": a US state, not Morocco
    coded = [(i, code) for i, part in enumerate(parts) if (code := country_code(part)) is not None]
    if coded:
        index, code = coded[-1] if coded[-1][0] == len(parts) - 1 else coded[0]
        rest = [p for i, p in enumerate(parts) if i != index and p.casefold() not in NO_PLACE]
        return Place(rest[0] if rest else None, rest[1] if len(rest) > 1 else None, code)
    words = value.replace(",", " ").split()
    for size in (3, 2, 1):  # "Lagos Nigeria", "Accra Ghana", "Austin United States"
        if len(words) > size and (code := country_code(" ".join(words[-size:]))) is not None:
            return Place(" ".join(words[:-size]), None, code)
        if len(words) > size and (code := country_code(" ".join(words[:size]))) is not None:
            return Place(" ".join(words[size:]), None, code)
    return Place(parts[0], parts[1] if len(parts) > 2 else None, country_of_city(parts[0]))


def country_of_city(city: str) -> str | None:
    """The country of a city a time zone is named after: 'Berlin' → DE, 'Lagos' → NG."""
    wanted = anyascii(city).casefold().replace(" ", "_")
    for country, zones in _zones_by_country().items():
        if any(zone.rsplit("/", 1)[-1].casefold() == wanted for zone, _ in zones):
            return country
    return None


@cache
def _zones_by_country() -> dict[str, list[tuple[str, str]]]:
    """country code → [(zone, zone.tab's comment)], from the tzdata package."""
    text = resources.files("tzdata").joinpath("zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            zones.setdefault(fields[0], []).append((fields[2], fields[3] if len(fields) > 3 else ""))
    return zones


def zones_of(country: str) -> list[str]:
    return [zone for zone, _ in _zones_by_country().get(country, [])]


def zone_for(country: str, city: str | None) -> str | None:
    """The country's only zone; else the zone named after the city (Madrid → Europe/Madrid); else
    the zone tzdata describes as the country's mainland or most of it (Europe/Berlin); else None."""
    zones = _zones_by_country().get(country, [])
    if len(zones) == 1:
        return zones[0][0]
    if city:
        wanted = anyascii(city).casefold().replace(" ", "_")
        named = [zone for zone, _ in zones if zone.rsplit("/", 1)[-1].casefold() == wanted]
        if named:
            return named[0]
    main = [zone for zone, comment in zones if comment.casefold().startswith("most of") or "(mainland)" in comment]
    return main[0] if len(main) == 1 else None
