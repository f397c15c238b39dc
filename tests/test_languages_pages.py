"""Issue 21: the demo built with only `theme: language:` changed shows none of the English words
our templates and page modules carry, on the page types translated so far: the directory,
profiles, the match, training (the path and a module with its quiz), the request form and its
thank-you page, a survey, the mentor application, the search page, events, impact, stories and the
404 page, with the header's search box and the footer every page has (the README's "What is
translated" lists the rest).

The English words looked for are the catalogue's own msgids from the sources those pages are made
of, so a string that is wrapped but rendered untranslated is caught; the fixed phrases are ones the
templates held before they were wrapped, so a string left unwrapped is caught too."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from support import catalogue_phrases


# The sources each page is rendered from (a catalogue's locations), and the page that shows them.
EVERY_PAGE = ("mentorhub/theme/partials/site-search-form.html", "mentorhub/theme/partials/copyright.html", "mentorhub/content/kinds.py")
PROFILE = ("mentorhub/theme/mentor.html", "mentorhub/theme/partials/availability.html", "mentorhub/site/pages/cards.py",
           "mentorhub/content/match_reasons.py", "mentorhub/content/mentor_state.py")
TRAINING = ("mentorhub/theme/training.html", "mentorhub/theme/module.html", "mentorhub/theme/partials/progress-strings.html",
            "mentorhub/site/pages/training.py", "mentorhub/content/languages.py")
PAGES = {
    "mentors/": ("mentorhub/theme/mentors.html", "mentorhub/theme/partials/mentor-card.html", "mentorhub/theme/partials/availability.html",
                 "mentorhub/theme/partials/option-list-strings.html", "mentorhub/site/pages/directory.py",
                 "mentorhub/content/mentor_state.py"),
    "request/": ("mentorhub/theme/request.html", "mentorhub/theme/partials/form-field.html", "mentorhub/theme/partials/cannot-use.html",
                 "mentorhub/theme/partials/option-list-strings.html", "mentorhub/content/requests.py",
                 "mentorhub/content/request_form.py", "mentorhub/site/pages/requests.py"),
    "404.html": ("mentorhub/theme/404.html",),
    # a paused mentor (with similar mentors' reasons) and a stale one; every profile has the "full" box
    "mentors/rafael-costa/": PROFILE, "mentors/dana-whitfield/": PROFILE,
    "training/": TRAINING, "training/active-listening/": TRAINING,
    "match/": ("mentorhub/theme/match.html", "mentorhub/site/pages/match.py", "mentorhub/theme/partials/option-list-strings.html",
               "mentorhub/content/match_reasons.py"),
    "events/": ("mentorhub/theme/events.html", "mentorhub/theme/partials/event-summary.html", "mentorhub/theme/partials/event-strings.html",
                "mentorhub/site/pages/events.py"),
    "events/celebration-of-matches-2026/": ("mentorhub/theme/event.html", "mentorhub/theme/partials/event-strings.html",
                                            "mentorhub/site/pages/events.py"),
    "stories/": ("mentorhub/theme/stories.html", "mentorhub/site/pages/stories.py"),
    "impact/": ("mentorhub/theme/impact.html", "mentorhub/site/impact.py", "mentorhub/site/charts.py",
                "mentorhub/content/mentor_state.py"),
    "stories/hotel-desk-to-backend-developer/": ("mentorhub/theme/story.html", "mentorhub/site/pages/stories.py"),
    "request/thanks/": ("mentorhub/theme/request-thanks.html", "mentorhub/site/pages/requests.py"),
    "surveys/mentee-check-in/": ("mentorhub/theme/survey.html", "mentorhub/theme/partials/form-field.html", "mentorhub/content/surveys.py"),
    "become-a-mentor/": ("mentorhub/theme/become-a-mentor.html", "mentorhub/theme/partials/form-field.html",
                         "mentorhub/theme/partials/option-list-strings.html", "mentorhub/content/application_form.py",
                         "mentorhub/site/pages/applications.py"),
    "search/": ("mentorhub/theme/site-search.html",),
}
# What these pages said in English before issue 21 (some are not msgids now: "Show all 27" is a script's).
BEFORE = {
    "mentors/": ("Search mentors", "Words from a name, headline, role or bio", "Clear all filters", "Sort by",
                 "Best match", "Recently reviewed", "Accepting new mentees only", "Can mentor under-18s",
                 "Accepting mentees", "places free", "place free", "Show more mentors", "Filter mentors",
                 "Pages of the directory", "Works with", "No mentor matches all of these filters.",
                 "Mentors taking new mentees come first", "Show fewer", "No option matches."),
    "request/": ("There is a problem", "Tell us a little about yourself", "(optional)", "Send request",
                 "How old are you?", "Your preferred name", "Your email address", "Help me choose",
                 "Select all that apply", "Requests cannot be sent right now", "Search the options",
                 "Your request has not been sent", "Leave this field empty", "privacy notice",
                 "Enter an email address in the correct format", "Request a mentor"),
    **dict.fromkeys(["mentors/rafael-costa/", "mentors/dana-whitfield/"], (
        "has paused new requests", "is taking a break from new mentees", "has not been confirmed recently",
        "last confirmed these details on", "places are taken", "answer a few questions to find a mentor",
        "ask a coordinator to help you choose", "Based in", "Works with", "Under-18s", "Mentors adults",
        "Profiles never show contact details", "Safeguarding questions", "hours a month", "mentees at once",
        "also covers", "also works with", "places free", "ahead of", ">Details<", ">About ", "Languages<", ">Time<",
        "Request ", "Career changers", "English, ", " time (UTC")),
    "training/": ("of self-study in total", "Study at your own pace", "Your progress", "Progress is kept in this browser",
                  "Show my progress code", "Reset my progress", "Your progress code", "Continue on another device",
                  "Paste a progress code", "Import progress", "Self-study record", "Name on the record",
                  "Printed only", "Print my self-study record", "Your progress is tracked with JavaScript",
                  "modules complete", "nothing left to study", "Reset your training progress", "Not started",
                  "In progress", "not a progress code", "does not check out", "incomplete or damaged",
                  "Self-reported", "No modules completed yet", " hours", ">Completed<"),
    "training/active-listening/": ("Study first:", "Objectives", "Key points", "Self-check", "Not quite:",
                                   "Check answer", "Answers and explanations", "Mark as complete", "Learning path",
                                   "Previous module:", "Next module:", "All modules", "Mark as not complete",
                                   "Answer every self-check question", "Every answer is right", "Completed ✓ on",
                                   "Choose an answer first", "Read the explanation and try again", " minutes · for ",
                                   "Not started", "In progress"),
    "match/": ("Answer a few questions", "Your answers stay on your device", "The questions need JavaScript",
               "Browse the mentor directory", "What would you like help with?", "Which languages could you",
               "How would you like to meet?", "Which describes you best?", "None of these, or I would rather not say",
               "Are you under 18?", "safeguarding checks", "Your time zone", "Suggest mentors", "Suggested mentors",
               "A coordinator can look for someone", "Not quite right?", "Online or in person", "Select yes if",
               "Enter a time zone", "is taking new mentees at the moment", "best match first", "Why we suggest",
               "Finding mentors", "could not be loaded", "shares your interest", "meets in person in", ">Yes<"),
    "404.html": ("Page not found", "There is no page at this address", "Search the site", "Or go to",
                 "browse every mentor and their topics", "About the programme"),
    "events/": ("Every event in your calendar app", "subscribe to this address and your calendar follows our changes",
                "Filter events", "Who it is for", "Events for everyone are always included.", "Clear all filters",
                "No events are planned yet.", "No past events.", "Repeats every month", "London time",
                "Lisbon time", " · for mentors", "No upcoming events match these filters",
                "No past events match these filters", "12 events.", "Mentoring Network events"),
    "events/celebration-of-matches-2026/": ("This event has passed", "It stays listed as a record", "Add to calendar",
                                            "Calendar file (.ics)", "Registration", "Register for Celebrating",
                                            "Lisbon time", "Your time:", "Joining page"),
    "impact/": ("Figures as of Sunday 22 November 2026", "counted from the programme's profiles",
                "Download the same figures as JSON", "Mentors accepting mentees", "Topics open to new mentees",
                "Profiles overdue for review", "Minutes of training", "Every topic in the vocabulary has at least one mentor",
                "Offered only by mentors not taking new mentees just now", "places are free",
                "Mentors by availability", "the numbers", "with the most mentors", "All 27 topics",
                "Languages mentors speak", "English: 26", "Who mentors work with", "Community leaders by role",
                "Cancelled events count as neither held nor upcoming", "A repeating event counts once",
                "will appear here once the programme"),
    "stories/": ("Success stories", ": success stories", "Subscribe to new stories", "(Atom feed)", "Show stories about", " · with ",
                 "Wei Zhang and Priya Raman", "stories tagged", 'aria-label="Tags"', ">All</button>"),
    "stories/hotel-desk-to-backend-developer/": ("Inês's story", 'aria-label="Tags"', "Tuesday 9 June 2026"),
    "request/thanks/": ("No request sent", "This page confirms a request", "Request a mentor", "You asked for",
                        "Your reference:", "What happens next", "working days", "parent or guardian first",
                        "Your answers", "only in this browser tab", "Print or save your answers",
                        "check your spam folder", "Back to the mentors", '"Request received"', "has just filled up"),
    "surveys/mentee-check-in/": ("There are ", " questions; it takes", "minutes. Questions are required",
                                 "Who sees your answers", "Only the programme's coordinators",
                                 "Your mentor does not see your answers", "never anyone's own answers",
                                 "Type a different code", "No code, or lost the e-mail?", "Send answers",
                                 "Your survey code", "It is in the e-mail that invited you", "Choose an answer:",
                                 "Filled in from the link"),
    "become-a-mentor/": ("If you lead, build, teach", "How it works", "You apply here", "contacts your two referees",
                         "training for mentors", "criminal-records check", "It takes about 15 minutes",
                         "Your public profile", "For the programme only", "These answers never appear on the site",
                         "Send application", "Questions about the checks?", "Your name", "Your pronouns",
                         "Which topics can you mentor in?", "Select all that apply.", "Choose a country",
                         "public web page about you", "Your first referee's name", "Your phone number",
                         "When could you start?", "Your training progress code", "Enter a phone number, like",
                         "I agree to the checks"),
    "search/": ("Search for", "Show only", "Show more results", "Search needs JavaScript", "mentor directory",
                "Search could not load", "results for", "No results for"),
}
EVERY_PAGE_BEFORE = ("Programme office", "Content reference", "(for editors)", "Made with", 'placeholder="Search"')




def _text(page: Path) -> str:
    """The page as a reader and a script see it: text, attribute values and the scripts' JSON."""
    return html.unescape(page.read_text(encoding="utf-8"))


