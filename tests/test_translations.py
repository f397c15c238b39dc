"""Mentor Hub's languages: every msgid translated in every catalogue it ships, the compiled
catalogues in the package matching their `.po`, and Babel's rules (plurals, dates, time zones,
direction) as readers in each language expect them. tests/js/strings.test.mjs checks that the
browser counts as Babel does, on the same vectors (tests/js/vectors/plurals.json)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO
from mentorhub.adapters import translations
from mentorhub.content.languages import ENGLISH, available, language

VECTORS = json.loads((REPO / "tests" / "js" / "vectors" / "plurals.json").read_text(encoding="utf-8"))
SHIPPED = ("es", "fr")  # the promise: complete Spanish and French


def test_spanish_and_french_catalogues_ship_with_the_package() -> None:
    assert set(SHIPPED) <= set(available())
    for code in SHIPPED:
        assert language(code).translated


def test_every_message_is_translated_in_every_catalogue() -> None:
    """Fails on a msgid a source file uses (a template's `_()`, Python's `N_()`) that a
    language's `.po` lacks or leaves empty or fuzzy: run `mentorhub translations update`."""
    missing = translations.missing()
    assert not missing, "\n".join(f"{m.code}/{m.domain}: {m.msgid!r}" for m in missing[:40])


def test_the_compiled_catalogues_hold_what_the_po_files_say() -> None:
    assert not translations.stale_compiled(), "run mentorhub translations compile"


def test_a_missing_translation_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: a template with a new msgid is reported in every language."""
    extra = tmp_path / "new.html"
    extra.write_text('{{ _("A sentence no catalogue has yet") }}', encoding="utf-8")
    real = translations.sources
    monkeypatch.setattr(translations, "sources", lambda domain: [*real(domain), *(
        [(extra, "jinja2")] if domain == "site" else [])])
    found = {(m.code, m.msgid) for m in translations.missing()}
    assert {(code, "A sentence no catalogue has yet") for code in SHIPPED} <= found


@pytest.mark.parametrize("code", ["en", "es", "fr", "ar"])
def test_plural_categories_are_cldr_s(code: str) -> None:
    for count, category in VECTORS["plurals"][code]:
        assert language(code).locale.plural_form(count) == category


def test_a_script_gets_every_plural_form_of_a_message() -> None:
    forms = language("ar").plural_forms("%(num)s place", "%(num)s places")
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert ENGLISH.plural_forms("%(num)s place", "%(num)s places") == {"one": "%(num)s place", "other": "%(num)s places"}
    assert ENGLISH.ngettext("%(num)s place", "%(num)s places", 1) == "1 place"
    assert ENGLISH.ngettext("%(num)s place", "%(num)s places", 1200) == "1,200 places"


def test_dates_times_and_zones_are_written_as_each_language_writes_them() -> None:
    day = dt.date(2026, 12, 1)
    assert ENGLISH.format_date(day) == "Tuesday 1 December 2026"
    assert language("es").format_date(day, weekday=False) == "1 de diciembre de 2026"
    assert language("es").format_date(day) == "martes, 1 de diciembre de 2026"
    assert language("fr").format_date(day) == "mardi 1 décembre 2026"
    assert language("es").format_time(dt.time(19, 0)) == "19:00"
    assert ENGLISH.format_time(dt.time(19, 0)) == "19:00"
    assert language("es").format_zone("Europe/Lisbon") == "hora de Lisboa"
    assert language("fr").format_zone("Europe/Lisbon") == "heure : Lisbonne"
    assert ENGLISH.format_zone("Europe/Lisbon") == "Lisbon time"
    assert language("es").format_list(["a", "b", "c"]) == "a, b y c"


def test_direction_and_names_come_from_the_locale() -> None:
    assert language("ar").direction == "rtl" and language("he").direction == "rtl"
    assert language("es").direction == "ltr"
    assert language("es").name == "Español" and language("fr").name == "Français"
    assert language("es").name_of("en") == "inglés"
    assert language("pt-BR").locale.territory == "BR"
    assert language("xx-nonsense").locale.language == "en"  # an unknown code: English rules, never a crash


def test_the_command_line_reports_missing_translations() -> None:
    from mentorhub.adapters.cli import main
    assert main(["translations", "check"]) == 0


def test_scripts_count_as_babel_counts() -> None:
    node = shutil.which("node")
    assert node, "this test needs Node.js (20.19 or later) on PATH"
    result = subprocess.run([node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test",
                             str(REPO / "tests" / "js" / "strings.test.mjs")],
                            cwd=REPO, capture_output=True, text=True, timeout=120, env=dict(os.environ))
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    checked = sum(len(cases) for cases in VECTORS["plurals"].values())
    assert f"checked {checked} plural counts" in output, output


@pytest.mark.parametrize("code", SHIPPED)
def test_a_list_of_audiences_joins_them_once(code: str) -> None:
    """A module or an event for two audiences is written with `format_list`, so no audience's own
    word may hold the list's conjunction: French "coordinateurs et coordinatrices" made "mentors et
    coordinateurs et coordinatrices"."""
    from mentorhub.site.pages.events import AUDIENCES
    words = language(code)
    conjunction = words.format_list(["A", "B"]).removeprefix("A").removesuffix("B")  # " et ", " y "
    said = [words.gettext(label) for label in AUDIENCES.values()]
    for word in said:
        assert conjunction not in f" {word} ", (code, word)
    for first in said:
        for second in said:
            if first != second:
                assert words.format_list([first, second]).count(conjunction) == 1, (first, second)
    assert words.format_list([words.gettext(AUDIENCES["mentors"]), words.gettext(AUDIENCES["coordinators"])]) == {
        "es": "mentores y personas coordinadoras", "fr": "mentors et équipes de coordination"}[code]


@pytest.mark.parametrize("code", ["en", "es", "fr", "ar"])
def test_numbers_are_written_as_the_scripts_write_them(code: str) -> None:
    """Babel's side of tests/js/vectors/plurals.json `numbers` (strings.test.mjs checks the
    browser's, with the numbering system the page names): Arabic in Latin digits on both sides, Spanish
    grouping from five digits as Intl.NumberFormat does."""
    vectors = VECTORS["numbers"][code]
    assert language(code).numbering_system == vectors["numbering"]
    assert language(code).time_words()["numbering"] == vectors["numbering"]
    for number, text in vectors["numbers"]:
        assert language(code).format_number(number) == text, (code, number)
