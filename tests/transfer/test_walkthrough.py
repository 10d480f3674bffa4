"""The walk-through of issue 14, through the web API on real documents (API level: the repository's real-browser
harness, tests/browser, is not on main yet): an institution imports its list, a faculty reviewer and the
institution approve a record into the resource library, an enterprise posts a need, the match appears with
its explanation, the enterprise gives feedback and opens a matchmaking event, a licence is declared, checked,
announced and taken and paid; another organisation sees nothing private (404). Runs on SQLite and PostgreSQL.

The institution is 中科大数据研究院, the real applicant of the CNIPA export sample (a research institute:
the issue's inventory is for universities and research institutes), with its real statuses and counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.transfer import xlsx_layout

from .conftest import ACCOUNTS, ENTERPRISE, INSTITUTE, ORGANISATIONS, PASSWORD


@pytest.fixture
def site(
    db_url: str, served_corpus: Path, data_dir: Path, tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    from ipcenter.accounts import service, sessions
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    settings = Settings(
        corpus_dir=served_corpus, database_url=db_url, data_dir=data_dir, models_dir=tmp_path / "none"
    )
    app = create_app(settings)
    database = app.state.platform.database
    tokens: dict[str, str] = {}
    with database.session() as db:
        for name, kind in ORGANISATIONS:
            service.add_organisation(db, name, kind)
        for name, role, org in ACCOUNTS:
            user = service.add_user(db, f"{name}@example.cn", role, PASSWORD, org)
            tokens[name] = sessions.create_api_token(db, user, "walk").token
    yield TestClient(app), tokens
    database.dispose()


def call(client: TestClient, token: str | None, method: str, url: str, ok: int = 200, **kw: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.request(method, f"/api/v1/transfer{url}", headers=headers, **kw)
    assert response.status_code == ok, f"{method} {url}: {response.status_code} {response.text[:400]}"
    return (
        response.json()
        if response.headers.get("content-type", "").startswith("application/json")
        else response
    )


def test_walkthrough(site: tuple[TestClient, dict[str, str]], tmp_path: Path) -> None:
    client, t = site
    # 1. the institution opens its inventory and imports its list (batch template): records are documented
    inv = call(
        client,
        t["admin"],
        "POST",
        "/inventories",
        201,
        json={"name": "2025 存量专利盘点", "as_of": "2025-12-31", "applicant_names": [INSTITUTE]},
    )
    rows = [
        {
            "publication_number": "CN115883397B",
            "faculty": "数据科学研究所",
            "inventors": "李玺、康锐文、冯凯、王元卓",
            "converted": "未转化",
            "scenario": "网页数据采集、舆情监测",
            "maturity": "中试",
            "grade": "转化前景较好",
        },
        {
            "publication_number": "CN215361852U",
            "faculty": "无人机研究中心",
            "inventors": "王元卓",
            "converted": "未转化",
            "scenario": "农作物监管",
            "maturity": "小试",
            "grade": "转化前景一般",
        },
    ]
    path = xlsx_layout.write_inventory(tmp_path / "list.xlsx", rows, {})
    with path.open("rb") as fh:
        report = call(
            client,
            t["admin"],
            "POST",
            f"/inventories/{inv['id']}/import",
            files={"file": ("list.xlsx", fh, "application/octet-stream")},
        )
    assert (report["rows"], report["created"], report["not_in_corpus"]) == (2, 2, [])
    found = call(client, t["admin"], "POST", f"/inventories/{inv['id']}/discover")
    assert len(found["added"]) == 6 and len(found["already"]) == 2  # the corpus's other 6 valid patents
    data = call(client, t["admin"], "GET", f"/inventories/{inv['id']}")
    item = next(i for i in data["items"] if i["publication_number"] == "CN115883397B")
    assert (
        item["state"] == "documented" and item["value"] is not None
    )  # the value domain's score beside the grade
    assert (data["coverage"]["inventoried"], data["coverage"]["unconverted_valid"]) == (2, 8)

    # 2. the faculty's reviewer approves, the institution approves it into the resource library
    call(
        client,
        t["admin"],
        "POST",
        "/reviewers",
        201,
        json={"faculty": "数据科学研究所", "email": "reviewer@example.cn"},
    )
    call(
        client, t["inventor"], "POST", f"/items/{item['id']}/review", 409, json={"action": "faculty_approve"}
    )
    call(
        client,
        t["reviewer"],
        "POST",
        f"/items/{item['id']}/review",
        json={"action": "faculty_approve", "comment": "技术成熟，同意"},
    )
    done = call(
        client, t["admin"], "POST", f"/items/{item['id']}/review", json={"action": "university_approve"}
    )
    assert done["state"] == "in_library"
    assert [(s["action"], s["by"]) for s in done["review"]] == [
        ("document", "admin@example.cn"),
        ("faculty_approve", "reviewer@example.cn"),
        ("university_approve", "admin@example.cn"),
    ]
    library = call(client, None, "GET", "/library")
    assert [x["publication_number"] for x in library] == ["CN115883397B"]
    public = call(client, t["other"], "GET", f"/items/{item['id']}")
    assert "review" not in public  # the library record's public part: no review comments

    # 3. an enterprise posts a need; the match appears with its explanation
    need = call(
        client,
        t["enterprise"],
        "POST",
        "/needs",
        201,
        json={
            "title": "网站数据自动采集",
            "problem": "我们需要从多种不同结构的网页上自动采集数据，减少为每个网站单独开发采集程序的工作量",
            "desired_effect": "通用、可配置的网页数据采集",
            "industry": "软件和信息技术服务",
            "region": "长沙市",
            "budget_min": 5,
            "budget_max": 30,
            "deadline": "2026-06-30",
        },
    )
    matches = call(client, None, "GET", f"/needs/{need['id']}/matches?limit=5")
    top = matches["matches"][0]
    assert top["publication_number"] == "CN115883397B", [m["publication_number"] for m in matches["matches"]]
    why = top["why"]
    assert (
        why["passages"]
        and why["passages"][0]["text"]
        and set(why["parts"]) >= {"semantic", "retrieval", "region"}
    )
    assert (
        why["holder"]["institution"] == INSTITUTE
        and abs(sum(p["weight"] for p in why["parts"].values()) - 1) < 1e-6
    )
    assert why["parts"]["region"]["detail"].startswith("holder in 河南省")

    # 4. enterprise feedback and a matchmaking event with outcomes
    call(
        client,
        t["enterprise"],
        "POST",
        f"/items/{item['id']}/feedback",
        201,
        json={"enterprise": ENTERPRISE, "interest": "high", "comments": "希望洽谈许可"},
    )
    event = call(
        client,
        t["enterprise"],
        "POST",
        "/events",
        201,
        json={"need_id": need["id"], "publication_number": "CN115883397B"},
    )
    assert event["why"]["passages"] and event["state"] == "proposed"
    call(
        client,
        t["admin"],
        "POST",
        f"/events/{event['id']}/outcome",
        json={"to": "contacted", "note": "电话沟通"},
    )
    call(client, t["enterprise"], "POST", f"/events/{event['id']}/outcome", json={"to": "negotiating"})

    # 5. an open licence is declared, checked (refused until annuities are shown paid), announced, taken, paid
    lic = call(
        client,
        t["admin"],
        "POST",
        "/licences",
        201,
        json={
            "publication_number": "CN115883397B",
            "payment_method": "lump_sum_plus_royalty",
            "fee_fixed": 5,
            "royalty_sales_pct": 3,
            "term_from": "2025-07-01",
            "term_to": "2030-06-30",
            "scenario": "网页数据采集",
            "industry": "软件和信息技术服务",
            "products": "数据采集中间件",
        },
    )
    assert lic["patentees"] == [INSTITUTE] and lic["annuity_reduction"]["share"] == 0.15
    call(
        client,
        t["admin"],
        "POST",
        "/facts",
        201,
        json={
            "publication_number": "CN115883397B",
            "kind": "pledge",
            "start_on": "2025-01-10",
            "detail": "银行质押",
        },
    )
    checked = call(client, t["admin"], "POST", f"/licences/{lic['id']}/check", json={"on": "2025-06-01"})
    assert checked["state"] == "refused" and [r["rule"] for r in checked["verdict"]["reasons"]] == [
        "pledged_without_consent"
    ]
    call(
        client,
        t["admin"],
        "POST",
        "/facts",
        201,
        json={"publication_number": "CN115883397B", "kind": "pledgee_consent", "detail": "质权人同意书"},
    )
    checked = call(client, t["admin"], "POST", f"/licences/{lic['id']}/check", json={"on": "2025-06-01"})
    assert checked["state"] == "accepted", checked["verdict"]
    call(client, t["enterprise"], "GET", f"/licences/{lic['id']}", 404)  # not public before the announcement
    call(client, t["admin"], "POST", f"/licences/{lic['id']}/announce", json={"on": "2025-06-20"})
    listed = call(client, None, "GET", "/licences?ipc=H04L&scenario=采集")
    assert [x["publication_number"] for x in listed["items"]] == ["CN115883397B"]
    assert listed["items"][0]["fee_estimate"]["source"] == "UNCONFIRMED"
    assert call(client, None, "GET", "/licences?ipc=B64C")["total"] == 0
    taken = call(
        client,
        t["enterprise"],
        "POST",
        f"/licences/{lic['id']}/licensees",
        201,
        json={"licensee_name": ENTERPRISE, "notified_on": "2025-07-01"},
    )
    paid = call(
        client,
        t["enterprise"],
        "POST",
        f"/licensees/{taken['id']}/payments",
        201,
        json={"amount": 5, "paid_on": "2025-07-05"},
    )
    assert paid["state"] == "active" and paid["paid_total"] == 5
    seen = call(client, t["admin"], "GET", f"/licences/{lic['id']}")
    assert [x["licensee"] for x in seen["licensees"]] == [ENTERPRISE]
    verdict = call(client, None, "GET", "/licence-check/CN115883397B?as_of=2025-06-01")
    assert set(verdict) == {"publication_number", "as_of", "allowed", "reasons", "warnings"}

    # 6. another organisation sees nothing private: 404, never a hint
    other = t["other"]
    draft = next(i for i in data["items"] if i["publication_number"] != "CN115883397B")
    for url in (
        f"/inventories/{inv['id']}",
        f"/inventories/{inv['id']}/export",
        f"/items/{draft['id']}",
        f"/events/{event['id']}",
        f"/licensees/{taken['id']}",
    ):
        call(client, other, "GET", url, 404)
    call(client, other, "PATCH", f"/items/{draft['id']}", 404, json={"grade": "转化前景较好"})
    call(client, other, "POST", f"/events/{event['id']}/outcome", 404, json={"to": "declined", "note": "x"})
    assert (
        call(client, other, "GET", f"/licences/{lic['id']}")["licensees"] == []
    )  # public listing, no licensees
    restricted = call(
        client,
        t["enterprise"],
        "POST",
        "/needs",
        201,
        json={
            "title": "无人机巡检",
            "problem": "需要无人机对林区进行巡检并识别火点，降低人工巡护成本",
            "visibility": "institutions",
            "institutions": [INSTITUTE],
        },
    )
    call(client, other, "GET", f"/needs/{restricted['id']}", 404)
    call(client, t["university_admin"], "GET", f"/needs/{restricted['id']}", 404)
    assert call(client, t["admin"], "GET", f"/needs/{restricted['id']}")["title"] == "无人机巡检"
    assert restricted["id"] not in [n["id"] for n in call(client, None, "GET", "/needs")]


#: Blank, repeated, whitespace-only and control-character values of every transfer query parameter that
#: feeds a search (schemathesis found ``/variants?q=&q=`` answering 500: the blank names were dropped from the
#: keys but not from the names they were zipped with; a NUL answered 500 on PostgreSQL, which refuses it).
ODD_QUERIES = (
    "/variants?q=&q=&q=&q=&q=&q=&q=&q=&q=",
    "/variants?q=%20&q=%E3%80%80",
    "/variants?q=%00&q=%1F",
    "/variants?q=-&q=%E4%B8%AD",
    "/match?need=%20",
    "/match?need=%00",
    "/match?need=-&ipc=%20&region=%00",
    "/match?need=%E6%97%A0%E4%BA%BA%E6%9C%BA&ipc=%21%21",
    "/licences?q=%00&ipc=%20&scenario=%1F&industry=&region=%20",
    "/licences?ipc=%21%21",
    "/facts?number=%20",
    "/facts?number=%00",
    "/patents/%20/needs",
    "/patents/%00/needs",
    "/needs?q=&q=",
    "/library?q=%00",
)


def test_odd_query_values_are_answered_not_a_500(site: tuple[TestClient, dict[str, str]]) -> None:
    client, t = site
    wrong = []
    for url in ODD_QUERIES:
        response = client.get(f"/api/v1/transfer{url}", headers={"Authorization": f"Bearer {t['admin']}"})
        problem = response.headers["content-type"].startswith("application/problem+json")
        if response.status_code >= 500 or (response.status_code >= 400 and not problem):
            wrong.append(f"{url}: {response.status_code} {response.text[:200]}")
    # a NUL in a JSON body: SQLite stores it, PostgreSQL refuses it (a 422 saying so, not a 500)
    response = client.post(
        "/api/v1/transfer/needs",
        headers={"Authorization": f"Bearer {t['enterprise']}"},
        json={"title": "林区\u0000巡检", "problem": "需要无人机对林区巡检\u0000并识别火点"},
    )
    if response.status_code != 201:
        problem = response.headers["content-type"].startswith("application/problem+json")
        if response.status_code != 422 or not problem or "NUL" not in response.json()["detail"]:
            wrong.append(f"POST /needs with a NUL: {response.status_code} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)
    # blank names among real ones are ignored; only blanks is a 422 saying what to give
    response = client.get(
        "/api/v1/transfer/variants?q=&q=%20&q=中科大数据", headers={"Authorization": f"Bearer {t['admin']}"}
    )
    assert [(f["name"], f["matched"]) for f in response.json()] == [("中科大数据研究院", ["中科大数据"])]
    response = client.get(
        f"/api/v1/transfer{ODD_QUERIES[0]}", headers={"Authorization": f"Bearer {t['admin']}"}
    )
    assert response.status_code == 422 and "at least two characters" in response.json()["detail"]
