"""Pre-application assessment (申请前评估) and patent → needs on the real samples: the recommendation rules as a
table, a published abstract recognised as published, a product with no close prior art, the assessor's
decision recorded beside the system's advice, and the needs a real patent answers (only those the account may
see)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipcenter.errors import InvalidValue, NotFound
from ipcenter.transfer import assessment, needs, service, settings
from ipcenter.transfer.matching import Matcher

from .conftest import UNIVERSITY, World

THRESHOLDS = dict(settings.DEFAULTS["assessment_thresholds"].value)  # duplicate 0.85, close 0.7, crowded 50
ON = date(2025, 6, 1)
#: CN115883397B's own abstract (the real CN XML sample): published, so not to be filed again.
PUBLISHED = (
    "本发明公开了一种web端数据通用采集方法，涉及数据挖掘技术领域，一共包括五个步骤，首先配置服务信息完成"
    "初始化配置，其次创建驱动窗口远程启动任务实例，接着建立与服务端的请求连接，以转发响应内容供数据远程调度，"
    "最后信息获取完成断开会话窗口即可。"
)
PRODUCT = "一种可折叠的宠物饮水碗装置，包括硅胶碗体、折叠支架结构和防滑底座，展开后盛水，收起后便于携带。"
CLOSEST = {"publication_number": "CN1B", "title": "一种装置"}


@pytest.fixture(scope="module")
def matcher(served_corpus: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    # an empty models directory: no classify model, so the IPC comes from the closest document
    return Matcher(served_corpus, data_dir=data_dir, models_dir=tmp_path_factory.mktemp("no-models"))


@pytest.mark.parametrize(
    ("text", "top", "cohort", "expected"),
    [
        ("一种数据采集方法", 0.90, 0, "do_not_file"),  # ≥ duplicate, whatever the rest
        ("一种连接装置", 0.85, 999, "do_not_file"),
        ("一种连接装置", 0.75, 50, "publish_defensively"),  # close, crowded
        ("一种数据采集方法", 0.75, 49, "invention"),  # close, not crowded, a method
        ("一种连接装置", 0.75, 49, "utility_model"),  # close, not crowded, a product only
        ("一种连接装置", 0.69, 500, "invention"),  # nothing close
        ("一种数据采集方法", 0.10, 0, "invention"),
    ],
)
def test_recommendation_rules(text: str, top: float, cohort: int, expected: str) -> None:
    found, reasons = assessment.recommend(text, top, cohort, CLOSEST, THRESHOLDS)
    assert found == expected and reasons and all(isinstance(r, str) and r for r in reasons)


def test_a_published_abstract_is_not_filed_again(matcher: Matcher) -> None:
    result = assessment.assess_text(matcher, "一种web端数据通用采集方法", PUBLISHED, ON, THRESHOLDS)
    assert result["recommendation"] == "do_not_file"
    first = result["closest"][0]
    assert first["publication_number"] == "CN115883397B" and first["similarity"] >= 0.95
    assert first["granted"] and first["passage"]["field"].startswith("abstract")
    assert "CN115883397B" in result["reasons"][0] and "0.85" in result["reasons"][0]
    granted = {g["publication_number"]: g for g in result["similar_granted"]}
    assert "CN115883397B" in granted and "value" in granted["CN115883397B"]
    # no classify model here: said so, and the cohort is the closest document's subclass
    assert result["ipc"] == [] and result["ipc_note"].startswith("no IPC suggestions")
    assert result["density"]["subclass"] == "H04L" and result["density"]["years"] == "2021–2025"
    assert result["density"]["close_documents"] == 1 and result["density"]["searched"] == 30
    assert len(result["closest"]) == 10  # the ten closest of the 30 searched are shown


def test_a_new_product_with_no_close_prior_art_is_an_invention(matcher: Matcher) -> None:
    result = assessment.assess_text(matcher, "一种可折叠宠物饮水碗", PRODUCT, ON, THRESHOLDS)
    assert result["closest"] and result["closest"][0]["similarity"] < THRESHOLDS["close"]
    assert result["recommendation"] == "invention"
    assert result["reasons"][-1].startswith("no close prior art")
    with pytest.raises(InvalidValue, match="too short"):
        assessment.assess_text(matcher, "碗", "装置", ON, THRESHOLDS)


def test_the_assessors_decision_is_recorded_beside_the_advice(world: World, matcher: Matcher) -> None:
    admin, other = world.who("admin"), world.who("other")
    with world.database.session() as db:
        row = assessment.create(db, admin, matcher, "一种web端数据通用采集方法", PUBLISHED, on=ON)
        with pytest.raises(InvalidValue, match="reasons"):
            assessment.decide(db, admin, row, "invention", ["  "])
        with pytest.raises(NotFound):
            assessment.decide(db, other, row, "invention", ["x"])
        assessment.decide(db, admin, row, "publish_defensively", ["发明人坚持公开，保留使用自由"])
        shown = assessment.view(db, row)
    assert shown["system_recommendation"] == "do_not_file"
    assert shown["recommendation"] == "publish_defensively" and shown["state"] == "decided"
    assert shown["recommendation_label"] == "防御性公开"
    assert [(d["recommendation"], d["by"]) for d in shown["decisions"]] == [
        ("publish_defensively", "admin@example.cn")
    ]
    assert shown["result"]["thresholds_source"] == settings.UNCONFIRMED
    with world.database.session() as db, pytest.raises(NotFound):
        assessment.get(db, other, row.id)


def need(title: str, problem: str, **more: Any) -> dict[str, Any]:
    return {"title": title, "problem": problem, **more}


def test_patent_to_needs(world: World, matcher: Matcher) -> None:
    enterprise = world.who("enterprise")
    with world.database.session() as db:
        web = needs.post(
            db, enterprise, need("网页数据采集", "需要一种通用的web端数据采集方法，降低采集难度"), []
        )
        drone = needs.post(
            db, enterprise, need("无人机巡检", "输电线路无人机自动巡检与缺陷识别", ipc="B64C"), []
        )
        needs.post(
            db,
            enterprise,
            need("数据采集（定向）", "网页数据的通用采集和远程调度", visibility="institutions"),
            [UNIVERSITY],
        )
        ids = {"web": web.id, "drone": drone.id}
    with world.database.session() as db:
        found = service.needs_for_patent(db, world.who("other"), matcher, "CN115883397B")
        shown_to_university = service.needs_for_patent(
            db, world.who("university_admin"), matcher, "CN115883397B"
        )
    assert found["publication_number"] == "CN115883397B" and found["title"] == "一种web端数据通用采集方法"
    # another enterprise sees the two public needs, the web one first; the restricted one is not among them
    assert [n["need_id"] for n in found["needs"]] == [ids["web"], ids["drone"]]
    first, second = found["needs"]
    assert first["score"] > second["score"] and first["why"]["passages"][0]["similarity"] > 0.5
    assert second["why"]["parts"]["ipc"]["value"] == 0.0  # B64C against H04L: no shared IPC
    assert len(shown_to_university["needs"]) == 3  # the institution it was shown to sees it too
    with world.database.session() as db, pytest.raises(NotFound):
        service.needs_for_patent(db, enterprise, matcher, "CN0000000A")


def test_assess_command(served_corpus: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ipcenter", "assess", *args, "--corpus", str(served_corpus)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "IPCENTER_MODELS": str(tmp_path)},
        )

    result = run("--title", "一种web端数据通用采集方法", "--text", PUBLISHED, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["recommendation"] == "do_not_file"
    assert data["closest"][0]["publication_number"] == "CN115883397B"
    both = run("--title", "x", "--text", "y", "--file", str(tmp_path / "d.txt"))
    assert both.returncode == 2 and both.stderr.startswith("error:") and "exactly one" in both.stderr
    missing = run("--title", "x", "--file", str(tmp_path / "missing.txt"))
    assert missing.returncode != 0 and missing.stderr.startswith("error: cannot read")
