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


def test_no_unused_imports_or_undefined_names() -> None:
    result = run("pyflakes", "generator", "inbox", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr
