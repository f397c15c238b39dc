"""A mentor's application form: its questions, built from the `Mentor` model and the programme's
`profiles:` options, so an approved application is a valid `mentors/<id>.yml` once `reviewed` is
added.

The public questions are the model's fields an applicant gives (the model's descriptions as hints
where they suit an applicant), required as the programme requires them; the private questions
(contact e-mail, phone, two referees, consent to the checks, when they can start, the training
progress code) are kept apart and never reach the profile. Both are the request form's
`FormField` records, for the site's `/become-a-mentor/` page and the inbox's page shown again.
The checks of the answers are `applications.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .fields import FORMAT_LABELS
from .models import Mentor
from .profile_rules import CORE
from .profiles import ProfileField, Profiles
from .public import PublicMentor
from .request_form import FormField
from .requests import EMAIL_FORMAT
from .vocabulary import Vocabularies, Vocabulary, language_label

# The inbox's routes for applications (the site's form posts to `{requests.url}/applications`).
APPLICATIONS_PATH = "/applications"
APPLICATION_THANKS_PATH = "/applications/thanks"  # ?ref=<reference>
# The Mentor fields an applicant gives; never `reviewed`, `youth_cleared`, `accepting`, `listed`,
# `active_mentees`, `paused_until`, `photo` or `translations`: the programme sets those.
PROFILE_KEYS = ("name", "pronouns", "headline", "bio", "role", "organisation", "expertise", "languages",
                "location", "timezone", "formats", "audiences", "capacity", "sessions", "hours_per_month",
                "links", "details")
# Lengths the model leaves open, so an application fits the inbox's body limit (32 KB by default).
MAX_LENGTHS = {"bio": 5000, "location.city": 100, "location.region": 100, "timezone": 64}
LINKS = 2  # public links an applicant may give
REFEREES = 2
HONEYPOT = "website"
PHONE_FORMAT = "Enter a phone number, like 01632 960 001 or +44 808 157 0192"
REFEREE_CONTACT_FORMAT = "Enter your referee's email address or phone number"
DATE_FORMAT = "Enter the date as year, month and day, like 2027-01-15"
CONSENT_REFUSED = "You must agree to the programme's checks to apply"
LINK_NEEDS_URL = "Enter the link's web address, starting with https://"
LINK_NEEDS_LABEL = "Enter what the link is, such as 'Personal website'"
CHECKS_CONSENT = ("I agree to the checks the programme makes before anyone mentors: it contacts my referees and "
                  "interviews me, and for work with under-18s the programme asks for a criminal-records check")


@dataclass(frozen=True)
class _Question:
    """Words for a question. The model's descriptions are written for editors (`virtual`, ISO codes),
    so the applicant's words are here; the model gives the rest: which fields, lengths, choices."""

    label: str
    error: str
    hint: str


# The public questions' words, in the form's order.
PUBLIC: dict[str, _Question] = {
    "name": _Question("Your name", "Enter your name", "The name you would like your profile to show."),
    "pronouns": _Question("Your pronouns", "Enter your pronouns", "For example, she/her, he/him or they/them."),
    "headline": _Question("Headline", "Enter a headline: one line about what you offer",
                          "One line about what you offer mentees, in 120 characters or fewer."),
    "bio": _Question("About you", "Tell mentees about yourself",
                     "A few paragraphs: your background, and what a mentee can expect from you. "
                     "Do not include contact details: your profile is public."),
    "role": _Question("What kind of community leader are you?", "Select what kind of community leader you are", ""),
    "organisation": _Question("Where you work or volunteer", "Enter where you work or volunteer", ""),
    "expertise": _Question("Which topics can you mentor in?", "Select at least one topic", "Select all that apply."),
    "languages": _Question("Which languages can you mentor in?", "Select at least one language",
                           "Select all that apply."),
    "location.city": _Question("Town or city", "Enter your town or city", "Where you are based. Not your street address."),
    "location.region": _Question("Region", "Enter your region", "State, province or region."),
    "location.country": _Question("Country", "Select your country", ""),
    "timezone": _Question("Time zone", "Enter your time zone", "For example, Europe/Lisbon or America/Chicago."),
    "formats": _Question("How can you meet mentees?", "Select how you can meet mentees", "Select all that apply."),
    "audiences": _Question("Who would you like to mentor?", "Select who you would like to mentor",
                           "Select all that apply."),
    "capacity": _Question("How many mentees can you mentor at once?", "Enter how many mentees you can mentor at once",
                          "For regular mentoring over a few months. 0 if you give one-off sessions only."),
    "sessions": _Question("Do you also give one-off sessions?", "Select whether you give one-off sessions",
                          "A single conversation, such as a CV review or a mock interview."),
    "hours_per_month": _Question("How many hours a month can you give?", "Enter how many hours a month you can give",
                                 "For regular mentoring."),
}
YES_NO = {"yes": "Yes", "no": "No"}
PRIVATE_NAMES = ("email", "phone", *(f"referees.{i}.{part}" for i in range(1, REFEREES + 1)
                                     for part in ("name", "contact", "relationship")),
                 "available_from", "training_code", "checks_consent")


