"""The kinds of content a programme writes, each declared once, and the site's URLs.

A kind is a folder of files of one model (Pelican's "one generator per content kind", as
data). The catalog reads each kind's folder with its model; the site makes its pages
(`site/pages/GENERATORS`, keyed by kind name); `mentorhub new` fills its placeholders
(`adapters/scaffold.PLACEHOLDERS`); the Content reference describes it. Tests check that
every kind here has all of those.

Every URL the site links to comes from `page_url`, MkDocs' own rule, so pages and data
files agree with the pages MkDocs writes, with or without `use_directory_urls`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Generic

from .languages import N_
from .models import Event, M, Mentor, Story, TrainingModule
from .surveys import Survey


@dataclass(frozen=True)
class ContentKind(Generic[M]):
    name: str  # `mentorhub new <name>`, `schemas/<name>.schema.json`, the generators' and placeholders' key
    model: type[M]
    folder_option: str  # the `mentorship` plugin option naming the folder
    suffixes: tuple[str, ...]  # the first is what `mentorhub new` writes
    page: str | None  # the page's docs-relative source, `{id}` filled in; None: the file is a page itself
    template: str
    section: str  # the Content reference's heading
    file_note: str  # the Content reference's "File:" line, `{folder}` filled in
    intro: str  # the first comment of a new file
    # Older content repositories have no folder for a kind added later: for such a kind a missing
    # folder means no entries, not a problem.
    optional: bool = False
    # False: the kind's pages are for the people invited to them, not for search engines
    # (`noindex`, not in sitemap.xml), like the result pages (`RESULT_PAGES`).
    for_search_engines: bool = True

    def folder(self, options: object) -> str:
        """The folder this kind lives in, as the programme's options (`Programme`) name it."""
        return str(getattr(options, self.folder_option))

    def src_uri(self, entry_id: str, docs_rel: str | None) -> str:
        """The docs-relative source of an entry's page: generated, or the file itself when the
        kind's files live inside `docs_dir` (`docs_rel`)."""
        if self.page is None:
            if docs_rel is None:
                raise ValueError(f"a {self.name} file must be inside docs_dir to be a page")
            return docs_rel
        return self.page.format(id=entry_id)


MENTOR = ContentKind(
    "mentor", Mentor, "mentors_dir", (".yml", ".yaml"), "mentors/{id}.md", "mentor.html", "Mentor profiles",
    "`{folder}/<id>.yml`",
    "A mentor profile. The file name is the mentor's id: mentors/<id>.yml is /mentors/<id>/.")
STORY = ContentKind(
    "story", Story, "stories_dir", (".md",), "stories/{id}.md", "story.html", "Success stories",
    "`{folder}/<slug>.md` (front matter, then the story)",
    "A success story: these fields between the two '---' lines, then the story in Markdown.")
MODULE = ContentKind(
    "module", TrainingModule, "training_dir", (".md",), None, "module.html", "Training modules",
    "`{folder}/<id>.md` (front matter, then the lesson)",
    "A training module: these fields between the two '---' lines, then the lesson in Markdown.")
EVENT = ContentKind(
    "event", Event, "events_dir", (".yml", ".yaml"), "events/{id}.md", "event.html", "Events",
    "`{folder}/<slug>.yml`",
    "An event. Past events move to the past-events list by themselves.")
SURVEY = ContentKind(
    "survey", Survey, "surveys_dir", (".yml", ".yaml"), "surveys/{id}.md", "survey.html", "Surveys",
    "`{folder}/<id>.yml`",
    "A survey. The file name is its id: surveys/<id>.yml is the form at /surveys/<id>/, which "
    "people reach from the private link their invitation e-mail gives them (an `open` survey: "
    "from anywhere). Answers go to the inbox, never into this repository.",
    optional=True, for_search_engines=False)

# In this order the site makes their pages and the Content reference describes them.
AnyKind = (ContentKind[Mentor] | ContentKind[Story] | ContentKind[Event] | ContentKind[TrainingModule]
           | ContentKind[Survey])
KINDS: tuple[AnyKind, ...] = (
    MENTOR, STORY, EVENT, MODULE, SURVEY)
KIND_NAMES = tuple(kind.name for kind in KINDS)

# The programme's own generated pages (docs-relative sources), for links from templates and data.
PAGES = {
    "mentors": "mentors/index.md", "stories": "stories/index.md", "events": "events/index.md",
    "training": "training/index.md", "request": "request/index.md", "request_thanks": "request/thanks.md",
    "request_cannot_use": "request/cannot-use.md", "match": "match.md", "impact": "impact.md",
    "search": "search.md", "reference": "reference.md", "become_a_mentor": "become-a-mentor.md",
}
# The titles the demo's `nav:` gives its pages (and a programme that keeps them as they are):
# marked for the catalogue, so a site in another language shows them translated. A programme's
# own titles are shown as it wrote them.
NAV_TITLES = (N_("Home"), N_("Mentors"), N_("Training"), N_("Stories"), N_("Events"), N_("Impact"),
              N_("Find a mentor"), N_("Request a mentor"), N_("About"), N_("Privacy"), N_("Become a mentor"))
# Pages a visitor lands on after doing something (sending a request, searching), not content to
# find: search engines are asked to leave them out (`noindex`, and not in sitemap.xml).
RESULT_PAGES = frozenset({PAGES["request_thanks"], PAGES["request_cannot_use"], PAGES["search"]})


def for_search_engines(src_uri: str) -> bool:
    """Whether search engines are asked to index the page made from docs-relative `src_uri`: not
    a result page (`RESULT_PAGES`), nor the page of a kind that is for invited people (surveys)."""
    folder = PurePosixPath(src_uri).parent
    return src_uri not in RESULT_PAGES and not any(
        not kind.for_search_engines and kind.page is not None and PurePosixPath(kind.page).parent == folder
        for kind in KINDS)


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root.

    With `use_directory_urls` (the default): `a/b.md` → `a/b/`, `a/index.md` → `a/`;
    without: `a/b.md` → `a/b.html`, `a/index.md` → `a/index.html`. README.md is an index.
    """
    path = PurePosixPath(src_uri).with_suffix("")
    index = path.name in ("index", "README")
    if not directory_urls:
        return (path.parent / "index.html" if index else path.with_suffix(".html")).as_posix().removeprefix("./")
    parts = path.parts[:-1] if index else path.parts
    return "".join(f"{part}/" for part in parts)


def page_urls(directory_urls: bool = True) -> dict[str, str]:
    """Every programme page's URL by name (`PAGES`), for templates."""
    return {name: page_url(src, directory_urls) for name, src in PAGES.items()}
