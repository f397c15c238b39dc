"""A mentor's application as a receiver checks it (issue 20): the public answers by the `Mentor`
model itself with the programme's `profiles:` rules, as the build checks a profile, and the private
answers apart, with the request form's rules (no control characters, addresses by
`normalise_email`). The questions are `application_form.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .application_form import (CONSENT_REFUSED, DATE_FORMAT, HONEYPOT, LINK_NEEDS_LABEL, LINK_NEEDS_URL, LINKS,
                               PHONE_FORMAT, PRIVATE_NAMES, PROFILE_KEYS, REFEREE_CONTACT_FORMAT, REFEREES, YES_NO,
                               application_fields)
from .languages import ENGLISH, Language
from .models import Mentor
from .languages import N_
from .profiles import Profiles
from .progress_codes import REFUSALS, ProgressCodeError, read_code
from .requests import (BAD_CHARACTERS, EMAIL_FORMAT, NOT_OFFERED, UNKNOWN_QUESTION, Message, bad_characters,
                       normalise_email)
from .validation import describe_error
from .vocabulary import Vocabularies

PHONE = re.compile(r"\+?[\d\s().-]+")
# The applicant's messages: msgids (`say` puts them in the form's language, and the values that are msgids too).
REFEREE_IS_APPLICANT = N_("Give your referee's own email address or phone number, not yours")
SAME_REFEREE = N_("Give two different referees")
TOO_LONG = N_("{label} must be {max} characters or fewer")  # GOV.UK's words
WHOLE_NUMBER = N_("{error}, as a whole number like 2")
A_NUMBER = N_("{error}, as a number")
AT_MOST, AT_LEAST = N_("{error}, {limit} or fewer"), N_("{error}, {limit} or more")
# The model's own contact check finds them; this says it in the applicant's words.
CONTACT_IN_PROFILE = N_("This looks like {kind}. Your profile is public, so contact details never go in it: give "
                        "yours in the private questions, and mentees reach you through the request form")


@dataclass(frozen=True)
class Referee:
    name: str
    contact: str
    relationship: str


@dataclass(frozen=True)
class Application:
    """Answers that passed every check: the public profile (as `mentors/<id>.yml` holds it, without
    `reviewed`) and the private answers apart."""

    profile: dict[str, Any]
    email: str
    phone: str
    referees: tuple[Referee, ...]
    checks_consent: bool
    available_from: dt.date | None = None
    training_code: str = ""
    submission_id: str = ""
    honeypot: str = ""

    @property
    def is_spam(self) -> bool:
        return bool(self.honeypot)

    def body_hash(self) -> str:
        """SHA-256 of the answers without the submission id: a resend of the same answers hashes the same."""
        document = {**asdict(self), "available_from": str(self.available_from or "")}
        document.pop("submission_id")
        return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


# --- checking ------------------------------------------------------------------------------------

def _texts(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [i.strip() for i in items if isinstance(i, str) and i.strip()]


def _text(raw: Any) -> str:
    items = _texts(raw)
    return items[-1] if items else ""


def check_application(form: Mapping[str, Any], vocabularies: Vocabularies, profiles: Profiles,
                      today: dt.date, modules: Sequence[str] | None = None,
                      lang: Language = ENGLISH) -> tuple[Application | None, dict[str, str]]:
    """Check a posted application (form values may be lists; JSON alike); problems keyed by the
    form's field names, each message naming what to fix. The public answers are checked by the
    Mentor model with the programme's rules, as the build checks a profile on `today`. With the
    learning path's module ids (`modules`, curriculum order) a training code must read as the
    training page's own code (`progress_codes.read_code`), so a typo is caught while it can be fixed.
    The questions' own messages are in `lang` (the page's); the others are `Message`s a receiver
    says in it (`requests.say`). `language` is the form's own field: the page's language."""
    questions = {f["name"]: f for f in application_fields(vocabularies, profiles, lang=lang).fields}
    errors: dict[str, str] = {}
    for key, raw in form.items():
        if key not in questions and key not in ("submission_id", HONEYPOT, "language"):
            errors[str(key)] = UNKNOWN_QUESTION
            continue
        texts = [t for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str)]
        limit = questions[key].get("max_length") if key in questions else None
        if key != HONEYPOT and any(bad_characters(t, multi_line=questions.get(key, {}).get("control") == "textarea")
                                   for t in texts):
            errors[key] = BAD_CHARACTERS
        elif limit and any(len(t.strip()) > limit for t in texts):
            errors[key] = Message(TOO_LONG, label=questions[key]["label"], max=limit)
    profile, problems = _profile(form, questions, profiles)
    errors.update({k: v for k, v in problems.items() if k not in errors})
    for name, f in questions.items():
        if f["required"] and name not in errors and not _texts(form.get(name)):
            errors[name] = f["error"]
    private, problems = _private(form, questions)
    errors.update({k: v for k, v in problems.items() if k not in errors})
    if modules is not None and private["training_code"] and "training_code" not in errors:
        try:
            read_code(private["training_code"], modules)
        except ProgressCodeError as err:
            errors["training_code"] = Message(REFUSALS[err.reason], **err.values)
    checked = _check_profile(profile, vocabularies, profiles, today, questions, errors)
    if errors or checked is None:
        return None, errors
    honeypot = " ".join(_texts(form.get(HONEYPOT)))[:200] or ("spam" if form.get(HONEYPOT) else "")
    return Application(profile=checked, submission_id=_text(form.get("submission_id"))[:64],
                       honeypot=honeypot, **private), {}


def _profile(form: Mapping[str, Any], questions: Mapping[str, dict[str, Any]],
             profiles: Profiles) -> tuple[dict[str, Any], dict[str, str]]:
    """The public answers as a profile's keys (numbers parsed, yes/no as true/false)."""
    profile: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, f in questions.items():
        if name in PRIVATE_NAMES or name.startswith(("links.", "details.")):
            continue
        if f["control"] == "checkboxes":
            if items := list(dict.fromkeys(_texts(form.get(name)))):
                profile[name] = items
            continue
        value = _text(form.get(name))
        if not value:
            continue
        if f["control"] == "number":
            if not re.fullmatch(r"\d{1,3}", value):
                errors[name] = Message(WHOLE_NUMBER, error=f["error"])
                continue
            profile[name] = int(value)
        elif name == "sessions":
            if value not in YES_NO:
                errors[name] = NOT_OFFERED
                continue
            profile[name] = value == "yes"
        elif name.startswith("location."):
            profile.setdefault("location", {})[name.removeprefix("location.")] = value
        else:
            profile[name] = value
    links = []
    for index in range(1, LINKS + 1):
        url, label = (_text(form.get(f"links.{index}.{part}")) for part in ("url", "label"))
        if url and not label:
            errors[f"links.{index}.label"] = LINK_NEEDS_LABEL
        elif label and not url:
            errors[f"links.{index}.url"] = LINK_NEEDS_URL
        elif url:
            links.append({"label": label, "url": url})
    if links:
        profile["links"] = links
    details: dict[str, Any] = {}
    for spec in profiles.fields:
        name = f"details.{spec.id}"
        if spec.type == "multi-choice":
            if items := _texts(form.get(name)):
                details[spec.id] = items
        elif value := _text(form.get(name)):
            if spec.type == "number":
                try:
                    details[spec.id] = int(value) if re.fullmatch(r"-?\d+", value) else float(value)
                except ValueError:
                    errors[name] = Message(A_NUMBER, error=questions[name]["error"])
            else:
                details[spec.id] = value
    if details:
        profile["details"] = details
    return profile, errors