@dataclass(frozen=True)
class ApplicationForm:
    """The application's questions, in two sections: the public profile and what stays private."""

    public: list[dict[str, Any]] = field(default_factory=list)
    private: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return [*self.public, *self.private]


def _required(profiles: Profiles) -> set[str]:
    """The form's names the programme requires: the core, `profiles.required`, a headline unless a bio is."""
    wanted = {*CORE, *profiles.required}
    names = {n for n in wanted if n not in ("location", "location.country")}
    if "location" in wanted:
        names |= {"location.city", "location.country"}
    elif "location.country" in wanted:
        names.add("location.country")
    if "headline" not in wanted and "bio" not in wanted:
        names.add("headline")  # the model needs one of them: the form asks for the short one
    return names


def _terms(vocabulary: Vocabulary, by_label: bool = False) -> list[dict[str, str]]:
    terms = list(vocabulary.terms.values())
    if by_label:  # the ISO lists by their English names (`description`), as visitors read them
        terms.sort(key=lambda t: (t.description or t.label).casefold())
    label = language_label if vocabulary.name == "languages" else (lambda t: t.label)
    return [{"value": t.id, "label": label(t)} for t in terms]


def _offered_first(options: list[dict[str, str]], offered: Iterable[Sequence[str]]) -> list[dict[str, str]]:
    counts = Counter(term for terms in offered for term in dict.fromkeys(terms))
    return sorted(options, key=lambda o: -counts[o["value"]])  # stable: by label within the same count


