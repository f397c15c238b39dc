"""Training progress in the browser agrees with Python, on vectors both sides read.

Durations and dates are written by `text.format_duration` and `text.format_date` on the pages
and by progress.js's `formatDuration` (the time left) and `formatDate` (when a module was
completed); tests/js/vectors/durations.json and dates.json hold the expected words and each
side checks them. Progress codes are the browser's only (tests/js/vectors/
progress-codes.json: short codes, and long ones people have saved, that must keep importing);
tests/js/progress.test.mjs checks both under Node.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

from support import REPO
from generator.content.text import format_date, format_duration

VECTORS = REPO / "tests" / "js" / "vectors"
NODE_TEST = REPO / "tests" / "js" / "progress.test.mjs"


def test_python_writes_durations_as_the_vectors_say() -> None:
    durations = json.loads((VECTORS / "durations.json").read_text(encoding="utf-8"))["durations"]
    assert [format_duration(minutes) for minutes, _ in durations] == [words for _, words in durations]


def test_python_writes_dates_as_the_vectors_say() -> None:
    dates = json.loads((VECTORS / "dates.json").read_text(encoding="utf-8"))["dates"]
    assert [format_date(dt.date.fromisoformat(day)) for day, _ in dates] == [words for _, words in dates]


def test_progress_js_agrees_on_durations_and_reads_every_saved_code() -> None:
    node = shutil.which("node")
    assert node, "this test needs Node.js (20.19 or later) on PATH"
    command = [node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test", str(NODE_TEST)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, "TZ": "Pacific/Honolulu"})  # west of UTC: a date read as local shifts a day
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    codes = json.loads((VECTORS / "progress-codes.json").read_text(encoding="utf-8"))
    dates = json.loads((VECTORS / "dates.json").read_text(encoding="utf-8"))["dates"]
    assert f"checked {len(dates)} dates" in output, output
    for kind in ("short", "long", "refused"):
        assert f"checked {len(codes[kind])} {kind} codes" in output, output
