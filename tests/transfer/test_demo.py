"""The demo step on real data: the Lens drone export (where 北京航空航天大学 is written three ways) ingested and
indexed, then the step's inventory, need, matches and licence checks as `ipcenter demo` runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipcenter.context import DemoContext
from ipcenter.transfer.demo import demo_step

LENS = "wipo-manual-analytics/drones_lens_fulltext_families_5884.csv"


@pytest.fixture(scope="module")
def lens_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ipcenter.ingest.service import ingest
    from ipcenter.search import service as search_service

    root = tmp_path_factory.mktemp("transfer-demo") / "corpus"
    ingest([data_dir / LENS], root)
    search_service.build(root, vectors="text")
    return root


def test_demo_step(tmp_path: Path, data_dir: Path, lens_corpus: Path) -> None:
    result = demo_step(DemoContext(data_dir, tmp_path, lens_corpus, "zh"))
    assert result is not None and result.ok, result.errors if result else None
    stable = result.data
    # the inventory of a real university applicant, found by its three spellings in the export
    assert stable["variants"] == ["UNIV BEIHANG", "UNIV BEI HANG", "UNIV BEIJING BUAA"]
    assert stable["added"] == 10
    assert stable["coverage"] == {"inventoried": 1, "unconverted_valid": 1}
    full = json.loads((tmp_path / "transfer" / "transfer.json").read_text(encoding="utf-8"))
    items = {i["publication_number"]: i for i in full["inventory"]["items"]}
    assert items["CN103322856B"]["state"] == "in_library" and items["CN103322856B"]["grade"] == "转化前景较好"
    assert sum(i["legal_status"] == "unknown" for i in items.values()) == 9
    assert (tmp_path / "transfer" / "inventory.xlsx").stat().st_size > 0
    # the Chinese need reaches the university's English camera-calibration patents, each match explained
    matches = full["need"]["matches"]
    assert len(matches) == 5 and stable["matches"][0] == "CN101425185A"  # 标定 (calibration) of a camera
    assert set(stable["matches"][:2]) <= set(items)  # the first two are the university's own
    assert all("calibrat" in m["title"].lower() or "demarcat" in m["title"].lower() for m in matches[:2])
    for m in matches:
        assert m["why"]["summary"] and m["why"]["passages"]
        assert {"semantic", "retrieval", "status"} <= set(m["why"]["parts"])
    # the declaration of the library record is allowed (annuities not recorded: a warning); a record whose
    # validity the corpus cannot establish is refused with the reason
    assert stable["licence_allowed"] == [True, False]
    allowed, refused = full["licence_checks"]
    assert allowed["publication_number"] == "CN103322856B" and not allowed["reasons"]
    assert [w["rule"] for w in allowed["warnings"]] == ["annuities_unpaid"]
    assert [r["rule"] for r in refused["reasons"]] == ["valid_on_date"]
    assert "北京航空航天大学" in result.markdown and "**allowed**" in result.markdown
