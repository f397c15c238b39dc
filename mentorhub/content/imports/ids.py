"""File names for imported profiles: the name transliterated (Kılıç → kilic, Łukasz → lukasz,
Søren → soren, 王芳 → wangfang: text.id_from), never a file that exists already."""

from __future__ import annotations

import itertools
import re

from ..text import id_from


def new_id(name: str, line: int, taken: set[str]) -> str:
    """An id from `name` that is in none of `taken` (a suffix -2, -3… when it is)."""
    base = id_from(name)[:60].strip("-") or f"mentor-{line}"
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in itertools.count(2) if f"{base}-{n}" not in taken)


def term_id(label: str) -> str:
    """A vocabulary id from a term's label: C# → c-sharp, C++ → cpp, C → c, .NET → dotnet, F# → f-sharp."""
    text = label.strip()
    text = re.sub(r"(?<=\w)#", "-sharp", text)
    text = text.replace("++", "pp").replace("+", " plus ")
    text = re.sub(r"(?:(?<=\s)|^)\.(?=\w)", "dot", text)
    return id_from(text)
