"""The theme's templates rewritten for Zensical, which renders with MiniJinja and runs no plugins.

MiniJinja has no i18n extension and none of the globals the `mentorship` plugin installs
(plugin.py `on_env`), so `mentorhub export` writes each template with them resolved ahead of time,
in the site's default language:

- `{% trans k=v %}…{% endtrans %}` becomes the translated text, `%(k)s` replaced by `{{ v }}`;
- `_("…", k=v)`, `gettext(…)` and `ngettext(s, p, n, k=v)` become string expressions (the
  message is HTML, the values escaped, as Jinja's newstyle gettext does under autoescape), a plural
  picked with the catalogue's own Plural-Forms rule written as a MiniJinja condition;
- `mh_plural(s, p)` becomes its forms as a literal map; `mh_pages`, `mh_contact`, `mh_language`,
  `mh_editions` and `mh_feeds` are read from `config.extra.mentorhub` (zensical.py writes them);
- `mh_picture(src, slot)` reads the thumbnails the export lists in `config.extra.mentorhub.pictures`;
- `.items()`, `.split()[0]` and `.endswith(…)` become MiniJinja's filters and tests, and
  `| forceescape` (not in MiniJinja) escapes the one character left to escape after `tojson`;
- `| mh_number` is dropped: a count is shown as the number itself ("1000", not "1,000").

Comments are emptied (they quote these very calls), their lines kept, so an error's line number
is the source's. Nothing here imports MkDocs or Zensical.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Callable, Iterator

from ..content.languages import Language

EXTRA = "config.extra.mentorhub"
GLOBALS = ("mh_pages", "mh_contact", "mh_language", "mh_editions", "mh_feeds")
_COMMENT = re.compile(r"\{#(-?).*?(-?)#\}", re.DOTALL)
_TRANS = re.compile(r"\{%(-?)\s*trans\b(.*?)(-?)%\}(.*?)\{%(-?)\s*endtrans\s*(-?)%\}", re.DOTALL)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_CALL = re.compile(r"(?<![\w.])(_|gettext|ngettext|mh_plural|mh_picture)\(")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
# Python's methods, which Jinja allows and MiniJinja (without its pycompat mode) does not.
_PYTHON_METHODS = [(re.compile(r"\.items\(\)"), " | items"), (re.compile(r"\.split\(\)\[0\]"), " | split | first"),
                   (re.compile(r"\.endswith\(([\"'][^\"']*[\"'])\)"), r" is endingwith(\1)"),
                   # an attribute's JSON: MiniJinja's tojson already escapes < > & ' (as \u…); left: "
                   (re.compile(r"\|\s*forceescape\b"), "| replace('\"', '&quot;') | safe")]
_SAMPLES = (*range(1, 112), 0, 1000, 1_000_000)  # a number in every plural category of every language
_BODY_VAR = re.compile(r"\{\{-?\s*(\w+)\s*-?\}\}")


class TemplateError(ValueError):
    """A template uses the i18n syntax in a way this rewrite does not know."""


def rewrite(source: str, words: Language, escape: bool = True) -> str:
    """`source` (a theme template) as MiniJinja renders it without the plugin's helpers; `escape`:
    each `{{ … }}` escaped, as the plugin has Jinja autoescape our HTML templates (Zensical does not)."""
    text = _COMMENT.sub(lambda m: "{#" + m[1] + "\n" * m[0].count("\n") + " " + m[2] + "#}", source)
    text = _TRANS.sub(lambda m: _trans_block(m, words), text)
    text = _TAG.sub(lambda m: _tag(m[0], words), text)
    return _escape_outputs(text, _macros(text)) if escape else text


def _macros(text: str) -> set[str]:
    """The macros a template defines or imports, and `super`/`caller`: their output is the
    template's own markup, which Jinja marks safe and MiniJinja without autoescape does not."""
    names = set(re.findall(r"\{%-?\s*macro\s+(\w+)", text)) | {"super", "caller"}
    for imported in re.findall(r"\{%-?\s*from\s+\S+\s+import\s+([\w\s,]+?)\s*-?%\}", text):
        names |= {name.strip() for name in imported.split(",")}
    return names


