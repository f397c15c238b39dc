"""How a programme shows and delivers the request form: `requests:` in mkdocs.yml.

Programmes relabel the built-in questions (`requests.py`), add their own, and choose where
requests go; `form_fields` turns that into the questions the site's page and the inbox's
no-JavaScript page both render.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import ConfigDict, Field

from .languages import ENGLISH, Language, N_
from .fields import Slug, WebUrl
from .models import ContentModel
from .public import PublicMentor, sessions_offered
from .requests import (ANSWER, EMAIL, EMAIL_FORMAT, MENTOR_NOT_FOR_MINORS, MENTOR_UNAVAILABLE, MENTORING, NO_SESSIONS,
                       OLDEST_IN_BAND, SESSIONS_ONLY, TOO_YOUNG, Message, RequestAnswers, field_meta, say, visible_fields)
from .text import label_from_slug
from .vocabulary import Vocabulary, language_name

# The inbox's pages for browsers without JavaScript (the site links to them; `delivery: inbox` only).
INBOX_FORM_PATH = "/requests/new"  # ?mentor=<id>&privacy_version=<v>: the form for one mentor
INBOX_THANKS_PATH = "/requests/thanks"  # ?ref=<reference>: the thank-you page, the form's `next`
HELP_ME_CHOOSE = N_("Help me choose")  # the mentor list's first choice


class PrivacyNotice(ContentModel):
    """Front matter of the privacy notice page: its version goes with every request."""

    model_config = ConfigDict(extra="ignore")

    version: str = Field(min_length=1, max_length=40, description="Changes whenever the notice's meaning changes.")


class FieldText(ContentModel):
    label: str | None = Field(None, description="New label for the field.")
    hint: str | None = Field(None, description="New hint text.")


class ExtraField(ContentModel):
    name: Slug = Field(description="Field id, e.g. `school`.")
    label: str = Field(min_length=1, description="The question.")
    hint: str = Field("", description="Hint text under the label.")
    control: Literal["text", "textarea", "radios"] = Field("text", description="`text`, `textarea` or `radios`.")
    options: list[str] = Field(default_factory=list, description="Choices for `radios`.")
    required: bool = Field(False, description="Whether an answer is needed.")


class RequestOptions(ContentModel):
    """How requests are delivered: `requests:` under the mentorship plugin in mkdocs.yml."""

    delivery: Literal["inbox", "http", "google-form", "email"] | None = Field(
        None, description="`inbox` (Mentor Hub's receiver), `http` (any form endpoint), `google-form` (a "
                          "prefilled Google Form) or `email` (the mentee's mail app). Unset: no request form.")
    url: WebUrl | None = Field(None, description="Receiver base URL (inbox), endpoint (http) or the form's "
                                                 "`viewform` address (google-form).")
    email: str | None = Field(None, description="The coordinators' address, for `email` delivery only.")
    google_form_fields: dict[str, str] = Field(default_factory=dict,
                                               description="Field name → Google Form `entry.NNN` id.")
    guardian_consent_under: int = Field(18, ge=13, le=21, description="Mentees younger than this need a guardian.")
    minimum_age: Literal[0, 13, 16, 18] = Field(13, description="Youngest age the programme takes.")
    reply_days: int = Field(5, ge=1, le=30, description="Working days to a first reply, shown after sending.")
    privacy_notice: str = Field("privacy.md", description="The privacy notice page inside `docs_dir`.")
    fields: dict[str, FieldText] = Field(default_factory=dict, description="Relabel built-in fields.")
    extra_fields: list[ExtraField] = Field(default_factory=list, description="Programme questions of your own.")

    def checks(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if self.delivery in ("inbox", "http", "google-form") and self.url is None:
            yield ("url",), f"`{self.delivery}` delivery needs the receiver's url"
        if self.delivery == "email" and not (self.email and EMAIL.fullmatch(self.email)):
            yield ("email",), "`email` delivery needs the coordinators' email address"
        if self.delivery == "google-form":
            unmapped = [n for n in (*visible_fields(), *(f.name for f in self.extra_fields))
                        if n not in self.google_form_fields and "asked_when" not in field_meta(n)]
            if unmapped:
                yield ("google_form_fields",), "map each field to its Google Form entry id (entry.NNN); missing: " \
                    + ", ".join(unmapped)
        for name in self.fields:
            if name not in visible_fields():
                yield ("fields", name), "no such field; fields: " + ", ".join(visible_fields())
        for index, extra in enumerate(self.extra_fields):
            if extra.name in RequestAnswers.model_fields:
                yield ("extra_fields", index, "name"), f"`{extra.name}` is a built-in field"
            if extra.control == "radios" and len(extra.options) < 2:
                yield ("extra_fields", index, "options"), "radios need two or more options"

    def needs_guardian(self, age_band: str) -> bool:
        return OLDEST_IN_BAND[age_band] < self.guardian_consent_under

    def accepts_age(self, age_band: str) -> bool:
        return OLDEST_IN_BAND[age_band] >= self.minimum_age


@dataclass
class FormField:
    """One question as the page renders it; `name` is what the browser submits."""

    id: str
    name: str
    control: str
    label: str
    hint: str
    error: str
    required: bool
    options: list[dict[str, str]] = field(default_factory=list)
    minors_only: bool = False
    autocomplete: str = ""
    max_length: int | None = None
    messages: dict[str, str] = field(default_factory=dict)
    inline: bool = False  # radios side by side where the screen is wide enough (a survey's 1–5 scale)


def form_fields(options: RequestOptions, choices: Mapping[str, list[dict[str, Any]]],
                lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The visible questions in order, relabelled and extended as the programme configured.

    `choices` gives the options of fields whose options come from the content: `mentor`
    (accepting mentors), `expertise` and `languages` (what mentors offer). Built-in labels, hints,
    options and messages are in `lang`; a programme's own wording is shown as it wrote it.
    """
    out = []
    schema = RequestAnswers.model_json_schema()["properties"]
    required = set(RequestAnswers.model_json_schema().get("required", []))
    names = options.google_form_fields if options.delivery == "google-form" else {}
    for name in visible_fields():
        meta = field_meta(name)
        if "asked_when" in meta and not choices.get(str(meta["asked_when"])) or (
                "asked_when" in meta and options.delivery == "google-form" and name not in names):
            continue  # a question only some programmes need (and a Google Form must map it to ask it)
        text = options.fields.get(name, FieldText())
        raw_options: Mapping[str, str] = meta.get("options") or {}
        listed = choices.get(str(meta.get("options_from", name)), [])
        out.append(FormField(
            id=f"request-{name}", name=names.get(name, name), control=str(meta["control"]),
            label=text.label or lang.gettext(str(meta["label"])),
            hint=text.hint if text.hint is not None else (lang.gettext(str(meta["hint"])) if meta["hint"] else ""),
            error=lang.gettext(str(meta["error"])), required=name in required or bool(meta.get("minors_only"))
            or bool(meta.get("asked_when") and not meta.get("optional")),
            options=[{"value": str(k), "label": lang.gettext(str(v))} for k, v in raw_options.items()] or listed,
            minors_only=bool(meta.get("minors_only")), autocomplete=str(meta.get("autocomplete", "")),
            max_length=schema[name].get("maxLength"), messages=_messages(name, meta, options, lang),
        ))
    for extra in options.extra_fields:
        out.append(FormField(
            id=f"request-{extra.name}", name=names.get(extra.name, f"answers.{extra.name}"), control=extra.control,
            label=extra.label, hint=extra.hint, error=say(Message(ANSWER, label=extra.label), lang), required=extra.required,
            options=[{"value": o, "label": o} for o in extra.options], max_length=1000,
        ))
    return [asdict(f) for f in out]


