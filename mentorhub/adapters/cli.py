"""`mentorhub`: init, check, new, stale, export, schema and match commands for editors, coordinators and CI.

None of them needs MkDocs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import mentorhub
from ..content.cohort import FORMAT_HELP, REQUEST_COLUMNS, read_requests
from ..content.errors import ContentError
from ..content.match_reasons import labels_from
from ..content.matching import assign_cohort, score
from ..content.project import Project, build_date
from ..content.schema import write_schemas
from ..site.build import build_site
from ..content.kinds import KIND_NAMES
from ..content.languages import DOMAINS
from . import importer
from . import translations as catalogues
from .scaffold import ScaffoldError, scaffold
from .starter import StarterError, write_starter
from .zensical import CONFIG, DOCS, OVERRIDES, write_project


def main(argv: Sequence[str] | None = None) -> int:
    """`mentorhub`; no command ever shows an editor a traceback (MENTORHUB_DEBUG=1 does, for developers)."""
    try:
        return _run(argv)
    except BrokenPipeError:
        # `mentorhub stale | head`: the reader has what it wanted; stop quietly (Python's advice:
        # point stdout at devnull so the flush at exit cannot fail again)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug, or the machine: one line for an editor, the trace for a developer
        if os.environ.get("MENTORHUB_DEBUG"):
            raise
        print(f"mentorhub: unexpected error ({type(err).__name__}: {err}); it stopped there. Please report "
              "it to the site's maintainers; MENTORHUB_DEBUG=1 shows the details.", file=sys.stderr)
        return 70


def _run(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="mentorhub", description="Mentor Hub content tools.")
    parser.add_argument("--version", action="version", version=f"mentorhub {mentorhub.__version__}")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the programme's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="start a new programme's repository: content and configuration only",
                               description="Write a new programme's repository into DIRECTORY (new or empty): "
                                           "mkdocs.yml, vocabularies.yml, an example mentor, story, event and "
                                           "training module, the home, about and privacy pages, GitHub workflows "
                                           "that check pull requests and publish to Pages, CONTRIBUTING.md for "
                                           "editors and requirements.txt pinning this release's compatible range.")
    init.add_argument("directory", type=Path)
    init.add_argument("--name", default="Our Mentoring Programme", help="the programme's name (site_name)")
    init.add_argument("--url", help="the address the site is published at (site_url); default: a placeholder")
    check = commands.add_parser("check", help="validate every content file; list every problem")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints GitHub Actions annotations")
    check.add_argument("--summary", action="store_true",
                       help="group the problems by kind, most frequent first, instead of listing each")
    new = commands.add_parser("new", help="create a starter file for a new mentor, story, event or training module")
    new.add_argument("kind", choices=KIND_NAMES)
    new.add_argument("title", help="the mentor's name, or the title of the story, event or module")
    new.add_argument("--id", help="the id (file name) to use instead of one made from the name or title")
    stale = commands.add_parser("stale", help="list the profiles overdue for review, oldest first")
    stale.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints a GitHub Actions warning on each profile's reviewed: line")
    export = commands.add_parser("export", help="write the site as a Zensical project (pages, theme, config) to a new folder")
    export.add_argument("directory", type=Path)
    schema = commands.add_parser("schema", help="write JSON Schemas for editors' tools")
    schema.add_argument("directory", type=Path, nargs="?", default=Path("schemas"))
    match = commands.add_parser("match", help="propose a mentor for every request in a CSV, for the whole cohort at once",
                                description="Propose a mentor for every request in a CSV, for the whole cohort at once.",
                                epilog=FORMAT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    match.add_argument("requests", type=Path, help="CSV with the columns " + ", ".join(REQUEST_COLUMNS)
                       + " (see below); the inbox's CSV export as it is")
    match.add_argument("--out", type=Path, help="write the proposals to this CSV file (default: print them)")
    translations = commands.add_parser(
        "translations", help="update, compile or check Mentor Hub's message catalogues (for translators)",
        description="update: extract every message and merge it into each language's .po (a new language with "
                    "--language); compile: write the .mo files the package ships; check: list untranslated messages.")
    translations.add_argument("action", choices=("update", "compile", "check"))
    translations.add_argument("--language", action="append", default=[],
                              help="a language code (es, pt-BR); repeat for several; default: every catalogue")
    translations.add_argument("--domain", action="append", choices=DOMAINS, default=[],
                              help="only this catalogue (site, forms, inbox); default: all three")
    importer.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "translations":
        return _translations(args)
    if args.command == "init":
        return _init(args)
    try:
        project = Project.from_mkdocs_yml(args.config_file.resolve())
        for warning in project.warnings:  # a renamed option: it works, and says what to write instead
            if getattr(args, "format", "text") == "github":
                print(_annotation("warning", warning.path, warning.line, f"Renamed option {warning.field}",
                                  warning.message))
            print(f"warning: {warning}", file=sys.stderr)
        commands_by_name = {"check": _check, "new": _new, "stale": _stale, "export": _export, "schema": _schema,
                            "match": _match, **importer.COMMANDS}
        return commands_by_name[args.command](project, args)
    except ContentError as err:
        if getattr(args, "format", "text") == "github":
            for problem in err.problems:
                title = f" {problem.field}" if problem.field else ""
                print(_annotation("error", problem.path, problem.line, f"Content problem{title}", problem.message))
        print(err.summary() if getattr(args, "summary", False) else err.report(), file=sys.stderr)
        return 1


def _init(args: argparse.Namespace) -> int:
    try:
        written = write_starter(args.directory, args.name, args.url)
    except StarterError as err:
        print(f"mentorhub: {err}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} files to {args.directory}. Next: cd {args.directory}, replace every REPLACE "
          "(grep -rn REPLACE .), `make check` and `make serve`; then push it to GitHub (CONTRIBUTING.md, "
          "\"One-time setup\").")
    return 0


def _translations(args: argparse.Namespace) -> int:
    """Translators' loop: `update`, translate the empty msgstr in each .po, `compile`, `check`."""
    codes = tuple(args.language)
    if args.action == "update":
        written = catalogues.update(codes, tuple(args.domain) or DOMAINS)
    elif args.action == "compile":
        written = catalogues.compile_catalogues()
    else:
        untranslated = catalogues.missing(codes)
        for item in untranslated:
            print(f"{catalogues.po_path(item.code, item.domain).relative_to(catalogues.ROOT)}: "
                  f"no translation of {item.msgid!r}")
        stale = catalogues.stale_compiled()
        for path in stale:
            print(f"{path.relative_to(catalogues.ROOT)}: out of date; run mentorhub translations compile")
        print(f"{len(untranslated)} messages untranslated, {len(stale)} compiled catalogues out of date.")
        return 1 if untranslated or stale else 0
    for path in written:
        print(f"wrote {path.relative_to(catalogues.ROOT)}")
    return 0


