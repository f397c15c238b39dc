"""`mentorhub` and `python -m mentorhub`: the editors' command, or a plain sentence when the
site build it needs is not installed (`pip install mentorhub` alone, or `mentorhub[inbox]`
on a server), instead of an ImportError's traceback."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from .adapters.cli import main as run
    except ModuleNotFoundError as err:
        print(f"mentorhub: this command needs Mentor Hub's site build, which is not installed here (no module "
              f"{err.name!r}): pip install 'mentorhub[site]'", file=sys.stderr)
        return 2
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
