"""Logs: nothing a client sends can forge a log line or put raw control characters in the log.
The real server (`python -m mentorhub.inbox serve`, its logging configuration) on both databases."""

from __future__ import annotations

from pathlib import Path

import httpx

from server_process import inbox_server

FORGED = "2026-01-01 00:00:00,000 INFO inbox: forged line"


def test_control_characters_in_paths_are_escaped_in_the_log(tmp_path: Path, programme: tuple[Path, Path],
                                                            database_url: str) -> None:
    log = tmp_path / "server.log"
    paths = [f"/x%0D%0A{FORGED.replace(' ', '%20')}", "/nul%00here", "/lf%0Aonly", "/bidi%E2%80%AEevil",
             "/zw%E2%80%8Bsp", "/ls%E2%80%A8sep", "/c1%C2%85nel", "/dashboard/requests/%0D%0Aforged"]
    with inbox_server(database_url, programme, log) as server:
        for path in paths:
            answer = httpx.get(server.url + path, timeout=10)
            assert answer.status_code in (404, 303, 401, 403), (path, answer.status_code)
        # a JSON body refused for its content: the error is logged by field name only
        httpx.post(server.url + "/requests%0D%0A", content=b"{}", timeout=10,
                   headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1:8000"})
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    assert not any(line.startswith(FORGED) or line.startswith("forged") for line in lines), text
    for raw in ("\x00", "\r", "\u202e", "\u200b", "\u2028", "\x85"):
        assert raw not in text, f"{raw!r} reached the log"
    assert "GET /x\\x0d\\x0a2026-01-01 00:00:00,000 INFO inbox: forged line 404" in text
    for escaped in ("/nul\\x00here", "/lf\\x0aonly", "/bidi\\u202eevil", "/zw\\u200bsp", "/ls\\u2028sep",
                    "/c1\\x85nel"):
        assert f"GET {escaped} " in text, escaped
