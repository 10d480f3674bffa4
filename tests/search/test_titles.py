"""Titles that are PDF extraction debris (KPPatent-ZH) are shown and indexed repaired."""

from __future__ import annotations

import json
from pathlib import Path

from ipcenter.search.backend import SearchBackend
from ipcenter.search.service import search
from ipcenter.search.titles import clean_title, is_debris


def _records(data_dir: Path) -> list[dict]:
    with open(data_dir / "kppatent-zh" / "kppatent_test.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_every_debris_title_in_the_real_file_is_repaired(data_dir: Path) -> None:
    repaired = {
        r["publication_number"]: clean_title(r["title"], (r["claims"] or [None])[0])
        for r in _records(data_dir)
        if is_debris(r["title"])
    }
    assert len(repaired) == 14
    assert not any(is_debris(t) or "页" in t[:8] or "。" in t for t in repaired.values())
    # page counts and the abstract's last sentence before the title
    assert repaired["CN111345036A"] == "图像处理装置、成像装置、驾驶辅助装置、移动体和图像处理方法"
    # no full stop left: cut where claim 1's subject (一种洗衣机控制方法，…) begins
    assert "洗衣机控制方法及装置" in repaired.values()
    assert "一种低压易漏井的固井方法及套管串" in repaired.values()


def test_clean_titles_are_left_alone(data_dir: Path) -> None:
    for r in _records(data_dir):
        if not is_debris(r["title"]):
            assert clean_title(r["title"], (r["claims"] or [None])[0]) == r["title"]


def test_hits_show_the_repaired_title_and_find_it(engine: SearchBackend) -> None:
    hit = search(engine, "PN=CN111345036A", limit=1).hits[0]
    assert hit.title == "图像处理装置、成像装置、驾驶辅助装置、移动体和图像处理方法"
    first = search(engine, "图像处理装置、成像装置、驾驶辅助装置、移动体和图像处理方法", limit=3).hits
    assert first[0].publication_number == "CN111345036A"
    assert not search(engine, 'TI="权利要求书"', limit=5).hits  # the page counts are not in the title field
