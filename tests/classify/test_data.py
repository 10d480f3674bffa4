"""Reference data of the classify domain, read from the real files."""

from __future__ import annotations

import re
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
    # the whole text a pre-examiner has: title + abstract + the start of the claims
    assert "如权利要求1所述的轴流送风机" in fan[0].text
    assert len(fan[0].text) <= 1000 + classify_data.CLAIM_CHARS
    short = classify_data.document_examples(data_dir, claims=False)
    short_fan = next(e for e in short if e.id == "CN101096965A" and e.lang == "zh")
    assert fan[0].text.startswith(short_fan.text) and "如权利要求1所述" not in short_fan.text


def test_english_title_examples_keep_each_family_on_one_side(data_dir):
    """The WIPO Manual's English sets: one id per family, linked by first priority or by title across the
    exports (each writes priority numbers its own way), so a split by id never separates a family."""
    examples = classify_data.english_title_examples(data_dir)
    by_source = Counter(e.source for e in examples)
    assert set(by_source) == {"wipo-lens", "wipo-patentscope", "wipo-espacenet"}
    assert 14_000 <= len(examples) <= 17_000
    family_of_title: dict[str, str] = {}
    for e in examples:
        title = re.sub(r"[^a-z0-9]+", "", e.text.lower())
        assert family_of_title.setdefault(title, e.id) == e.id  # one title, one family
    assert len({(e.id, e.text.lower(), tuple(e.subclasses)) for e in examples}) == len(examples)
    cutter = [e for e in examples if e.text == "Pizza Cutter"]
    assert cutter and all(e.lang == "en" and e.subclasses for e in cutter)


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


#: What the scheme files print and people should not see: edition markers ('〔2〕', '〔1，8〕', '[20110101]',
#: '〔3，2012.01〕') and the packed 14-character form — but not chemical locants ('〔3.2.1〕', '〔1,5〕-').
RAW_MARKERS = re.compile(
    r"〔[\d，, ]+〕(?!-)|[〔\[][^〕\]]*\d{4}\.\d{2}[^〕\]]*[〕\]]|\[\d{8}|\[[\d, ]+\](?!-)|[A-H]\d\d[A-Z]\d{10}"
)


def test_titles_are_clean_for_display_on_the_real_scheme_files(ipc_titles):
    """Issue 17 §3: every subclass and main-group title, Chinese and English, without scheme markers."""
    assert ipc_titles.source_zh["H01M"].endswith("〔2〕")  # as the Chinese edition prints it
    assert ipc_titles.zh["H01M"] == "用于直接转变化学能为电能的方法或装置，例如电池组"
    assert ipc_titles.source_zh["B82Y"].endswith("[20110101]")
    assert ipc_titles.zh["B82Y"] == "纳米结构的特定用途或应用；纳米结构的测量或分析；纳米结构的制造或处理"
    assert "C03C0010000000" in ipc_titles.source_en["C04B"]
    assert "CERAMICS (devitrified glass-ceramics C03C10/00); REFRACTORIES" in ipc_titles.en["C04B"]
    assert "(edge trimmers for lawns A01G3/06)" in ipc_titles.en["A01B1/00"]
    assert "A01C5/00; machines for harvesting root crops A01D;" in ipc_titles.en["A01B"]
    assert "割草机入A01D43/12" in ipc_titles.zh["A01B"]  # the PDF's '入 A01D43/12' space mended
    assert ipc_titles.zh["H01F1/00"].endswith("八族系统。")  # '〔2010〕', a year alone
    for table in (ipc_titles.zh, ipc_titles.en):
        dirty = {code: t for code, t in table.items() if RAW_MARKERS.search(t)}
        assert not dirty, list(dirty.items())[:3]
        assert all(t == t.strip() and "  " not in t for t in table.values())
        assert all(classify_data.display_title(t) == t for t in table.values())  # cleaning twice: no change


def test_chemical_locants_that_look_like_markers_are_kept(ipc_titles):
    assert "8-氮杂二环〔3.2.1〕辛烷" in ipc_titles.zh["C07D451/00"]
    assert "〔3,2,1-i,j〕〔1,5〕-二氮杂萘" in ipc_titles.zh["C07D461/00"]
    assert "环戊烷并〔a〕氢化菲" in ipc_titles.zh["C07J21/00"]
    assert ipc_titles.zh["G01Q"].endswith(
        "扫描探针显微术〔SPM〕"
    )  # its edition marker '〔2010.01 〕' removed
    assert "THREE-DIMENSIONAL [3D] OBJECTS" in ipc_titles.en["B33Y"]


def test_training_texts_come_from_the_titles_as_printed(ipc_titles):
    """Display cleaning leaves the model alone: the training texts are still `clean_title` of the source."""
    examples = {(e.id, e.lang): e.text for e in classify_data.group_examples(ipc_titles)}
    raw = ipc_titles.source_zh["A01B1/00"]
    assert examples[("A01B1/00", "zh")] == classify_data.clean_title(raw) == "手动工具"
