"""Issue 14's input classes: each bad value gets a 4xx naming the field, and nothing is written.

Several siblings per class, not only the issue's examples: control and format characters in
every single-line field, addresses `email-validator` refuses, lists and answers beyond what the
form offers, JSON that is not RFC 8259, and NUL bytes anywhere in a request.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from inbox_support import ORIGIN, Env, adult, post_json

JSON_HEADERS = {"Accept": "application/json", "Origin": ORIGIN}

# (code point, what it is): every one is Unicode category Cc, Cf, Zl or Zp
INVISIBLE = [("\r", "CR"), ("\n", "LF"), ("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR"),
             ("\x00", "NUL"), ("\x1b", "ESC"), ("\x7f", "DEL"), ("\x85", "NEL (C1)"), ("\x9b", "CSI (C1)"),
             ("\u202a", "LRE"), ("\u202e", "RLO"), ("\u2066", "LRI"), ("\u2069", "PDI"), ("\u200e", "LRM"),
             ("\u200f", "RLM"), ("\u061c", "ALM"), ("\u200b", "ZWSP"), ("\u200c", "ZWNJ"), ("\u200d", "ZWJ"),
             ("\u2060", "WJ"), ("\ufeff", "BOM")]
# Multi-line text keeps CR and LF (and tab) but nothing else of the list above.
LINE_BREAKS = {"\r", "\n"}


def _with(name: str, char: str) -> dict[str, Any]:
    """An otherwise valid request with `char` inside the value of `name`."""
    minor = adult(age_band="16-17", mentor="lee", guardian_name="Maria Silva", guardian_email="maria@example.org",
                  interests=["careers"])
    values: dict[str, Any] = {
        "preferred_name": f"Ru{char}i", "email": f"rui{char}@example.org", "guardian_name": f"Maria{char} Silva",
        "guardian_email": f"maria{char}@example.org", "mentor": f"lee{char}", "privacy_version": f"2026{char}-09",
        "submission_id": f"abc{char}123", "goals": f"first{char}job",
        "answers": {"school": f"River{char}side"}, "interests": [f"care{char}ers"], "languages": [f"e{char}n"],
        "availability": [f"week{char}ends"],
    }
    return {**minor, name: values[name]}


SINGLE_LINE = ("preferred_name", "email", "guardian_name", "guardian_email", "mentor", "privacy_version",
               "submission_id", "answers", "interests", "languages", "availability")
CHARACTER_CASES = [(name, char, label) for name in SINGLE_LINE for char, label in INVISIBLE] + [
    ("goals", char, label) for char, label in INVISIBLE if char not in LINE_BREAKS]

BAD_EMAILS = ["<svg/onload=alert(1)>@example.org", "rui@exa,mple.org", "rui@-example.org", "mailto:rui@example.org",
              "r" * 65 + "@example.org", "ｒｕｉ@example.org", "rui@ex\u0430mple.org", "r\u0443i@example.org",
              "rui\u200b@example.org", "rui@example.org\u200b", "rui@@example.org", "rui@example", "rui@.org",
              "rui@example..org", ".rui@example.org", "\"rui\"@example.org", "rui@[127.0.0.1]",
              "rui@example.org, eve@example.org", "rui@" + "a" * 64 + ".org"]

LIST_CASES = [
    ("a thousand interests", {"interests": [f"topic-{i}" for i in range(1000)]}, "interests"),
    ("an interest no mentor offers", {"interests": ["python", "astrology"]}, "interests"),
    ("an interest in html", {"interests": ["<b>python</b>"]}, "interests"),
    ("a long language code", {"languages": ["e" * 10_000]}, "languages"),
    ("an unknown language code", {"languages": ["xx-evil"]}, "languages"),
    ("a valid code no mentor speaks", {"languages": ["fr"]}, "languages"),
    ("a three-letter code", {"languages": ["eng"]}, "languages"),
    ("a capitalised code", {"languages": ["EN"]}, "languages"),
    ("150 copies of en", {"languages": ["en"] * 150}, "languages"),
    ("ten copies of weekends", {"availability": ["weekends"] * 10}, "availability"),
    ("a 5,000-character answer", {"answers": {"school": "s" * 5000}}, "answers.school"),
    ("a 1,001-character answer", {"answers": {"school": "s" * 1001}}, "answers.school"),
    ("an unknown answer", {"answers": {"shoe_size": "42"}}, "answers.shoe_size"),
    ("an unknown dotted answer", {"answers.shoe_size": "42"}, "answers.shoe_size"),
    ("a radios answer that is not an option", {"answers": {"heard": "Billboard"}}, "answers.heard"),
    ("a radios answer in another case", {"answers": {"heard": "friend"}}, "answers.heard"),
]

NOT_JSON = [
    ("NaN", '{"preferred_name": NaN}'), ("Infinity", '{"preferred_name": Infinity}'),
    ("-Infinity", '{"preferred_name": -Infinity}'), ("NaN in a list", '{"languages": [NaN]}'),
    ("NaN in answers", '{"answers": {"school": NaN}}'),
    *[(f"depth {depth}", '{"answers": ' + "[" * depth + "]" * depth + "}") for depth in (40, 3000, 5000, 12_000)],
    ("deep objects", '{"a": ' + '{"a": ' * 4000 + "1" + "}" * 4001),
    ("unbalanced depth", "[" * 10_000),
]


def _refused(env: Env, reply: Any, status: int, field: str) -> None:
    assert reply.status_code == status, reply.text
    errors = reply.json()["errors"]
    assert field in errors and errors[field], errors
    assert env.counts() == (0, 0), "nothing may be written for a refused request"
    assert env.scalar("SELECT count(*) FROM audit_events") == 0


@pytest.fixture
def extra_fields(env: Env) -> TestClient:
    """The test programme's `school` question, plus a radios one and a textarea one."""
    mkdocs = env.programme[1]
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + """\
          - name: heard
            label: How did you hear of us?
            control: radios
            options: [Friend, School]
          - name: story
            label: Tell us about yourself
            control: textarea
""", encoding="utf-8")
    return env.client()


