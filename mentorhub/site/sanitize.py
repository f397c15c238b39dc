"""Making Markdown written by outsiders inert before any renderer sees it.

Mentor bios may come from a proposal form and are Markdown, which allows raw HTML and
any link scheme. Here raw HTML is shown as text and links to script or data URLs lose
their target, on the Markdown source, so every renderer (MkDocs or an export) is safe.
"""

from __future__ import annotations

import html
import re

UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
# [text](target ...), ![alt](target ...) and reference definitions `[id]: target`.
_INLINE_TARGET = re.compile(r"(\]\(\s*)(<[^>]*>|[^\s)]+)")
_REFERENCE_TARGET = re.compile(r"(^[ ]{0,3}\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)


def inert_markdown(text: str) -> str:
    """The same Markdown with raw HTML escaped and unsafe link targets replaced by `#`."""
    escaped = text.replace("<", "&lt;")
    escaped = _INLINE_TARGET.sub(_replace_unsafe, escaped)
    return _REFERENCE_TARGET.sub(_replace_unsafe, escaped)


def _replace_unsafe(match: re.Match[str]) -> str:
    target = html.unescape(match.group(2)).strip("<>")
    squashed = "".join(ch for ch in target if ch.isprintable() and not ch.isspace()).lower()
    return match.group(1) + ("#" if squashed.startswith(UNSAFE_SCHEMES) else match.group(2))