def form_choices(mentors: Iterable[PublicMentor], expertise_labels: Mapping[str, str], languages: Vocabulary,
                 keep_mentor: str = "", lang: Language = ENGLISH) -> dict[str, list[dict[str, Any]]]:
    """The options `form_fields` takes from the content, for the site's form and the inbox's form
    shown again: mentors taking new mentees (and `keep_mentor`, a choice being shown back with its
    message), and the topics (the most offered first) and languages published mentors offer."""
    mentors = list(mentors)
    offered = sorted((m for m in mentors if m.requestable or m.id == keep_mentor), key=lambda m: m.name.casefold())
    topics = Counter(t for m in mentors for t in dict.fromkeys(m.expertise))
    codes = {code for m in mentors for code in m.languages}
    return {
        "mentor": [{"value": "", "label": lang.gettext(HELP_ME_CHOOSE)},
                   *({"value": m.id, "label": m.name, "youth_cleared": m.youth_cleared,
                      "kinds": " ".join(m.kinds)} for m in offered)],
        # asked only when some mentor gives one-off sessions: otherwise every request is for regular mentoring
        "mentoring": [{"value": k, "label": lang.gettext(v)} for k, v in MENTORING.items()] if sessions_offered(mentors) else [],
        # where the mentee is: asked only when some mentor meets in person
        "in-person": [{"value": m.id} for m in mentors if "in-person" in m.formats],
        # the most offered first, as the directory's filter and the match list them (a long list is cut there)
        "expertise": sorted(({"value": t, "label": expertise_labels.get(t) or label_from_slug(t)}
                             for t in topics), key=lambda o: (-topics[o["value"]], o["label"].casefold())),
        "languages": sorted(({"value": code, "label": language_name(code, languages)} for code in codes),
                            key=lambda o: o["label"].casefold()),
    }


def _messages(name: str, meta: Mapping[str, Any], options: RequestOptions, lang: Language) -> dict[str, str]:
    """Messages beyond "this is required" that the page's script shows for a field, in `lang`."""
    t = lang.gettext
    if meta["control"] == "email":
        return {"format": t(EMAIL_FORMAT)}
    if name == "mentor":
        return {"unavailable": t(MENTOR_UNAVAILABLE), "youth": t(MENTOR_NOT_FOR_MINORS),
                "session": t(NO_SESSIONS), "long-term": t(SESSIONS_ONLY)}
    if name == "age_band":
        return {"refused": say(Message(TOO_YOUNG, minimum_age=options.minimum_age), lang)}
    return {}
