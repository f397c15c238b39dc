"""The pages a mentee sees on the inbox itself, when their browser runs no JavaScript.

A plain form post that needs fixing gets the request form back, branded with the programme's
name: a GOV.UK error summary whose messages link to their fields, every answer the mentee gave
kept, each message repeated at its field, and the same hidden fields, so sending again works.
`GET /requests/thanks` is a thank-you page that shows the reference (a site may point the
form's `next` at it). Both carry only what the programme publishes and what the mentee sent
in this very request; nothing is read from the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse

from mentorhub.content.kinds import page_url
from mentorhub.content.request_form import (INBOX_FORM_PATH, INBOX_THANKS_PATH, RequestOptions, form_choices,
                                            form_fields)
from mentorhub.content.languages import N_, Language
from mentorhub.content.requests import AGE_BANDS, say
from mentorhub.content.vocabulary import builtin_vocabulary

from .capacity import mentor_name
from .context import Inbox, inbox_of
from .intake import page_language
from .mentors import Directory
from .settings import Settings

REFERENCE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
"""A request's reference as `intake.new_reference` makes it: Crockford base 32, 4-4-4."""
HIDDEN = ("privacy_version", "next", "submission_id")
PRIVACY_VERSION = re.compile(r"[\w.-]{1,40}")
MAX_HIDDEN = 2000
UNEXPECTED = N_("Part of the form was missing or not expected. Check your answers below and send your request again")
PROBLEMS = {"form", "origin", "body", "content_type"}  # whole-request problems: their messages are for people
THANKS_PATH = INBOX_THANKS_PATH
FORM_PATH = INBOX_FORM_PATH


# --- the programme ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Brand:
    """The programme's name and its site's home page (ending in "/")."""

    name: str
    url: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def brand(directory: Directory, settings: Settings, lang: Language | None = None) -> Brand:
    """`site_url` when it is on one of the site's origins; otherwise its path on the first one
    (the demo's site_url is https://example.org/riverside/ while `make serve` serves it at
    http://127.0.0.1:8000/riverside/); without a site_url, the first origin's home page. In `lang`,
    the site's edition in it (`<site>/fr/`) when it publishes one, so links back stay in the
    mentee's language."""
    # `site_name` and `site_url` come from mkdocs.yml (or mentors.json) through the Directory.
    name = directory.site_name or "Mentor Hub"
    url = directory.site_url or settings.site_origins[0]
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() not in {o.lower() for o in settings.site_origins}:
        url = settings.site_origins[0] + (parts.path if parts.path.startswith("/") else "/")
    edition = f"{lang.code}/" if lang is not None and lang.code in directory.editions else ""
    return Brand(str(name), url.rstrip("/") + "/" + edition)


def carried(data: Mapping[str, Any] | None, language_code: str) -> dict[str, str]:
    """The hidden fields a survey's or an application's form is sent back with (form_fields.html's
    `form_again`): the post's submission id, so sending again stores it once, and the language of
    the page it came from (`language_code`; none when it named none)."""
    raw_id = (data or {}).get("submission_id")
    hidden = {"submission_id": raw_id[:MAX_HIDDEN] if isinstance(raw_id, str) else ""}
    return {**hidden, "language": language_code} if language_code else hidden


def cannot_use_url(directory: Directory, settings: Settings, lang: Language | None = None) -> str:
    """The site's static page for someone younger than the programme's minimum age (in `lang`'s edition)."""
    return brand(directory, settings, lang).url + directory.page_url("request_cannot_use")


def too_young(data: Mapping[str, Any], options: RequestOptions) -> bool:
    band = data.get("age_band")
    band = band[-1] if isinstance(band, list) and band else band
    return isinstance(band, str) and band in AGE_BANDS and not options.accepts_age(band)


def public_csp(settings: Settings) -> str:
    """The dashboard's policy, with the site's origins and the inbox's own address added to
    `form-action`: browsers check the redirect after sending the form against it too."""
    public = urlsplit(settings.public_url)
    targets = " ".join(dict.fromkeys([*settings.site_origins, f"{public.scheme}://{public.netloc}"]))
    return ("default-src 'none'; style-src 'self'; img-src 'self'; "
            f"form-action 'self' {targets}; frame-ancestors 'none'; base-uri 'none'")


def choices(directory: Directory, keep_mentor: str = "", lang: Language | None = None) -> dict[str, list[dict[str, Any]]]:
    """The form's mentors, topics and languages, by the site's own rule (`form_choices`), in `lang`
    (the site's default language unless given)."""
    return form_choices(directory.mentors.values(), directory.expertise_labels, builtin_vocabulary("languages"),
                        keep_mentor, lang or directory.words)


# --- the form, again ----------------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str)]


def field_view(field: dict[str, Any], data: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, Any]:
    name = str(field["name"])
    raw = data.get(name)
    view = {**field, "message": errors.get(name, ""), "href": f"#{field['id']}"}
    if field["control"] == "checkboxes":
        view["values"] = _texts(raw)
    elif field["control"] == "consent":
        view["checked"] = _text(raw).lower() in ("true", "yes", "on", "1")
    else:
        view["value"] = _text(raw)
    return view


