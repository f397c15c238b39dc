"""`mentorhub import` and `mentorhub confirm`: the writing and printing side of importing a
sign-up sheet (mentorhub/content/imports/ does the reading, normalising and checking).

    mentorhub import SOURCE --map MAP.yml [--add-terms] [--dry-run]
    mentorhub confirm [--as-of YYYY-MM-DD] [--all | MENTOR_ID ...]

Exit status: 0 when every row became a profile (or already had one), 1 when some could not
(the good ones are still written, unless --dry-run), 2 for a bad command, MAP.yml or source.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..content.catalog import validation_context
from ..content.imports.ids import new_id
from ..content.imports.mapping import read_map
from ..content.imports.profile import Importer, Outcome
from ..content.imports.review import set_reviewed
from ..content.imports.rows import Source, SourceError, read_source
from ..content.imports.scrub import KINDS, Removed
from ..content.imports.terms import NewTerms, append_terms, near_duplicates, not_appendable
from ..content.profile_yaml import render
from ..content.project import Project, build_date
from ..content.sources import ContentLoader
from ..content.text import did_you_mean, rel_path, suggestion
from ..content.vocabulary import Vocabularies, load_vocabularies

SUFFIXES = (".yml", ".yaml")


def add_commands(commands: Any) -> None:
    """The `import` and `confirm` subcommands, on the CLI's subparsers."""
    command = commands.add_parser("import", help="turn a sign-up sheet (CSV, JSON or YAML) into mentor profiles")
    command.add_argument("source", type=Path, help="a .csv (Google Forms, Google Sheets, Excel), .json or .yml file")
    command.add_argument("--map", type=Path, required=True, dest="map_file",
                         help="MAP.yml: which column fills which profile field (see the Content reference)")
    command.add_argument("--add-terms", action="store_true",
                         help="add unknown expertise and audience terms to vocabularies.yml")
    command.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    confirm = commands.add_parser("confirm", help="set reviewed: to a date in profiles the mentors have confirmed")
    confirm.add_argument("ids", nargs="*", metavar="MENTOR_ID", help="the profiles' ids (file names without .yml)")
    confirm.add_argument("--all", action="store_true", help="every profile")
    confirm.add_argument("--as-of", type=_day, help="the date to set (default: today, or SOURCE_DATE_EPOCH's day)")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-22, not '{text}'") from None


def _fail(message: str) -> int:
    print(f"mentorhub: {message}", file=sys.stderr)
    return 2


@dataclass
class _Run:
    source: Source
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[tuple[Outcome, str]] = field(default_factory=list)  # (row, why it was left alone)
    written: list[tuple[Outcome, str]] = field(default_factory=list)  # (row, file)


