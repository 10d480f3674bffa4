"""The issue's walk-through at the API level (the browser harness was not on main when this was written):
a bureau operator imports a list batch and a 337 file, matches and confirms; the enterprise sees its alert
in the inbox and downloads its deadline calendar; e-mail goes out through a real SMTP server (aiosmtpd);
private cases stay invisible to other organisations (404) and typical cases are published without
personal data."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from .conftest import HOLDER, SANY, SANY_GROUP, World, ids_feed


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text[:500]
    return response.json() if "json" in response.headers.get("content-type", "") else response


def test_bureau_imports_matches_and_the_enterprise_is_alerted(world: World, data_dir: Path) -> None:
    c, h = world.client, world.headers
    entries = (data_dir / "trademark-protection-lists" / "mentioned_entries.tsv").read_bytes()
    result = _ok(c.post("/api/v1/protection/lists/import", headers=h("bureau_admin"),
                        files={"file": ("mentioned_entries.tsv", entries)},
                        data={"list_name": "上海市重点商标保护名录"}), 201)  # fmt: skip
    assert result["added"] == 10 and result["without_registration_no"] == 10  # nothing invented
    found = _ok(c.get("/api/v1/protection/marks", params={"q": "微创"}))
    assert found["items"][0]["provenance"]["batch"] == "首批" and found["items"][0]["registration_no"] == ""
    similar = _ok(c.get("/api/v1/protection/marks/similar", params={"mark": "微創醫療", "classes": "10"}))
    assert similar["candidates"][0]["mark"] == "微创"

    _ok(c.post("/api/v1/protection/itc/import", headers=h("bureau_admin"),
               files={"file": ("investigations.json", ids_feed(data_dir))}), 201)  # fmt: skip
    # the enterprise tells the platform the English name it uses abroad (the IDS feed has no Chinese names)
    from ipcenter.protection import overseas

    with world.database.session() as db:
        overseas.set_profile(
            db, SANY_GROUP, province="湖南省", city="长沙", english_names=["Sany Group Co., Ltd."]
        )
    matches = _ok(
        c.post("/api/v1/protection/itc/match", headers=h("bureau_admin"), json={"region": "湖南省"})
    )
    assert {(m["investigation_no"], m["organisation"]) for m in matches["matches"]} == {
        ("337-TA-887", SANY), ("337-TA-887", SANY_GROUP)}  # fmt: skip
    sany = next(m for m in matches["matches"] if m["organisation"] == SANY)
    assert set(sany) >= {"investigation_no", "respondent", "organisation", "score", "evidence"}

    # nobody but the bureau confirms
    assert (
        c.post(f"/api/v1/protection/itc/matches/{sany['match_id']}/confirm", headers=h("sany")).status_code
        == 403
    )
    decided = _ok(
        c.post(f"/api/v1/protection/itc/matches/{sany['match_id']}/confirm", headers=h("bureau_admin"))
    )
    assert decided == {"match_id": sany["match_id"], "state": "confirmed", "alerted": True}

    inbox = _ok(c.get("/api/v1/prexam/inbox", headers=h("sany")))
    assert any("337-TA-887" in m["subject"] for m in inbox["items"])
    assert any(
        "337-TA-887" in m["subject"]
        for m in _ok(c.get("/api/v1/prexam/inbox", headers=h("bureau_admin")))["items"]
    )
    assert not any(
        "337" in m["subject"] for m in _ok(c.get("/api/v1/prexam/inbox", headers=h("other")))["items"]
    )
    alerts = _ok(c.get("/api/v1/protection/alerts", headers=h("sany")))
    assert [a["kind"] for a in alerts] == ["itc"]
    assert _ok(c.get("/api/v1/protection/alerts", headers=h("other"))) == []
    assert _ok(c.get("/api/v1/protection/itc/matches", headers=h("other"))) == []
    assert len(_ok(c.get("/api/v1/protection/itc/matches", headers=h("sany")))) == 1


def test_the_holder_downloads_its_deadline_calendar(world: World) -> None:
    response = world.client.get("/api/v1/protection/deadlines", params={"format": "ics", "as_of": "2026-12-04"},
                                headers=world.headers("holder"))  # fmt: skip
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("annual fee due (year 7): 202121635235.X" in s for s in summaries)
    assert any("term ends: 202121635235.X" in s for s in summaries)
    first = next(e for e in events if "202121635235.X" in str(e["SUMMARY"]) and "fee" in str(e["SUMMARY"]))
    assert first.decoded("DTSTART").isoformat() == "2027-07-15"
    as_json = world.client.get("/api/v1/protection/deadlines", params={"as_of": "2026-12-04"},
                               headers=world.headers("holder")).json()  # fmt: skip
    assert as_json["organisation"] == HOLDER and as_json["patents"] == 10
    assert {s["reason"] for s in as_json["skipped"]} == {"not granted: no annual fee yet"}
    other = world.client.get("/api/v1/protection/deadlines", headers=world.headers("other")).json()
    assert other["deadlines"] == []  # its own (empty) portfolio, never the holder's


def test_private_cases_are_invisible_to_other_organisations(world: World) -> None:
    c, h = world.client, world.headers
    case = _ok(c.post("/api/v1/protection/cases", headers=h("holder"), json={
        "kind": "complaint", "title": "仿冒“中科数据”商标的网店", "ip_type": "trademark",
        "description": "网店经营者张三（电话 13912345678，邮箱 zs@example.cn）销售仿冒商品。",
        "counterparty": "张三", "contact": "李四 13800001111"}), 201)  # fmt: skip
    assert (
        case["state"] == "received" and case["due_on"] is not None
    )  # 7 working days on the official calendar
    for outsider in ("other", "other_admin", "sany"):
        assert c.get(f"/api/v1/protection/cases/{case['id']}", headers=h(outsider)).status_code == 404
    assert c.get(f"/api/v1/protection/cases/{case['id']}").status_code == 401
    assert _ok(c.get(f"/api/v1/protection/cases/{case['id']}", headers=h("holder_admin")))["title"]
    assert all(x["id"] != case["id"] for x in _ok(c.get("/api/v1/protection/cases", headers=h("other"))))
    # the handler moves it on; the holder cannot
    assert (
        c.post(
            f"/api/v1/protection/cases/{case['id']}/move", headers=h("holder"), json={"to": "accepted"}
        ).status_code
        == 403
    )
    moved = _ok(
        c.post(f"/api/v1/protection/cases/{case['id']}/move", headers=h("examiner"), json={"to": "accepted"})
    )
    assert moved["state"] == "accepted" and moved["next_states"] == ["closed"]
    assert c.post(f"/api/v1/protection/cases/{case['id']}/move", headers=h("examiner"),
                  json={"to": "rejected"}).status_code == 409  # fmt: skip
    _ok(c.post(f"/api/v1/protection/cases/{case['id']}/move", headers=h("examiner"), json={"to": "closed"}))
    _ok(c.post(f"/api/v1/protection/cases/{case['id']}/typical", headers=h("examiner")))
    published = _ok(c.post(f"/api/v1/protection/cases/{case['id']}/publish", headers=h("bureau_admin"),
                           json={"title": "", "summary": "", "hide": []}))  # fmt: skip
    for secret in ("张三", "13912345678", "zs@example.cn", "李四"):
        assert secret not in published["summary"] + published["title"]
    public = _ok(c.get("/api/v1/protection/typical-cases"))
    assert [p["id"] for p in public] == [case["id"]] and "13912345678" not in str(public)


def test_assistance_is_routed_to_a_sub_centre(world: World) -> None:
    c, h = world.client, world.headers
    missing = c.post(
        "/api/v1/protection/cases", headers=h("holder"), json={"kind": "assistance", "title": "维权援助"}
    )
    assert missing.status_code == 422 and "sub-centre" in missing.json()["detail"]
    case = _ok(c.post("/api/v1/protection/cases", headers=h("holder"),
                      json={"kind": "assistance", "title": "维权援助", "sub_centre": "岳麓区分中心"}), 201)  # fmt: skip
    assert case["sub_centre"] == "岳麓区分中心" and case["next_states"] == ["routed"]


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Any:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Keep(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    with socket.socket() as probe:  # a free port (the controller's readiness check needs a real one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("IPCENTER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IPCENTER_SMTP_PORT", str(port))
    monkeypatch.setenv("IPCENTER_SMTP_FROM", "alerts@ipcenter.test")
    yield received
    controller.stop()


def test_watches_report_new_publications_and_alerts_are_mailed(world: World, smtp_server: list[Any]) -> None:
    c, h = world.client, world.headers
    watch = _ok(c.post("/api/v1/protection/watches", headers=h("other"),
                       json={"name": "无人机", "kind": "ipc", "value": "B64C; B64D; B64U"}), 201)  # fmt: skip
    assert c.get(f"/api/v1/protection/watches/{watch['id']}", headers=h("holder")).status_code == 404
    saved = _ok(
        c.post("/api/v1/saved-searches", headers=h("other"), json={"name": "无人机", "query": "TI=(无人机)"}),
        201,
    )
    from_saved = _ok(
        c.post("/api/v1/protection/watches", headers=h("other"), json={"saved_search_id": saved["id"]}), 201
    )
    assert from_saved["kind"] == "query" and from_saved["value"] == "TI=(无人机)"
    assert (
        c.post(
            "/api/v1/protection/watches", headers=h("holder"), json={"saved_search_id": saved["id"]}
        ).status_code
        == 404
    )  # another organisation's
    first = _ok(c.post("/api/v1/protection/watches/run", headers=h("bureau_admin")))
    run = next(w for w in first["watches"] if w["watch"] == watch["id"])
    assert run["baseline"] and run["matching"] >= 1
    assert first["mail"]["sent"] >= 1  # the alerts raised so far (the 337 alert among them)
    for _ in range(50):
        if smtp_server:
            break
        time.sleep(0.05)
    assert any("337-TA-887" in str(m["Subject"]) or "337" in m.get_payload() for m in smtp_server)
    assert any(m["To"] == world.emails["sany"] for m in smtp_server)
