"""Bar charts as accessible inline SVG, and each chart's data for `impact.html`: the one chart
the impact page draws, for the content's counts and the inbox's outcomes alike."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ..content.languages import ENGLISH, Language
from ..content.text import id_from

# Chart geometry, in SVG user units: each row is a label line with its bar and number below,
# so long labels never squeeze the bars; 360 wide, so a phone shrinks the text by 10% at most.
CHART_WIDTH = 360
FONT_SIZE = 14
BAR_HEIGHT = 14
ROW_HEIGHT = 40
VALUE_ROOM = 48  # room right of the longest bar for its number
BAR_STYLE = "fill:var(--mh-chart-bar,#00695c)"
TEXT_STYLE = "fill:var(--mh-chart-text,currentColor)"
TOP_BARS = 10
"""Bars a chart draws at most. A programme with 211 topics got 211 bars (14,062 px); a longer
list draws its largest values (the lists are by count) and puts every row in a table behind a
disclosure, which needs no JavaScript."""


def render_bar_chart(title: str, rows: Sequence[tuple[str, float]], *, summary: str = "",
                     chart_id: str | None = None, largest: float | None = None, unit: str = "",
                     words: Language = ENGLISH) -> str:
    """An accessible horizontal bar chart as inline SVG, the same bytes for the same input.

    Named by its `<title>` and described by a `<desc>` that reads out every value; each
    label and number is drawn as text, so nothing depends on colour. Colours come from CSS
    custom properties with fallbacks: `--mh-chart-bar` (impact.css sets it per scheme) and
    `--mh-chart-text` (unset, so text takes the scheme's own colour). `chart_id` (default:
    from the title) must be unique on the page, for `aria-labelledby`. A bar's full width is
    `largest` (default: the largest value; 100 for percentages, 5 for a 1-to-5 scale's means);
    numbers are written as whole numbers or to one decimal, followed by `unit` ("%"), in the
    language `words` (its digits and decimal sign; "80 %" where it spaces percentages).
    """
    base = escape(chart_id or f"mh-chart-{id_from(title)}")
    values = "; ".join(words.gettext("%(label)s: %(value)s", label=label, value=figure_text(value, unit, words))
                       for label, value in rows) or words.gettext("no data")
    desc = f"{summary} {values}." if summary else f"{values}."
    largest = largest or max((value for _, value in rows), default=0) or 1
    span = CHART_WIDTH - VALUE_ROOM
    height = max(len(rows), 1) * ROW_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mh-chart" role="img" width="{CHART_WIDTH}" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" font-size="{FONT_SIZE}" '
        f'aria-labelledby="{base}-title {base}-desc">',
        f'<title id="{base}-title">{escape(title)}</title>',
        f'<desc id="{base}-desc">{escape(desc)}</desc>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{FONT_SIZE + 4}" style="{TEXT_STYLE}">{escape(words.gettext("None yet"))}</text>')
    for index, (label, value) in enumerate(rows):
        top = index * ROW_HEIGHT
        bar_y = top + FONT_SIZE + 8
        width = span * value / largest
        parts.append(f'<text x="0" y="{top + FONT_SIZE + 2}" style="{TEXT_STYLE}">{escape(label)}</text>')
        if value:
            parts.append(f'<rect x="0" y="{bar_y}" width="{_number(width)}" height="{BAR_HEIGHT}" '
                         f'rx="2" style="{BAR_STYLE}"/>')
        parts.append(f'<text x="{_number(width + 6)}" y="{bar_y + BAR_HEIGHT - 3}" font-weight="700" '
                     f'style="{TEXT_STYLE}">{escape(figure_text(value, unit, words))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def figure_text(value: float, unit: str = "", words: Language = ENGLISH) -> str:
    """A figure as the page writes it: a whole number as it is, a mean to one decimal, a
    percentage (`unit` "%") as the language writes one ("80%", "80 %"). English keeps its digits
    as the site always wrote them ("1000", "2.0"); another language takes CLDR's ("2,5")."""
    if unit == "%" and words.code != ENGLISH.code:
        return words.format_percent(value / 100)
    if words.code == ENGLISH.code:
        return (str(value) if isinstance(value, int) else f"{value:.1f}") + unit
    return (words.format_number(value) if isinstance(value, int) else words.format_number(round(value, 1))) + unit


def _number(value: float) -> str:
    """Coordinates to one decimal, without trailing zeros: stable across platforms."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_data(key: str, title: str, column: str, unit: str, rows: Sequence[tuple[str, float]], note: str = "", *,
               summary: str, many: tuple[str, str, str, str] | None = None, largest: float | None = None,
               suffix: str = "", words: Language = ENGLISH) -> dict[str, Any]:
    """A chart and the table of its numbers, in the language `words`; the note says in words
    what the chart shows, and `summary` ("Mentors by topic", translated) begins its description.

    Past `TOP_BARS` rows the chart draws the first ones, `top` says so, and `all_label` names the
    disclosure around the full table; both are empty for a short list, whose table stays in view
    beside its chart. `many` is their plural messages (NP_ pairs, flattened: the top's singular and
    plural, then the disclosure's), for a chart whose rows can be that many."""
    chart_id = f"mh-chart-{key}"
    long = many is not None and len(rows) > TOP_BARS
    top = words.ngettext(many[0], many[1], TOP_BARS, total=words.format_number(len(rows))) if many and long else ""
    described = f"{summary}; {top[0].lower()}{top[1:]}." if top else f"{summary}."
    return {"id": chart_id, "title": title, "note": note, "column": column, "unit": unit,
            "svg": render_bar_chart(title, rows[:TOP_BARS], summary=described, chart_id=chart_id,
                                    largest=largest, unit=suffix, words=words),
            "rows": [{"label": label, "count": count} for label, count in rows],
            "top": f"{top}." if top else "", "all_label": words.ngettext(many[2], many[3], len(rows)) if many and long else ""}
