"""A mentee's request: its questions, and the checks every receiver makes of the answers.

`RequestAnswers` is what a receiver accepts; each visible field carries its label, hint,
control and GOV.UK-style error message, so the page, its script and the receiver say the
same thing. How a programme relabels, extends and delivers the form is `request_form.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .languages import ENGLISH, SOURCE, Language, N_, available, language
from .mentor_state import RECEIVABLE, Kind
from .fields import Slug
from .public import PublicMentor, sessions_offered

if TYPE_CHECKING:
    from .request_form import RequestOptions

AGE_BANDS = {"under-13": N_("Under 13"), "13-15": N_("13 to 15"), "16-17": N_("16 or 17"), "18-plus": N_("18 or over")}
OLDEST_IN_BAND = {"under-13": 12, "13-15": 15, "16-17": 17, "18-plus": 120}
FORMATS = {"virtual": N_("Online"), "in-person": N_("In person"), "either": N_("Either is fine")}
MENTORING = {"long-term": N_("Regular mentoring over a few months"),
             "session": N_("A one-off session, such as a CV review or a mock interview")}
FREE_TIMES = {"weekday-daytime": N_("Weekdays, daytime"), "weekday-evenings": N_("Weekday evenings"),
                "weekends": N_("Weekends")}
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# Messages with a {placeholder} are filled in by the receiver and by request.js alike.
EMAIL_FORMAT = N_("Enter an email address in the correct format, like name@example.com")
MENTOR_UNAVAILABLE = N_("{name} is not taking new mentees at the moment; choose another mentor")
NO_SESSIONS = N_("{name} does not give one-off sessions; choose another mentor, or regular mentoring")
SESSIONS_ONLY = N_("{name} gives one-off sessions only; choose another mentor, or a one-off session")
MENTOR_NOT_FOR_MINORS = N_("{name} does not mentor under-18s; choose another mentor")
GUARDIAN_IS_MENTEE = N_("Enter your parent or guardian's own email address, not yours: we ask them to agree "
                      "before mentoring starts")
TOO_YOUNG = N_("This programme is for people aged {minimum_age} and over")
# What request.js says at the mentor field, and request-thanks.js after sending ({name}: the mentor).
YOUTH_ONLY = N_("Only mentors cleared to work with under-18s are shown")
YOUTH_CHOICE_CLEARED = N_("{name} is not cleared to work with under-18s, so your choice is now 'Help me choose'")
MENTOR_JUST_FILLED = N_("{name} has just filled up. Choose another mentor, or 'Help me choose' and a coordinator "
                      "will suggest someone.")
KEPT_FOR_FULL = N_("{name} has just filled up. We have kept your request; a coordinator will suggest one of these mentors:")
KEPT_FOR_FULL_ALONE = N_("{name} has just filled up. We have kept your request; a coordinator will suggest another mentor.")
CANNOT_USE = N_("You cannot use this service")
BAD_CHARACTERS = N_("This answer contains characters that cannot be stored; remove them and try again")
NOT_OFFERED = N_("Choose from the options the form offers")
TOO_MANY = N_("Choose {count} or fewer options")
UNKNOWN_QUESTION = N_("This question is not on the form")
UNKNOWN_NOTICE = N_("This request names a privacy notice the programme has not published; reload the page and send it again")
ANSWER = N_("Answer: {label}")  # a programme's own question, unanswered
ANSWER_MAX_LENGTH = 1000
ISO_639_1 = re.compile(r"[a-z]{2}")
# Cc: controls (C0, DEL, C1); Cf: format (bidi, zero-width, BOM, soft hyphen); Zl, Zp: U+2028, U+2029.
INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))
MULTI_LINE_ALLOWED = frozenset("\t\r\n")
Control = Literal["text", "email", "textarea", "radios", "checkboxes", "select", "consent"]


class Message(str):
    """An error as English text (what it always was: a str), remembering its msgid and the
    `{placeholder}` values it was filled with, so a receiver can say it in the language the form
    was posted in (`say`)."""

    msgid: str
    values: dict[str, Any]
    plural: tuple[str, int] | None  # a count's message: its plural msgid and the count (`%(num)s`)

    def __new__(cls, msgid: str, **values: Any) -> Message:
        made = super().__new__(cls, _fill(msgid, values))
        made.msgid, made.values, made.plural = msgid, values, None
        return made

    @classmethod
    def counted(cls, singular: str, plural: str, num: int) -> Message:
        """"1 minute", "2 minutes": the form for `num`, in each language's own plural rules."""
        made = super().__new__(cls, ENGLISH.ngettext(singular, plural, num))
        made.msgid, made.values, made.plural = singular, {}, (plural, num)
        return made


