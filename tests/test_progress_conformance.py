"""Training progress in the browser agrees with Python, on vectors both sides read.

Durations and dates are written by `Language.format_duration` and `Language.format_date` on the
pages and by progress.js's `formatDuration` (the time left) and `formatDate` (when a module was
completed), from the words the page gives it (`Language.time_words`); tests/js/vectors/
durations.json and dates.json hold the expected words in English, Spanish and French, and each
side checks them. Progress codes are the browser's only (tests/js/vectors/
progress-codes.json: short codes, and long ones people have saved, that must keep importing);
tests/js/progress.test.mjs checks both under Node.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import re
import subprocess
from pathlib import Path
from typing import Any

from support import REPO
from mentorhub.content.languages import available, language

VECTORS = REPO / "tests" / "js" / "vectors"
NODE_TEST = REPO / "tests" / "js" / "progress.test.mjs"


def _by_language(name: str) -> dict[str, list[list[Any]]]:
    """A vectors file's answers by language code: English under the file's own key, then `languages`."""
    vectors = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
    return {"en": vectors[name], **vectors["languages"]}


def test_python_writes_durations_as_the_vectors_say() -> None:
    for code, durations in _by_language("durations").items():
        words = language(code)
        assert [words.format_duration(minutes) for minutes, _ in durations] == [text for _, text in durations], code


def test_python_writes_dates_as_the_vectors_say() -> None:
    for code, dates in _by_language("dates").items():
        words = language(code)
        assert [words.format_date(dt.date.fromisoformat(day)) for day, _ in dates] == [text for _, text in dates], code


def test_every_shipped_language_writes_its_date_with_fields_progress_js_knows() -> None:
    """formatDate fills EEEE, d, MMMM and y and copies quoted text; a catalogue for a language
    whose CLDR pattern has another field (dd, MMM, G…) must not ship unnoticed."""
    for code in ("en", *available()):
        pattern = str(language(code).time_words()["pattern"])
        assert set(re.findall(r"[A-Za-z]+", re.sub(r"'[^']*'", "", pattern))) <= {"EEEE", "d", "MMMM", "y"}, (code, pattern)


def test_progress_js_agrees_on_durations_and_reads_every_saved_code(tmp_path: Path) -> None:
    """Node reads the vectors and, as a page would give them, each language's `time_words`."""
    words = tmp_path / "time-words.json"
    words.write_text(json.dumps({code: language(code).time_words() for code in _by_language("dates")}), encoding="utf-8")
    node = shutil.which("node")
    assert node, "this test needs Node.js (20.19 or later) on PATH"
    command = [node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test", str(NODE_TEST)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, "TZ": "Pacific/Honolulu", "MH_TIME_WORDS": str(words)})  # west of UTC: a date read as local shifts a day
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    codes = json.loads((VECTORS / "progress-codes.json").read_text(encoding="utf-8"))
    dates = sum(len(answers) for answers in _by_language("dates").values())
    durations = sum(len(answers) for answers in _by_language("durations").values())
    assert f"checked {dates} dates" in output and f"checked {durations} durations" in output, output
    for kind in ("short", "long", "refused"):
        assert f"checked {len(codes[kind])} {kind} codes" in output, output
