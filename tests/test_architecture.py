"""The layers hold: the content model imports nothing from the site, the site nothing from the
adapters, and the inbox runs with none of the site build installed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from mentorhub.adapters import scaffold
from mentorhub.content.kinds import KIND_NAMES, KINDS, page_url
from mentorhub.site.pages import GENERATORS
from support import REPO, SITE_ONLY

PACKAGES = ("mentorhub",)
# What each layer may import from the project (mentorhub.content.x → "mentorhub.content").
ALLOWED = {
    "mentorhub.content": {"mentorhub.content"},
    "mentorhub.site": {"mentorhub.content", "mentorhub.site"},
    "mentorhub.adapters": {"mentorhub.content", "mentorhub.site", "mentorhub.adapters"},
    "mentorhub.inbox": {"mentorhub.content", "mentorhub.inbox"},
}
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every project module `path` imports, relative imports resolved."""
    module = _module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= {name} | {f"{name}.{alias.name}" for alias in node.names} if node.level else {name}
    return {name for name in found if name.split(".")[0] in PACKAGES}


def _layer(module: str) -> str | None:
    return next((layer for layer in sorted(ALLOWED, key=len, reverse=True)
                 if module == layer or module.startswith(layer + ".")), None)


SOURCES = sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py")
                 if "migrations" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_each_module_imports_only_from_the_layers_below(path: Path) -> None:
    layer = _layer(_module_name(path))
    if layer is None:
        assert _module_name(path) in ("mentorhub", "mentorhub.__main__", "mentorhub.adapters", "mentorhub.site", "mentorhub.content")
        return
    wrong = sorted(name for name in _imports(path) if _layer(name) not in ALLOWED[layer] and name != "mentorhub")
    assert wrong == [], f"{layer} may import only {sorted(ALLOWED[layer])}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_module_is_longer_than_a_reader_can_hold(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_inbox_runs_without_the_site_build_installed(tmp_path: Path) -> None:
    """The inbox (app, commands, mentors from a content repository) imports none of what only
    the `site` extra installs: a finder refuses those modules, as if they were not installed."""
    script = f"""
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {SITE_ONLY!r} or name.startswith(("mentorhub.site", "mentorhub.adapters")):
            raise ModuleNotFoundError(f"No module named {{name!r}}")
        return None
sys.meta_path.insert(0, NotInstalled())
import os
import mentorhub.inbox.__main__, mentorhub.inbox.app
os.environ["DATABASE_URL"] = "sqlite:///{tmp_path / 'inbox.db'}"
assert mentorhub.inbox.__main__.main(["migrate"]) == 0
from mentorhub.inbox.settings import Settings
from mentorhub.inbox.mentors import DirectorySource
settings = Settings.from_env({{"DATABASE_URL": "sqlite:///{tmp_path / 'inbox.db'}",
                              "INBOX_MKDOCS_YML": {str(REPO / 'mkdocs.yml')!r}}})
app = mentorhub.inbox.app.create_app(settings)
print(len(DirectorySource(settings).current().mentors))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.split()[-1]) > 0


def test_every_content_kind_has_its_pages_and_its_starter_file() -> None:
    assert list(GENERATORS) == list(KIND_NAMES)
    assert list(scaffold.PLACEHOLDERS) == list(KIND_NAMES)
    assert {kind.template for kind in KINDS} <= {p.name for p in (REPO / "mentorhub" / "theme").glob("*.html")}


@pytest.mark.parametrize(("src_uri", "directory", "flat"), [
    ("index.md", "", "index.html"),
    ("mentors/index.md", "mentors/", "mentors/index.html"),
    ("mentors/ada.md", "mentors/ada/", "mentors/ada.html"),
    ("content/training/README.md", "content/training/", "content/training/index.html"),
    ("content/training/01-safe.md", "content/training/01-safe/", "content/training/01-safe.html"),
    ("match.md", "match/", "match.html"),
])
def test_page_urls_follow_mkdocs_rule(src_uri: str, directory: str, flat: str) -> None:
    assert page_url(src_uri) == directory
    assert page_url(src_uri, directory_urls=False) == flat


def test_the_workflows_install_what_their_commands_need() -> None:
    """`pip install .` installs only the content model; the workflows run `mentorhub` and
    `mkdocs build`, which need the `site` extra (a bare install breaks every pull request).
    `-r requirements.txt` counts as the requirements the file lists."""
    def specs(spec: str) -> list[str]:
        if not spec.startswith("-r "):
            return [spec]
        lines = (REPO / spec[3:].strip()).read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]

    for workflow in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        text = workflow.read_text(encoding="utf-8")
        installs = [spec for line in text.splitlines() if "pip install" in line
                    for spec in specs(line.split("pip install", 1)[1].strip())]
        runs_site = "mentorhub " in text or "mkdocs " in text
        assert not runs_site or installs, workflow.name
        assert all("[site" in spec or "[test" in spec for spec in installs if runs_site), (workflow.name, installs)
