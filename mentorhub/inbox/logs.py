"""Log lines a client cannot forge: every logged value is escaped to one printable line.

`EscapeControls` is the filter `python -m mentorhub.inbox serve` puts on its log handler (uvicorn's records
pass it too); `printable` escapes one value; `Trusted` marks text that is already safe.
"""

from __future__ import annotations

import logging
import unicodedata


def printable(value: object) -> str:
    """`value` as one log-safe line: backslashes doubled, control and format characters (CR, LF,
    NUL, C1, bidi overrides, zero-width, U+2028/2029) written as \\xNN / \\uNNNN, so nothing
    a client sends can start a line of its own or hide in the log."""
    out = []
    for char in str(value):
        if char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


class Trusted(str):
    """Log text that is already safe: escaped by `printable`, or made by the code (a traceback)."""


def _safe(arg: object) -> object:
    return arg if isinstance(arg, (int, float, Trusted)) else printable(arg)


class EscapeControls(logging.Filter):
    """On a handler: every argument of every record (the access and error logs', uvicorn's too)
    passes `printable`, unless it is `Trusted`; the format strings are the code's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_safe(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _safe(a) for k, a in record.args.items()}
        return True
