"""A request without JavaScript: the form again on a refusal (branded, every answer kept, each
message at its field), the inbox's own thank-you page with the reference, and under-13s sent to
the site's "You cannot use this service" page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from mentorhub.inbox.settings import Rate
from inbox_support import ORIGIN, PROGRAMME_YML, Env, adult, post_form, post_json
from mentor_records import write_programme

INBOX = "http://inbox.test"  # the test client's address and the settings' public_url
THANKS = INBOX + "/requests/thanks"
FIELD_IDS = ("preferred_name", "guardian_name", "guardian_email", "age_band", "privacy_consent", "answers.school",
             "(email)", "(goals)")


@pytest.fixture
def programme(tmp_path: Path) -> tuple[Path, Path]:
    return write_programme(tmp_path / "programme")


def visible_text(page: str) -> str:
    """What a reader sees: the page without its tags, attributes and hidden inputs."""
    body = page.split("<body", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def form_of(page: str) -> dict[str, list[str]]:
    """The fields the page's form would send as the browser sends them (checked boxes, selected options)."""
    form = page.split('<form class="request-form"', 1)[1].split("</form>", 1)[0]
    values: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if name is None or (kind and kind.group(1) in ("radio", "checkbox") and " checked" not in tag):
            continue
        values.setdefault(html.unescape(name.group(1)), []).append(html.unescape(value.group(1) if value else ""))
    for name, text in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', form, re.S):
        values.setdefault(name, []).append(html.unescape(text))
    for name, options in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected>', options)
        values.setdefault(name, []).extend(html.unescape(c) for c in chosen[:1])
    return values