def _fill(text: str, values: Mapping[str, Any]) -> str:
    """`{placeholders}`, or `%(placeholders)s` (the progress codes' msgids, shared with progress.js)."""
    if not values:
        return text
    return text % values if "%(" in text else text.format(**values)


def say(message: str, lang: Language) -> str:
    """`message` (a msgid, or a `Message`) in `lang`, its placeholders filled as in English; a value
    that is a msgid itself (a question's label or error, "an email address") is said in `lang` too."""
    if not message:
        return message
    if isinstance(message, Message) and message.plural is not None:
        return lang.ngettext(message.msgid, *message.plural)
    if isinstance(message, Message):
        values = {k: say(v, lang) if isinstance(v, str) else v for k, v in message.values.items()}
        return _fill(lang.gettext(message.msgid), values)
    return lang.gettext(message)


def say_errors(errors: Mapping[str, str], lang: Language) -> dict[str, str]:
    """Field errors in `lang` (English: unchanged)."""
    return dict(errors) if lang.code == SOURCE else {name: say(text, lang) for name, text in errors.items()}


def posted_language(code: Any) -> Language:
    """The language a form says it was posted from (its hidden `language` field): one Mentor Hub
    has a catalogue for, else English."""
    return language(code) if isinstance(code, str) and code in available() else ENGLISH


def _form(control: Control, label: str, error: str, hint: str = "", **extra: Any) -> dict[str, Any]:
    """Field metadata the form is rendered from (kept in the model's JSON Schema)."""
    return {"control": control, "label": label, "hint": hint, "error": error, **extra}


def bad_characters(value: str, multi_line: bool = False) -> bool:
    """Whether `value` holds a control, format or line/paragraph separator character (by Unicode
    category: Cc, Cf, Zl, Zp, and surrogates, private-use and unassigned ones), or a NUL; tab, CR
    and LF pass only in multi-line text."""
    return any(unicodedata.category(c) in INVISIBLE and not (multi_line and c in MULTI_LINE_ALLOWED)
               for c in value)


def _scripts(label: str) -> set[str]:
    return {unicodedata.name(c, "?").split(" ")[0] for c in label if c.isalpha()}


