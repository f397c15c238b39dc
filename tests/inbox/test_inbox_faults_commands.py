"""Every command fails with one clear line (no Python traceback) and a non-zero exit code on a
read-only file system, a missing folder, a bad DATABASE_URL and an unreachable PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import free_port

COMMANDS = {"migrate": ["migrate"], "create-coordinator": ["create-coordinator", "--from-env"],
            "set-password": ["set-password", "--email", "coord@example.org"], "serve": ["serve", "--port", "0"]}
FAULTS = ("read-only file system", "missing folder", "bad url", "not a database url", "unreachable postgresql")


def run(command: list[str], database: str, programme: tuple[Path, Path], prefix: list[str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOX_", "DATABASE_URL"))}
    env.update(DATABASE_URL=database, INBOX_ADMIN_EMAIL="coord@example.org", INBOX_MENTORS_JSON=str(programme[0]),
               INBOX_ADMIN_PASSWORD="correct horse battery staple", INBOX_MKDOCS_YML=str(programme[1]))
    return subprocess.run([*(prefix or []), sys.executable, "-m", "mentorhub.inbox", *command], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_fails_with_one_clear_line(command: str, fault: str, tmp_path: Path, sqlite_template: Path,
                                            programme: tuple[Path, Path]) -> None:
    prefix: list[str] = []
    if fault == "read-only file system":
        if shutil.which("unshare") is None or os.geteuid() != 0:
            pytest.skip("needs root and unshare(1) for a read-only bind mount")
        folder = tmp_path / "ro"
        folder.mkdir()
        shutil.copy(sqlite_template, folder / "inbox.db")
        database = f"sqlite:///{folder / 'inbox.db'}"
        prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                  f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && exec \"$@\"", "sh"]
    elif fault == "missing folder":
        database = f"sqlite:///{tmp_path / 'no' / 'such' / 'inbox.db'}"
    elif fault == "bad url":
        database = "postgresql://inbox:s3cret-password@[::1/inbox"
    elif fault == "not a database url":
        database = "mysql://inbox@127.0.0.1/inbox"
    else:
        database = f"postgresql://inbox:s3cret-password@127.0.0.1:{free_port()}/inbox"
    result = run(COMMANDS[command], database, programme, prefix)
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert len(lines) == 1 and lines[0].startswith("inbox: "), result.stderr
    assert "s3cret-password" not in result.stderr
    expected = {"read-only file system": "read-only", "missing folder": "does not exist",
                "bad url": "not a database url", "not a database url": "use sqlite:///",
                "unreachable postgresql": "cannot be reached"}[fault]
    assert expected in lines[0].lower(), lines[0]