@pytest.mark.parametrize("name, char, label", CHARACTER_CASES, ids=[f"{n}-{lb}" for n, _, lb in CHARACTER_CASES])
def test_control_and_format_characters_are_refused(env: Env, client: TestClient, name: str, char: str,
                                                   label: str) -> None:
    field = "answers.school" if name == "answers" else name
    _refused(env, post_json(client, _with(name, char)), 422, field)


@pytest.mark.parametrize("char", ["\r", "\n", "\t"], ids=["CR", "LF", "tab"])
def test_multi_line_text_keeps_line_breaks(env: Env, extra_fields: TestClient, char: str) -> None:
    reply = post_json(extra_fields, adult(goals=f"first{char}job", answers={"story": f"one{char}two"}))
    assert reply.status_code == 200, reply.text
    row = env.rows("SELECT goals, answers FROM requests")[0]
    answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
    assert row["goals"] == f"first{char}job" and answers == {"story": f"one{char}two"}


@pytest.mark.parametrize("char", ["\r", "\n"], ids=["CR", "LF"])
def test_single_line_answers_refuse_line_breaks(env: Env, extra_fields: TestClient,
                                                char: str) -> None:
    _refused(env, post_json(extra_fields, adult(answers={"school": f"River{char}side"})), 422, "answers.school")


@pytest.mark.parametrize("email", BAD_EMAILS)
@pytest.mark.parametrize("field", ["email", "guardian_email"])
def test_addresses_email_validator_refuses(env: Env, client: TestClient, field: str, email: str) -> None:
    data = adult(age_band="16-17", mentor="lee", guardian_name="Maria", guardian_email="maria@example.org",
                 interests=["careers"])
    data[field] = email
    reply = post_json(client, data)
    _refused(env, reply, 422, field)
    assert reply.json()["errors"][field] in ("Enter an email address in the correct format, like name@example.com",
                                             "This answer contains characters that cannot be stored; remove them "
                                             "and try again")


@pytest.mark.parametrize("given, stored", [("Rui@Example.ORG", "rui@example.org"),
                                           ("rui@ｅｘａｍｐｌｅ.org", "rui@example.org"),
                                           ("rui@BÜCHER.de", "rui@bücher.de")])
