"""A golden snapshot of `mentorhub export` over the fixture programme (tests/fixtures/site) as
of the tests' build day: its docs/ folder (every generated page as Markdown with its front
matter, the data files, and the hand-written pages), compared file by file with
tests/golden/export/. The rest of the export (the Zensical config and the rewritten theme) is
tested by building it: tests/test_zensical.py.

A change to page data, templates' front matter or the data files shows here as a unified diff.
When the change is meant, regenerate the snapshot and review it like code:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_export.py
    git diff tests/golden/export/
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from support import BUILD_DAY, FixtureProgramme
from mentorhub.adapters.cli import main

GOLDEN = Path(__file__).parent / "golden" / "export"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """What changed, as readable text: files missing or new, and a unified diff of each changed one."""
    report = [f"missing: {rel}" for rel in sorted(expected.keys() - actual.keys())]
    report += [f"new: {rel}" for rel in sorted(actual.keys() - expected.keys())]
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] != actual[rel]:
            report.append("".join(difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(keepends=True),
                actual[rel].decode("utf-8", "replace").splitlines(keepends=True),
                f"tests/golden/export/{rel}", f"export/{rel}")))
    return report


def test_export_of_the_fixture_programme_matches_the_golden_tree(
        site: FixtureProgramme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    target = tmp_path / "export"
    assert main(["-f", str(site.root / "mkdocs.yml"), "export", str(target)]) == 0, capsys.readouterr().err
    actual = tree(target / "docs")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(target / "docs", GOLDEN)
        pytest.skip(f"UPDATE_GOLDEN: wrote {len(actual)} files to {GOLDEN}; review them with git diff")
    assert GOLDEN.is_dir(), "no golden tree yet: run UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_export.py"
    changed = differences(tree(GOLDEN), actual)
    if changed:
        pytest.fail("`mentorhub export` differs from tests/golden/export/ (if meant, regenerate it: "
                    "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_export.py):\n"
                    + "\n".join(changed), pytrace=False)