def test_a_refused_plain_post_gets_the_form_again_with_every_answer_kept(env: Env, client: TestClient) -> None:
    data = adult(mentor="lee", preferred_name="Zoë <b>", email="zoe@example", age_band="16-17",
                 goals="Learn to\nbuild <script>things</script>", interests=["python", "careers"],
                 languages=["pt"], format="in-person", availability=["weekends", "weekday-evenings"],
                 submission_id="", **{"answers.school": "Riverside & Co"})
    reply = client.post("/requests", data=data, headers={"Origin": ORIGIN})
    assert reply.status_code == 422 and reply.headers["content-type"].startswith("text/html")
    page = reply.text
    text = visible_text(page)
    assert env.counts() == (0, 0), "nothing is stored for a refused request"
    # branded with the programme, GOV.UK error summary linking each message to its field
    assert "<title>Error: Request a mentor – Inbox test programme</title>" in page
    assert f'<a class="brand" href="{ORIGIN}/">Inbox test programme</a>' in page
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in page.split('class="error-summary"', 1)[0][-80:] + summary[:40]
    assert "There is a problem" in summary
    # after the h1 (the outline starts with the page's title) and focused on load, as GOV.UK's
    assert page.index("<h1>") < page.index('class="error-summary"')
    assert 'tabindex="-1" autofocus' in page.split('class="error-summary"', 1)[1].split(">", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [("request-email", "Enter an email address in the correct format, like name@example.com"),
                     ("request-guardian_name", "Enter your parent or guardian&#39;s name"),
                     ("request-guardian_email", "Enter your parent or guardian&#39;s email address")]
    for target, _ in links:  # every link has its field, and the message is at the field too
        assert f'id="{target}"' in page and f'id="{target}-error"' in page
        assert f'aria-describedby="{target}-hint {target}-error"' in page or \
            f'aria-describedby="{target}-error"' in page
    assert 'class="form-group form-group--error" id="request-email-group"' in page
    # human labels and hints from the shared form definition, never field ids
    for label in ("Your preferred name", "Your email address", "How old are you?", "Your school or college",
                  "The name you would like your mentor to use.", "Your parent or guardian's name"):
        assert label in text
    for name in FIELD_IDS:
        assert name not in text, name
    # nothing typed is lost: the form sends back exactly what the mentee sent
    again = form_of(page)
    assert again == {
        "next": [ORIGIN + "/request/thanks/"], "privacy_version": ["2026-09"], "submission_id": [""],
        "mentor": ["lee"], "preferred_name": ["Zoë <b>"], "email": ["zoe@example"], "age_band": ["16-17"],
        "guardian_name": [""], "guardian_email": [""], "goals": ["Learn to\nbuild <script>things</script>"],
        "interests": ["python", "careers"], "languages": ["pt"], "format": ["in-person"],  # in the form's order: the most offered topic first
        "availability": ["weekday-evenings", "weekends"], "answers.school": ["Riverside & Co"],
        "privacy_consent": ["true"], "website": [""]}
    assert "<script>" not in page and "<b>" not in page.split("<body", 1)[1]
    # the programme's CSP: no inline styles or scripts; the form may go on to the site after sending
    (csp,) = reply.headers.get_list("content-security-policy")  # one policy: two would both apply
    assert "default-src 'none'" in csp and "script-src" not in csp and "'unsafe-inline'" not in csp
    assert f"form-action 'self' {ORIGIN} {INBOX}" in csp
    assert " style=" not in page and "<style" not in page
    assert '<form class="request-form" method="post" action="requests"' in page


def test_the_form_again_can_be_sent_from_the_inbox_page(env: Env, client: TestClient) -> None:
    first = post_form(client, adult(age_band="16-17", mentor="lee", email="kim@example.org", next=THANKS))
    assert first.status_code == 422
    again = form_of(first.text)
    again.update({"guardian_name": ["Maria"], "guardian_email": ["maria@example.org"]})
    # the browser posts it from the inbox's own page: its Origin is the inbox's
    reply = client.post("/requests", data=again, headers={"Origin": INBOX})
    assert reply.status_code == 303, reply.text
    location = urlsplit(reply.headers["location"])
    assert location.path == "/requests/thanks" and not location.netloc  # `next` was carried through
    reference = parse_qs(location.query)["ref"][0]
    row = env.rows("SELECT mentor_id, guardian_name, email FROM requests WHERE public_id = :r", r=reference)
    assert [dict(r) for r in row] == [{"mentor_id": "lee", "guardian_name": "Maria", "email": "kim@example.org"}]
    # another site is still refused, and so is a page claiming the inbox's address on another host
    assert post_form(client, adult(email="x@example.org"), Origin="https://evil.example").status_code == 403
    assert post_form(client, adult(email="y@example.org"), Origin="http://inbox.test.evil.example").status_code == 403


def test_a_paused_mentor_stays_chosen_with_the_reason_at_the_field(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(mentor="mo"))
    assert reply.status_code == 422
    assert form_of(reply.text)["mentor"] == ["mo"]
    assert '<a href="#request-mentor">Mo Salah is not taking new mentees at the moment; choose another mentor</a>' \
        in reply.text
    options = re.findall(r'<option value="([^"]*)"', reply.text.split('name="mentor"', 1)[1].split("</select>")[0])
    assert options == ["", "ana", "lee", "mo", "pat", "sam"]  # accepting mentors, and the mentee's own choice


def test_a_rate_limited_plain_post_keeps_the_answers(env: Env) -> None:
    client = env.client(rate_limit=Rate(1, 3600))
    assert post_form(client, adult(email="a@example.org")).status_code == 303
    reply = post_form(client, adult(email="b@example.org", preferred_name="Second"))
    assert reply.status_code == 429 and int(reply.headers["retry-after"]) > 0
    assert "Too many requests from your network" in visible_text(reply.text)
    assert form_of(reply.text)["preferred_name"] == ["Second"]
    assert "has not been sent yet" in reply.text


def test_the_receivers_own_refusals_are_in_the_language_of_the_post(env: Env) -> None:
    """A rate limit's wait, counted in the language's plural forms (issue 21). A post from a foreign
    origin is refused unread, so in the site's language: its body never names one."""
    client = env.client(rate_limit=Rate(1, 3600))
    assert post_form(client, adult(email="a@example.org")).status_code == 303
    waiting = post_form(client, adult(email="b@example.org", language="es"))
    assert waiting.status_code == 429
    assert re.search(r"Demasiadas solicitudes desde tu red; vuelve a intentarlo dentro de \d+ minutos?",
                     visible_text(waiting.text))


def test_a_post_from_another_site_gets_the_page_without_the_form(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(), Origin="https://evil.example")
    assert reply.status_code == 403
    assert "Requests are only accepted from the programme&#39;s own site" in reply.text
    assert 'class="request-form"' not in reply.text and f'href="{ORIGIN}/request/"' in reply.text
    assert env.counts() == (0, 0)


def test_the_inbox_thank_you_page_shows_the_reference(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(mentor="kofi", age_band="18-plus", next=THANKS))
    assert reply.status_code == 303
    target = reply.headers["location"]
    assert target.startswith("/requests/thanks?ref=")  # on the address the browser reached the inbox at
    query = parse_qs(urlsplit(target).query)
    reference = query["ref"][0]
    assert query["mentor_full"] == ["kofi"]
    page = client.get(target.removeprefix(INBOX))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = visible_text(page.text)
    assert "Request sent" in text and f"Your reference {reference}" in text
    assert "within 5 working days" in text  # the programme's reply_days
    assert "Kofi Mensah has just filled up." in text
    names = [n for n in ("Ana Pereira", "Lee Park", "Pat Kim", "Sam Roy") if n in text]
    assert names and len(names) == len(query["alternatives"][0].split(","))
    assert f'href="{ORIGIN}/mentors/"' in page.text and "<script" not in page.text
    assert "content-security-policy" in page.headers and page.headers["cache-control"] == "no-store"


def test_the_inbox_thank_you_page_names_the_mentor_asked_for_and_the_office(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(mentor="lee", age_band="18-plus", next=THANKS))
    target = reply.headers["location"]
    assert parse_qs(urlsplit(target).query)["mentor"] == ["lee"]
    page = client.get(target.removeprefix(INBOX))
    text = visible_text(page.text)
    assert "You asked for Lee Park" in text and f'href="{ORIGIN}/mentors/lee/"' in page.text
    office = re.search(r'write to the programme office \(<a href="([^"]+)">([^<]+)</a>\)', page.text)
    assert office is not None and office.groups() == ("mailto:office@inbox-test.example", "office@inbox-test.example")


@pytest.mark.parametrize("ref", ["<script>alert(1)</script>", "ABCD-EFGH-IJKL", "ABCD-EFGH-JKM", "abc",
                                 "ABCD-EFGH-JKMN-PQRS", "ABCD EFGH JKMN"])
def test_the_thank_you_page_shows_no_text_that_is_not_a_reference(env: Env, client: TestClient, ref: str) -> None:
    page = client.get("/requests/thanks", params={"ref": ref, "mentor_full": "<i>nobody</i>",
                                                  "alternatives": "lee,<b>x</b>,evil"})
    assert page.status_code == 200
    text = visible_text(page.text)
    # no well-formed reference: nothing was sent from here, so the page does not say it was
    assert "No request sent" in text and "Request sent" not in text.replace("No request sent", "")
    assert "Your reference" not in text and f'href="{ORIGIN}/request/"' in page.text
    assert ref not in page.text and "nobody" not in page.text and "evil" not in page.text and "<b>x" not in page.text
    assert "filled up" not in text  # an unknown mentor id is not a mentor
    good = client.get("/requests/thanks", params={"ref": "7ZQ4-0KMN-PRST", "mentor_full": "kofi",
                                                  "alternatives": "lee,evil"})
    assert "Your reference 7ZQ4-0KMN-PRST" in visible_text(good.text) and "Lee Park" in good.text
    assert "evil" not in good.text


def test_next_may_be_the_inbox_thank_you_page_and_nothing_else_of_the_inbox(env: Env, client: TestClient) -> None:
    # the inbox's thank-you page is answered with a path on the inbox itself, whatever address `next` gave
    # it (an INBOX_PUBLIC_URL set wrong must not send mentees to a missing page on the site)
    here = "/requests/thanks"
    cases = {THANKS: here, THANKS + "/": here, here: here, "https://inbox.test/requests/thanks": here,
             THANKS.upper().replace("HTTP://", "http://"): ORIGIN + "/REQUESTS/THANKS",
             INBOX + "/dashboard/": ORIGIN + "/dashboard/", INBOX + "/requests/thanks/../x": ORIGIN + "/requests/thanks/../x",
             ORIGIN + "/requests/thanks": ORIGIN + "/requests/thanks"}
    for n, (given, expected) in enumerate(cases.items()):
        reply = post_form(client, adult(next=given, email=f"next{n}@example.org"))
        assert reply.status_code == 303
        assert reply.headers["location"].split("?")[0] == expected, given


def test_under_13s_are_sent_to_the_site_page_that_says_what_to_do(env: Env, client: TestClient) -> None:
    young = adult(age_band="under-13", goals="", mentor="lee")  # other answers missing too: not asked to fix them
    reply = post_form(client, young)
    assert reply.status_code == 303 and reply.headers["location"] == ORIGIN + "/request/cannot-use/"
    as_json = post_json(client, young)
    assert as_json.status_code == 422 and "age_band" in as_json.json()["errors"]
    assert post_form(client, adult(age_band="13-15", mentor="lee")).status_code == 422  # a minor: guardian needed
    assert env.counts() == (0, 0)


def test_the_cannot_use_page_is_on_the_programme_site_url(env: Env, tmp_path: Path) -> None:
    yml = PROGRAMME_YML.replace("docs_dir: content\n", "docs_dir: content\nsite_url: https://example.org/riverside/\n")
    yml = yml.replace("reply_days: 5\n", "reply_days: 5\n        minimum_age: 16\n")
    other = Env(env.database_url, write_programme(tmp_path / "with-site-url", yml))
    young = adult(age_band="13-15", guardian_name="M", guardian_email="m@example.org")
    try:
        client = other.client(site_origins=("https://example.org", ORIGIN))
        reply = post_form(client, young, Origin="https://example.org")
        assert reply.headers["location"] == "https://example.org/riverside/request/cannot-use/"
        refused = post_form(client, adult(email="bad"))
        assert 'href="https://example.org/riverside/"' in refused.text  # the brand links to the site's home page
        # the site served elsewhere than its site_url (the demo under `make serve`): its path on the site's origin
        local = other.client()
        assert post_form(local, young).headers["location"] == ORIGIN + "/riverside/request/cannot-use/"
        assert f'href="{ORIGIN}/riverside/mentors/"' in local.get("/requests/thanks").text
    finally:
        other.close()


def test_a_bilingual_sites_links_back_lead_to_the_edition_of_the_page(env: Env, tmp_path: Path) -> None:
    """A site also published in French (`languages: [fr]`, under `/fr/`): a mentee who came from a
    French page is sent back to French pages; from a page in a language with no edition (Spanish)
    or none, to the default's (issue 21)."""
    yml = PROGRAMME_YML.replace("docs_dir: content\n", "docs_dir: content\nsite_url: https://example.org/riverside/\n")
    yml = yml.replace("reply_days: 5\n", "reply_days: 5\n        minimum_age: 16\n")
    yml = yml.replace("  - mentorship:\n", "  - mentorship:\n      languages: [fr]\n")
    other = Env(env.database_url, write_programme(tmp_path / "bilingual", yml))
    young = adult(age_band="13-15", guardian_name="M", guardian_email="m@example.org")
    site = "https://example.org/riverside/"
    try:
        client = other.client(site_origins=("https://example.org",))
        for code, edition in (("fr", site + "fr/"), ("es", site), (None, site)):
            posted = {"language": code} if code else {}
            refused = post_form(client, adult(email="bad", **posted), Origin="https://example.org")
            assert f'class="brand" href="{edition}"' in refused.text, code
            reply = post_form(client, {**young, **posted}, Origin="https://example.org")
            assert reply.headers["location"] == edition + "request/cannot-use/", code
            thanks = client.get("/requests/thanks" + (f"?language={code}" if code else ""))
            assert f'href="{edition}mentors/"' in thanks.text, code
    finally:
        other.close()


def test_the_form_for_one_mentor_starts_with_that_mentor(env: Env, client: TestClient) -> None:
    """`GET /requests/new`: where a profile's Request button leads without JavaScript."""
    page = client.get("/requests/new", params={"mentor": "lee", "privacy_version": "2026-09"})
    assert page.status_code == 200 and "There is a problem" not in page.text
    fields = form_of(page.text)
    assert (fields["mentor"], fields["privacy_version"], fields["next"]) == (["lee"], ["2026-09"], ["/requests/thanks"])
    # sent as it stands (with the mentee's answers), it is stored for that mentor and thanked on the inbox
    fields.update({"preferred_name": ["Rui"], "email": ["new@example.org"], "age_band": ["18-plus"],
                   "goals": ["A first job"], "languages": ["en"], "format": ["either"], "availability": ["weekends"],
                   "privacy_consent": ["true"]})
    reply = client.post("/requests", data=fields, headers={"Origin": INBOX})
    assert reply.status_code == 303 and reply.headers["location"].startswith("/requests/thanks?ref=")
    assert env.scalar("SELECT mentor_id FROM requests WHERE email = 'new@example.org'") == "lee"


@pytest.mark.parametrize(("mentor", "version"), [("nobody", "2026-09"), ("<script>", "x\"><script>"),
                                                 ("lee", "v" * 41)])
def test_the_form_for_one_mentor_takes_only_a_published_mentor_and_a_plain_version(
        env: Env, client: TestClient, mentor: str, version: str) -> None:
    page = client.get("/requests/new", params={"mentor": mentor, "privacy_version": version})
    assert page.status_code == 200 and "<script>" not in page.text
    fields = form_of(page.text)
    assert fields["mentor"] == (["lee"] if mentor == "lee" else [""])
    assert fields["privacy_version"] == (["2026-09"] if version == "2026-09" else [""])
