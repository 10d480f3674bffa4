"""The GB/T 42748 tree and weight sets, scope, explanation sums, expert inputs and vendor scores."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ipcenter.errors import InvalidValue
from ipcenter.value import output, service
from ipcenter.value.tree import PROFILES_FILE, TREE_FILE, load_tree, parse_tree, parse_weight_set

from .conftest import CUT_OFF


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- tree and weights


def test_tree_has_the_fixed_first_level_and_3_14_27_with_names_unconfirmed() -> None:
    tree = load_tree()
    assert [d["name_zh"] for d in tree.first_level] == ["法律价值", "技术价值", "经济价值"]
    assert (len(tree.first_level), len(tree.second_level), len(tree.third_level)) == (3, 14, 27)
    assert len(tree.unconfirmed()) == 41
    assert all(n.display("zh") == "UNCONFIRMED" for n in tree.second_level)
    assert all(i.extension for i in tree.indicators.values())  # what is scored is ours, flagged as extension


def test_tree_refuses_other_counts_or_another_first_level() -> None:
    data = _json(TREE_FILE)
    short = copy.deepcopy(data)
    short["third_level"] = short["third_level"][:26]
    with pytest.raises(InvalidValue, match="3 / 14 / 27"):
        parse_tree(short)
    renamed = copy.deepcopy(data)
    renamed["first_level"][2]["name_zh"] = "市场价值"
    with pytest.raises(InvalidValue, match="fixed"):
        parse_tree(renamed)


def test_shipped_weights_are_valid_illustrative_and_sum_to_one() -> None:
    weights = parse_weight_set(_json(PROFILES_FILE), load_tree())
    assert weights.status == "illustrative, not from the standard"
    assert {s.name_zh for s in weights.scenarios.values()} == {
        "许可转让",
        "金融",
        "财务报告",
        "侵权救济",
        "管理",
        "其他",
    }
    for s in weights.scenarios.values():
        assert sum(s.dimension_weights.values()) == pytest.approx(1)
        for per_dim in s.indicator_weights.values():
            assert sum(per_dim.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["dimensions"].update(legal=0.5), "first level.*sum to 1.1"),
        (lambda s: s["indicators"]["legal"].update(claim_count=0.5), "legal.*sum to"),
        (lambda s: s["indicators"]["legal"].update(claim_count=-0.2, legal_status=0.65), "≥ 0"),
        (lambda s: s["indicators"]["legal"].update(no_such=0.0), "unknown indicator"),
        (lambda s: s["indicators"]["legal"].update(family_size=0.0), "belongs to economic"),
        (lambda s: s["dimensions"].update(market=0.0), "unknown dimension"),
    ],
)
def test_weight_validation_names_what_is_wrong(change: Any, message: str) -> None:
    data = _json(PROFILES_FILE)
    change(data["scenarios"][0])
    with pytest.raises(InvalidValue, match=message):
        parse_weight_set(data, load_tree())


# --------------------------------------------------------------------------- explanations on the real corpus


@pytest.fixture(scope="module")
def inputs(
    value_corpus: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> service.ValueInputs:
    store = tmp_path_factory.mktemp("store") / "inputs.json"
    return service.open_inputs(value_corpus, data_dir, cut_off=CUT_OFF, store_path=store)


SAMPLE = ("US6981466B2", "CN115883397B", "US6400996B1", "CN113914863A", "US6126977A")


@pytest.mark.parametrize("scenario", ["许可转让", "金融", "财务报告", "侵权救济", "管理", "其他"])
def test_contributions_add_up_to_the_composite(inputs: service.ValueInputs, scenario: str) -> None:
    for number in SAMPLE:
        e = service.explain(inputs, number, scenario, with_stats=False)
        data = e.to_json()
        weighted = [i for i in data["indicators"] if i["weight"] > 0]
        assert sum(i["contribution"] for i in data["indicators"]) == pytest.approx(
            data["composite"], abs=1e-9
        )
        assert sum(i["weight"] for i in weighted) == pytest.approx(1, abs=1e-5)
        for i in weighted:
            assert i["contribution"] == pytest.approx(i["weight"] * i["percentile"], abs=1e-3)
        chosen = {n for ws in e.scenario.indicator_weights.values() for n in ws}
        assert {i["name"] for i in weighted} | {b["name"] for b in data["blanks"]} == chosen
        assert 0 <= data["composite"] <= 100


def test_json_contract_keys(inputs: service.ValueInputs) -> None:
    data = service.explain(inputs, "US6981466B2", "侵权救济", with_stats=False).to_json()
    for key in (
        "publication_number",
        "scenario",
        "composite",
        "indicators",
        "blanks",
        "weight_set",
        "cut_off",
    ):
        assert key in data
    assert set(data["indicators"][0]) == {
        "name", "dimension", "raw", "percentile", "cohort_size", "weight", "contribution",
    }  # fmt: skip
    assert data["scenario"] == "侵权救济" and data["cut_off"] == "2025-12-31"
    assert "illustrative" in data["weight_set"]


def test_bulk_composites_agree_with_the_explanations(inputs: service.ValueInputs) -> None:
    table = service.composites(inputs, None, "管理").to_pandas().set_index("app")
    assert len(table) > 20_000
    assert table["composite"].between(0, 100).all()
    for number in SAMPLE:
        e = service.explain(inputs, number, "管理", with_stats=False)
        assert table.loc[e.application, "composite"] == pytest.approx(e.composite, abs=0.01)
        assert table.loc[e.application, "coverage"] == pytest.approx(e.coverage, abs=1e-6)


def test_design_patents_are_refused_as_outside_the_standard(inputs: service.ValueInputs) -> None:
    with pytest.raises(service.OutsideScope, match="outside GB/T 42748 scope"):
        service.explain(inputs, "USD462507S1")  # a pizza design in the Espacenet export


def test_unconfirmed_is_shown_in_the_reports(inputs: service.ValueInputs) -> None:
    e = service.explain(inputs, "US6981466B2", with_stats=False)
    page = output.html_report(e, "zh")
    assert page.count("UNCONFIRMED") >= 41  # every untranscribed node of the tree, and the grade bands
    assert "illustrative, not from the standard" in page
    assert e.to_json()["standard"]["unconfirmed_indicators"] == 41


def test_expert_inputs_are_stored_with_who_and_when_and_change_the_score(inputs: service.ValueInputs) -> None:
    before = service.explain(inputs, "US6126977A", "许可转让", with_stats=False)
    assert "technical_advancement" in {b["name"] for b in before.blanks}
    entry = service.add_expert(
        inputs, "US6126977A", "技术先进性", 90, "张工", "对比三家竞品，独有双层烘烤结构"
    )
    assert entry["by"] == "张工" and entry["at"] and entry["indicator"] == "technical_advancement"
    after = service.explain(inputs, "US6126977A", "许可转让", with_stats=False)
    line = next(x for x in after.lines if x.name == "technical_advancement")
    assert line.raw == 90 and line.cohort_size is None
    assert after.coverage > before.coverage
    assert after.expert_inputs[-1]["by"] == "张工"
    with pytest.raises(InvalidValue, match="0–100"):
        service.add_expert(inputs, "US6126977A", "技术先进性", 120, "张工", None)
    with pytest.raises(InvalidValue, match="who"):
        service.add_expert(inputs, "US6126977A", "技术先进性", 50, " ", None)
    with pytest.raises(InvalidValue, match="not an expert indicator"):
        service.add_expert(inputs, "US6126977A", "claim_count", 50, "张工", None)


def test_vendor_scores_are_kept_apart_from_the_composite(inputs: service.ValueInputs) -> None:
    before = service.explain(inputs, "US6400996B1", "管理", with_stats=False).composite
    service.add_vendor_score(inputs, "US6400996B1", "incoPat", "合享价值度", "9", None, "李四")
    e = service.explain(inputs, "US6400996B1", "管理", with_stats=False)
    assert e.composite == before
    attrs = e.to_json()["external_attributes"]
    assert attrs[-1]["vendor"] == "incoPat" and attrs[-1]["merged_into_score"] is False
    assert attrs[-1]["recognised"] is True  # an attribute incoPat exports (domain-cn-2.md §3.3)


def test_stats_attributes_come_from_the_stats_service_and_stay_separate(inputs: service.ValueInputs) -> None:
    e = service.explain(inputs, "CN115883397B", "管理")
    stats = e.stats_attributes
    assert stats["available"] is True and "not a GB/T 42748 value grade" in stats["concept"]
    assert stats["valid_domestic_inventions_counted"] == 1
    assert set(stats["flags"]) == {
        "strategic_emerging_industry", "granted_family_abroad", "maintained_over_10_years", "pledge_financing", "award",
    }  # fmt: skip
    assert "high_value" not in {x.name for x in e.lines}
