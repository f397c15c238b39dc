"""Contact details in text: the one detector the model's checks and importers share.

The repository and the site are public, so no profile may carry a way to reach someone
directly: e-mail addresses, phone numbers, messaging links (t.me, wa.me…) anywhere; in
prose (a bio) also messaging handles (`@name`), Discord tags (`name#1234`) and Slack member
ids. A capitalised `@Name` or an acronym (`@IBM`, "Engineer @Google") is read as a company,
not a handle: job titles write employers that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import N_

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?")
MESSAGING_LINK = re.compile(
    r"(?i)(?<![\w.])(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|wa\.me|chat\.whatsapp\.com|api\.whatsapp\.com|"
    r"discord\.gg|discord(?:app)?\.com/users|signal\.me|m\.me|join\.slack\.com|[\w-]+\.slack\.com)(?:/\S*)?")
HANDLE = re.compile(r"(?<![\w@.+-])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?)(?![\w@-])")
DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\w)")
SLACK_ID = re.compile(r"(?<![\w-])[UW](?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,10}(?![\w-])")
DIGIT = re.compile(r"\d")
MESSAGING_HINTS = (".me", "whatsapp.", "discord", "slack.")  # one of these is in every MESSAGING_LINK
ADVICE = ("this repository and the site are public, so contact details never go in it; "
          "mentees reach mentors through the request form")


@dataclass(frozen=True)
class Contact:
    kind: str  # "an email address", "a phone number", …: an editor's words, and msgids for the application form
    start: int
    end: int


def find_contacts(text: str, prose: bool = False) -> list[Contact]:
    """Every contact detail in `text`, in order; `prose` adds handles, Discord tags and Slack ids.

    Every text of every profile passes here on each build, so each pattern runs only when a
    plain substring test says it could match (about 30 µs for a 1 KB bio with none)."""
    found: list[Contact] = []
    digits = len(DIGIT.findall(text))
    if "@" in text:
        found += [Contact(N_("an email address"), m.start(), m.end()) for m in EMAIL.finditer(text)]
    lower = text.lower()
    if any(hint in lower for hint in MESSAGING_HINTS):
        found += [Contact(N_("a messaging link"), m.start(), m.end()) for m in MESSAGING_LINK.finditer(text)]
    if digits >= 9:
        without_dates = DATE_TIME.sub(lambda m: " " * len(m.group()), text)
        found += [Contact(N_("a phone number"), m.start(), m.end()) for m in PHONE.finditer(without_dates)
                  if sum(ch.isdigit() for ch in m.group()) >= 9]
    if prose:
        if "@" in text:
            found += [Contact(N_("a messaging handle"), m.start(), m.end()) for m in HANDLE.finditer(text)
                      if not is_employer(m.group(1))]
        if "#" in text:
            found += [Contact(N_("a Discord tag"), m.start(), m.end()) for m in DISCORD_TAG.finditer(text)]
        if digits:
            found += [Contact(N_("a Slack member id"), m.start(), m.end()) for m in SLACK_ID.finditer(text)]
    return outermost(found)


def is_employer(name: str) -> bool:
    """`IBM`, `Google`, `McKinsey`: how job titles write employers after an @ (letters only,
    capitalised). Handles are written in lower case or with digits, dots and underscores."""
    return name.isalpha() and name[0].isupper()


def outermost(found: list[Contact]) -> list[Contact]:
    """Sorted, without a match inside another (an e-mail's domain is not a second detail)."""
    kept: list[Contact] = []
    for contact in sorted(found, key=lambda c: (c.start, -c.end)):
        if not kept or contact.start >= kept[-1].end:
            kept.append(contact)
    return kept