def test_addresses_are_stored_normalised(env: Env, client: TestClient, given: str, stored: str) -> None:
    assert post_json(client, adult(email=given)).status_code == 200
    assert env.rows("SELECT email, email_key FROM requests")[0] == {"email": stored, "email_key": stored}


def test_look_alike_addresses_share_one_open_request_cap(env: Env, client: TestClient) -> None:
    for email in ("rui@example.org", "RUI@EXAMPLE.ORG", "rui@ｅｘａｍｐｌｅ.ｏｒｇ"):
        assert post_json(client, adult(email=email)).status_code == 200
    for email in ("Rui@Example.org", "rui@ＥＸＡＭＰＬＥ.org", "ｒｕｉ@example.org", "rui\u200b@example.org"):
        reply = post_json(client, adult(email=email))
        assert reply.status_code == 422 and "email" in reply.json()["errors"], (email, reply.text)
    assert env.counts()[0] == 3


@pytest.mark.parametrize("case, changes, field", LIST_CASES, ids=[c[0] for c in LIST_CASES])
def test_lists_and_answers_only_hold_what_the_form_offers(env: Env, extra_fields: TestClient,
                                                          case: str, changes: dict[str, Any], field: str) -> None:
    _refused(env, post_json(extra_fields, adult(**changes)), 422, field)


def test_a_few_repeated_choices_are_stored_once(env: Env, client: TestClient) -> None:
    reply = post_json(client, adult(languages=["en", "en"], interests=["python", "python"],
                                    availability=["weekends", "weekends"]))
    assert reply.status_code == 200, reply.text
    row = env.rows("SELECT languages, interests, availability FROM requests")[0]
    decoded = {k: json.loads(v) if isinstance(v, str) else v for k, v in row.items()}
    assert decoded == {"languages": ["en"], "interests": ["python"], "availability": ["weekends"]}


@pytest.mark.parametrize("case, body", NOT_JSON, ids=[c[0] for c in NOT_JSON])
def test_json_that_is_not_rfc_8259_is_refused_on_body(env: Env, client: TestClient, case: str, body: str) -> None:
    reply = client.post("/requests", content=body, headers={**JSON_HEADERS, "Content-Type": "application/json"})
    _refused(env, reply, 400, "body")


@pytest.mark.parametrize("name", ["preferred_name", "email", "goals", "mentor", "privacy_version", "submission_id",
                                  "interests", "languages", "answers.school", "guardian_name", "next"])