def application_fields(vocabularies: Vocabularies, profiles: Profiles,
                       mentors: Iterable[PublicMentor] = ()) -> ApplicationForm:
    """The application's questions, built from the Mentor model and the programme's profile options.
    With the programme's published `mentors`, the topics and languages they offer come first (the
    most offered first), as the request form lists them: the page shows those and a search box
    over the other 180 languages rather than starting at Abkhazian."""
    required = _required(profiles)
    schema = Mentor.model_json_schema()
    lengths = {n: _max_length(p) for n, p in schema["properties"].items()}
    options: dict[str, list[dict[str, str]]] = {
        "role": [{"value": "", "label": "Choose one"}, *_terms(vocabularies.roles)],
        "expertise": _offered_first(_terms(vocabularies.expertise, by_label=True), (m.expertise for m in mentors)),
        "languages": _offered_first(_terms(vocabularies.languages, by_label=True), (m.languages for m in mentors)),
        "location.country": [{"value": "", "label": "Choose a country"}, *_terms(vocabularies.countries, True)],
        "formats": [{"value": k, "label": FORMAT_LABELS[k]} for k in ("virtual", "in-person")],
        "audiences": _terms(vocabularies.audiences),
        "sessions": [{"value": k, "label": v} for k, v in YES_NO.items()],
    }
    controls = {"bio": "textarea", "role": "select", "location.country": "select", "expertise": "checkboxes",
                "languages": "checkboxes", "formats": "checkboxes", "audiences": "checkboxes",
                "capacity": "number", "hours_per_month": "number", "sessions": "radios"}
    autocomplete = {"name": "name", "organisation": "organization", "location.city": "address-level2",
                    "location.region": "address-level1", "timezone": "off"}
    public = []
    for name, words in PUBLIC.items():
        top = name.split(".")[0]
        public.append(FormField(
            id=_id(name), name=name, control=controls.get(name, "text"), label=words.label,
            hint=words.hint, error=words.error,
            required=name in required, options=options.get(name, []), autocomplete=autocomplete.get(name, ""),
            max_length=lengths.get(top) or MAX_LENGTHS.get(name)))
    for index in range(1, LINKS + 1):
        which = "A" if index == 1 else "Another"
        public += [
            FormField(id=_id(f"links.{index}.url"), name=f"links.{index}.url", control="text",
                      label=f"{which} public web page about you", error=LINK_NEEDS_URL, required=False,
                      hint="Such as your organisation's page or a professional profile, starting with https://. "
                           "Not a chat or messaging link.", autocomplete="url", max_length=500),
            FormField(id=_id(f"links.{index}.label"), name=f"links.{index}.label", control="text",
                      label="What the link is", hint="For example, Personal website.", error=LINK_NEEDS_LABEL,
                      required=False, max_length=60)]
    public += [_detail_field(spec) for spec in profiles.fields]
    private = [
        FormField(id=_id("email"), name="email", control="email", label="Your email address",
                  hint="So the programme can reply and arrange your screening.", error="Enter your email address",
                  required=True, autocomplete="email", max_length=254, messages={"format": EMAIL_FORMAT}),
        FormField(id=_id("phone"), name="phone", control="tel", label="Your phone number",
                  hint="For your interview and checks.", error="Enter your phone number", required=True,
                  autocomplete="tel", max_length=40, messages={"format": PHONE_FORMAT}),
    ]
    for index in range(1, REFEREES + 1):
        which = "first" if index == 1 else "second"
        private += [
            FormField(id=_id(f"referees.{index}.name"), name=f"referees.{index}.name", control="text",
                      label=f"Your {which} referee's name", hint="Someone who knows you well and is not a relative."
                      if index == 1 else "", error=f"Enter your {which} referee's name", required=True, max_length=80),
            FormField(id=_id(f"referees.{index}.contact"), name=f"referees.{index}.contact", control="text",
                      label=f"Your {which} referee's email address or phone number", hint="",
                      error=f"Enter your {which} referee's email address or phone number", required=True,
                      max_length=254, messages={"format": REFEREE_CONTACT_FORMAT}),
            FormField(id=_id(f"referees.{index}.relationship"), name=f"referees.{index}.relationship",
                      control="text", label=f"How your {which} referee knows you",
                      hint="For example, my manager for three years.", error=f"Enter how your {which} referee knows you",
                      required=True, max_length=100)]
    private += [
        FormField(id=_id("available_from"), name="available_from", control="date", label="When could you start?",
                  hint="Leave it empty if you could start now.", error=DATE_FORMAT, required=False),
        FormField(id=_id("training_code"), name="training_code", control="text",
                  label="Your training progress code",
                  hint="If you have started the programme's training, the code its progress page gives you.",
                  error="Enter your training progress code", required=False, autocomplete="off", max_length=200),
        FormField(id=_id("checks_consent"), name="checks_consent", control="consent", label=CHECKS_CONSENT,
                  hint="", error=CONSENT_REFUSED, required=True),
    ]
    return ApplicationForm([asdict(f) for f in public], [asdict(f) for f in private])


def _id(name: str) -> str:
    return "application-" + name.replace(".", "-").replace("_", "-")


def _max_length(schema: Mapping[str, Any]) -> int | None:
    """A string field's maxLength, also inside `anyOf` (optional fields)."""
    if "maxLength" in schema:
        return int(schema["maxLength"])
    return next((int(s["maxLength"]) for s in schema.get("anyOf", []) if "maxLength" in s), None)


def _detail_field(spec: ProfileField) -> FormField:
    control = {"text": "text", "number": "number", "choice": "radios", "multi-choice": "checkboxes"}[spec.type]
    verb = "Select" if spec.options else "Enter"
    return FormField(id=_id(f"details.{spec.id}"), name=f"details.{spec.id}", control=control, label=spec.label,
                     hint="Select all that apply." if spec.type == "multi-choice" else "",
                     error=f"{verb} {spec.label[:1].lower()}{spec.label[1:]}", required=spec.required,
                     options=[{"value": o, "label": o} for o in spec.options], max_length=200)