def _check(project: Project, args: argparse.Namespace) -> int:
    """Every problem the build would stop on; page data and data files are never made."""
    site = build_site(project)
    catalog = site.catalog
    print(f"OK: {len(catalog.mentors)} mentors, {len(catalog.stories)} stories, {len(catalog.events)} events, "
          f"{len(catalog.modules)} training modules, {len(catalog.surveys)} surveys; {len(site.pages)} pages.")
    return 0


def _new(project: Project, args: argparse.Namespace) -> int:
    """Write a starter file that passes the check as it is; never overwrite one."""
    try:
        created = scaffold(project, args.kind, args.title, build_date(), args.id)
    except ScaffoldError as err:
        print(f"mentorhub: {err}", file=sys.stderr)
        return 1
    created.path.parent.mkdir(parents=True, exist_ok=True)
    with created.path.open("x", encoding="utf-8") as out:
        out.write(created.text)
    print(f"Created {created.rel}: replace every REPLACE in it, then run mentorhub check.")
    return 0


def _stale(project: Project, args: argparse.Namespace) -> int:
    """The listed profiles whose `reviewed` date is too old, oldest first, for the monthly reminder."""
    catalog = project.load(build_date())
    overdue = sorted((e for e in catalog.mentors.values() if e.model.listed and catalog.is_stale(e.model)),
                     key=lambda e: (e.model.reviewed, e.id))
    for entry in overdue:
        mentor = entry.model
        since = f"last confirmed {mentor.reviewed} ({(catalog.today - mentor.reviewed).days} days ago)"
        if args.format == "github":
            print(_annotation("warning", entry.source.rel, entry.source.line_of(("reviewed",)),
                              "Profile overdue for review",
                              f"{mentor.name}: {since}; ask them to confirm it, then update reviewed:"))
        else:
            print(f"{entry.source.rel}: {mentor.name} — {since}")
    max_age = catalog.programme.review_max_age_days
    shown = "flags" if catalog.programme.review_stale == "flag" else "hides"
    verb = "is" if len(overdue) == 1 else "are"
    print(f"{len(overdue)} of {len(catalog.mentors)} profiles {verb} overdue for review (last confirmed more than "
          f"{max_age} days ago); the site {shown} a stale profile until its reviewed: date is updated.")
    return 0