def _check_profile(profile: dict[str, Any], vocabularies: Vocabularies, profiles: Profiles, today: dt.date,
                   questions: Mapping[str, dict[str, Any]], errors: dict[str, str]) -> dict[str, Any] | None:
    """The profile as the Mentor model validates it (term ids, ISO codes), its problems added to
    `errors` at the form's field names; None when it does not pass."""
    context = {"vocabularies": vocabularies, "profiles": profiles, "today": today}
    try:
        mentor = Mentor.model_validate({**profile, "reviewed": today}, context=context)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            name = _form_name(error["loc"])
            errors.setdefault(name, _message(error, questions.get(name)))
        return None
    for loc, message in mentor.checks():
        name = _form_name(loc)
        errors.setdefault(name, questions[name]["error"] if name == "headline" else _sentence(message))
    if errors:
        return None
    dumped = mentor.model_dump(mode="json", include=set(profile) & set(PROFILE_KEYS))  # only what an applicant gives
    return {key: _without_empty(value) for key, value in dumped.items()}


def _without_empty(value: Any) -> Any:
    return {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value


def _form_name(loc: tuple[str | int, ...]) -> str:
    """The form's field at a model error's place: `("location", "city")` → `location.city`,
    `("links", 0, "url")` → `links.1.url`, `("expertise", 2)` → `expertise`."""
    if not loc:
        return "form"
    top = str(loc[0])
    if top == "links" and len(loc) >= 3 and isinstance(loc[1], int):
        return f"links.{loc[1] + 1}.{loc[2]}"
    if top in ("location", "details") and len(loc) >= 2:
        return f"{top}.{loc[1]}"
    return top


def _message(error: ErrorDetails, question: Mapping[str, Any] | None) -> str:
    """A model error in the applicant's words: the question's own message for a missing or unknown
    answer and for any rule without words of its own; ours for lengths, limits and contact details;
    the model's (an editor's, English) only for a place no question names."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("missing", "too_short") and question:
        return str(question["error"])
    if kind in ("less_than_equal", "greater_than_equal") and question:
        return Message(AT_MOST if "le" in ctx else AT_LEAST, error=question["error"], limit=ctx.get("le", ctx.get("ge")))
    if kind in ("vocabulary", "literal_error"):
        return NOT_OFFERED
    if kind == "string_too_long" and question:
        return Message(TOO_LONG, label=question["label"], max=ctx.get("max_length"))
    if kind == "contact":
        return Message(CONTACT_IN_PROFILE, kind=ctx.get("kind", "contact details"))
    if question:  # any other rule (a time zone, a date): the question's own message, in the form's language
        return str(question["error"])
    return _sentence(describe_error(error, Mentor))


def _sentence(message: str) -> str:
    """An editor's message (`expected …; …`) as a sentence for the form."""
    return message[:1].upper() + message[1:]


def _private(form: Mapping[str, Any], questions: Mapping[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """The private answers, each checked; they never go into the profile."""
    errors: dict[str, str] = {}
    email = _text(form.get("email"))
    try:
        email = normalise_email(email) if email else ""
    except ValueError:
        errors.setdefault("email", EMAIL_FORMAT)
    phone = _text(form.get("phone"))
    if phone and not _is_phone(phone):
        errors.setdefault("phone", PHONE_FORMAT)
    referees: list[Referee] = []
    for index in range(1, REFEREES + 1):
        where = f"referees.{index}.contact"
        contact = _text(form.get(where))
        if contact:
            try:
                contact = normalise_email(contact) if "@" in contact else contact
            except ValueError:
                errors.setdefault(where, REFEREE_CONTACT_FORMAT)
            if "@" not in contact and not _is_phone(contact):
                errors.setdefault(where, REFEREE_CONTACT_FORMAT)
            elif contact in (email, phone) or _digits(contact) == _digits(phone) != "":
                errors.setdefault(where, REFEREE_IS_APPLICANT)
            elif index > 1 and contact.casefold() == referees[0].contact.casefold():
                errors.setdefault(where, SAME_REFEREE)
        referees.append(Referee(_text(form.get(f"referees.{index}.name")), contact,
                                _text(form.get(f"referees.{index}.relationship"))))
    available = _text(form.get("available_from"))
    start = None
    if available:
        try:
            start = dt.date.fromisoformat(available)
        except ValueError:
            errors.setdefault("available_from", DATE_FORMAT)
    consent = _text(form.get("checks_consent")).lower() in ("true", "yes", "on", "1")
    if not consent:
        errors.setdefault("checks_consent", CONSENT_REFUSED)
    return {"email": email, "phone": phone, "referees": tuple(referees), "checks_consent": consent,
            "available_from": start, "training_code": _text(form.get("training_code"))}, errors


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _is_phone(value: str) -> bool:
    return bool(PHONE.fullmatch(value)) and 7 <= len(_digits(value)) <= 15

