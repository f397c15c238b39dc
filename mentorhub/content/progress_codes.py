"""Training progress codes read in Python, exactly as theme/assets/progress.js reads them.

A mentor applicant may give the code the training page made (issue 20): the inbox shows which
modules it claims. The browser is where codes are made, so this is its `importCode` rule for
rule (short "MH2-…" codes: Crockford base32, one bit per module in curriculum order, a day and
an FNV-1a checksum; long "MH1." codes: deflated, base64url JSON), checked on the same vectors
(tests/js/vectors/progress-codes.json), so the dashboard and the browser cannot disagree.
A code proves nothing: whoever holds a browser can make one. It is self-reported.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .languages import N_

VERSION = 1
LONG_PREFIX = f"MH{VERSION}."
SHORT_PREFIX = "MH2"
BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DAY_ZERO = dt.date(2024, 1, 1)
DATE_BITS = 16
CHECK_BITS = 15
FIELDS = ("started", "passed", "completed")
# JavaScript's whitespace (String.prototype.trim, /\s/), which is not Python's str.isspace
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_SPACE_OR_DASH = re.compile(f"[{JS_SPACE}-]")
MODULE_ID = re.compile(r"[a-z0-9-]{1,100}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Why a code is refused, by the reason progress.js's CodeError gives too; the training page
# hands these words to the script (pages/training.py), the inbox shows them in English.
REFUSALS: Final[Mapping[str, str]] = {
    "foreign": N_("That is not a progress code from this site."),
    "character": N_("“%(char)s” is not in a progress code: check that character."),
    "mismatch": N_("That progress code does not check out. Check each character, or make a new code on the "
                   "other device."),
    "damaged": N_("That progress code is incomplete or damaged. Copy it again, all of it."),
}


class ProgressCodeError(ValueError):
    """A code that cannot be read: `reason` (a `REFUSALS` key, as progress.js's) and the
    learner's message in English; `values` fill the msgid's placeholders in another language."""

    def __init__(self, reason: str, **values: str) -> None:
        super().__init__(REFUSALS[reason] % values)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Progress:
    """What a code claims: module id → its dates (`started`, `passed`, `completed`, YYYY-MM-DD)."""

    modules: dict[str, dict[str, str]]

    def as_json(self) -> dict[str, object]:
        """As progress.js's `importCode` returns it."""
        return {"version": VERSION, "modules": self.modules}

    def completed(self) -> dict[str, str]:
        """Module id → the day it was completed, for the modules the code says are complete."""
        return {module: entry["completed"] for module, entry in self.modules.items() if "completed" in entry}


def read_code(code: str, module_ids: Sequence[str]) -> Progress:
    """The progress in a code of either kind, given the learning path's module ids in curriculum order."""
    trimmed = code.strip(JS_SPACE)
    if trimmed.startswith(LONG_PREFIX):
        return _read_long(trimmed)
    compact = JS_SPACE_OR_DASH.sub("", trimmed.upper())
    if not compact.startswith(SHORT_PREFIX) or len(compact) == len(SHORT_PREFIX):
        raise ProgressCodeError("foreign")
    value = 0
    for char in compact[len(SHORT_PREFIX):].replace("O", "0").replace("I", "1").replace("L", "1"):
        digit = BASE32.find(char)
        if digit < 0:
            raise ProgressCodeError("character", char=char)
        value = value << 5 | digit
    check = value & ((1 << CHECK_BITS) - 1)
    day = value >> CHECK_BITS & ((1 << DATE_BITS) - 1)
    bits = value >> (CHECK_BITS + DATE_BITS)
    done = [module for index, module in enumerate(module_ids) if bits >> index & 1]
    if bits >> len(module_ids) or _checksum(done, day) != check:
        raise ProgressCodeError("mismatch")
    completed = (DAY_ZERO + dt.timedelta(days=day)).isoformat()
    return Progress({module: {"completed": completed} for module in done})


def _read_long(code: str) -> Progress:
    text = code[len(LONG_PREFIX):].replace("-", "+").replace("_", "/")
    try:
        if len(text) % 4 == 1:  # what atob refuses; any other missing padding it allows
            raise ValueError("bad length")
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        unpacked = inflate.decompress(raw)
        if not inflate.eof or inflate.unused_data:
            raise ValueError("cut short, or more after its end")
        return _normalised(json.loads(unpacked.decode("utf-8", errors="replace")))  # as Response.text() decodes
    except (ValueError, binascii.Error, zlib.error, RecursionError) as err:
        raise ProgressCodeError("damaged") from err


def _normalised(data: object) -> Progress:
    """progress.js's `normalise(data, strict = true)`: version-1 progress or refused; entries kept
    only when well formed."""
    if not isinstance(data, dict):
        raise ValueError("not progress")
    version, modules = data.get("version"), data.get("modules")
    if isinstance(version, bool) or version != VERSION or not isinstance(modules, (dict, list)):
        raise ValueError("not progress")
    entries = modules.items() if isinstance(modules, dict) else ((str(i), e) for i, e in enumerate(modules))
    kept: dict[str, dict[str, str]] = {}
    for module, entry in entries:  # a list's entries are "0", "1", …: JavaScript's Object.entries
        if not MODULE_ID.fullmatch(module) or not isinstance(entry, dict):
            continue
        kept[module] = {name: entry[name] for name in FIELDS
                        if isinstance(entry.get(name), str) and DATE.fullmatch(entry[name])}
    return Progress(kept)


def _checksum(ids: Sequence[str], day: int) -> int:
    """FNV-1a (32 bits) over the completed ids and the day, folded to CHECK_BITS."""
    value = 0x811C9DC5
    for byte in f"{' '.join(ids)}|{day}".encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return (value ^ value >> 15) & 0x7FFF
