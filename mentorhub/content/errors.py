"""Problems found in content, reported to editors as `path:line: field: message`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_QUOTED = re.compile(r"'[^']*'|\b\d+(?:-\d+)*\b")
_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix, pointing at the line of the offending key or item."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{field} {self.message}"


class ContentError(Exception):
    """Raised with every problem at once, so an editor fixes them in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(p) for p in self.problems]
        return "\n".join([*lines, f"{count} {noun} found."])

    def summary(self) -> str:
        """The problems grouped by kind, most frequent first: for thousands of problems after
        an import, what to fix first. A kind is the field (without list positions) and the
        message with its quoted values and numbers left out; each names its first file."""
        kinds: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], Problem] = {}
        for problem in self.problems:
            kind = (_INDEX.sub("[]", problem.field), _QUOTED.sub("…", problem.message))
            kinds[kind] += 1
            first.setdefault(kind, problem)
        files = len({p.path for p in self.problems})
        lines = [f"{count:6} × {field + ': ' if field else ''}{message}  (first: {first[(field, message)].path}:"
                 f"{first[(field, message)].line})" for (field, message), count in kinds.most_common()]
        noun = "problem" if len(self.problems) == 1 else "problems"
        return "\n".join([*lines, f"{len(self.problems)} {noun} of {len(kinds)} kinds in {files} files."])
