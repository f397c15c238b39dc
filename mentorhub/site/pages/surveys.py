"""Surveys: one page per survey, a plain form that posts its answers to the programme's inbox.

The inbox checks the answers (`surveys.check_response`) and answers with its own error and
thank-you pages, so the page works without JavaScript; survey.js only fills in the survey code
from the invitation link and gives the response its submission id.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ...content.catalog import Catalog, Entry
from ...content.surveys import RESPONDENT, Survey, survey_fields, survey_minutes, token_field
from .base import GeneratedPage, wide


def generate(catalog: Catalog) -> list[GeneratedPage]:
    return [GeneratedPage(entry.src_uri, entry.model.title, "survey.html",
                          resolve=partial(_survey_data, catalog, entry), edit_path=entry.source.rel)
            for entry in catalog.surveys.values()]


def _survey_data(catalog: Catalog, entry: Entry[Survey]) -> dict[str, Any]:
    survey = entry.model
    # load_catalog refuses surveys unless requests go to the inbox, so there is a url.
    inbox = str(catalog.programme.requests.url).rstrip("/")
    invited = survey.when != "open"
    lang = catalog.site.language
    return {"survey": {
        "id": entry.id,
        "summary": survey.summary,
        "respondent": RESPONDENT[survey.respondents],
        "questions": len(survey.questions),
        "minutes": survey_minutes(survey),
        "asks_text": any(q.kind in ("short-text", "long-text") for q in survey.questions),
        "invited": invited,
        "action": f"{inbox}/surveys/{entry.id}/responses",
        # the form's own words in the site's language (the `forms` catalogue); the questions are content
        "fields": [*([token_field(lang)] if invited else []), *survey_fields(survey, lang)],
    }, "hide": wide()}
