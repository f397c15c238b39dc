"""The demo programme is worth looking at: the mix of people and states the README promises."""

from __future__ import annotations

from collections import Counter

from support import REPO, TODAY
from mentorhub.content.project import Project


def test_demo_programme_has_the_promised_mix() -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    mentors = [e.model for e in catalog.mentors.values()]
    assert len(mentors) >= 24
    assert len({t for m in mentors for t in m.expertise}) >= 8
    assert len({lang for m in mentors for lang in m.languages}) >= 6
    assert len({m.role for m in mentors}) >= 6
    states = Counter(catalog.status(m).state for m in mentors)
    assert states["full"] >= 2 and states["paused"] >= 1 and states["accepting"] >= 12
    assert [e.id for e in catalog.mentors.values() if catalog.is_stale(e.model)] == ["dana-whitfield"]
    assert any(m.languages[0] == "no" for m in mentors), "the Norwegian YAML trap stays covered"
    assert len(catalog.modules) >= 8 and len(catalog.stories) >= 5
    events = [e.model for e in catalog.events.values()]
    assert len(events) >= 8
    assert sum(e.recurrence is not None for e in events) == 1
    assert sum(e.status == "cancelled" for e in events) == 1
    assert any(e.end.date() < TODAY for e in events) and any(e.start.date() > TODAY for e in events)
