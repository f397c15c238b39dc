"""Expertise and audience terms from a sheet: resolved through the vocabulary's ids, labels and
synonyms; with --add-terms, unknown ones become new terms (appended to vocabularies.yml as text,
so its comments and order survive), and near-duplicates are pointed out, never merged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from anyascii import anyascii

from ..text import did_you_mean
from ..vocabulary import Term, Vocabularies, Vocabulary
from .ids import term_id

ADDABLE = ("expertise", "audiences")


@dataclass
class NewTerms:
    """Terms added while importing, by vocabulary, with how many rows use each."""

    added: dict[str, dict[str, Term]] = field(default_factory=lambda: {name: {} for name in ADDABLE})
    uses: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self) -> int:
        return sum(len(terms) for terms in self.added.values())


def resolve_term(vocabularies: Vocabularies, name: str, value: str, new: NewTerms | None) -> str | None:
    """The term's id; with `new` (--add-terms) an unknown expertise or audience term is added."""
    vocabulary = vocabularies[name]
    found = vocabulary.resolve(value) or vocabulary.resolve(term_id(value))
    if found is not None:
        if new is not None and found in new.added.get(name, {}):
            new.uses[(name, found)] = new.uses.get((name, found), 0) + 1
        return found
    slug = term_id(value)
    if new is None or name not in ADDABLE or not slug:
        return None
    term = Term(slug, value)
    new.added[name][slug] = term
    new.uses[(name, slug)] = 1
    vocabulary.terms[slug] = term
    setattr(vocabularies, name, Vocabulary(name, vocabulary.terms))
    return slug


def term_named_in(vocabulary: Vocabulary, text: str) -> str | None:
    """The one term whose id, label or synonym is a whole word or phrase of `text`: 'Senior
    Software Engineer at X' names `engineer`; None when no term or several do."""
    words = f" {' '.join(re.findall(r'[a-z0-9+#]+', anyascii(text).casefold()))} "
    found = {term.id for term in vocabulary.terms.values()
             for spelling in (term.id.replace("-", " "), term.label, *term.synonyms)
             if (key := " ".join(re.findall(r"[a-z0-9+#]+", anyascii(spelling).casefold()))) and f" {key} " in words}
    return found.pop() if len(found) == 1 else None


def near_duplicates(vocabulary: Vocabulary, added: dict[str, Term]) -> list[tuple[str, str]]:
    """Pairs of terms that are probably one (c-sharp/csharp, angular/angularjs, database/databases),
    at least one of them new."""
    keys = {term.id: {_key(term.id), _key(term.label)} for term in vocabulary.terms.values()}
    pairs = []
    for first, second in combinations(sorted(keys), 2):
        if first not in added and second not in added:
            continue
        if keys[first] & keys[second] or did_you_mean(first, [second]) or did_you_mean(
                vocabulary.terms[first].label, [vocabulary.terms[second].label]):
            pairs.append((first, second))  # the same key, or one a typo of the other ('pyton', 'python')
    return pairs


def _key(text: str) -> str:
    plain = anyascii(text).casefold().replace("#", "sharp").replace("++", "pp")
    plain = re.sub(r"[^a-z0-9]", "", plain)
    for ending in ("js", "s"):
        if plain.endswith(ending) and len(plain) > len(ending) + 2:
            plain = plain[: -len(ending)]
    return plain


def append_terms(text: str, added: dict[str, dict[str, Term]]) -> tuple[str, list[str]]:
    """vocabularies.yml's text with the new terms appended at the end of their sections, and the
    sections that could not be appended to (written in flow style): those are left as they were."""
    lines = text.splitlines()
    skipped = []
    for name, terms in added.items():
        if not terms:
            continue
        start = next((i for i, line in enumerate(lines) if re.match(rf"{name}\s*:\s*(?:#.*)?$", line)), None)
        if start is None:
            skipped.append(name)
            continue
        end = start + 1
        indent = "  "
        last = start
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "#")):
            if lines[end].strip() and not lines[end].lstrip().startswith("#"):
                last = end
                if indent == "  " and end == _first_item(lines, start):
                    indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())]
            end += 1
        block = []
        for term in terms.values():
            block += [f"{indent}{term.id}:", f"{indent}{indent}label: {_scalar(term.label)}"]
        lines[last + 1:last + 1] = block
    return "\n".join(lines) + "\n", skipped


def not_appendable(text: str, names: tuple[str, ...] = ADDABLE) -> list[str]:
    """The sections of vocabularies.yml that new terms cannot be appended to (flow style, or absent)."""
    return [name for name in names if not re.search(rf"(?m)^{name}\s*:\s*(?:#.*)?$", text)]


def _first_item(lines: list[str], start: int) -> int:
    return next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                start)


def _scalar(text: str) -> str:
    """`text` as a plain YAML scalar when that reads back the same, else double-quoted."""
    if re.fullmatch(r"[A-Za-z0-9À-ɏ][\w .+/()&'-]*", text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