def _file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


@pytest.fixture(scope="module", params=["es", "fr"])
def built(request: pytest.FixtureRequest, demo_in: Callable[[str], Path]) -> tuple[str, Path]:
    code = str(request.param)
    return code, demo_in(code)


@pytest.mark.parametrize("path", list(PAGES))
def test_no_english_ui_words_are_left(built: tuple[str, Path], path: str) -> None:
    code, site = built
    text = _text(_file(site, path))
    assert f'<html lang="{code}"' in text
    left = sorted(piece for piece in catalogue_phrases((*PAGES[path], *EVERY_PAGE)) | {*BEFORE[path], *EVERY_PAGE_BEFORE} if piece in text)
    assert not left, f"{code} {path} still shows: {left}"


def test_the_check_finds_english_when_a_page_is_built_in_english(demo_site: Path) -> None:
    """The same look-up on the English build (the demo as it is) finds the words, so the test above can fail."""
    site = demo_site
    for path in PAGES:
        text = _text(_file(site, path))
        before = {*BEFORE[path], *EVERY_PAGE_BEFORE}
        shown = {piece for piece in before if piece in text}
        assert len(shown) >= len(before) - 4, sorted(before - shown)
        assert {piece for piece in catalogue_phrases((*PAGES[path], *EVERY_PAGE)) if piece in text}, path
