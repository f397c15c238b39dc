"""The survey forms' receiver: `POST /surveys/{id}/responses`, where the site's `/surveys/<id>/`
page posts (a plain HTML form, or JSON from a script), and `GET /surveys/{id}/thanks`.

The request receiver's protections apply as they are (receiver.py: the origin check, the body
size limit, the rate limit, the content type). A plain post that needs fixing gets the survey's
form again on the inbox, branded with the programme: the GOV.UK error summary, every answer and
the code kept, each message at its field. Answers and codes are never logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mentorhub.content.requests import say
from mentorhub.content.surveys import Survey, survey_fields, token_field

from .context import inbox_of, client_address, wants_json
from .intake import page_language
from .public import brand, carried, field_view, public_csp, summary
from .receiver import FOREIGN_ORIGIN, origin_allowed, plain_form, read_post, too_many
from .responses import NO_SURVEY, ResponseOutcome

router = APIRouter()
def thanks_path(survey_id: str, language: str = "") -> str:
    return f"/surveys/{survey_id}/thanks" + (f"?language={language}" if language else "")


def _language(data: Mapping[str, Any] | None, directory: Any) -> str:
    """The code of the language the answers were posted in (a catalogue's; else the site's); "" when
    they name none."""
    raw = (data or {}).get("language")
    raw = raw[-1] if isinstance(raw, list) and raw else raw
    return page_language(raw, directory).code if raw else ""


@router.post("/surveys/{survey_id}/responses")
async def receive_response(request: Request, survey_id: str, background: BackgroundTasks) -> Response:
    inbox = inbox_of(request)
    if not origin_allowed(request):
        return _refuse(request, survey_id, 403, {"origin": FOREIGN_ORIGIN}, None)
    body = await request.body()  # at most max_body_bytes: the Guard cuts off anything longer

    def receive() -> tuple[ResponseOutcome, dict[str, Any] | None, int | None]:
        posted = read_post(inbox, "surveys", client_address(request), request.headers.get("content-type", ""), body)
        if posted.data is None:
            return ResponseOutcome(posted.status, posted.errors), None, posted.retry
        return inbox.surveys.receive(survey_id, posted.data), posted.data, None

    outcome, data, retry = await run_in_threadpool(receive)
    if retry is not None:
        return _refuse(request, survey_id, 429, too_many(retry), None if wants_json(request) else
                       plain_form(request, body), {"Retry-After": str(retry)})
    if outcome.concern and inbox.notifier.enabled:
        background.add_task(inbox.notifier.new_concern, outcome.reference, inbox.source.current().words)
    if outcome.status != 200:
        return _refuse(request, survey_id, outcome.status, outcome.errors, data if outcome.status == 422 else None)
    if wants_json(request):
        return JSONResponse({"status": "received"}, background=background)
    return RedirectResponse(thanks_path(survey_id, _language(data, inbox.source.current())), status_code=303,
                            background=background)


def _refuse(request: Request, survey_id: str, status: int, errors: dict[str, str], data: dict[str, Any] | None,
            headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"errors": errors}, status_code=status, headers=headers)
    return survey_page(request, survey_id, status, errors, data, headers)


def _headers(request: Request, headers: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**(headers or {}), "Content-Security-Policy": public_csp(inbox_of(request).settings),
            "Cache-Control": "no-store"}


def survey_page(request: Request, survey_id: str, status: int, errors: Mapping[str, str],
                data: Mapping[str, Any] | None, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """The survey's form with the answers in `data` and the messages; without `data` (a post the
    inbox could not read), the messages alone and a way back to the site's page. An unknown
    survey gets a page that says so. In the language the answers were posted in, else the site's."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    posted = _language(data, directory)
    lang = page_language(posted, directory)
    site = brand(directory, inbox.settings, lang)
    errors = {name: say(text, lang) for name, text in errors.items()}  # the receiver's own refusals too
    survey: Survey | None = directory.surveys.get(survey_id)
    fields: list[dict[str, Any]] = []
    if survey is not None and data is not None:
        asked = ([token_field(lang)] if survey.when != "open" else []) + survey_fields(survey, lang)
        fields = [field_view(f, data, errors) for f in asked]
    page = inbox.templates.get_template("survey_form.html", lang).render(
        site=site, survey=survey, status=status, fields=fields, hidden=carried(data, posted),
        problems=summary(fields, errors, lang) if fields else [{"message": m, "href": ""} for m in errors.values()],
        survey_url=site.url + directory.survey_url(survey_id) if survey is not None else site.url)
    return HTMLResponse(page, status_code=404 if survey is None else status, headers=_headers(request, headers))


@router.get("/surveys/{survey_id}/thanks")
async def survey_thanks(request: Request, survey_id: str) -> HTMLResponse:
    """Where a plain post ends: thanks, and the office's address for anything that cannot wait."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    survey = directory.surveys.get(survey_id)
    language = {"language": request.query_params.get("language", "")}
    if survey is None:
        return survey_page(request, survey_id, 404, {"form": NO_SURVEY}, language)
    lang = page_language(_language(language, directory), directory)
    page = inbox.templates.get_template("survey_thanks.html", lang).render(
        site=brand(directory, inbox.settings, lang), survey=survey,
        contact={"href": directory.contact_href, "text": directory.contact_text} if directory.contact_href else None)
    return HTMLResponse(page, headers=_headers(request))
