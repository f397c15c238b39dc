"""Contact details out of imported values: e-mail addresses, phone numbers, messaging handles and
links, and profile URLs (LinkedIn, GitHub, X…). The check's patterns (content/contact.py), plus
profile URLs and shorter phone numbers: a sign-up sheet is full of them and nothing of the kind
may reach this public repository.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import contact

EMAIL = re.compile(r"(?:mailto:)?" + contact.EMAIL.pattern)
PROFILE_SITES = {
    "linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab", "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)", "facebook.com": "Facebook", "fb.com": "Facebook", "instagram.com": "Instagram",
    "tiktok.com": "TikTok", "youtube.com": "YouTube", "medium.com": "Medium", "dev.to": "DEV",
    "stackoverflow.com": "Stack Overflow", "behance.net": "Behance", "dribbble.com": "Dribbble",
    "mastodon.social": "Mastodon", "bsky.app": "Bluesky", "threads.net": "Threads", "calendly.com": "Calendly",
}
PROFILE_URL = re.compile(
    r"(?i)(?<![\w.@])(?:https?://)?(?:[\w-]+\.)?(?:" + "|".join(re.escape(d) for d in PROFILE_SITES) + r")(?:/\S*)?")
PHONE = re.compile(r"(?:tel:)?(?<![\w/.])\+?\(?\d[\d\s().\-/]{5,}\d(?![\w/])")
YEARS = re.compile(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# "Email:", "Find me on LinkedIn:" left with nothing after them once the detail is gone
LEFT_LABEL = re.compile(r"(?im)[(\[]?\b(?:e-?mail|phone|tel|mobile|cell|whatsapp|telegram|signal|discord|slack|"
                        r"linkedin|github|twitter|x|instagram|contact(?: me)?(?: at| on)?|reach me (?:at|on)|"
                        r"find me (?:at|on))\b\s*[:\-]?\s*(?:[)\]]|(?=[,;|/]?\s*$))")

KINDS = {"email": "e-mail addresses", "phone": "phone numbers", "handle": "messaging handles",
         "discord": "Discord names", "slack": "Slack ids", "messaging": "messaging links",
         "profile": "profile URLs"}


@dataclass
class Removed:
    """What was cut out of a row's values, by kind (the keys of KINDS)."""

    counts: Counter[str] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.counts)


def scrub(text: str, removed: Removed, prose: bool = False) -> str:
    """`text` without its contact details, each counted in `removed`. In `prose` (a bio) the
    sentence that held one goes too ("Email me at … or call …" leaves nothing half-said)."""
    if not text:
        return text
    text = contact.HANDLE.sub(_employer, text)  # "Engineer @Google" → "Engineer at Google"
    cuts = _contacts(text)
    if not cuts:
        return text
    for kind, _, _ in cuts:
        removed.counts[kind] += 1
    if prose:
        kept: list[str] = []
        position = 0
        for line in text.split("\n"):
            sentences: list[str] = []
            parts = re.split(r"((?<=[.!?])[ \t]+)", line)  # sentences, and the spaces between them
            for index, part in enumerate(parts):
                end = position + len(part)
                if index % 2 == 0 and not any(a < end and b > position for _, a, b in cuts):
                    sentences.append(part)
                position = end
            position += 1  # the newline
            kept.append(" ".join(sentences))
        text = "\n".join(kept)
    else:
        for _, a, b in reversed(cuts):
            text = text[:a] + " " + text[b:]
        text = re.sub(r"\(\s*\)|\[\s*\]", "", LEFT_LABEL.sub("", text))
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip().strip(",;|").strip()


def _contacts(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every contact detail, in order, none inside another."""
    found = [contact.Contact(kind, m.start(), m.end()) for kind, pattern in (
        ("email", EMAIL), ("messaging", contact.MESSAGING_LINK), ("profile", PROFILE_URL),
        ("discord", contact.DISCORD_TAG), ("slack", contact.SLACK_ID), ("handle", contact.HANDLE))
        for m in pattern.finditer(text)]
    if sum(ch.isdigit() for ch in text) >= 7:
        found += [contact.Contact("phone", m.start(), m.end()) for m in PHONE.finditer(text) if _phone(m.group())]
    return [(c.kind, c.start, c.end) for c in contact.outermost(found)]


def profile_site(url: str) -> str | None:
    """`LinkedIn` for a LinkedIn URL: the label of a link made from a mapped URL column."""
    host = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", url).split("/", 1)[0].lower()
    return next((label for domain, label in PROFILE_SITES.items() if host == domain or host.endswith("." + domain)),
                None)


def _employer(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"at {name}" if contact.is_employer(name) else match.group()  # as job titles write employers


def _phone(found: str) -> bool:
    digits = sum(ch.isdigit() for ch in found)
    if digits < 7 or YEARS.fullmatch(found.strip()) or DATE.search(found):
        return False
    return digits >= 8 or found.startswith("+") or "(" in found
