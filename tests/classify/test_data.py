"""Reference data of the classify domain, read from the real files."""

from __future__ import annotations

from collections import Counter

import pytest

from ipcenter.classify import data as classify_data
from ipcenter.classify.errors import BadInput


def test_ipc_titles_have_chinese_and_english_subclass_and_group_titles(ipc_titles):
    assert ipc_titles.zh["G06F"].startswith("电数字数据处理")
    assert ipc_titles.en["G06F"].startswith("ELECTRIC DIGITAL DATA PROCESSING")
    assert ipc_titles.en["A01B1/00"].startswith("Hand tools")  # packed A01B0001000000 → A01B1/00
    assert ipc_titles.zh["A01B1/00"].startswith("手动工具")
    assert "A01B1/00" in ipc_titles.groups["A01B"]
    assert 640 <= len(ipc_titles.subclasses()) <= 660


def test_clean_title_drops_references_and_edition_markers():
    raw = "农业或林业的整地；一般农业机械（用于播种的开挖沟穴入A01C5/00；工程目的的整地入E01）[20250101]"
    assert classify_data.clean_title(raw) == "农业或林业的整地；一般农业机械"


def test_cn_titles_are_folds_1_to_4_only(cn_examples):
    folds = Counter(e.fold for e in cn_examples)
    assert set(folds) == {1, 2, 3, 4}
    assert len(cn_examples) == 7798
    first = cn_examples[0]
    assert first.text == "一种水电站高压输电线路驱鸟保护装置"
    assert first.subclasses == ["A01M", "G06F", "H02G"]


def test_document_examples_come_from_us_ep_and_cn_documents(data_dir):
    examples = classify_data.document_examples(data_dir)
    by_source = Counter(e.source for e in examples)
    assert by_source["uspto"] >= 100 and by_source["epo"] >= 20 and by_source["cn-xml"] >= 10
    fan = [e for e in examples if e.id == "CN101096965A" and e.lang == "zh"]
    assert fan and fan[0].subclasses == ["F04D"] and "轴流送风机" in fan[0].text


def test_scopes_match_the_source_counts(data_dir):
    entries = classify_data.load_scopes(data_dir)
    counts = Counter((e.centre, e.scheme) for e in entries)
    assert counts[("成都知识产权保护中心", "IPC")] == 55
    assert counts[("成都知识产权保护中心", "LOC")] == 13
    assert counts[("中国(四川)知识产权保护中心", "IPC")] == 163
    assert counts[("重庆市知识产权保护中心", "LOC")] == 23


def test_input_tsv_needs_id_and_text_columns(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("number\ttitle\nx\ty\n", encoding="utf-8")
    with pytest.raises(BadInput, match="'id' and 'text'"):
        list(classify_data.iter_tsv_inputs(bad))