def _annotation(level: str, path: str, line: int, title: str, message: str) -> str:
    """A GitHub Actions workflow command, escaped so commas, colons and newlines cannot cut it short."""
    def escape(text: str, in_property: bool) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if in_property else text

    properties = f"file={escape(path, True)},line={line},title={escape(title, True)}"
    return f"::{level} {properties}::{escape(message, False)}"


def _export(project: Project, args: argparse.Namespace) -> int:
    """A Zensical project: the pages (hand-written and generated), the theme, a config (zensical.py)."""
    site = build_site(project)
    target: Path = args.directory.resolve()
    if target.exists() and any(target.iterdir()):
        print(f"mentorhub: {args.directory} is not empty; choose a new or empty folder", file=sys.stderr)
        return 2
    written = write_project(project, site, args.config_file.resolve(), target)
    print(f"Wrote {len(site.pages)} generated pages, {written - len(site.pages)} data files and the hand-written "
          f"pages to {args.directory / DOCS}, the theme to {args.directory / OVERRIDES} and {args.directory / CONFIG}: "
          f"`zensical build` there builds the site")
    return 0


def _schema(project: Project, args: argparse.Namespace) -> int:
    for path in write_schemas(args.directory, project.vocabularies()):
        print(f"wrote {path}")
    return 0


def _match(project: Project, args: argparse.Namespace) -> int:
    """Proposals for a cohort of requests, as of the build day (SOURCE_DATE_EPOCH or today)."""
    today = build_date()
    catalog = project.load(today)
    requests = read_requests(args.requests, catalog.vocabularies)
    mentors = {m.id: m for m in catalog.public_mentors}
    reference = dt.datetime.combine(today, dt.time(), dt.timezone.utc)
    labels = labels_from(catalog.vocabularies)
    prefs = dict(requests)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["request_id", "mentor_id", "score", "reasons"])
    matched = 0
    for request_id, mentor_id, points in assign_cohort(requests, list(mentors.values()), reference):
        if mentor_id is None:
            writer.writerow([request_id, "", "", "no suitable mentor with a free place"])
            continue
        matched += 1
        suggestion = score(mentors[mentor_id], prefs[request_id], reference, labels)
        reasons = suggestion.reasons if suggestion else []  # assign_cohort only proposes mentors that score
        writer.writerow([request_id, mentor_id, f"{points:g}", "; ".join(reasons)])
    if args.out:
        args.out.write_text(out.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(out.getvalue())
    where = f"; wrote {args.out}" if args.out else ""
    print(f"Matched {matched} of {len(requests)} requests{where}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
