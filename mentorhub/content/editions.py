"""A site published in several languages: one edition per language (`Programme.languages`).

The default edition (`theme.language`) is at the site's root and every other at `<code>/`, with
the same paths below it, so a page's address in each language is the edition's root plus the
page's URL: the language switcher and the `hreflang` links need nothing else. Content is written
once, in the default edition's language; a profile may give its headline and bio in the other
languages (`translations:`), and where it does not, an edition shows them as written, marked
with their language so that a reader (and a screen reader) knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .languages import language
from .models import Mentor

if TYPE_CHECKING:
    from .catalog import SiteInfo


@dataclass(frozen=True)
class EditionLink:
    """One edition as the switcher and `hreflang` name it: a page's address in it is `base` +
    the page's URL (`base` is absolute with a site_url, else relative to this edition's root)."""

    code: str
    name: str  # the language's own name ("Français"): how a switcher lists it
    base: str
    absolute: bool
    current: bool


@dataclass(frozen=True)
class MentorWords:
    """A profile's headline and bio as one edition shows them; a `*_language` is the code of the
    language they are written in when that is not the edition's (None when it is)."""

    headline: str | None
    bio: str | None
    headline_language: str | None = None
    bio_language: str | None = None


def edition_root(code: str, default: str) -> str:
    """Where an edition's pages are, below the site's root: "" for the default, "fr/" for French."""
    return "" if code == default else f"{code}/"


def edition_links(site: SiteInfo) -> list[EditionLink]:
    """Every edition, the default first; none when the site is published in one language."""
    if len(site.languages) < 2:
        return []
    default = site.languages[0]
    here = edition_root(site.language_code, default)
    home = site.url[:len(site.url) - len(here)] if site.url else None
    up = "../" * here.count("/")
    return [EditionLink(code, language(code).name, (home if home is not None else up) + edition_root(code, default),
                        home is not None, code == site.language_code) for code in site.languages]


def mentor_words(mentor: Mentor, code: str, written_in: str) -> MentorWords:
    """`mentor`'s headline and bio for the edition in `code`: its `translations:` for that
    language where it gives them, else as written (in `written_in`, the default edition's)."""
    if code == written_in:
        return MentorWords(mentor.headline, mentor.bio)
    given = mentor.translations.get(code)
    headline = given.headline if given is not None else None
    bio = given.bio if given is not None else None
    return MentorWords(headline or mentor.headline, bio or mentor.bio,
                       None if headline or mentor.headline is None else written_in,
                       None if bio or mentor.bio is None else written_in)