def run_import(project: Project, args: argparse.Namespace) -> int:
    root, programme = project.root, project.programme
    source_rel, map_rel = _shown(args.source), _shown(args.map_file)
    try:
        source = read_source(args.source, source_rel)
    except SourceError as err:
        return _fail(str(err))
    imports = read_map(args.map_file, map_rel, source)
    if imports.problems:
        for problem in sorted(imports.problems):
            print(problem, file=sys.stderr)
        return _fail(f"nothing was imported: fix {map_rel} first")
    vocab_path = root / programme.vocabularies
    vocab_text = vocab_path.read_text(encoding="utf-8") if vocab_path.is_file() else ""
    vocabularies = project.vocabularies()
    if args.add_terms and (flow := not_appendable(vocab_text)):
        return _fail(f"{programme.vocabularies}: cannot append to {', '.join(flow)} (not written as `term: …` lines); "
                     "add the terms by hand or run without --add-terms")
    today = build_date()
    new_terms = NewTerms() if args.add_terms else None
    folder = root / programme.mentors_dir
    importer = Importer(imports, vocabularies, today, project.docs_dir, render,
                        _context(project, vocabularies, today), new_terms)
    run = _Run(source)
    taken, names = _existing(folder)
    texts: dict[str, str] = {}
    for row in source.rows:
        name = importer.name_of(row)
        folded = " ".join(name.casefold().split())
        if folded and folded in names:
            run.skipped.append((Outcome(row.line, name), f"already has a profile: {names[folded]} (left untouched)"))
            continue
        entry_id = new_id(importer.id_source(row) or name, row.line, taken)
        rel = rel_path(folder / f"{entry_id}.yml", root)
        outcome = importer.build(row, entry_id, rel)
        run.outcomes.append(outcome)
        if outcome.passed:
            taken.add(entry_id)
            names[folded] = rel
            texts[rel] = render(outcome.profile)
            run.written.append((outcome, rel))
    if new_terms is not None:  # only the terms a written profile uses; a failed row's wait for its fix
        used = {(name, term) for outcome, _ in run.written for name in new_terms.added
                for term in outcome.profile.get(name, [])}
        new_terms.added = {name: {t: term for t, term in terms.items() if (name, t) in used}
                           for name, terms in new_terms.added.items()}
    if not args.dry_run:
        if new_terms is not None and new_terms.count():
            if (unreadable := _write_terms(vocab_path, vocab_text, new_terms)) is not None:
                return _fail(unreadable)
        folder.mkdir(parents=True, exist_ok=True)
        for rel, text in texts.items():
            with (root / rel).open("x", encoding="utf-8") as out:
                out.write(text)
    _report(run, imports.columns, args, today, new_terms, vocabularies, programme.vocabularies)
    return 1 if any(not o.passed for o in run.outcomes) else 0


def _context(project: Project, vocabularies: Vocabularies, today: dt.date) -> dict[str, object]:
    """What the build checks a profile against (catalog.validation_context), with the programme's own
    profile rules (mkdocs.yml's `profiles:`, which fields are required)."""
    return validation_context(vocabularies, project.root, project.docs_dir, today, project.programme.profiles)


def _shown(path: Path) -> str:
    return rel_path(path.resolve(), Path.cwd().resolve())


def _existing(folder: Path) -> tuple[set[str], dict[str, str]]:
    """Ids with a file, and each profile's name (folded) → its file, so a re-import skips them."""
    ids: set[str] = set()
    names: dict[str, str] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix in SUFFIXES:
            ids.add(path.stem)
            try:
                data = ContentLoader.read(path.read_text(encoding="utf-8"))
            except Exception:  # a broken profile is the check's to report; its id is still taken
                continue
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                names.setdefault(" ".join(data["name"].casefold().split()), f"{folder.name}/{path.name}")
    return ids, names


def _write_terms(path: Path, text: str, new_terms: NewTerms) -> str | None:
    updated, _ = append_terms(text, new_terms.added)
    path.write_text(updated, encoding="utf-8")
    _, problems = load_vocabularies(path, path.name)
    if problems:
        path.write_text(text, encoding="utf-8")
        return f"{path.name} would not read back with the new terms ({problems[0]}); it was left as it was"
    return None


