"""Python reads training progress codes as progress.js does, on the vectors Node checks
(tests/js/vectors/progress-codes.json): every short code, typed carelessly, and every long one,
imports as saved; every refused one is refused with the browser's reason (issue 20's dashboard
shows what an applicant's code claims)."""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import Any

import pytest

from mentorhub.content.progress_codes import REFUSALS, ProgressCodeError, read_code
from support import REPO

CODES: dict[str, Any] = json.loads((REPO / "tests" / "js" / "vectors" / "progress-codes.json").read_text("utf-8"))
DEMO: list[str] = CODES["demo_module_ids"]


def _ids(vector: dict[str, Any]) -> list[str]:
    return DEMO if vector["module_ids"] == "demo" else list(vector["module_ids"])


@pytest.mark.parametrize("vector", CODES["short"], ids=lambda v: v["name"])
def test_short_codes_read_as_the_browser_reads_them(vector: dict[str, Any]) -> None:
    assert read_code(vector["code"], _ids(vector)).as_json() == vector["imports_as"]
    typed = vector["code"].lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert read_code(f"\u00a0{typed} ", _ids(vector)).as_json() == vector["imports_as"]


@pytest.mark.parametrize("vector", CODES["long"], ids=lambda v: v["code"][:20])
def test_long_codes_people_saved_still_read(vector: dict[str, Any]) -> None:
    assert read_code(vector["code"], DEMO).as_json() == vector["imports_as"]


@pytest.mark.parametrize("vector", CODES["refused"], ids=lambda v: v["why"])
def test_a_mistyped_or_foreign_code_is_refused_with_the_browsers_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(ProgressCodeError) as refused:
        read_code(vector["code"], DEMO)
    assert refused.value.reason == vector["error"]


def test_the_modules_a_code_claims_complete_are_in_curriculum_order_with_the_day() -> None:
    three = next(v for v in CODES["short"] if v["name"] == "three, the latest date wins")
    assert read_code(three["code"], DEMO).completed() == {
        "mentor-role-and-boundaries": "2026-05-20", "active-listening": "2026-05-20", "closure": "2026-05-20"}
    # the same code on a path one module shorter names a module that path lacks: refused, not misread
    with pytest.raises(ProgressCodeError):
        read_code(three["code"], DEMO[:-1])


def _long(document: object, tail: bytes = b"") -> str:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = packer.compress(json.dumps(document).encode()) + packer.flush() + tail
    return "MH1." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_long_code_keeps_only_well_formed_entries_and_refuses_what_is_not_progress() -> None:
    code = _long({"version": 1, "modules": {"ok": {"completed": "2026-01-02", "passed": "٢٠٢٦-01-02"},
                                             "Bad Id": {"completed": "2026-01-02"}, "text": "no"}})
    assert read_code(code, DEMO).modules == {"ok": {"completed": "2026-01-02"}}  # ASCII digits only, as in JS
    for damaged in (_long({"version": True, "modules": {}}), _long({"version": 2, "modules": {}}),
                    _long({"version": 1, "modules": None}), _long([1]), _long({"version": 1, "modules": {}}, b"x"),
                    "MH1.not*base64", "MH1.a"):
        with pytest.raises(ProgressCodeError, match=re.escape(REFUSALS["damaged"])):
            read_code(damaged, DEMO)
