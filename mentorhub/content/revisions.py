"""When each source file last changed, and how often: decided here once for the whole site.

The calendar files (LAST-MODIFIED, SEQUENCE) and the sitemap (`lastmod`) both need it, and a
programme has thousands of files, so the repository's history is read with ONE `git log`
per build (the first time any file is asked about), never one subprocess per file.

- A file's last change is the newest commit that touched it (its committer time). A file git
  does not know (no repository, git missing, a new file not yet committed) falls back to its
  modification time. Uncommitted edits to a committed file do not count: what is published is
  built from commits, and a preview of an edit need not look newer.
- Every time is clamped to the build's moment (SOURCE_DATE_EPOCH when set; see
  `catalog.build_time`): a file cannot have changed after the build that read it, and a copy
  of the content made later (a checkout, a test's copy) still builds the same bytes.
- `edits` is how many commits changed the file after the one that added it (0 outside git),
  so it only grows as the file is edited. History must be complete: a shallow clone (CI's
  default `fetch-depth: 1`) sees one commit for every file; the workflows fetch it all.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_UTC = dt.timezone.utc
GIT_TIMEOUT = 60  # seconds; a repository this slow to read falls back to modification times


@dataclass(frozen=True)
class Revision:
    changed: dt.datetime  # aware, UTC, whole seconds
    edits: int


@dataclass(frozen=True)
class History:
    """Per repository-relative path: newest commit time (epoch seconds) and number of commits."""

    changed: dict[str, int]
    commits: dict[str, int]


class Revisions:
    """Revisions of the files under `root` (paths relative to it), as of `built_at`."""

    def __init__(self, root: Path, built_at: dt.datetime) -> None:
        self.root = root
        self.built_at = built_at.astimezone(_UTC).replace(microsecond=0)
        self._known: dict[str, Revision] = {}

    @cached_property
    def history(self) -> History:
        return read_history(self.root)

    def of(self, rel: str) -> Revision:
        """`rel`'s revision (asked for again by every listing a file appears on: kept)."""
        if (known := self._known.get(rel)) is None:
            known = self._known[rel] = self._read(rel)
        return known

    def _read(self, rel: str) -> Revision:
        """From the history, else the file's modification time; a missing file changed at the build."""
        if (stamp := self.history.changed.get(rel)) is not None:
            return Revision(self._clamp(stamp), self.history.commits[rel] - 1)
        try:
            stamp = int((self.root / rel).stat().st_mtime)
        except OSError:
            return Revision(self.built_at, 0)
        return Revision(self._clamp(stamp), 0)

    def latest(self, rels: Iterable[str]) -> dt.datetime:
        """The last change of any of `rels` (the build's moment when there are none)."""
        return max((self.of(rel).changed for rel in rels), default=self.built_at)

    def _clamp(self, stamp: int) -> dt.datetime:
        return min(dt.datetime.fromtimestamp(stamp, _UTC), self.built_at)


def read_history(root: Path) -> History:
    """Every commit touching files under `root`, from one `git log`; empty outside a repository.

    `--relative` names files relative to `root` (which may sit inside a bigger repository);
    `-z` keeps any file name intact; `--no-renames` lists a renamed file under its new name
    from the rename on, whatever the user's git configuration says.
    """
    command = ["git", "-c", "core.quotePath=false", "log", "--format=%x00%ct", "--name-only", "-z",
               "--relative", "--no-renames", "--", "."]
    try:
        result = subprocess.run(command, cwd=root, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return History({}, {})
    if result.returncode != 0:
        return History({}, {})
    return parse_log(result.stdout.decode("utf-8", "surrogateescape"))


def parse_log(output: str) -> History:
    """`git log --format=%x00%ct --name-only -z` output: each commit is NUL, its time, then its
    files, each after a NUL (the first after a newline); a commit without files (a merge) ends
    at the next NUL. File names are never empty, so an empty field always precedes a time."""
    changed: dict[str, int] = {}
    commits: dict[str, int] = {}
    fields = output.split("\0")
    stamp = 0
    header = False
    for field in fields:
        if not field:
            header = True
        elif header:
            stamp, header = int(field), False
        else:
            name = field.removeprefix("\n")
            changed[name] = max(changed.get(name, stamp), stamp)
            commits[name] = commits.get(name, 0) + 1
    return History(changed, commits)
