"""theme/assets/scorer.js returns what matching.rank and matching.score return, on generated vectors.

Python is the one source of the scorer's data (weights, reason templates, labels); the
JavaScript keeps a copy of the logic only. This test makes the vectors — random mentors and
answers from fixed seeds, and random and fixed answers over the demo's mentors with the data
its match page carries — with Python's answers, writes them to a JSON file and runs
tests/js/scorer.test.mjs under Node (`node --test`, Node 20.19 or later: it loads the plain
`.js` ES module), which checks every one: ids, order, scores (to 1e-9) and reasons exactly.

Time zones are drawn from a fixed list that includes half-hour, 45-minute, DST and southern
DST zones, at instants in both DST seasons and around the changes. The instants stop before
November 2026: Python's pinned tzdata knows that British Columbia stops changing its clocks
then, and an older Node's ICU may not (the node test reports such a disagreement as the time
zone databases', not the scorer's).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, get_args

from support import REPO, TODAY, public_mentor
from mentorhub.content.languages import language
from mentorhub.content.match_reasons import Labels, Reasons, labels_from, reasons_in
from mentorhub.content.matching import Format, Preferences, rank, score, scorer_data
from mentorhub.content.project import Project
from mentorhub.content.public import PublicMentor
from mentorhub.content.zones import zone_of
from mentorhub.site.pages.match import match_page_data

NODE_TEST = REPO / "tests" / "js" / "scorer.test.mjs"
SEEDS = range(40)  # random programmes
SPARSE_SEEDS = range(100, 110)  # random programmes whose profiles leave out the optional fields
REASON_LANGUAGES = ("en", "es", "fr", "ar")  # the reasons' wording, by seed
ANSWERS_PER_SEED = 5
DEMO_ANSWERS = 100

ZONES = (
    "Etc/UTC", "Europe/London", "Europe/Lisbon", "Europe/Berlin", "Europe/Helsinki", "Europe/Moscow",
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Vancouver", "America/Toronto", "America/Halifax", "America/St_Johns", "America/Anchorage",
    "America/Mexico_City", "America/Sao_Paulo", "America/Santiago", "America/Argentina/Buenos_Aires",
    "Pacific/Honolulu", "Pacific/Marquesas", "Pacific/Pago_Pago", "Pacific/Auckland", "Pacific/Chatham",
    "Pacific/Kiritimati", "Pacific/Tongatapu", "Etc/GMT+12", "Etc/GMT-12", "Asia/Kolkata", "Asia/Kathmandu",
    "Asia/Tehran", "Asia/Kabul", "Asia/Yangon", "Asia/Dhaka", "Asia/Dubai", "Asia/Jerusalem", "Asia/Tokyo",
    "Asia/Shanghai", "Asia/Manila", "Australia/Sydney", "Australia/Adelaide", "Australia/Darwin",
    "Australia/Eucla", "Australia/Lord_Howe", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg",
    "Africa/Cairo",
)
START, END = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 31, tzinfo=dt.timezone.utc)
SEASONS = ((1, 5, 2, 25), (6, 1, 8, 31), (3, 5, 4, 10), (9, 25, 10, 30))  # winter, summer, the changes (month, day)
FIXED_OFFSETS = (dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=-3)))

# Random vocabularies: ids that are Object.prototype names, labels with braces, "$&", commas, nothing.
TERMS = ("careers", "python", "data", "nursing", "public-speaking", "entrepreneurship", "design", "toString",
         "__proto__")
LANGUAGES = ("en", "es", "fr", "pt", "sw", "hi", "constructor")
AUDIENCES = ("university", "founders", "secondary-school", "career-changers", "hasOwnProperty")
WORDS = ("Career planning", "Données & IA", "Saúde pública", "C{count}", "$& and $1", "", "中文", "A, B and C",
         "{topics}", "Public speaking")
CITIES = ("London", "São Paulo", "Zürich", "O'Brien's {city}", "$&")
FORMATS: tuple[list[str], ...] = (
    ["virtual"], ["in-person"], ["virtual", "in-person"], ["in-person", "virtual"], ["virtual", "virtual"], [])
STATES = ("accepting", "accepting", "accepting", "full", "paused", "stale")


def _reference(rng: random.Random) -> dt.datetime:
    """An instant in a DST season (or around a change) of 2025 or 2026, in UTC, a fixed offset or a zone."""
    year = rng.choice((2025, 2026))
    if rng.random() < 0.2:
        start, end = START, END
    else:
        month, day, last_month, last_day = rng.choice(SEASONS)
        start = dt.datetime(year, month, day, tzinfo=dt.timezone.utc)
        end = min(dt.datetime(year, last_month, last_day, tzinfo=dt.timezone.utc), END)
    instant = start + dt.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
    where = rng.choice([*FIXED_OFFSETS, zone_of(rng.choice(ZONES))])
    return instant.astimezone(where)


def _labels(rng: random.Random) -> dict[str, dict[str, str]]:
    """Labels for most ids (the others read as their id), some of them awkward."""
    def names(ids: tuple[str, ...]) -> dict[str, str]:
        return {i: rng.choice(WORDS) if rng.random() < 0.3 else i.title() for i in ids if rng.random() < 0.8}
    return {"expertise": names(TERMS), "languages": names(LANGUAGES), "audiences": names(AUDIENCES)}


def _mentor(rng: random.Random, number: int, sparse: bool = False) -> PublicMentor:
    mentor = _full_mentor(rng, number)
    if not sparse:
        return mentor
    # A programme may leave these out of profiles (profiles.required): None or [] in mentors.json.
    left_out = {"timezone": None, "formats": (), "audiences": (),
                "location": rng.choice((None, {"city": None, "region": None, "country": "GB"}))}
    return PublicMentor.model_validate({**mentor.as_json(), **{k: v for k, v in left_out.items() if rng.random() < 0.5}})


def _full_mentor(rng: random.Random, number: int) -> PublicMentor:
    expertise = rng.sample(TERMS, rng.randint(0, 4))
    if expertise and rng.random() < 0.05:
        expertise.append(expertise[0])  # a repeated topic counts twice, in both
    return public_mentor(
        f"m{number:02d}-{rng.choice(('ana', 'bo', 'kofi', 'zoe'))}", state=rng.choice(STATES),
        free_places=rng.randint(0, 3), expertise=expertise,
        languages=(["en"] if rng.random() < 0.6 else []) + rng.sample(LANGUAGES[1:], rng.randint(0, 2)),
        formats=rng.choice(FORMATS), audiences=rng.sample(AUDIENCES, rng.randint(0, 3)),
        timezone=rng.choice(ZONES), youth_cleared=rng.random() < 0.4, sessions=rng.random() < 0.5,
        location={"city": rng.choice(CITIES), "region": None, "country": "GB"})


def _answers(rng: random.Random, terms: list[str], languages: list[str], audiences: list[str]) -> Preferences:
    return Preferences(
        interests=tuple(rng.sample(terms, rng.randint(0, min(4, len(terms))))),
        languages=tuple(rng.sample(languages, rng.choice((0, 0, 1, 1, 2, 3)))),
        format=rng.choice(get_args(Format)),
        audience=rng.choice([None, None, *audiences]),
        minor=rng.random() < 0.25,
        timezone=None if rng.random() < 0.15 else rng.choice(ZONES),
        mentoring=rng.choice(("either", "either", "either", "long-term", "session")))


def _vector(mentors: list[PublicMentor], prefs: Preferences, reference: dt.datetime, limit: int,
            labels: Labels, reasons: Reasons | None = None) -> dict[str, Any]:
    zones = {m.timezone for m in mentors if m.timezone} | ({prefs.timezone} if prefs.timezone else set())
    offsets = {}
    for zone in sorted(zones):
        offset = reference.astimezone(zone_of(zone)).utcoffset()
        assert offset is not None
        offsets[zone] = int(offset.total_seconds() // 60)
    found = [score(m, prefs, reference, labels, reasons) for m in mentors]
    return {"prefs": dataclasses.asdict(prefs), "reference": reference.isoformat(), "limit": limit, "offsets": offsets,
            "rank": [dataclasses.asdict(s) for s in rank(mentors, prefs, reference, limit, labels, reasons)],
            "score": [None if s is None else dataclasses.asdict(s) for s in found]}


def random_cases() -> list[dict[str, Any]]:
    cases = []
    for seed in [*SEEDS, *SPARSE_SEEDS]:
        rng = random.Random(seed)
        labels = _labels(rng)
        # Reasons in each shipped language, and in Arabic (no catalogue: English words under its six
        # plural categories), so the browser's plural rules must pick as Babel's do.
        reasons = reasons_in(language(REASON_LANGUAGES[seed % len(REASON_LANGUAGES)]))
        mentors = [_mentor(rng, n, seed in SPARSE_SEEDS) for n in range(rng.randint(0, 24))]
        vectors = []
        for _ in range(ANSWERS_PER_SEED):
            prefs = _answers(rng, [*TERMS, "unknown-topic"], [*LANGUAGES], [*AUDIENCES, "nobody-has-this"])
            limit = rng.choice((5, 5, 5, 1, 0, len(mentors) + 1))
            vectors.append(_vector(mentors, prefs, _reference(rng), limit, labels, reasons))
        cases.append({"name": f"random seed {seed} ({reasons['language']})", "mentors": [m.as_json() for m in mentors],
                      "scorer": scorer_data(labels, reasons), "vectors": vectors})
    return cases


def demo_case() -> dict[str, Any]:
    """The demo's mentors, with the scorer data its match page carries and Python's full labels."""
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    mentors, labels = catalog.public_mentors, labels_from(catalog.vocabularies)
    page = match_page_data(mentors, labels)
    july = dt.datetime(2026, 7, 1, 15, tzinfo=dt.timezone.utc)
    march = dt.datetime(2026, 3, 15, 12, tzinfo=dt.timezone.utc)
    answers = [  # as the browser test had them, in both DST seasons
        (Preferences(interests=("entrepreneurship", "public-speaking"), languages=("es", "en"), format="virtual",
                     audience="founders", timezone="America/Mexico_City"), july),
        (Preferences(interests=("python", "data", "healthcare"), timezone="Asia/Kathmandu"), july),
        (Preferences(interests=("nursing", "mental-health", "careers"), languages=("en", "sw"), format="in-person",
                     audience="secondary-school", minor=True, timezone="Africa/Lagos"), july),
        (Preferences(interests=("careers",), format="either", timezone="America/New_York"), march),
    ]
    rng = random.Random(2026)
    for _ in range(DEMO_ANSWERS):
        answers.append((_answers(rng, [o["id"] for o in page["interests"]], [o["id"] for o in page["languages"]],
                                 [o["id"] for o in page["audiences"]]), _reference(rng)))
    return {"name": "demo", "mentors": [m.as_json() for m in mentors], "scorer": page["scorer"],
            "vectors": [_vector(mentors, prefs, reference, 5, labels) for prefs, reference in answers]}


def test_scorer_js_ranks_and_scores_as_python_does(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "this test needs Node.js (20.19 or later) on PATH"
    cases = [*random_cases(), demo_case()]
    vectors = [v for case in cases for v in case["vectors"]]
    # The vectors must exercise what they are for: suggestions, ties, exclusions, odd offsets.
    ranked = [v["rank"] for v in vectors if v["limit"]]
    # (a fifth of the answers ask for a one-off session, which only some mentors give)
    assert sum(bool(r) for r in ranked) > 0.6 * len(ranked), "too few find anybody"
    assert any(len({s["score"] for s in r}) < len(r) for r in ranked), "no tie on score"
    assert any(s is None for v in vectors for s in v["score"]), "nobody excluded"
    reasons = [reason for v in vectors for s in v["score"] if s for reason in s["reasons"]]
    for part in ("30 minutes", "45 minutes", "hour ahead", "behind you", "same local time", "1 place free", "C{count}",
                 "gives one-off sessions"):
        assert any(part in reason for reason in reasons), part
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")

    started = time.monotonic()
    # scorer.js is a plain .js ES module with no package.json "type" near it: Node finds that out, and says so.
    command = [node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test", str(NODE_TEST)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SCORER_VECTORS": str(path)})
    output = f"{result.stdout}\n{result.stderr}\n(node took {time.monotonic() - started:.1f} s)"
    assert result.returncode == 0, output
    assert f"checked {len(vectors)} vectors" in output, output