def _escape_outputs(text: str, macros: set[str]) -> str:
    """Each `{{ x }}` as `{{ (x) | e }}`: MiniJinja's escape leaves a value marked safe as it is,
    as Jinja's autoescape does. A `}}` inside the expression's strings or maps does not end it."""
    out, pos = [], 0
    while (start := text.find("{{", pos)) != -1:
        end = _expression_end(text, start + 2)
        left = "-" if text.startswith("{{-", start) else ""
        right = "-" if text[end - 1] == "-" else ""
        expr = text[start + 2 + len(left):end - len(right)].strip()
        out.append(text[pos:start])
        if re.search(r"\|\s*(e|escape|safe)\s*$", expr) or re.match(r"(\w+)\(", expr) and expr.split("(")[0] in macros:
            out.append(text[start:end + 2])
        else:
            out.append(f"{{{{{left} ({expr}) | e {right}}}}}")
        pos = end + 2
    out.append(text[pos:])
    return "".join(out)


def _scan(text: str, pos: int, depth: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character from `pos` outside string literals, with its bracket depth (the depth
    before a closing bracket is counted, after an opening one): the one scanner the three
    look-ups below share."""
    quote = ""
    while pos < len(text):
        char = text[pos]
        if quote:
            if char == "\\":
                pos += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        else:
            if char in "([{":
                depth += 1
            yield pos, char, depth
            if char in ")]}":
                depth -= 1
        pos += 1


def _expression_end(text: str, pos: int) -> int:
    """Where the `}}` closing an output that starts at `pos` is."""
    for at, char, depth in _scan(text, pos):
        if char == "}" and depth == 0 and text.startswith("}}", at):
            return at
    raise TemplateError(f"unclosed {{{{ in {text[:80]!r}")


def _trans_block(match: re.Match[str], words: Language) -> str:
    """`{% trans %}` (trimmed, as plugin.py sets the policy) → the translated text as template text."""
    open_left, params, open_right, body, close_left, close_right = match.groups()
    if "pluralize" in body:
        raise TemplateError("{% pluralize %} is not supported in an exported template")
    values = {}
    for param in _split_top_level(params.strip()):
        name, _, expr = param.partition("=")
        values[name.strip()] = expr.strip() or name.strip()
    msgid = re.sub(r"\s*\n\s*", " ", body.strip()).replace("%", "%%")
    msgid = _BODY_VAR.sub(lambda m: f"%({m[1]})s", msgid)
    for name in _PLACEHOLDER.findall(msgid):
        if name:
            values.setdefault(name, name)
    translated = words.translations.gettext(msgid)
    out = _PLACEHOLDER.sub(lambda m: "%" if m[0] == "%%" else "{{ " + values[m[1]] + " }}", translated)
    return f"{{%{open_left} if true {open_right}%}}{out}{{%{close_left} endif {close_right}%}}"


def _tag(tag: str, words: Language) -> str:
    """One `{{ … }}` or `{% … %}`: its gettext calls and the plugin's globals resolved."""
    text = _calls(tag, words)
    text = re.sub(r"(?<![\w.])(" + "|".join(GLOBALS) + r")\b",
                  lambda m: f"{EXTRA}.{m[1].removeprefix('mh_')}", text)
    text = re.sub(r"\s*\|\s*mh_number\b", "", text)
    for pattern, replacement in _PYTHON_METHODS:
        text = pattern.sub(replacement, text)
    return text


def _calls(text: str, words: Language) -> str:
    """`text` with each call of a helper replaced (those in its arguments too)."""
    out, pos = [], 0
    for match in _CALL.finditer(text):
        if match.start() < pos:
            continue  # inside a call already rewritten (an argument of it)
        args, end = _arguments(text, match.end())
        out.append(text[pos:match.start()])
        out.append(_call(match[1], args, words))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _call(name: str, args: list[str], words: Language) -> str:
    positional = [_calls(a, words) for a in args if not _is_keyword(a)]
    keywords = dict((k.strip(), _calls(v.strip(), words)) for k, _, v in (a.partition("=") for a in args if _is_keyword(a)))
    if name == "mh_picture":
        src, slot = positional
        return f"({EXTRA}.pictures[{src}] or {{}})[{slot}]"
    if name == "mh_plural":
        categories = words.plural_forms(_literal(positional[0]), _literal(positional[1]))
        return "({" + ", ".join(f"{_quote(k)}: {_quote(v)}" for k, v in categories.items()) + "})"
    if name in ("_", "gettext"):
        return _message(words.translations.gettext(_literal(positional[0])), keywords)
    singular, plural, count = _literal(positional[0]), _literal(positional[1]), positional[2]
    keywords.setdefault("num", count)
    rule, forms = _plural_rule(words, singular, plural)
    choices = [_message(form, keywords) for form in forms]
    expr = choices[-1]
    for index in range(len(choices) - 2, -1, -1):
        expr = f"({choices[index]} if ({rule(count)}) == {index} else {expr})"
    return expr


def _message(translated: str, keywords: dict[str, str]) -> str:
    """A message as an expression: the text as HTML (Markup, as newstyle gettext makes it), each
    `%(name)s` the value escaped; `%%` is a per cent sign (the `%` newstyle gettext always applies)."""
    parts, pos = [], 0
    for match in _PLACEHOLDER.finditer(translated):
        parts.append(_quote(translated[pos:match.start()]))
        if match[0] == "%%":
            parts.append(_quote("%"))
        else:
            if match[1] not in keywords:
                raise TemplateError(f"no value for %({match[1]})s in {translated!r}")
            parts.append(f"(({keywords[match[1]]}) | e)")
        pos = match.end()
    parts.append(_quote(translated[pos:]))
    return "((" + " ~ ".join(p for p in parts if p != '""') + ") | safe)" if len(parts) > 1 else f"({parts[0]} | safe)"


def _plural_rule(words: Language, singular: str, plural: str) -> tuple[Callable[[str], str], list[str]]:
    """The catalogue's plural rule as a MiniJinja expression of the count, and the message's forms by index."""
    header = words.translations.info().get("plural-forms", "nplurals=2; plural=(n != 1);")
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header)[1])  # type: ignore[index]
    c_expr = re.search(r"plural\s*=\s*([^;]+)", header)[1]  # type: ignore[index]
    pick = gettext.c2py(c_expr)
    parse: Callable[..., tuple[str, str]] = getattr(gettext, "_parse")
    tokenize: Callable[[str], object] = getattr(gettext, "_tokenize")
    python_expr = parse(tokenize(c_expr))[0]  # C's `a ? b : c` as Python's `b if a else c`: also MiniJinja's
    # A count of each form (1 first: a message the catalogue lacks falls back to English's rule)
    samples = [next((n for n in _SAMPLES if pick(n) == index), 1) for index in range(nplurals)]
    forms = [words.translations.ngettext(singular, plural, n) for n in samples]
    return (lambda count: re.sub(r"\bn\b", f"({count})", python_expr)), forms


def _arguments(text: str, start: int) -> tuple[list[str], int]:
    """The arguments of a call whose `(` ends at `start`, as source text, and where the call ends."""
    for at, char, depth in _scan(text, start, depth=1):
        if char in ")]}" and depth == 1:
            return _split_top_level(text[start:at]), at + 1
    raise TemplateError(f"unclosed call in {text!r}")


def _split_top_level(text: str) -> list[str]:
    """`a, b=(c, d)` → ["a", "b=(c, d)"]: commas outside brackets and strings."""
    cuts = [at for at, char, depth in _scan(text, 0) if char == "," and depth == 0]
    parts = [text[a + 1:b].strip() for a, b in zip([-1, *cuts], [*cuts, len(text)])]
    return [part for part in parts if part]


def _is_keyword(arg: str) -> bool:
    return re.match(r"\w+\s*=(?!=)", arg) is not None


def _literal(arg: str) -> str:
    value = ast.literal_eval(arg.strip())
    if not isinstance(value, str):
        raise TemplateError(f"a message must be a string literal, not {arg!r}")
    return value


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
