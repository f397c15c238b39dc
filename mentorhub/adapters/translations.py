"""Mentor Hub's message catalogues: extract the msgids, update each language's `.po`, compile
the `.mo` the package ships, and say what is missing. `mentorhub translations …` runs these;
tests/test_translations.py fails when a msgid has no translation or a `.mo` is out of date.

Which files feed which domain (content/languages.DOMAINS) is decided here, once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from ..content.languages import DOMAINS, LOCALE_DIR, SOURCE, available
from ..content.text import rel_path

PACKAGE = LOCALE_DIR.parent  # the mentorhub package: content/, site/, adapters/, inbox/, theme/
ROOT = PACKAGE.parent  # what the catalogues' "#:" lines are relative to
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "NP_": (1, 2),
            "mh_plural": (1, 2),  # a template's plural forms for a script
            "counted": (1, 2)}  # Message.counted: a form's refusal that counts
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
# Python modules whose messages are the forms' (the site shows them, the inbox answers with them).
FORMS_MODULES = ("mentorhub/content/request_form.py", "mentorhub/content/application_form.py",
                 "mentorhub/content/requests.py", "mentorhub/content/applications.py",
                 "mentorhub/content/surveys.py")


@dataclass(frozen=True)
class Missing:
    code: str
    domain: str
    msgid: str


def sources(domain: str) -> Iterator[tuple[Path, str]]:
    """Every file feeding `domain`, with its extraction method (`python` or `jinja2`)."""
    if domain == "forms":
        yield from ((ROOT / rel, "python") for rel in FORMS_MODULES)
    elif domain == "site":
        yield from ((p, "python") for p in sorted(PACKAGE.rglob("*.py"))
                    if p.relative_to(ROOT).as_posix() not in FORMS_MODULES and "inbox" not in p.relative_to(PACKAGE).parts)
        yield from ((p, "jinja2") for p in sorted((PACKAGE / "theme").rglob("*.html")))
    elif domain == "inbox":
        yield from ((p, "python") for p in sorted((PACKAGE / "inbox").rglob("*.py")) if "migrations" not in p.parts)
        yield from ((p, "jinja2") for p in sorted((PACKAGE / "inbox" / "templates").rglob("*.html")))
    else:
        raise ValueError(f"unknown domain {domain!r}")


def extract(domain: str) -> Catalog:
    """The domain's template catalogue (`.pot`), from its source files."""
    catalog = Catalog(project="Mentor Hub", domain=domain, fuzzy=False)
    for path, method in sources(domain):
        method_name = "jinja2.ext:babel_extract" if method == "jinja2" else "python"
        options = JINJA_OPTIONS if method == "jinja2" else {}
        for lineno, message, comments, context in extract_from_file(
                method_name, str(path), keywords=KEYWORDS, comment_tags=("Translators:",), options=options):
            catalog.add(message, None, [(rel_path(path, ROOT), lineno)],
                        auto_comments=comments, context=context)
    return catalog


def po_path(code: str, domain: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path: Path, code: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=code.replace("-", "_"))


def update(codes: tuple[str, ...] = (), domains: tuple[str, ...] = DOMAINS) -> list[Path]:
    """Writes each domain's `.pot` and merges it into each language's `.po` (a new language:
    a new `.po`, every msgstr empty). Returns the files written."""
    written = []
    for domain in domains:
        template = extract(domain)
        pot = LOCALE_DIR / f"{domain}.pot"
        pot.parent.mkdir(parents=True, exist_ok=True)
        _write(pot, template)
        written.append(pot)
        for code in codes or translated_languages():
            path = po_path(code, domain)
            catalogue = read_catalogue(path, code) if path.exists() else Catalog(
                locale=code.replace("-", "_"), domain=domain, project="Mentor Hub", fuzzy=False)
            catalogue.update(template, update_header_comment=False)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write(path, catalogue)
            written.append(path)
    return written


def compile_catalogues() -> list[Path]:
    """Writes the `.mo` beside every `.po` (fuzzy and empty translations left out: English shows)."""
    written = []
    for code in translated_languages():
        for domain in DOMAINS:
            path = po_path(code, domain)
            if path.exists():
                mo = path.with_suffix(".mo")
                with mo.open("wb") as file:
                    write_mo(file, read_catalogue(path, code))
                written.append(mo)
    return written


def missing(codes: tuple[str, ...] = ()) -> list[Missing]:
    """Every msgid the sources use that a language's catalogue does not translate."""
    found = []
    for domain in DOMAINS:
        wanted = [m for m in extract(domain) if m.id]
        for code in codes or translated_languages():
            path = po_path(code, domain)
            catalogue = read_catalogue(path, code) if path.exists() else Catalog(locale=code.replace("-", "_"))
            for message in wanted:
                have = catalogue.get(message.id, message.context)
                strings = [] if have is None else list(have.string) if isinstance(have.string, tuple) else [have.string]
                if have is None or have.fuzzy or not strings or not all(strings):
                    found.append(Missing(code, domain, message.id if isinstance(message.id, str) else message.id[0]))
    return found


def stale_compiled() -> list[Path]:
    """The `.mo` files that do not hold what their `.po` says (edited, not compiled)."""
    stale = []
    for code in translated_languages():
        for domain in DOMAINS:
            path = po_path(code, domain)
            if not path.exists():
                continue
            mo = path.with_suffix(".mo")
            expected = {_key(m.id): _key(m.string) for m in read_catalogue(path, code)
                        if m.id and m.string and not m.fuzzy}
            if not mo.exists():
                stale.append(mo)
                continue
            with mo.open("rb") as file:
                actual = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id and m.string}
            if expected != actual:
                stale.append(mo)
    return stale


def _key(text: str | Sequence[str]) -> str | tuple[str, ...]:
    """A message's id or text as a dictionary key: plural messages have a list of forms."""
    return text if isinstance(text, str) else tuple(text)


def translated_languages() -> tuple[str, ...]:
    """The languages with a catalogue (not English, whose msgids are the text)."""
    return tuple(code for code in available() if code != SOURCE)


def _write(path: Path, catalogue: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=False, include_previous=False,
             ignore_obsolete=True)  # a message the sources no longer have is gone, not kept commented out
    if not path.exists() or _dated.sub(b"", path.read_bytes()) != _dated.sub(b"", buffer.getvalue()):
        path.write_bytes(buffer.getvalue())  # only a real change: a new date alone is no edit to review


_dated = re.compile(rb'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)
