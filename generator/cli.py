"""`mentorhub`: check, export and schema commands for editors and CI, without MkDocs."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import ContentError
from .project import Project
from .schema import write_schemas


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mentorhub", description="Mentor Hub content tools.")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the programme's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every content file; list every problem")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints GitHub Actions annotations")
    export = commands.add_parser("export", help="write the site's pages as Markdown to a folder")
    export.add_argument("directory", type=Path)
    schema = commands.add_parser("schema", help="write JSON Schemas for editors' tools")
    schema.add_argument("directory", type=Path, nargs="?", default=Path("schemas"))
    args = parser.parse_args(argv)
    try:
        project = Project.from_mkdocs_yml(args.config_file.resolve())
        return {"check": _check, "export": _export, "schema": _schema}[args.command](project, args)
    except ContentError as err:
        if getattr(args, "format", "text") == "github":
            for problem in err.problems:
                title = f" {problem.field}" if problem.field else ""
                print(f"::error file={problem.path},line={problem.line},title=Content problem{title}::{problem.message}")
        print(err.report(), file=sys.stderr)
        return 1


def _check(project: Project, args: argparse.Namespace) -> int:
    site = project.generate()
    catalog = site.catalog
    print(f"OK: {len(catalog.mentors)} mentors, {len(catalog.stories)} stories, {len(catalog.events)} events, "
          f"{len(catalog.modules)} training modules; {len(site.pages)} pages.")
    return 0


def _export(project: Project, args: argparse.Namespace) -> int:
    """A complete docs folder: hand-written pages plus generated ones, for another renderer."""
    site = project.generate()
    target: Path = args.directory.resolve()
    if target.exists() and any(target.iterdir()):
        print(f"mentorhub: {args.directory} is not empty; choose a new or empty folder", file=sys.stderr)
        return 2
    consumed = site.catalog.consumed_sources()
    shutil.copytree(project.docs_dir, target, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if _docs_rel(project, folder, n) in consumed])
    outputs = [(p.src_uri, p.to_markdown()) for p in site.pages] + [(f.src_uri, f.content) for f in site.files]
    for src_uri, text in outputs:
        path = target / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"Wrote {len(outputs)} generated pages and files and the hand-written pages to {args.directory}")
    return 0


def _schema(project: Project, args: argparse.Namespace) -> int:
    for path in write_schemas(args.directory, project.vocabularies()):
        print(f"wrote {path}")
    return 0


def _docs_rel(project: Project, folder: str, name: str) -> str:
    return (Path(folder) / name).resolve().relative_to(project.docs_dir).as_posix()


if __name__ == "__main__":
    sys.exit(main())
