"""Open-licence listings searched by what licensees ask for (IPC, scenario or products, industry, region, title,
lump sum, royalty, value score), on declarations of real patents of 中科大数据研究院 (the CNIPA export sample);
the fee estimator's arithmetic and its source; the annuity reduction shown. The declarations' states are set
directly here: the state machine itself is tested in test_states.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.errors import InvalidValue
from ipcenter.transfer import licensing, listings, patents, settings
from ipcenter.transfer.tables import LicenceDeclaration

from .conftest import World

ANNOUNCED = date(2025, 6, 20)
#: number → (state, declaration fields): real patents of the institute, all in 河南省郑州市.
DECLARED: dict[str, tuple[str, dict[str, Any]]] = {
    "CN115883397B": (  # invention, H04L43/02
        "announced",
        {
            "payment_method": "lump_sum_plus_royalty",
            "fee_fixed": 5.0,
            "royalty_sales_pct": 3.0,
            "scenario": "网页数据采集",
            "industry": "软件和信息技术服务",
            "products": "数据采集中间件",
        },
    ),
    "CN218751475U": (  # utility model, B64U20/80
        "announced",
        {
            "payment_method": "lump_sum",
            "fee_fixed": 50.0,
            "scenario": "无人机巡检",
            "industry": "智能装备",
            "products": "机载多功能盒",
        },
    ),
    "CN216160555U": (  # utility model, G01N33/00; its withdrawal is asked for, not yet announced
        "withdrawal_pending",
        {
            "payment_method": "royalty",
            "royalty_sales_pct": 8.0,
            "scenario": "大气污染溯源",
            "industry": "环境监测",
        },
    ),
    "CN217546176U": ("accepted", {"payment_method": "lump_sum", "fee_fixed": 1.0, "scenario": "无人机巡检"}),
    "CN215590999U": ("withdrawn", {"payment_method": "lump_sum", "fee_fixed": 1.0, "scenario": "无人机巡检"}),
}


@pytest.fixture
def declared(world: World, served_corpus: Path) -> World:
    admin = world.who("admin")
    corpus = patents.open_corpus(served_corpus)
    with world.database.session() as db:
        for number, (state, fields) in DECLARED.items():
            row = licensing.declare(
                db, admin, corpus, number, {**fields, "term_from": "2025-07-01", "term_to": "2030-06-30"}
            )
            row.state = state
            row.announced_on = ANNOUNCED if state != "accepted" else None
    return world


def found(world: World, **filters: Any) -> list[str]:
    with world.database.session() as db:
        return sorted(r.publication_number for r in listings.search(db, **filters))


def test_every_filter(declared: World) -> None:
    w = declared
    # announced, and withdrawal asked but not announced: listed; accepted (not announced) and withdrawn: not
    assert found(w) == ["CN115883397B", "CN216160555U", "CN218751475U"]
    assert found(w, ipc="H04L") == ["CN115883397B"]
    assert found(w, ipc="h04l 43") == ["CN115883397B"]  # a prefix, case and spaces ignored
    assert found(w, ipc="B64") == ["CN218751475U"]
    assert found(w, scenario="巡检") == ["CN218751475U"]
    assert found(w, scenario="中间件") == ["CN115883397B"]  # the products count as the scenario's words
    assert found(w, industry="环境") == ["CN216160555U"]
    assert found(w, region="郑州") == found(w) and found(w, region="长沙") == []
    assert found(w, text="无人机") == ["CN216160555U", "CN218751475U"]  # words of the corpus's title
    # the largest lump sum / royalty a licensee accepts (a declaration without that part passes the filter)
    assert found(w, fee_max=10) == ["CN115883397B", "CN216160555U"]
    assert found(w, royalty_max=5) == ["CN115883397B", "CN218751475U"]
    assert found(w, fee_max=10, royalty_max=5, ipc="H04L", industry="软件") == ["CN115883397B"]
    assert found(w, ipc="100%_") == []  # LIKE characters are literal


def test_listing_api_with_value_and_estimate(declared: World, served_corpus: Path, data_dir: Path) -> None:
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    url = str(declared.database.engine.url.render_as_string(hide_password=False))
    app = create_app(Settings(corpus_dir=served_corpus, database_url=url, data_dir=data_dir))
    client = TestClient(app)
    try:
        listed = client.get("/api/v1/transfer/licences").json()
        assert listed["total"] == 3 and listed["annuity_reduction"]["share"] == 0.15
        assert listed["annuity_reduction"]["text"].startswith("年费减缴 15%")
        values = {i["publication_number"]: i["value"] for i in listed["items"]}
        scored = {n: v["composite"] for n, v in values.items() if v}
        assert scored, "the value domain scores the listed patents"
        low = min(scored.values())
        above = client.get("/api/v1/transfer/licences", params={"value_min": low + 0.01}).json()
        kept = {i["publication_number"] for i in above["items"]}
        assert kept == {n for n, v in scored.items() if v > low} and 0 < len(kept) < listed["total"]
        assert client.get("/api/v1/transfer/licences", params={"value_min": 101}).status_code == 422
        item = next(i for i in listed["items"] if i["publication_number"] == "CN218751475U")
        estimate = item["fee_estimate"]
        assert estimate["source"] == settings.UNCONFIRMED and "royalty %" in estimate["formula"]
        assert (
            estimate["inputs"]["patent_type"] == "utility_model" and estimate["inputs"]["type_factor"] == 0.4
        )
        left = (
            date(2032, 12, 2) - date.today()
        ).days / 365.25  # the term ends 2032-12-02; counted from today
        assert estimate["inputs"]["remaining_years"] == pytest.approx(max(0.0, left), abs=0.01)
    finally:
        app.state.platform.database.dispose()


def test_fee_estimator_arithmetic_and_source(world: World) -> None:
    shown = listings.estimate_fee(None, "invention", 50.0, 10.0)
    # royalty 3 + 4 × 0.5; lump sum 2 × 1.0 × (1 + 2 × 0.5) × 10
    assert (shown["royalty_pct"], shown["lump_sum_wan"]) == (5.0, 40.0)
    assert shown["source"] == settings.UNCONFIRMED
    assert listings.estimate_fee(None, "utility_model", 50.0, 10.0)["lump_sum_wan"] == 16.0
    unknown = listings.estimate_fee(None, "invention", None, 10.0)
    assert unknown["inputs"]["value"] == 50.0 and unknown["inputs"]["value_given"] is False
    assert listings.estimate_fee(None, "invention", 250.0, 1.0)["royalty_pct"] == 7.0  # value capped at 100
    parameters = {**settings.DEFAULTS["fee_estimator"].value, "royalty_base_pct": 1.0}
    with world.database.session() as db:
        with pytest.raises(InvalidValue, match="source"):
            settings.set_parameter(db, "fee_estimator", parameters, " ", "admin", None)
        settings.set_parameter(db, "fee_estimator", parameters, "测试：示例来源", "admin", None)
        entered = listings.estimate_fee(db, "invention", 50.0, 10.0)
    assert entered["royalty_pct"] == 3.0 and entered["source"] == "测试：示例来源"


def test_no_listing_without_announcement(declared: World) -> None:
    with declared.database.session() as db:
        states = {r.publication_number: r.state for r in db.query(LicenceDeclaration)}
    assert states["CN217546176U"] == "accepted" and "CN217546176U" not in found(declared)
