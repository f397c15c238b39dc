"""Built pages as a browser parses them (html5lib), for tests that read a page's structure."""

from __future__ import annotations

from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element

import html5lib


def parse(page: Path) -> Element:
    return cast(Element, html5lib.HTMLParser(namespaceHTMLElements=False).parse(page.read_bytes()))


def text(element: Element | None) -> str:
    """The element's words, spaces collapsed, as a reader meets them."""
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def one(root: Element, path: str) -> Element:
    """The one element at `path`; fails when there are none or several."""
    found = root.findall(path)
    assert len(found) == 1, (path, len(found))
    return found[0]


def form_groups(form: Element) -> list[Element]:
    """A form's questions: its GOV.UK form groups, in order."""
    return [g for g in form.iter("div") if "mh-form-group" in g.get("class", "").split()]