def summary(fields: Sequence[dict[str, Any]], errors: Mapping[str, str], lang: Language) -> list[dict[str, str]]:
    """The error summary: whole-request problems first, then each field's message in the form's
    order, linked to the field. Problems with hidden fields get one plain sentence."""
    out = [{"message": errors[name], "href": ""} for name in sorted(PROBLEMS & set(errors))]
    out += [{"message": str(f["message"]), "href": str(f["href"])} for f in fields if f["message"]]
    shown = PROBLEMS | {str(f["name"]) for f in fields}
    if any(name not in shown for name in errors):
        out.append({"message": lang.gettext(UNEXPECTED), "href": ""})
    return out


def form_page(inbox: Inbox, request: Request, status: int, errors: Mapping[str, str],
              data: Mapping[str, Any] | None, headers: Mapping[str, str] | None = None,
              action: str = "requests") -> HTMLResponse:
    """The request form with the mentee's answers and the messages; without `data` (a post the
    inbox could not read), the messages alone and a way back to the site's form. In the language
    of the page the form was posted from (its `language` field), else the site's."""
    directory = inbox.source.current()
    settings = inbox.settings
    lang = page_language((data or {}).get("language"), directory)
    site = brand(directory, settings, lang)
    errors = {name: say(text, lang) for name, text in errors.items()}  # the receiver's own refusals too
    fields: list[dict[str, Any]] = []
    hidden: dict[str, str] = {}
    if data is not None:
        chosen = _text(data.get("mentor"))
        keep = chosen if chosen in directory.mentors else ""  # kept even when refused: the message says why
        fields = [field_view(f, data, errors) for f in form_fields(directory.options, choices(directory, keep, lang),
                                                                   lang)]
        hidden = {name: _text(data.get(name))[:MAX_HIDDEN] for name in HIDDEN}
        if _text(data.get("language")):
            hidden["language"] = lang.code  # sent again from a page in this language
    page = inbox.templates.get_template("request_form.html", lang).render(
        site=site, status=status, problems=summary(fields, errors, lang) if data is not None else
        [{"message": errors[n] if n in PROBLEMS else lang.gettext(UNEXPECTED), "href": ""} for n in errors],
        fields=fields, hidden=hidden, website=_text((data or {}).get("website"))[:200],
        guardian_under=directory.options.guardian_consent_under,
        privacy_url=site.url + page_url(directory.options.privacy_notice, directory.directory_urls),
        privacy_version=hidden.get("privacy_version", ""), form_url=site.url + directory.page_url("request"),
        action=action)
    return HTMLResponse(page, status_code=status,
                        headers={**(headers or {}), "Content-Security-Policy": public_csp(settings),
                                 "Cache-Control": "no-store"})


async def form_for_mentor(request: Request) -> HTMLResponse:
    """`GET /requests/new?mentor=ID&privacy_version=V&language=L`: the form for one mentor, where a
    profile's Request button leads a browser without JavaScript (the site's own form needs a script
    to preselect the mentor), in the profile's language. Only a published mentor's id, a plain
    version and a language Mentor Hub has a catalogue for are taken from the query."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    mentor = request.query_params.get("mentor", "")
    version = request.query_params.get("privacy_version", "")
    data = {"mentor": mentor if mentor in directory.mentors else "",
            "privacy_version": version if PRIVACY_VERSION.fullmatch(version) else "",
            "next": THANKS_PATH, "submission_id": "", "language": request.query_params.get("language", "")}
    return form_page(inbox, request, 200, {}, data, action="../requests")


# --- thank you ----------------------------------------------------------------------------------

async def thanks(request: Request) -> HTMLResponse:
    """`GET /requests/thanks?ref=…[&mentor=ID][&mentor_full=ID&alternatives=ID,ID][&language=L]`, in the
    language the request was sent from (`language`, else the site's). Only a
    well-formed reference and the ids of published mentors are shown: nothing of the query is
    echoed. Without a well-formed reference the page says that no request was sent (a bookmark,
    a shared link), never "Request sent"."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    params = request.query_params
    ref = params.get("ref", "").strip().upper()
    full = params.get("mentor_full", "")
    asked = params.get("mentor", "") or full
    others = [m for m in dict.fromkeys(params.get("alternatives", "").split(",")) if m in directory.mentors and m != full]
    lang = page_language(params.get("language"), directory)
    site = brand(directory, inbox.settings, lang)
    page = inbox.templates.get_template("request_thanks.html", lang).render(
        site=site, mentors_url=site.url + directory.page_url("mentors"), reference=ref if REFERENCE.fullmatch(ref) else "",
        form_url=site.url + directory.page_url("request"),
        contact={"href": directory.contact_href, "text": directory.contact_text} if directory.contact_href else None,
        mentor={"name": mentor_name(directory.mentors, asked), "url": site.url + directory.mentors[asked].url}
        if asked in directory.mentors else None,
        full_name=mentor_name(directory.mentors, full) if full in directory.mentors else "",
        alternatives=[{"name": mentor_name(directory.mentors, m),
                       "url": site.url + directory.mentors[m].url}
                      for m in others[:3]],
        reply_days=directory.options.reply_days, guardian_under=directory.options.guardian_consent_under)
    return HTMLResponse(page, headers={"Content-Security-Policy": public_csp(inbox.settings),
                                       "Cache-Control": "no-store"})