def _report(run: _Run, mapped: set[str], args: argparse.Namespace, today: dt.date, new_terms: NewTerms | None,
            vocabularies: Any, vocab_rel: str) -> None:
    src = run.source.rel
    say: Callable[[str], None] = print
    verb = "Would write" if args.dry_run else "Wrote"
    if args.dry_run:
        say("Dry run: nothing was written (no profile, no vocabularies.yml).")
    for outcome, rel in run.written:
        say(f"{verb} {rel} ({src}:{outcome.line}, {outcome.name})")
    for outcome in run.outcomes:
        for note in outcome.notes:
            say(f"{src}:{outcome.line}: {note}")
    failed = [o for o in run.outcomes if not o.passed]
    if failed:
        say("")
        say(f"{len(failed)} row{'s' if len(failed) != 1 else ''} could not become a profile that passes the check:")
        for outcome in failed:
            say(f"{src}:{outcome.line}: {outcome.name or '(no name)'}:")
            for problem in outcome.problems:
                say(f"  {src}:{outcome.line}: {problem}")
    common = Counter(problem.split(" (", 1)[0] for outcome in failed for problem in outcome.problems)
    if any(count > 1 for count in common.values()):
        say("")
        say("Most common reasons:")
        for reason, count in common.most_common():
            if count > 1:
                say(f"  {_rows(count)}: {reason}")
    say("")
    say("Summary")
    rows = len(run.source.rows)
    say(f"  rows: {rows} in {src}; {len(run.written)} profile{'s' if len(run.written) != 1 else ''} "
        f"{'to write' if args.dry_run else 'written'}; {len(failed)} could not be imported; "
        f"{len(run.skipped)} left alone")
    for outcome, why in run.skipped:
        say(f"  left alone: {src}:{outcome.line} ({outcome.name}) {why}")
    defaulted: Counter[str] = Counter()
    for outcome, _ in run.written:
        defaulted.update(outcome.defaulted)
    for key, count in sorted(defaulted.items()):
        if key == "reviewed":
            say(f"  defaulted: reviewed: was set to {today.isoformat()} (the import day) for {_rows(count)}; "
                "confirm later with mentorhub confirm MENTOR_ID (or --all) as each mentor confirms their profile")
        else:
            say(f"  {key} {_rows(count)}")
    unmapped = [c for c in run.source.columns if c not in mapped and not any(
        m.startswith(c + ".") or c.startswith(m + ".") for m in mapped)]
    if unmapped:
        say("  dropped: columns not in the map, never read: " + ", ".join(unmapped))
    removed = Removed()
    for outcome in run.outcomes:
        removed.counts.update(outcome.removed.counts)
    if removed:
        say("  dropped: contact details removed from mapped values: "
            + ", ".join(f"{n} {KINDS[k]}" for k, n in sorted(removed.counts.items())))
    else:
        say("  dropped: no contact details were found in the mapped values")
    if new_terms is not None:
        for name, terms in new_terms.added.items():
            if terms:
                where = "would be added to" if args.dry_run else "added to"
                say(f"  added: {len(terms)} {name} term{'s' if len(terms) != 1 else ''} {where} {vocab_rel}: "
                    + ", ".join(f"{t.id} ({t.label})" for t in terms.values()))
            for first, second in near_duplicates(vocabularies[name], terms):
                say(f"  near-duplicates in {name}, to merge by hand (not merged): {first} / {second}")


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def run_confirm(project: Project, args: argparse.Namespace) -> int:
    day = args.as_of or build_date()
    if day > build_date():
        return _fail(f"--as-of {day} is in the future; the check refuses review dates after today")
    folder = project.root / project.programme.mentors_dir
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in SUFFIXES} if folder.is_dir() else {}
    if args.all == bool(args.ids):
        return _fail("give the ids of the profiles the mentors confirmed, or --all (not both)")
    unknown = [i for i in args.ids if i not in files]
    if unknown:
        return _fail("; ".join(f"no profile '{i}' in {project.programme.mentors_dir}/{suggestion(did_you_mean(i, files))}"
                               for i in unknown) + "; nothing was changed")
    changed = 0
    for entry_id in files if args.all else args.ids:
        path = files[entry_id]
        text = path.read_text(encoding="utf-8")
        updated, old = set_reviewed(text, day)
        rel = rel_path(path, project.root)
        if updated == text:
            print(f"{rel}: reviewed: already {day}")
            continue
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(updated, encoding="utf-8")
        os.replace(tmp, path)
        changed += 1
        print(f"{rel}: reviewed: {old} → {day}" if old is not None else f"{rel}: reviewed: {day} (added)")
    print(f"Confirmed {changed} profile{'s' if changed != 1 else ''} as of {day}.")
    return 0


COMMANDS = {"import": run_import, "confirm": run_confirm}
