"""One CSV format: the dashboard's export, as a coordinator downloads it, is a cohort file that
`mentorhub match` reads as it is (mentorhub/content/cohort.py decides the columns and spellings)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mentorhub.adapters.cli import main
from mentorhub.content.cohort import OPTIONAL_COLUMNS, REQUEST_COLUMNS, read_requests, request_row
from mentorhub.content.matching import Preferences
from mentorhub.inbox.export import COLUMNS, OWN_COLUMNS
from inbox_support import Env, adult, export, post_json
from support import BUILD_DAY, LEE, make_site

# The export's columns before it was also a cohort file: scripts that read them by name keep working.
EARLIER_COLUMNS = ("reference", "received_at", "status", "status_changed_at", "spam", "mentor", "mentor_full",
                   "alternatives", "preferred_name", "email", "age_band", "guardian_name", "guardian_email", "goals",
                   "interests", "languages", "format", "availability", "privacy_version", "erased_at", "mentoring")


def send(client: TestClient, **changes: object) -> str:
    reply = post_json(client, adult(**changes))
    assert reply.status_code == 200, reply.text
    return str(reply.json()["id"])


def test_the_dashboards_export_feeds_mentorhub_match_as_it_is(
        env: Env, dashboard: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    grown = send(dashboard, interests=["python"], languages=["pt", "en"], format="either")
    young = send(dashboard, age_band="16-17", mentor="lee", email="zoe@example.org", guardian_name="Ines",
                 guardian_email="ines@example.org", interests=["careers"], languages=["en"], format="virtual")
    send(dashboard, email="bot@example.org", website="http://spam.example")  # spam: not in the default export
    # a programme that asks for the mentee's time zone in a question of its own named `timezone`
    env.execute("UPDATE requests SET answers = :a WHERE public_id = :r", r=grown,
                a=json.dumps({"school": "Riverside College", "timezone": "Europe/Lisbon"}))
    reply = export(dashboard)
    assert reply.status_code == 200 and reply.content.startswith("\ufeff".encode())
    exported = tmp_path / "requests.csv"
    exported.write_bytes(reply.content)  # the download as it is: byte-order mark, CRLF, every column

    header, *lines = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert tuple(header[:len(EARLIER_COLUMNS)]) == EARLIER_COLUMNS and set(REQUEST_COLUMNS) <= set(header)
    rows = {r["request_id"]: r for r in csv.DictReader(io.StringIO(reply.content.decode("utf-8-sig")))}
    assert set(rows) == {grown, young} and all(r["request_id"] == r["reference"] for r in rows.values())
    assert {k: rows[grown][k] for k in REQUEST_COLUMNS} == {
        "request_id": grown, "interests": "python", "languages": "pt; en", "format": "either", "audience": "",
        "minor": "no", "timezone": "Europe/Lisbon"}
    assert (rows[young]["minor"], rows[young]["format"], rows[young]["timezone"]) == ("yes", "virtual", "")

    # the fixture programme's content: Ana (Python, Portuguese; not cleared for under-18s) and Lee
    # (careers, online, youth-cleared)
    programme = make_site(tmp_path / "cli-programme")
    programme.write("mentors/lee-park.yml", LEE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    proposals = tmp_path / "proposals.csv"
    code = main(["-f", str(programme.root / "mkdocs.yml"), "match", str(exported), "--out", str(proposals)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (0, "", f"Matched 2 of 2 requests; wrote {proposals}.\n")
    proposed = {r["request_id"]: r["mentor_id"] for r in csv.DictReader(io.StringIO(proposals.read_text("utf-8")))}
    assert proposed == {grown: "ana-pereira", young: "lee-park"}  # the minor only with a youth-cleared mentor


def test_a_row_written_by_request_row_reads_back_the_same(tmp_path: Path) -> None:
    programme = make_site(tmp_path / "programme")
    vocabularies = programme.project().vocabularies()
    wanted = {"a-1": Preferences(("python", "careers"), ("pt", "en"), "in-person", "university", True, "Europe/Lisbon",
                                 "long-term", "Porto"),
              "a-2": Preferences((), ("en",), "either", None, False, None, "session"),
              "a-3": Preferences((), ("en",), "either", None, False, None)}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*REQUEST_COLUMNS, *OPTIONAL_COLUMNS, "notes"])
    writer.writeheader()
    writer.writerows({**request_row(request_id, prefs), "notes": "ignored"} for request_id, prefs in wanted.items())
    path = tmp_path / "cohort.csv"
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    assert dict(read_requests(path, vocabularies)) == wanted


def test_the_export_names_each_column_once() -> None:
    assert len(set(COLUMNS)) == len(COLUMNS) and COLUMNS[:len(OWN_COLUMNS)] == OWN_COLUMNS


def test_mentorhub_match_help_describes_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["match", "--help"])
    shown = capsys.readouterr().out
    assert done.value.code == 0 and "Export CSV" in shown and "Other columns are ignored" in shown
    assert all(f"\n  {column} " in shown for column in REQUEST_COLUMNS)
