"""The wheel as a programme installs it: one top-level name (`mentorhub`), every template,
asset, catalogue, migration and starter file inside, extras that match who installs what, and,
installed alone in a fresh virtual environment, `mentorhub init` and a `--strict` build that work
with nothing of this source tree on the path.

The fresh environment takes its dependencies from this one's site-packages through a path
file (Python does not run the path files in such a folder, so this tree's editable install
stays out): pip installs only the wheel, and no test downloads anything."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from support import REPO, SITE_ONLY, mkdocs_env

SHIPPED = {  # source folder → what of it the wheel must hold
    "mentorhub/theme": "*", "mentorhub/starter": "*", "mentorhub/locale": "*.[mp]o*",
    "mentorhub/inbox/templates": "*.html", "mentorhub/inbox/static": "*.css",
    "mentorhub/inbox/migrations/versions": "*.py", "mentorhub/content/data": "*.json",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(REPO)], check=True, capture_output=True, text=True)
    [built] = out.glob("mentorhub-*.whl")
    return built


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def _metadata(wheel: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        [path] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = Parser().parsestr(archive.read(path).decode("utf-8"))
    return {key: message.get_all(key) or [] for key in ("Requires-Dist", "Provides-Extra", "Version")}


def test_the_wheel_has_one_top_level_name(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in _names(wheel)}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"mentorhub"}
    with zipfile.ZipFile(wheel) as archive:
        [top_level] = [n for n in archive.namelist() if n.endswith("top_level.txt")]
        assert archive.read(top_level).decode().split() == ["mentorhub"]


def test_every_data_file_ships_inside_the_package(wheel: Path) -> None:
    names = set(_names(wheel))
    for folder, pattern in SHIPPED.items():
        expected = {p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts}
        assert expected, folder
        assert sorted(expected - names) == [], folder
    assert "mentorhub/py.typed" in names and "mentorhub/inbox/alembic.ini" in names


def test_the_extras_match_who_installs_what(wheel: Path) -> None:
    metadata = _metadata(wheel)
    assert metadata["Provides-Extra"] == ["site", "inbox", "test"]
    by_extra: dict[str, set[str]] = {"": set(), "site": set(), "inbox": set(), "test": set()}
    for requirement in metadata["Requires-Dist"]:
        name = requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower()
        extra = requirement.split('extra == "')[1].rstrip('"') if "extra ==" in requirement else ""
        by_extra[extra].add(name)
    assert {"mkdocs", "mkdocs-material", "scipy", "pagefind"} <= by_extra["site"]
    assert not {"mkdocs", "mkdocs-material", "scipy", "pagefind"} & (by_extra["inbox"] | by_extra[""])
    assert {"fastapi", "sqlalchemy", "alembic"} <= by_extra["inbox"]
    assert not {"pytest", "playwright", "mypy"} & (by_extra["site"] | by_extra["inbox"] | by_extra[""])


@pytest.mark.build  # a real `mkdocs build`, which conftest.py cannot see in a subprocess of the fresh venv
def test_installed_alone_it_starts_and_builds_a_programme(wheel: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, text=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    def run(*command: str, cwd: Path = outside) -> str:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=mkdocs_env(), check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    where = run(str(python), "-c", "import mentorhub; print(mentorhub.__file__, mentorhub.__version__)")
    assert where.startswith(str(purelib / "mentorhub")), where
    assert where.split()[1] == _metadata(wheel)["Version"][0]
    run(str(fresh / "bin" / "mentorhub"), "init", "programme", "--name", "Harbour Mentors")
    programme = outside / "programme"
    assert "mentorhub[site]>=" in (programme / "requirements.txt").read_text(encoding="utf-8")
    assert run(str(fresh / "bin" / "mentorhub"), "check", cwd=programme).startswith("OK: 1 mentors")
    run(str(python), "-m", "mkdocs", "build", "--strict", cwd=programme)
    home = (programme / "site" / "index.html").read_text(encoding="utf-8")
    assert "Harbour Mentors" in home and "assets/mentorhub.css" in home
    assert (programme / "site" / "mentors" / "example-mentor" / "index.html").is_file()
    assert (programme / "site" / "assets" / "directory.js").is_file()


def test_without_the_site_extra_the_command_says_what_to_install() -> None:
    """`pip install mentorhub` alone (or `[inbox]`), then `mentorhub init`: a sentence, not a traceback."""
    script = f"""
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {SITE_ONLY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
from mentorhub.__main__ import main
sys.exit(main(["init", "never-written"]))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "pip install 'mentorhub[site]'" in run.stderr
    assert not (REPO / "never-written").exists()
