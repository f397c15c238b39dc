"""Does a refactoring change what the site builds? Digest every output file, before and after.

Builds the demo and a synthetic 1,000-mentor programme (bench/synthetic.py) with a fixed
SOURCE_DATE_EPOCH, and writes or compares a digest of every file of both sites:

    python bench/same_output.py --save /tmp/before.json      # on the old commit
    python bench/same_output.py --compare /tmp/before.json   # on the new one: lists any file that differs

Prints the files that differ, appeared or disappeared; exits 1 if any did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import BUILD_DAY, write_programme  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EPOCH = str(int(dt.datetime.combine(BUILD_DAY, dt.time(), dt.timezone.utc).timestamp()))


def build(config: Path, site: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=env, cwd=config.parent)
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def digests(work: Path, mentors: int) -> dict[str, dict[str, str]]:
    config = write_programme(work / "synthetic", mentors)
    return {"demo": build(REPO / "mkdocs.yml", work / "demo-site"),
            f"synthetic-{mentors}": build(config, work / "synthetic-site")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the digests here")
    action.add_argument("--compare", type=Path, help="compare with digests written before")
    parser.add_argument("--mentors", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        now = digests(Path(work), args.mentors)
    if args.save:
        args.save.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"{sum(map(len, now.values()))} files digested into {args.save}")
        return 0
    before = json.loads(args.compare.read_text())
    changed = 0
    for site in sorted(before.keys() | now.keys()):
        old, new = before.get(site, {}), now.get(site, {})
        for name in sorted(old.keys() | new.keys()):
            if old.get(name) != new.get(name):
                changed += 1
                state = "new" if name not in old else "gone" if name not in new else "differs"
                print(f"{site}: {name} {state}")
        print(f"{site}: {len(new)} files, {sum(old.get(n) != new.get(n) for n in old.keys() | new.keys())} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