@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_nul_bytes_are_refused_alike_on_both_databases(env: Env, client: TestClient, name: str, form: bool) -> None:
    data = adult(age_band="16-17", mentor="lee", guardian_name="Maria", guardian_email="maria@example.org",
                 interests=["careers"])
    data[name] = [f"a\x00{name}"] if name in ("interests", "languages") else f"a\x00{name}"
    if form:
        reply = client.post("/requests", content=urlencode(data, doseq=True),
                            headers={**JSON_HEADERS, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        reply = post_json(client, data)
    _refused(env, reply, 422, name)


HONEYPOTS = ["x" * 201, "x" * 5000, "http://spam.example/" + "a" * 300, "spam\x00\x1b\u202e" + "y" * 300,
             ["one", "two"], {"an": "object"}, 12345]


@pytest.mark.parametrize("website", HONEYPOTS, ids=["201", "5000", "url", "controls", "list", "object", "number"])
def test_the_honeypot_never_gives_itself_away(env: Env, client: TestClient, website: Any) -> None:
    real = post_json(client, adult(email="real@example.org"))
    spam = post_json(client, adult(website=website))
    assert (spam.status_code, sorted(spam.json())) == (real.status_code, sorted(real.json())) == (
        200, sorted(real.json())), spam.text
    row = env.rows("SELECT spam, honeypot FROM requests WHERE email = 'rui@example.org'")[0]
    assert row["spam"] in (True, 1) and 0 < len(row["honeypot"]) <= 200


@pytest.mark.parametrize("band", ["18-plus"])
@pytest.mark.parametrize("guardian", [{"guardian_name": "Maria", "guardian_email": "maria@example.org"},
                                      {"guardian_name": "Maria"}, {"guardian_email": "maria@example.org"},
                                      {"guardian_name": "Maria", "guardian_email": "not an address"}])
def test_an_adults_guardian_fields_are_not_stored(env: Env, client: TestClient, band: str,
                                                  guardian: dict[str, str]) -> None:
    reply = post_json(client, adult(age_band=band, **guardian))
    assert reply.status_code == 200, reply.text
    row = env.rows("SELECT guardian_name, guardian_email FROM requests")[0]
    assert row == {"guardian_name": None, "guardian_email": None}


def test_a_minors_guardian_fields_are_stored(env: Env, client: TestClient) -> None:
    reply = post_json(client, adult(age_band="16-17", mentor="lee", interests=["careers"], guardian_name="Maria",
                                    guardian_email="Maria@Example.org"))
    assert reply.status_code == 200, reply.text
    row = env.rows("SELECT guardian_name, guardian_email FROM requests")[0]
    assert row == {"guardian_name": "Maria", "guardian_email": "maria@example.org"}


# A second body under the first one's submission id: what changes (409) and what does not (200, first answer).
OTHER_BODIES = [("another name", {"preferred_name": "Eve"}), ("another address", {"email": "eve@example.org"}),
                ("other goals", {"goals": "Something else"}), ("another mentor", {"mentor": "lee"}),
                ("other languages", {"languages": ["en"]}), ("another format", {"format": "virtual"}),
                ("an answer added", {"answers": {"school": "Riverside"}}), ("the honeypot filled", {"website": "x"})]
SAME_BODIES = [("sent again", {}), ("spaces around", {"preferred_name": "  Rui  ", "goals": " Find my first job in "
                                                      "software "}),
               ("address in capitals", {"email": "RUI@EXAMPLE.ORG"}), ("a form's next", {"next": ORIGIN + "/x/"})]


@pytest.mark.parametrize("case, changes", OTHER_BODIES, ids=[c[0] for c in OTHER_BODIES])
def test_a_reused_submission_id_with_another_body_is_refused(env: Env, client: TestClient, case: str,
                                                             changes: dict[str, Any]) -> None:
    first = adult(submission_id="reused-id-1")
    assert post_json(client, first).status_code == 200
    reply = post_json(client, {**first, **changes})
    assert reply.status_code == 409 and reply.json()["errors"]["submission_id"], reply.text
    assert env.counts() == (1, 1)


@pytest.mark.parametrize("case, changes", SAME_BODIES, ids=[c[0] for c in SAME_BODIES])
def test_the_same_body_again_gets_the_first_answer(env: Env, client: TestClient, case: str,
                                                   changes: dict[str, Any]) -> None:
    first = adult(submission_id="reused-id-2")
    answer = post_json(client, first)
    assert answer.status_code == 200
    again = post_json(client, {**first, **changes})
    assert again.status_code == 200 and again.json() == answer.json(), again.text
    assert env.counts() == (1, 1)


@pytest.fixture
def published_notice(env: Env) -> TestClient:
    """The programme publishes privacy notice version 2026-09 (content/privacy.md's front matter)."""
    notice = env.programme[1].parent / "content" / "privacy.md"
    notice.parent.mkdir(exist_ok=True)
    notice.write_text("---\ntitle: Privacy notice\nversion: 2026-09\n---\n\nWhat we keep.\n", encoding="utf-8")
    return env.client()


@pytest.mark.parametrize("version", ["2026-08", "2026-10", "1", "2026-09-old", "latest", "2026_09", "x" * 40])
def test_a_privacy_version_never_published_is_refused(env: Env, published_notice: TestClient, version: str) -> None:
    _refused(env, post_json(published_notice, adult(privacy_version=version)), 422, "privacy_version")


@pytest.mark.parametrize("version", ["2026-09", " 2026-09 "])
def test_the_published_privacy_version_is_accepted(env: Env, published_notice: TestClient, version: str) -> None:
    assert post_json(published_notice, adult(privacy_version=version)).status_code == 200
    assert env.rows("SELECT privacy_version FROM requests")[0] == {"privacy_version": "2026-09"}


def test_without_a_readable_notice_any_plain_version_is_kept(env: Env, client: TestClient) -> None:
    """Only mentors.json (no privacy page the inbox can read): the version is kept as sent."""
    assert post_json(client, adult(privacy_version="2026-08")).status_code == 200