def normalise_email(value: str) -> str:
    """The address as `email-validator` normalises it (no DNS look-up), lower-cased; ValueError
    when it is not an address. Local parts must be ASCII (at most 64 characters), so fullwidth and
    other look-alike local parts are refused; internationalised domains are accepted in IDNA form,
    except a label mixing Latin, Cyrillic and Greek letters (the usual homoglyph trick)."""
    try:
        result = validate_email(value, check_deliverability=False, allow_smtputf8=False,
                                allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError:
        raise ValueError(EMAIL_FORMAT) from None
    local, _, domain = result.normalized.rpartition("@")
    if len(local) > 64 or any(len(_scripts(label) & {"LATIN", "CYRILLIC", "GREEK"}) > 1
                              for label in domain.split(".")):
        raise ValueError(EMAIL_FORMAT)
    return f"{local}@{domain}".lower()


def _email(value: str) -> str:
    if not value:
        return value
    try:
        return normalise_email(value)
    except ValueError:
        raise PydanticCustomError("email", EMAIL_FORMAT) from None


class RequestAnswers(BaseModel):
    """A prospective mentee's request, as the site sends it and a receiver stores it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    submission_id: str = Field("", max_length=64, description="Set by the page's script; repeats are one request.")
    age_band: Literal["under-13", "13-15", "16-17", "18-plus"] = Field(json_schema_extra=_form(
        "radios", N_("How old are you?"), N_("Select how old you are"), options=AGE_BANDS))
    mentoring: Literal["long-term", "session", ""] = Field("", json_schema_extra=_form(
        "radios", N_("What kind of mentoring are you looking for?"), N_("Select the kind of mentoring you are looking for"),
        options=MENTORING, asked_when="mentoring"))
    mentor: Slug | Literal[""] = Field("", json_schema_extra=_form(
        "select", N_("Mentor you would like"), N_("Choose a mentor from the list, or 'Help me choose'"),
        hint=N_("If you are not sure, choose 'Help me choose' and a coordinator will suggest someone.")))
    preferred_name: str = Field(min_length=1, max_length=60, json_schema_extra=_form(
        "text", N_("Your preferred name"), N_("Enter your preferred name"),
        hint=N_("The name you would like your mentor to use."), autocomplete="given-name"))
    email: str = Field(min_length=1, max_length=254, json_schema_extra=_form(
        "email", N_("Your email address"), N_("Enter your email address"),
        hint=N_("We only use it to arrange your mentoring."), autocomplete="email"))
    guardian_name: str = Field("", max_length=80, json_schema_extra=_form(
        "text", N_("Your parent or guardian's name"), N_("Enter your parent or guardian's name"),
        hint=N_("We ask them to agree before mentoring starts."), minors_only=True))
    guardian_email: str = Field("", max_length=254, json_schema_extra=_form(
        "email", N_("Your parent or guardian's email address"), N_("Enter your parent or guardian's email address"),
        minors_only=True))
    goals: str = Field(min_length=1, max_length=1500, json_schema_extra=_form(
        "textarea", N_("What would you like to get from mentoring?"),
        N_("Tell us what you would like to get from mentoring"),
        hint=N_("For example: choosing a course, finding a first job, starting a business, growing in confidence.")))
    interests: list[str] = Field(default_factory=list, json_schema_extra=_form(
        "checkboxes", N_("Which topics interest you?"), N_("Select the topics that interest you"),
        hint=N_("Select all that apply."), options_from="expertise"))
    languages: list[str] = Field(min_length=1, json_schema_extra=_form(
        "checkboxes", N_("Which languages can you be mentored in?"), N_("Select at least one language"),
        hint=N_("Select all that apply."), options_from="languages"))
    format: Literal["virtual", "in-person", "either"] = Field(json_schema_extra=_form(
        "radios", N_("How would you like to meet?"), N_("Select how you would like to meet"), options=FORMATS))
    location: str = Field("", max_length=80, json_schema_extra=_form(
        "text", N_("Your town or area"), N_("Enter your town or area"),
        hint=N_("If you would like to meet in person, so a coordinator can suggest a mentor near you. "
                "Not your street address."), autocomplete="address-level2", asked_when="in-person", optional=True))
    availability: list[Literal["weekday-daytime", "weekday-evenings", "weekends"]] = Field(
        min_length=1, json_schema_extra=_form("checkboxes", N_("When are you usually free?"),
                                              N_("Select when you are usually free"), hint=N_("Select all that apply."),
                                              options=FREE_TIMES))
    answers: dict[str, str] = Field(default_factory=dict, description="The programme's own extra fields.")
    privacy_version: str = Field(min_length=1, max_length=40, description="The privacy notice version agreed to.")
    privacy_consent: bool = Field(json_schema_extra=_form(
        "consent", N_("I have read the privacy notice and agree to the programme using my answers to arrange mentoring"),
        N_("You must agree to the privacy notice to send a request")))
    website: str = Field("", max_length=200, description="Honeypot: people leave it empty; bots fill it in.")

    _check_email = field_validator("email", "guardian_email")(_email)

    @field_validator("privacy_consent")
    @classmethod
    def _agreed(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError("consent", N_("You must agree to the privacy notice to send a request"))
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.website)


def check_request(
    data: Mapping[str, Any], options: RequestOptions, mentors: Mapping[str, PublicMentor],
    privacy_versions: Collection[str] | None = None,
) -> tuple[RequestAnswers | None, dict[str, str]]:
    """Validate a submission as a receiver gets it; errors are keyed by field name.

    `data` is a form post (values may be lists) or JSON; `mentors` maps id → the
    mentor's public record (mentors.json), for availability and youth clearance, and for the
    topics and languages the form offers. A mentor who is full passes: the receiver keeps the
    request and says so (`mentor_full`), since the last place may have gone while the mentee typed.
    Paused and stale mentors do not. `privacy_versions`, when given, are the privacy notice
    versions the programme published: any other `privacy_version` is refused.
    Guardian fields of a mentee who needs no guardian are dropped (never stored).
    """
    values = _normalise(data, options)
    errors = _character_checks(values, options)
    errors.update({k: v for k, v in _choice_checks(values, mentors).items() if k not in errors})
    request = None
    try:
        request = RequestAnswers.model_validate(values)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            name = str(error["loc"][0]) if error["loc"] else "form"
            if name == "answers" and len(error["loc"]) > 1:
                name = f"answers.{error['loc'][1]}"
            custom = error["type"] in ("email", "consent")
            fallback = field_meta(name).get("error")
            errors.setdefault(name, error["msg"] if custom or not fallback else str(fallback))
    errors.update({k: v for k, v in _cross_checks(values, options, mentors).items() if k not in errors})
    version = str(values.get("privacy_version") or "").strip()
    if privacy_versions is not None and version and version not in privacy_versions:
        errors.setdefault("privacy_version", UNKNOWN_NOTICE)
    return (request if not errors else None), errors


def _character_checks(values: Mapping[str, Any], options: RequestOptions) -> dict[str, str]:
    """Control and format characters: refused in every single-line field and list item; goals and
    textarea answers may keep tab, CR and LF. The honeypot is not checked (it never refuses)."""
    errors: dict[str, str] = {}
    multi_line = {"goals", *(f"answers.{f.name}" for f in options.extra_fields if f.control == "textarea")}
    for name, value in values.items():
        if name in ("website", "privacy_consent"):
            continue
        if name == "answers" and isinstance(value, dict):
            for key, answer in value.items():
                where = f"answers.{key}"
                if isinstance(answer, str) and bad_characters(answer, where in multi_line):
                    errors[where] = BAD_CHARACTERS
            continue
        items = value if isinstance(value, list) else [value]
        if any(isinstance(i, str) and bad_characters(i, name in multi_line) for i in items):
            errors[name] = BAD_CHARACTERS
    return errors


def _choice_checks(values: dict[str, Any], mentors: Mapping[str, PublicMentor]) -> dict[str, str]:
    """Lists only of what the form offers (topics and languages published mentors offer; ISO 639-1
    language codes), at most as many items as there are options; repeats are then dropped."""
    errors: dict[str, str] = {}
    offered: dict[str, set[str]] = {
        "interests": {t for m in mentors.values() for t in m.expertise},
        "languages": {c for m in mentors.values() for c in m.languages if ISO_639_1.fullmatch(c)},
        "availability": set(FREE_TIMES),
    }
    for name, choices in offered.items():
        items = values.get(name)
        if not isinstance(items, list):
            continue
        limit = max(len(choices), 1)
        if len(items) > limit:
            errors[name] = Message(TOO_MANY, count=limit)
        elif name != "availability" and any(i not in choices for i in items):
            errors[name] = NOT_OFFERED
        values[name] = list(dict.fromkeys(items))
    return errors


def _normalise(data: Mapping[str, Any], options: RequestOptions) -> dict[str, Any]:
    """Lists where the model has lists, single strings elsewhere; `answers.x` into answers; the
    honeypot cut to its length (so it never gives itself away); guardian fields only for a mentee
    who needs a guardian."""
    multi = {n for n, f in RequestAnswers.model_fields.items() if f.annotation is not None
             and getattr(f.annotation, "__origin__", None) is list}
    values: dict[str, Any] = {}
    answers: dict[str, Any] = dict(data.get("answers") or {}) if isinstance(data.get("answers"), dict) else {}
    for key, raw in data.items():
        if key in ("answers", "next", "language"):  # `next`: where a plain form post is sent afterwards;
            # `language`: the page's, which the receiver answers in
            continue
        items = raw if isinstance(raw, list) else [raw]
        if key.startswith("answers."):
            answers[key.removeprefix("answers.")] = str(items[-1])
        elif key in multi:
            values[key] = [str(i) for i in items if str(i)]
        elif key == "privacy_consent":
            values[key] = str(items[-1]).lower() in ("true", "yes", "on", "1")
        elif key == "website":
            spam = " ".join(str(i) for i in items)
            values[key] = "".join(c for c in spam if not bad_characters(c)).strip()[:200] or ("spam" if spam else "")
        elif key in RequestAnswers.model_fields:
            values[key] = str(items[-1]) if items else ""
        else:
            values[key] = items[-1]  # unknown: let the model say so
    values["answers"] = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    values.setdefault("privacy_consent", False)
    band = values.get("age_band")
    if band in OLDEST_IN_BAND and not options.needs_guardian(str(band)):
        for name in ("guardian_name", "guardian_email"):
            values.pop(name, None)  # data minimisation: an adult's guardian is not ours to keep
    return values


def _cross_checks(values: Mapping[str, Any], options: RequestOptions,
                  mentors: Mapping[str, PublicMentor]) -> dict[str, str]:
    errors: dict[str, str] = {}
    band = values.get("age_band")
    minor = band in OLDEST_IN_BAND and options.needs_guardian(str(band))
    if band in OLDEST_IN_BAND and not options.accepts_age(str(band)):
        errors["age_band"] = Message(TOO_YOUNG, minimum_age=options.minimum_age)
    if minor:
        for name in ("guardian_name", "guardian_email"):
            if not str(values.get(name) or "").strip():  # the model strips: spaces are no guardian
                errors[name] = str(field_meta(name).get("error", N_("Required")))
        own, guardian = (str(values.get(n) or "").strip().casefold() for n in ("email", "guardian_email"))
        if guardian and guardian == own:
            errors["guardian_email"] = GUARDIAN_IS_MENTEE
    mentor_id = values.get("mentor") or ""
    if mentor_id:
        mentor = mentors.get(str(mentor_id))
        if mentor is None:
            errors["mentor"] = N_("Choose a mentor from the list, or 'Help me choose'")
        elif mentor.state not in RECEIVABLE:
            errors["mentor"] = Message(MENTOR_UNAVAILABLE, name=mentor.name)
        elif minor and not mentor.youth_cleared:
            errors["mentor"] = Message(MENTOR_NOT_FOR_MINORS, name=mentor.name)
        elif (kind := values.get("mentoring")) in MENTORING and kind not in mentor.kinds:
            errors["mentor"] = Message(NO_SESSIONS if kind == "session" else SESSIONS_ONLY, name=mentor.name)
    if not values.get("mentoring") and sessions_offered(mentors.values()):
        errors["mentoring"] = str(field_meta("mentoring")["error"])  # the form asks whenever a mentor gives sessions
    extras = {f.name: f for f in options.extra_fields}
    for name, answer in values["answers"].items():
        if name not in extras:
            errors[f"answers.{name}"] = UNKNOWN_QUESTION
        elif isinstance(answer, str) and len(answer) > ANSWER_MAX_LENGTH:
            errors[f"answers.{name}"] = Message(N_("Answer in {count} characters or fewer: {label}"),
                                               count=ANSWER_MAX_LENGTH, label=extras[name].label)
    for extra in options.extra_fields:
        if extra.required and not values["answers"].get(extra.name):
            errors[f"answers.{extra.name}"] = Message(ANSWER, label=extra.label)
        elif extra.control == "radios" and values["answers"].get(extra.name, "") not in ("", *extra.options):
            errors[f"answers.{extra.name}"] = Message(N_("Choose one of the options for: {label}"), label=extra.label)
    return errors


def requested_kind(request: RequestAnswers, mentor: PublicMentor | None) -> Kind:
    """The kind of mentoring a request is for: the mentee's answer; else (a form that did not ask)
    the one kind the chosen mentor gives, or regular mentoring. Only regular mentoring takes a place."""
    if request.mentoring:
        return request.mentoring
    kinds = mentor.kinds if mentor else ()
    return kinds[0] if len(kinds) == 1 else "long-term"


def visible_fields() -> list[str]:
    """The questions the form shows, in order (the rest are set by the page or the receiver)."""
    return [n for n, f in RequestAnswers.model_fields.items() if isinstance(f.json_schema_extra, dict)]


def field_meta(name: str) -> dict[str, Any]:
    """A visible field's label, hint, control and message (its `json_schema_extra`); {} for others."""
    meta = RequestAnswers.model_fields[name].json_schema_extra if name in RequestAnswers.model_fields else None
    return meta if isinstance(meta, dict) else {}
