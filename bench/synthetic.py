"""Synthetic programmes for the benchmark: N varied mentors (stories ≈ N/50, events ≈ N/100) on
the demo's vocabularies, theme and hand-written pages, and a plain mkdocs-material site with the
same pages written by hand as Markdown, out of the nav.

Mentors differ in topics, languages, places, capacity and wording, because the build's
"similar mentors" step is cheaper on look-alikes and would flatter a benchmark of clones.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
BUILD_DAY = dt.date(2026, 11, 22)
SEARCH_WORD = "mentees"  # in every synthetic bio: a common word, the heaviest search

FIRST = ["Amina", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Gustavo", "Hana", "Ioana", "Jamal", "Kavya",
         "Liam", "Mariam", "Nikolai", "Olufemi", "Paola", "Quynh", "Rashid", "Sofia", "Tomás", "Uma", "Viktor",
         "Wen", "Ximena", "Yusuf", "Zanele", "Aroha", "Bilal", "Carmen", "Dmitri", "Esi", "Fatima", "Goran",
         "Hyun", "Ines", "Jorge", "Kwame", "Leila", "Mateo", "Nadia", "Oscar", "Priya", "Rahel", "Santiago",
         "Thandiwe", "Ugo", "Valentina", "Wanjiku", "Yara", "Zoltan", "Adaeze", "Björn", "Catalina", "Deniz",
         "Elif", "Felipe", "Grace", "Hamid", "Isabela", "Juno"]
LAST = ["Abebe", "Bakker", "Castillo", "Dlamini", "Eriksen", "Fernandes", "Gómez", "Haddad", "Ibrahim",
        "Jovanović", "Kowalski", "Lindqvist", "Mahlangu", "Nakamura", "Okonkwo", "Petrov", "Quispe", "Rossi",
        "Silva", "Tanaka", "Usman", "Varga", "Wójcik", "Xu", "Yilmaz", "Zhou", "Achebe", "Banerjee", "Costa",
        "Diallo", "Espinoza", "Fischer", "Gupta", "Hoang", "Ivanova", "Jensen", "Kariuki", "Lopes", "Mensah",
        "Novak", "Ortiz", "Park", "Reyes", "Sato", "Torres", "Uddin", "Vasquez", "Watanabe", "Yadav", "Zulu"]
PRONOUNS = [("she/her", "she", "her"), ("he/him", "he", "him"), ("they/them", "they", "them")]
# city, region, country, time zone, languages spoken there besides English
PLACES = [("Lisbon", None, "PT", "Europe/Lisbon", ["pt"]), ("Porto", None, "PT", "Europe/Lisbon", ["pt", "es"]),
          ("Nairobi", None, "KE", "Africa/Nairobi", ["sw"]), ("Mombasa", None, "KE", "Africa/Nairobi", ["sw", "ar"]),
          ("Lagos", "Lagos", "NG", "Africa/Lagos", ["yo"]), ("Accra", None, "GH", "Africa/Accra", ["fr"]),
          ("Cairo", None, "EG", "Africa/Cairo", ["ar", "fr"]), ("Johannesburg", "Gauteng", "ZA", "Africa/Johannesburg", ["zu", "af"]),
          ("Manchester", None, "GB", "Europe/London", ["ur"]), ("Glasgow", "Scotland", "GB", "Europe/London", ["gd"]),
          ("Chicago", "Illinois", "US", "America/Chicago", ["es", "pl"]), ("Houston", "Texas", "US", "America/Chicago", ["es", "vi"]),
          ("New York", "New York", "US", "America/New_York", ["es", "zh"]), ("Toronto", "Ontario", "CA", "America/Toronto", ["fr", "pa"]),
          ("Mexico City", None, "MX", "America/Mexico_City", ["es"]), ("Guadalajara", "Jalisco", "MX", "America/Mexico_City", ["es"]),
          ("São Paulo", "São Paulo", "BR", "America/Sao_Paulo", ["pt", "es"]), ("Bogotá", None, "CO", "America/Bogota", ["es"]),
          ("Berlin", None, "DE", "Europe/Berlin", ["de", "tr"]), ("Munich", "Bavaria", "DE", "Europe/Berlin", ["de"]),
          ("Paris", None, "FR", "Europe/Paris", ["fr", "ar"]), ("Oslo", None, "NO", "Europe/Oslo", ["no"]),
          ("Warsaw", None, "PL", "Europe/Warsaw", ["pl", "uk"]), ("Mumbai", "Maharashtra", "IN", "Asia/Kolkata", ["hi", "mr"]),
          ("Bengaluru", "Karnataka", "IN", "Asia/Kolkata", ["kn", "hi"]), ("Manila", None, "PH", "Asia/Manila", ["tl"]),
          ("Seoul", None, "KR", "Asia/Seoul", ["ko"]), ("Tokyo", None, "JP", "Asia/Tokyo", ["ja"]),
          ("Kathmandu", None, "NP", "Asia/Kathmandu", ["ne", "hi"]), ("Sydney", "New South Wales", "AU", "Australia/Sydney", ["zh", "vi"])]
ACTIVITIES = ["running a youth football league", "teaching evening maths classes", "managing a small bakery",
              "repairing bicycles for a neighbourhood co-op", "organising tenants", "coaching a debate club",
              "writing grant applications for a food bank", "leading a hospital ward", "building payroll software",
              "designing bus timetables", "restoring old radios", "editing a community newspaper",
              "planning flood defences", "running a recording studio", "farming vegetables on a cooperative plot",
              "training apprentice electricians", "advising small shops on their accounts", "curating a local museum",
              "supporting refugees through their first year", "managing a city recycling programme"]
OFFERS = ["practise interviews until they feel ordinary", "turn a vague interest into a plan with dates",
          "read job adverts for what they really ask", "write a CV that sounds like you", "find funding and deadlines",
          "prepare a first presentation", "understand how hiring works in {topic}", "build a small portfolio project",
          "talk through setbacks without judging them", "meet people who already work in {topic}",
          "choose between courses", "set three goals for the term and check them monthly"]
STYLES = ["{Pron} asks a lot of questions and expects honest answers.", "{Pron} is patient and keeps notes between sessions.",
          "{Pron} likes short weekly check-ins better than long meetings.", "{Pron} shares {poss} own mistakes freely.",
          "{Pron} believes small steps beat big plans.", "{Pron} is direct and will tell you when a draft is not ready.",
          "{Pron} brings real documents from work to look at together.", "{Pron} keeps sessions practical and calm."]
TAGS = ["first-job", "confidence", "university", "scholarship", "apprenticeship", "career-change", "business",
        "public-speaking", "wellbeing", "family", "coding", "nursing", "research", "community"]
EVENT_KINDS = ["CV clinic", "Careers fair", "Mentor training day", "Coordinators' workshop", "Families' evening",
               "Networking breakfast", "Study skills morning", "Celebration of matches"]


@dataclass
class Mentor:
    id: str
    data: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)  # expertise id → label, for the plain pages


def vocabularies() -> dict[str, dict[str, Any]]:
    return dict(yaml.safe_load((REPO / "vocabularies.yml").read_text(encoding="utf-8")))


def make_mentors(n: int, rng: random.Random) -> list[Mentor]:
    vocab = vocabularies()
    expertise, audiences, roles = list(vocab["expertise"]), list(vocab["audiences"]), list(vocab["roles"])
    mentors = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        pronouns, pron, obj = rng.choice(PRONOUNS)
        poss = {"she": "her", "he": "his", "they": "their"}[pron]
        city, region, country, zone, local = rng.choice(PLACES)
        topics = rng.sample(expertise, rng.randint(1, 4))
        labels = {t: str(vocab["expertise"][t]["label"]) for t in topics}
        languages = ["en", *rng.sample(local, rng.randint(0, len(local)))] if rng.random() < 0.8 else \
            rng.sample(local, rng.randint(1, len(local)))
        capacity = rng.randint(1, 6)
        role = rng.choice(roles)
        topic = labels[topics[0]].lower()
        offers = [o.format(topic=topic) for o in rng.sample(OFFERS, 3)]
        bio = "\n\n".join([
            f"{first} has spent {rng.randint(3, 30)} years {rng.choice(ACTIVITIES)} in {city}, and before that "
            f"{rng.choice(ACTIVITIES)}. {rng.choice(STYLES).format(Pron=pron.capitalize(), poss=poss)}",
            f"With {obj}, mentees {offers[0]}, {offers[1]} and {offers[2]}. "
            + " ".join(rng.sample(STYLES, 2)).format(Pron=pron.capitalize(), poss=poss),
            f"Sessions cover {', '.join(labels[t].lower() for t in topics)}, roughly every "
            f"{rng.choice(['week', 'two weeks', 'three weeks', 'month'])}.",
        ])
        data: dict[str, Any] = {
            "name": f"{first} {last}", "headline": f"{vocab['roles'][role]['label']} who mentors in {topic}"[:120],
            "bio": bio, "role": role, "expertise": topics, "languages": languages,
            "location": {"city": city, **({"region": region} if region else {}), "country": country},
            "timezone": zone, "formats": rng.choice([["virtual"], ["in-person"], ["virtual", "in-person"]]),
            "audiences": rng.sample(audiences, rng.randint(1, 3)), "capacity": capacity,
            "active_mentees": rng.randint(0, capacity), "accepting": rng.random() < 0.9,
            "hours_per_month": rng.randint(2, 10),
            "reviewed": BUILD_DAY - dt.timedelta(days=rng.randint(1, 540)), "youth_cleared": rng.random() < 0.4,
        }
        if rng.random() < 0.7:
            data["pronouns"] = pronouns
        if rng.random() < 0.6:
            data["organisation"] = f"{rng.choice(LAST)} {rng.choice(['Trust', 'Cooperative', 'College', 'Clinic', 'Works'])}"
        if rng.random() < 0.3:
            data["links"] = [{"label": "Website", "url": f"https://example.org/people/{i}"}]
        mentors.append(Mentor(slug(f"{first} {last} {i}"), data, labels))
    return mentors


def slug(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "-")


def make_stories(mentors: list[Mentor], rng: random.Random) -> list[tuple[str, dict[str, Any], str]]:
    stories = []
    for i in range(max(1, len(mentors) // 50)):
        named = rng.sample(mentors, rng.choice([1, 1, 2]))
        mentee = rng.choice(FIRST)
        body = "\n\n".join(
            f"## {heading}\n\n{mentee} and {named[0].data['name'].split()[0]} met "
            f"{rng.choice(['weekly', 'every fortnight', 'once a month'])}. Together they worked to "
            + ", then ".join(rng.sample(OFFERS, 3)).format(topic="the field") + "."
            for heading in rng.sample(["Where it started", "The plan", "A setback", "What changed", "Next"], 3))
        meta = {"title": f"{mentee}'s {rng.choice(['first job', 'scholarship', 'new business', 'degree'])} ({i})",
                "date": BUILD_DAY - dt.timedelta(days=rng.randint(1, 700)), "mentors": [m.id for m in named],
                "mentee": mentee, "consent": True, "tags": rng.sample(TAGS, 2),
                "summary": f"How {mentee} and a mentor worked towards a goal over {rng.randint(3, 12)} months."}
        stories.append((f"story-{i}", meta, body))
    return stories


def make_events(n: int, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for i in range(max(1, n // 100)):
        city, _, country, zone, _ = rng.choice(PLACES)
        start = dt.datetime.combine(BUILD_DAY + dt.timedelta(days=rng.randint(-300, 300)), dt.time(rng.randint(9, 18)))
        kind = rng.choice(EVENT_KINDS)
        fmt = rng.choice(["in-person", "virtual", "hybrid"])
        event: dict[str, Any] = {
            "title": f"{kind} in {city} ({i})", "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + dt.timedelta(hours=rng.randint(1, 4))).strftime("%Y-%m-%d %H:%M"), "timezone": zone,
            "format": fmt, "audience": rng.sample(["mentees", "mentors", "coordinators", "families"], 2),
            "summary": f"A {kind.lower()} for the programme's people in and around {city}.",
            "description": f"Come along to the {kind.lower()}. Bring questions; coffee is on us.",
        }
        if fmt != "virtual":
            event["venue"] = {"name": f"{city} Community Hall", "city": city, "country": country}
        if fmt != "in-person":
            event["online_url"] = f"https://meet.example.org/bench/{i}"
        events.append((f"event-{i}", event))
    return events


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]  # PyYAML has no type hints here
    """Writes multi-line text as `|` blocks, the way editors write bios."""


_Dumper.add_representer(str, _text)


def dump(data: dict[str, Any]) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100))


def write_programme(root: Path, n: int, seed: int = 1) -> Path:
    """A Mentor Hub programme with `n` mentors at `root`; returns its mkdocs.yml."""
    rng = random.Random(seed)
    mentors = make_mentors(n, rng)
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("events"))
    shutil.copy(REPO / "vocabularies.yml", root / "vocabularies.yml")
    for folder in ("mentors", "stories", "content/events"):
        (root / folder).mkdir(parents=True)
    for mentor in mentors:
        (root / "mentors" / f"{mentor.id}.yml").write_text(dump(mentor.data), encoding="utf-8")
    for slug, meta, body in make_stories(mentors, rng):
        (root / "stories" / f"{slug}.md").write_text(f"---\n{dump(meta)}---\n{body}\n", encoding="utf-8")
    for slug, event in make_events(n, rng):
        (root / "content" / "events" / f"{slug}.yml").write_text(dump(event), encoding="utf-8")
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return root / "mkdocs.yml"


def plain_page(mentor: Mentor) -> str:
    d = mentor.data
    place = d["location"]
    return (f"# {d['name']}\n\n*{d['headline']}*\n\n## About\n\n{d['bio']}\n\n## Details\n\n"
            f"- **Expertise:** {', '.join(mentor.labels.values())}\n- **Languages:** {', '.join(d['languages'])}\n"
            f"- **Based in:** {place['city']}, {place['country']} · time zone {d['timezone']}\n"
            f"- **Meets:** {', '.join(d['formats'])}\n- **Mentors:** {', '.join(d['audiences'])}\n"
            f"- **Time:** about {d['hours_per_month']} hours a month; up to {d['capacity']} mentees\n")


def write_plain_site(root: Path, n: int, seed: int = 1) -> Path:
    """Plain mkdocs-material with the same mentors, stories and events as hand-written Markdown
    pages out of the nav (Material's own search, self-hosted fonts); returns its mkdocs.yml."""
    rng = random.Random(seed)
    mentors = make_mentors(n, rng)
    docs = root / "docs"
    for folder in ("mentors", "stories", "events"):
        (docs / folder).mkdir(parents=True)
    (docs / "index.md").write_text("# Plain site\n\nEvery other page is out of the nav.\n", encoding="utf-8")
    for mentor in mentors:
        (docs / "mentors" / f"{mentor.id}.md").write_text(plain_page(mentor), encoding="utf-8")
    for slug, meta, body in make_stories(mentors, rng):
        (docs / "stories" / f"{slug}.md").write_text(f"# {meta['title']}\n\n{meta['summary']}\n\n{body}\n",
                                                     encoding="utf-8")
    for slug, event in make_events(n, rng):
        (docs / "events" / f"{slug}.md").write_text(
            f"# {event['title']}\n\n**{event['start']}–{event['end']}** ({event['timezone']})\n\n"
            f"{event['summary']}\n\n{event['description']}\n", encoding="utf-8")
    config = {"site_name": "Plain mkdocs-material", "site_url": "https://example.org/plain/",
              "theme": {"name": "material", "font": False}, "nav": [{"Home": "index.md"}],
              "not_in_nav": "/mentors/\n/stories/\n/events/\n",
              "markdown_extensions": ["admonition", "attr_list", "tables", {"toc": {"permalink": True}}]}
    (root / "mkdocs.yml").write_text(dump(config), encoding="utf-8")
    return root / "mkdocs.yml"
