"""The one profile writer (mentorhub/content/profile_yaml.py): fields in the model's order, and
Markdown typed into a form kept as Markdown while it is made readable in a `|` block."""

from __future__ import annotations

import pytest
import yaml

from mentorhub.content.profile_yaml import in_model_order, reflowed, render

LONG = ("Sessions are practical: we pick a small project together, write it step by step and look back at "
        "what was hard.")


def test_fields_come_in_the_models_order_and_empty_or_unknown_ones_are_left_out() -> None:
    profile = in_model_order({"capacity": 2, "pronouns": " ", "links": [], "name": "Ana", "sessions": False,
                              "location": {"country": "PT", "city": "Porto", "region": None},
                              "phone": "+351 912 345 678"})
    assert list(profile) == ["name", "location", "capacity", "sessions"]
    assert list(profile["location"]) == ["city", "country"]


@pytest.mark.parametrize(("typed", "kept"), [
    (f"{LONG}\r\n\r\n\r\nThanks.  ", "Sessions are practical: we pick a small project together, write it step by step "
                                    "and\nlook back at what was hard.\n\nThanks."),  # 86 columns: 88 in the file
    ("First line\rsecond line", "First line second line"),  # one paragraph, as Markdown reads it
    (f"## What I offer\n{LONG}", f"## What I offer\n{LONG}"),
    (f"> {LONG}", f"> {LONG}"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n|---|---|\n| 1 | 2 |"),
    (f"1. {LONG}\n2. Then more", f"1. {LONG}\n2. Then more"),
    (f"```\ncode\n\n\n  {LONG}\n```", f"```\ncode\n\n\n  {LONG}\n```"),
    (f"    indented code {LONG}", f"    indented code {LONG}"),
    (f"See [my site][1].\n\n[1]: https://example.org/{'a' * 90}\n{LONG}",
     f"See [my site][1].\n\n[1]: https://example.org/{'a' * 90}\n{LONG}"),
    (f"<details><summary>More</summary>\n{LONG}", f"<details><summary>More</summary>\n{LONG}"),
])
def test_markdown_typed_into_a_form_keeps_its_meaning(typed: str, kept: str) -> None:
    assert reflowed(typed) == kept


def test_a_reflowed_bio_is_a_block_that_reads_back_as_written() -> None:
    bio = reflowed(f"{LONG}  \r\n\r\n- one\r\n- two")
    text = render({"name": "Ana", "bio": bio})
    assert "bio: |\n  Sessions are practical" in text
    assert yaml.safe_load(text)["bio"] == bio + "\n"
