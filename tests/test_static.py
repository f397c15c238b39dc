"""Static checks over the code: types (mypy --strict, settings in pyproject.toml) and pyflakes
(unused imports and names, undefined names), so both hold on every change."""

from __future__ import annotations

import subprocess
import sys

from support import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_types_check_strictly() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_inbox_tests_type_check_strictly() -> None:
    """tests/inbox in a run of its own: its conftest.py and tests/conftest.py are both the module
    `conftest` to mypy, so pyproject.toml leaves the folder out of the main run."""
    files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "tests" / "inbox").glob("*.py"))
    assert len(files) > 20
    result = run("mypy", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_unused_imports_or_undefined_names() -> None:
    result = run("pyflakes", "mentorhub", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr
