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
from .languages import ENGLISH, Language, N_
from .models import Mentor
from .profile_rules import CORE
from .profiles import ProfileField, Profiles
from .public import PublicMentor
from .request_form import FormField
from .requests import EMAIL_FORMAT, Message, say
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
# The form's words (the `forms` catalogue): the site's page shows them in its language.
PHONE_FORMAT = N_("Enter a phone number, like 01632 960 001 or +44 808 157 0192")
REFEREE_CONTACT_FORMAT = N_("Enter your referee's email address or phone number")
DATE_FORMAT = N_("Enter the date as year, month and day, like 2027-01-15")
CONSENT_REFUSED = N_("You must agree to the programme's checks to apply")
LINK_NEEDS_URL = N_("Enter the link's web address, starting with https://")
LINK_NEEDS_LABEL = N_("Enter what the link is, such as 'Personal website'")
CHECKS_CONSENT = N_("I agree to the checks the programme makes before anyone mentors: it contacts my referees and "
                    "interviews me, and for work with under-18s the programme asks for a criminal-records check")
# Each link's and referee's words whole, one message per place, so a translation need not build them.
LINK_LABELS = (N_("A public web page about you"), N_("Another public web page about you"))
REFEREE_WORDS = ({"name": N_("Your first referee's name"), "name_error": N_("Enter your first referee's name"),
                  "contact": N_("Your first referee's email address or phone number"),
                  "contact_error": N_("Enter your first referee's email address or phone number"),
                  "relationship": N_("How your first referee knows you"),
                  "relationship_error": N_("Enter how your first referee knows you")},
                 {"name": N_("Your second referee's name"), "name_error": N_("Enter your second referee's name"),
                  "contact": N_("Your second referee's email address or phone number"),
                  "contact_error": N_("Enter your second referee's email address or phone number"),
                  "relationship": N_("How your second referee knows you"),
                  "relationship_error": N_("Enter how your second referee knows you")})
SELECT_ALL = N_("Select all that apply.")
DETAIL_ERRORS = {"Select": N_("Select {label}"), "Enter": N_("Enter {label}")}  # a programme's own question


@dataclass(frozen=True)
class _Question:
    """Words for a question. The model's descriptions are written for editors (`virtual`, ISO codes),
    so the applicant's words are here; the model gives the rest: which fields, lengths, choices."""

    label: str
    error: str
    hint: str


# The public questions' words, in the form's order.
PUBLIC: dict[str, _Question] = {
    "name": _Question(N_("Your name"), N_("Enter your name"), N_("The name you would like your profile to show.")),
    "pronouns": _Question(N_("Your pronouns"), N_("Enter your pronouns"), N_("For example, she/her, he/him or they/them.")),
    "headline": _Question(N_("Headline"), N_("Enter a headline: one line about what you offer"),
                          N_("One line about what you offer mentees, in 120 characters or fewer.")),
    "bio": _Question(N_("About you"), N_("Tell mentees about yourself"),
                     N_("A few paragraphs: your background, and what a mentee can expect from you. "
                        "Do not include contact details: your profile is public.")),
    "role": _Question(N_("What kind of community leader are you?"), N_("Select what kind of community leader you are"), ""),
    "organisation": _Question(N_("Where you work or volunteer"), N_("Enter where you work or volunteer"), ""),
    "expertise": _Question(N_("Which topics can you mentor in?"), N_("Select at least one topic"), N_("Select all that apply.")),
    "languages": _Question(N_("Which languages can you mentor in?"), N_("Select at least one language"),
                           N_("Select all that apply.")),
    "location.city": _Question(N_("Town or city"), N_("Enter your town or city"), N_("Where you are based. Not your street address.")),
    "location.region": _Question(N_("Region"), N_("Enter your region"), N_("State, province or region.")),
    "location.country": _Question(N_("Country"), N_("Select your country"), ""),
    "timezone": _Question(N_("Time zone"), N_("Enter your time zone"), N_("For example, Europe/Lisbon or America/Chicago.")),
    "formats": _Question(N_("How can you meet mentees?"), N_("Select how you can meet mentees"), N_("Select all that apply.")),
    "audiences": _Question(N_("Who would you like to mentor?"), N_("Select who you would like to mentor"),
                           N_("Select all that apply.")),
    "capacity": _Question(N_("How many mentees can you mentor at once?"), N_("Enter how many mentees you can mentor at once"),
                          N_("For regular mentoring over a few months. 0 if you give one-off sessions only.")),
    "sessions": _Question(N_("Do you also give one-off sessions?"), N_("Select whether you give one-off sessions"),
                          N_("A single conversation, such as a CV review or a mock interview.")),
    "hours_per_month": _Question(N_("How many hours a month can you give?"), N_("Enter how many hours a month you can give"),
                                 N_("For regular mentoring.")),
}
YES_NO = {"yes": N_("Yes"), "no": N_("No")}
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
                       mentors: Iterable[PublicMentor] = (), lang: Language = ENGLISH) -> ApplicationForm:
    """The application's questions, built from the Mentor model and the programme's profile options.
    With the programme's published `mentors`, the topics and languages they offer come first (the
    most offered first), as the request form lists them: the page shows those and a search box
    over the other 180 languages rather than starting at Abkhazian. The form's own words are in
    `lang`; a programme's own questions (`profiles.fields`) as it wrote them."""
    t = lang.gettext
    required = _required(profiles)
    schema = Mentor.model_json_schema()
    lengths = {n: _max_length(p) for n, p in schema["properties"].items()}
    options: dict[str, list[dict[str, str]]] = {
        "role": [{"value": "", "label": t(N_("Choose one"))}, *_terms(vocabularies.roles)],
        "expertise": _offered_first(_terms(vocabularies.expertise, by_label=True), (m.expertise for m in mentors)),
        "languages": _offered_first(_terms(vocabularies.languages, by_label=True), (m.languages for m in mentors)),
        "location.country": [{"value": "", "label": t(N_("Choose a country"))}, *_terms(vocabularies.countries, True)],
        "formats": [{"value": k, "label": t(FORMAT_LABELS[k])} for k in ("virtual", "in-person")],
        "audiences": _terms(vocabularies.audiences),
        "sessions": [{"value": k, "label": t(v)} for k, v in YES_NO.items()],
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
            id=_id(name), name=name, control=controls.get(name, "text"), label=t(words.label),
            hint=t(words.hint) if words.hint else "", error=t(words.error),
            required=name in required, options=options.get(name, []), autocomplete=autocomplete.get(name, ""),
            max_length=lengths.get(top) or MAX_LENGTHS.get(name)))
    for index in range(1, LINKS + 1):
        public += [
            FormField(id=_id(f"links.{index}.url"), name=f"links.{index}.url", control="text",
                      label=t(LINK_LABELS[min(index, len(LINK_LABELS)) - 1]), error=t(LINK_NEEDS_URL), required=False,
                      hint=t(N_("Such as your organisation's page or a professional profile, starting with "
                                "https://. Not a chat or messaging link.")), autocomplete="url", max_length=500),
            FormField(id=_id(f"links.{index}.label"), name=f"links.{index}.label", control="text",
                      label=t(N_("What the link is")), hint=t(N_("For example, Personal website.")), error=t(LINK_NEEDS_LABEL),
                      required=False, max_length=60)]
    public += [_detail_field(spec, lang) for spec in profiles.fields]
    private = [
        FormField(id=_id("email"), name="email", control="email", label=t(N_("Your email address")),
                  hint=t(N_("So the programme can reply and arrange your screening.")),
                  error=t(N_("Enter your email address")), required=True, autocomplete="email", max_length=254,
                  messages={"format": t(EMAIL_FORMAT)}),
        FormField(id=_id("phone"), name="phone", control="tel", label=t(N_("Your phone number")),
                  hint=t(N_("For your interview and checks.")), error=t(N_("Enter your phone number")), required=True,
                  autocomplete="tel", max_length=40, messages={"format": t(PHONE_FORMAT)}),
    ]
    for index in range(1, REFEREES + 1):
        referee = REFEREE_WORDS[min(index, len(REFEREE_WORDS)) - 1]
        private += [
            FormField(id=_id(f"referees.{index}.name"), name=f"referees.{index}.name", control="text",
                      label=t(referee["name"]), hint=t(N_("Someone who knows you well and is not a relative."))
                      if index == 1 else "", error=t(referee["name_error"]), required=True, max_length=80),
            FormField(id=_id(f"referees.{index}.contact"), name=f"referees.{index}.contact", control="text",
                      label=t(referee["contact"]), hint="", error=t(referee["contact_error"]), required=True,
                      max_length=254, messages={"format": t(REFEREE_CONTACT_FORMAT)}),
            FormField(id=_id(f"referees.{index}.relationship"), name=f"referees.{index}.relationship",
                      control="text", label=t(referee["relationship"]),
                      hint=t(N_("For example, my manager for three years.")), error=t(referee["relationship_error"]),
                      required=True, max_length=100)]
    private += [
        FormField(id=_id("available_from"), name="available_from", control="date", label=t(N_("When could you start?")),
                  hint=t(N_("Leave it empty if you could start now.")), error=t(DATE_FORMAT), required=False),
        FormField(id=_id("training_code"), name="training_code", control="text",
                  label=t(N_("Your training progress code")),
                  hint=t(N_("If you have started the programme's training, the code its progress page gives you.")),
                  error=t(N_("Enter your training progress code")), required=False, autocomplete="off", max_length=200),
        FormField(id=_id("checks_consent"), name="checks_consent", control="consent", label=t(CHECKS_CONSENT),
                  hint="", error=t(CONSENT_REFUSED), required=True),
    ]
    return ApplicationForm([asdict(f) for f in public], [asdict(f) for f in private])


def _id(name: str) -> str:
    return "application-" + name.replace(".", "-").replace("_", "-")


def _max_length(schema: Mapping[str, Any]) -> int | None:
    """A string field's maxLength, also inside `anyOf` (optional fields)."""
    if "maxLength" in schema:
        return int(schema["maxLength"])
    return next((int(s["maxLength"]) for s in schema.get("anyOf", []) if "maxLength" in s), None)


def _detail_field(spec: ProfileField, lang: Language) -> FormField:
    control = {"text": "text", "number": "number", "choice": "radios", "multi-choice": "checkboxes"}[spec.type]
    verb = "Select" if spec.options else "Enter"
    return FormField(id=_id(f"details.{spec.id}"), name=f"details.{spec.id}", control=control, label=spec.label,
                     hint=lang.gettext(SELECT_ALL) if spec.type == "multi-choice" else "",
                     error=say(Message(DETAIL_ERRORS[verb], label=f"{spec.label[:1].lower()}{spec.label[1:]}"), lang),
                     required=spec.required,
                     options=[{"value": o, "label": o} for o in spec.options], max_length=200)
