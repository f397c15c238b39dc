"""The language a page speaks to its reader in: message catalogues, plurals, dates and times.

Every word Mentor Hub shows a reader is a gettext msgid, translated by the catalogues under
`mentorhub/locale/<code>/LC_MESSAGES/<domain>.mo` (compiled from the `.po` beside them and
kept in the package, so a build needs no compile step). One domain per audience:
`site` (the theme's templates, the JavaScript's strings, the pages the site makes), `forms`
(the request, application and survey forms' labels, hints and errors, which the site shows
and the inbox answers with), `inbox` (the dashboard and the e-mails). A msgid is the English
text itself, so English needs no catalogue; a language without a catalogue falls back to it.

Babel does the rest: plural rules (`ngettext`, and `plural_forms` for JavaScript), dates
("1 de diciembre de 2026"), times and time zones ("19:00 (hora de Lisboa)"), lists and
numbers, each in the reader's language. README "Languages" says how a programme adds one.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAINS = ("site", "forms", "inbox")
SOURCE = "en"  # the language msgids are written in
Direction = Literal["ltr", "rtl"]
PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]

# English dates as the site has always written them ("Tuesday 1 December 2026"): CLDR's `en`
# is American ("Tuesday, December 1, 2026"). Every other language: its CLDR full date.
_DATE_PATTERNS = {"en": ("EEEE d MMMM y", "d MMMM y")}
# CLDR's minimumGroupingDigits where it is 2 ("1234" but "12.345" in Spanish), which Babel does not
# apply and the browser's Intl.NumberFormat does; languages of Mentor Hub's catalogues only.
_MIN_GROUPING = {"es": 2}
# Numbers that fall in each plural category in some language (Babel's CLDR rules pick).
_PLURAL_SAMPLES = (*range(0, 112), 1000, 1000000)


def N_(message: str) -> str:
    """Marks a msgid written before any language is known (a module's constants), for
    extraction; whoever shows it translates it with `Language.gettext`."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural msgid pair written before any language is known, for extraction; whoever
    shows it counts with `Language.ngettext(*pair, n)` or hands `plural_forms(*pair)` to a script."""
    return singular, plural


DURATION = (NP_("%(num)s hour", "%(num)s hours"), NP_("%(num)s minute", "%(num)s minutes"))


def available() -> tuple[str, ...]:
    """The languages with a catalogue shipped in the package, English first."""
    found = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()) if LOCALE_DIR.is_dir() else []
    return (SOURCE, *(code for code in found if code != SOURCE))


def _babel_code(code: str) -> str:
    """`pt-BR` (MkDocs/Material's spelling, an HTML `lang`) → `pt_BR` (Babel's and gettext's)."""
    return code.replace("-", "_")


@dataclass(frozen=True)
class Language:
    """One language: its catalogue (every domain merged) and its Babel locale.

    `code` is spelt as Material's `theme.language` and HTML's `lang` spell it (`es`, `pt-BR`)."""

    code: str

    @cached_property
    def locale(self) -> Locale:
        try:
            return Locale.parse(_babel_code(self.code))
        except (UnknownLocaleError, ValueError):
            return Locale.parse(SOURCE)

    @cached_property
    def translations(self) -> gettext.NullTranslations:
        """The merged catalogues; for English, or a language with none, the msgids themselves."""
        merged: gettext.NullTranslations | None = None
        for domain in DOMAINS:
            found = Translations.load(str(LOCALE_DIR), [_babel_code(self.code)], domain)
            if not isinstance(found, Translations):
                continue  # NullTranslations: no catalogue of this domain in this language
            if merged is None:
                merged = found
            else:
                assert isinstance(merged, Translations)
                merged.merge(found)
        return merged or gettext.NullTranslations()

    @property
    def translated(self) -> bool:
        """Whether a catalogue of this language ships with Mentor Hub (English: always)."""
        return self.code == SOURCE or isinstance(self.translations, Translations)

    @property
    def direction(self) -> Direction:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def name(self) -> str:
        """The language's own name, as a language switcher shows it: "Español", "Français"."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    def name_of(self, code: str) -> str:
        """Another language's name in this one: "inglés" for `en` in Spanish."""
        try:
            return Locale.parse(_babel_code(code)).get_display_name(self.locale) or code
        except (UnknownLocaleError, ValueError):
            return code

    def gettext(self, message: str, **values: object) -> str:
        """`message` in this language, `%(name)s` placeholders filled from `values` (the
        placeholder style Jinja's i18n extension uses, so templates and Python agree)."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, num: int, **values: object) -> str:
        """The form for `num` ("1 place", "2 places"; Arabic's six forms); `%(num)s` is `num`."""
        return self.translations.ngettext(singular, plural, num) % {"num": self.format_number(num), **values}

    def plural_forms(self, singular: str, plural: str) -> dict[PluralCategory, str]:
        """Every form of a plural message keyed by CLDR plural category, for JavaScript:
        `new Intl.PluralRules(lang).select(n)` picks the key (theme/assets/strings.js), so a
        script counts as the catalogue does without a second copy of the plural rules.
        Placeholders are left for the script to fill (`%(num)s`)."""
        forms: dict[PluralCategory, str] = {}
        for sample in _PLURAL_SAMPLES:
            category: PluralCategory = self.locale.plural_form(sample)  # type: ignore[assignment]
            forms.setdefault(category, self.translations.ngettext(singular, plural, sample))
        forms.setdefault("other", self.translations.ngettext(singular, plural, 2))
        return forms

    def format_date(self, day: dt.date, weekday: bool = True) -> str:
        """"Tuesday 1 December 2026", "martes, 1 de diciembre de 2026", "mardi 1 décembre 2026":
        the site's one way of writing a date, in each language."""
        patterns = _DATE_PATTERNS.get(self.code)
        if patterns is not None:
            return babel_dates.format_date(day, patterns[0 if weekday else 1], locale=self.locale)
        return babel_dates.format_date(day, "full" if weekday else "long", locale=self.locale)

    def time_words(self) -> dict[str, object]:
        """What a script needs to write dates and lengths of time as `format_date` and
        `format_duration` do (progress.js): the language and its digits, the CLDR full-date pattern, weekday
        (Monday first) and month names, and the plural forms of hours and minutes."""
        pattern = _DATE_PATTERNS[self.code][0] if self.code in _DATE_PATTERNS else self.locale.date_formats["full"].pattern
        return {"language": self.code, "numbering": self.numbering_system, "pattern": pattern,
                "days": [self.locale.days["format"]["wide"][d] for d in range(7)],
                "months": [self.locale.months["format"]["wide"][m] for m in range(1, 13)],
                "hour": self.plural_forms(*DURATION[0]), "minute": self.plural_forms(*DURATION[1])}

    def format_duration(self, minutes: int) -> str:
        """"3 hours", "2 horas 30 minutos", "45 minutes": the site's one way of writing a length of
        time, exact rather than rounded, so a module's time and the sum of them always agree.
        progress.js `formatDuration` writes the time left the same way from `DURATION`'s forms
        (tests/js/vectors/durations.json holds both sides' answers)."""
        hours, rest = divmod(max(0, minutes), 60)
        parts = [self.ngettext(*unit, n) for n, unit in zip((hours, rest), DURATION) if n]
        return " ".join(parts) or self.ngettext(*DURATION[1], 0)

    def format_time(self, moment: dt.datetime | dt.time) -> str:
        """"19:00": the language's short time (CLDR); English keeps the site's 24-hour clock."""
        return babel_dates.format_time(moment, "HH:mm" if self.code == SOURCE else "short", locale=self.locale)

    def format_zone(self, zone: str) -> str:
        """"Lisbon time", "hora de Lisboa", "heure : Lisbonne": a time zone as a reader knows it,
        by its city (CLDR's region format with the exemplar city)."""
        try:
            tz = ZoneInfo(zone)
        except (KeyError, ValueError):
            return zone
        city = babel_dates.get_timezone_location(tz, locale=self.locale, return_city=True)
        region = self.locale.zone_formats.get("region", "%s")
        return region % city if self.code != SOURCE else f"{city} time"

    def format_datetime(self, moment: dt.datetime) -> str:
        """A date and time, for the dashboard and e-mails: "1 December 2026, 19:00"."""
        return f"{self.format_date(moment.date(), weekday=False)}, {self.format_time(moment)}"

    @property
    def numbering_system(self) -> str:
        """The digits numbers are written in: the locale's default numbering system as Babel's CLDR
        has it ("latn" for `ar` too). The page hands it to its scripts (`<meta name="mh-numbering">`,
        `time_words`), which pass it to `Intl.NumberFormat`: a browser's own default for a language
        may be another ("arab", Arabic-Indic digits, for `ar` in some), and the page would then
        write a number two ways (tests/js/vectors/plurals.json's `numbers`)."""
        return str(self.locale.default_numbering_system or "latn")

    def format_number(self, number: int | float) -> str:
        """"1,234", "1234" (Spanish groups from five digits), "1 234", as `Intl.NumberFormat` writes it."""
        grouped = abs(number) >= 10 ** (2 + _MIN_GROUPING.get(self.locale.language, 1))
        return babel_numbers.format_decimal(number, locale=self.locale, group_separator=grouped,
                                            numbering_system=self.numbering_system)

    def format_percent(self, share: float) -> str:
        """`0.42` → "42 %" / "42 %" / "42%", as the language writes it."""
        return babel_numbers.format_percent(share, locale=self.locale, numbering_system=self.numbering_system)

    def format_list(self, items: list[str], style: Literal["standard", "or"] = "standard") -> str:
        """"a, b and c", "a, b y c", "a, b et c"; `or`: "a, b or c"."""
        return babel_lists.format_list(items, style=style, locale=self.locale)


@cache
def language(code: str | None) -> Language:
    """The language `code` names (Material's `theme.language`); English when none is given."""
    return Language(code or SOURCE)


ENGLISH = language(SOURCE)
