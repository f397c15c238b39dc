"""The field types content models are made of: vocabulary terms (resolved through the
validation context's `{"vocabularies": Vocabularies}`), text that carries no contact details,
slugs, web addresses, time zones and local date-times."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    NaiveDatetime,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from .contact import ADVICE as CONTACT_ADVICE
from .contact import MESSAGING_LINK, find_contacts
from .languages import N_
from .text import suggestion
from .vocabulary import SLUG
from .zones import zone_like, zone_names


class VocabularyTerm:
    """Annotated marker: the text must be a term (or synonym) of the named vocabulary."""

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self._resolve, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(schema), "x-vocabulary": self.vocabulary}

    def _resolve(self, value: str, info: ValidationInfo) -> str:
        vocab = (info.context or {})["vocabularies"][self.vocabulary]
        term = vocab.resolve(value)
        if term is not None:
            return term  # type: ignore[no-any-return]
        hint = vocab.suggest(value)
        where = "vocabularies.yml" if self.vocabulary in ("expertise", "audiences", "roles") else "the ISO list"
        raise PydanticCustomError(
            "vocabulary",
            "unknown {vocab} '{value}'{hint}; the known terms are in {where}",
            {"vocab": _singular(self.vocabulary), "value": value, "where": where,
             "hint": suggestion(hint)},
        )


def no_contact(value: str, prose: bool = False) -> str:
    found = find_contacts(value, prose)
    if found:
        # not echoed: check output can be a public CI log
        raise PydanticCustomError("contact", "looks like {kind}; " + CONTACT_ADVICE, {"kind": found[0].kind})
    return value


def _no_contact_in_prose(value: str) -> str:
    """Also no `@handle`, Discord tag or Slack id: in a bio they are a way to reach someone."""
    return no_contact(value, prose=True)


def listed_once(value: Any, handler: ValidatorFunctionWrapHandler) -> list[str]:
    """Each term once, found with the field's other problems (not after they are fixed).
    Synonyms resolve to one id, so the message says what was written:
    `'css' and 'html' are both 'web-development'`."""
    items: list[str] = handler(value)
    written = [str(v) for v in value] if isinstance(value, list) and len(value) == len(items) else items
    first: dict[str, int] = {}
    repeats = []
    for index, item in enumerate(items):
        if item not in first:
            first[item] = index
            continue
        before, now = written[first[item]], written[index]
        message = (f"'{now}' is listed twice" if before.casefold() == now.casefold()
                   else f"'{before}' and '{now}' are both '{item}'; list it once")
        repeats.append(InitErrorDetails(type=PydanticCustomError("duplicate", message), loc=(index,), input=now))
    if repeats:
        raise ValidationError.from_exception_data("duplicates", repeats)
    return items


def _web_url(value: str) -> str:
    if value.lower().startswith(("mailto:", "tel:", "sms:")):
        raise PydanticCustomError("contact", "links may not be mailto:, tel: or sms:; " + CONTACT_ADVICE)
    if MESSAGING_LINK.match(value):
        raise PydanticCustomError("contact", "links may not lead to a chat (t.me, wa.me, Discord…); " + CONTACT_ADVICE)
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
        raise PydanticCustomError("url", "expected a web address starting with https://")
    return value


def _time_zone(value: str) -> str:
    if value in zone_names():
        return value
    hint = suggestion(zone_like(value))
    raise PydanticCustomError(
        "timezone", "unknown time zone '{value}'{hint}; use an IANA name such as Europe/Lisbon",
        {"value": value, "hint": hint},
    )


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise PydanticCustomError("slug", "expected a lower-case id such as 'ana-pereira'")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(no_contact)]
Headline = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(no_contact)]
Prose = Annotated[str, Field(min_length=1), AfterValidator(_no_contact_in_prose)]
Slug = Annotated[str, AfterValidator(_slug)]
WebUrl = Annotated[str, AfterValidator(_web_url)]
TimeZone = Annotated[str, AfterValidator(_time_zone), Field(examples=["Europe/Lisbon", "America/Chicago"])]
Expertise = Annotated[str, VocabularyTerm("expertise")]
Audience = Annotated[str, VocabularyTerm("audiences")]
Role = Annotated[str, VocabularyTerm("roles")]
Language = Annotated[str, VocabularyTerm("languages")]
Country = Annotated[str, VocabularyTerm("countries")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]  # as `theme.language` spells one
LocalDateTime = Annotated[
    NaiveDatetime,
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$"}),
]
MentorFormat = Literal["virtual", "in-person"]
FORMAT_LABELS = {"virtual": N_("Online"), "in-person": N_("In person"), "hybrid": N_("Hybrid")}  # the form's and match's words too


def _singular(vocabulary: str) -> str:
    return {"audiences": "audience", "roles": "role", "languages": "language code",
            "countries": "country code"}.get(vocabulary, vocabulary)
