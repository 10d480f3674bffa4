"""Search on real documents: field codes, Chinese sub-word and cross-script matches, numbers, dates, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.corpus.store import Corpus
from ipcenter.search.backend import SearchBackend, open_backend
from ipcenter.search.index import build_index
from ipcenter.search.service import export_results, search


def _kppatent(data_dir: Path) -> list[dict]:
    with open(data_dir / "kppatent-zh" / "kppatent_test.jsonl", encoding="utf-8") as fh:
        return [r for r in map(json.loads, fh) if r["publication_number"] and r["claims"]]


def _numbers(engine: SearchBackend, query: str, limit: int = 20_000, **kw) -> list[str]:
    return [h.publication_number for h in search(engine, query, limit=limit, mode="lexical", **kw).hits]


def test_claim_one_finds_its_own_patent(engine: SearchBackend, data_dir: Path) -> None:
    records = _kppatent(data_dir)[:40]
    first = sum(
        search(engine, r["claims"][0], limit=1, mode="lexical").hits[0].publication_number
        == r["publication_number"]
        for r in records
    )
    assert first >= 38, f"claim 1 → own patent at rank 1 for {first}/40"


def test_title_words_match_inside_chinese_words(engine: SearchBackend, text_corpus: Corpus) -> None:
    # 电池 is inside the jieba word 锂电池: the bigram field finds it; every hit really contains it
    hits = _numbers(engine, "TI=电池")
    con = text_corpus.connect()
    titles = dict(con.execute("SELECT publication_number, title FROM patents").fetchall())
    expected = {pn for pn, t in titles.items() if t and "电池" in t}
    assert set(hits) == expected and len(expected) >= 3


def test_traditional_and_simplified_find_each_other(engine: SearchBackend) -> None:
    simplified = _numbers(engine, "TX=(衣物 AND 处理装置)")
    assert "CN114232276A" in simplified
    assert _numbers(engine, "TX=(衣物 AND 處理裝置)") == simplified


def test_boolean_operators(engine: SearchBackend) -> None:
    a = set(_numbers(engine, "TI=电池"))
    b = set(_numbers(engine, "TI=锂"))
    assert set(_numbers(engine, "TI=电池 AND TI=锂")) == a & b
    assert set(_numbers(engine, "TI=电池 OR TI=锂")) == a | b
    assert set(_numbers(engine, "TI=电池 NOT TI=锂")) == a - b
    assert set(_numbers(engine, "TI=(电池 非 锂)")) == a - b


def test_english_stemming_and_truncation(engine: SearchBackend) -> None:
    # "controllers" and "controller" share the stem; truncation finds "control…" words too
    assert "EP2007181A2" in _numbers(engine, "TI=controllers")
    assert "EP2007181A2" in _numbers(engine, "TI=contr*")
    assert "EP2007181A2" in _numbers(engine, 'TI="industrial robot"')
    assert "EP2007181A2" not in _numbers(engine, 'TI="robot industrial"')


def test_numbers_in_any_form(engine: SearchBackend) -> None:
    for q in ("PN=CN114232276A", "PN=CN114232276", 'PN="cn 114 232 276 a"'):
        assert _numbers(engine, q) == ["CN114232276A"], q
    # CN XML sample: application number with and without check character / country
    assert _numbers(engine, "AN=202223220665.2") == ["CN218751475U"]
    assert _numbers(engine, "AN=CN202223220665.2") == ["CN218751475U"]


def test_ipc_prefix_at_every_level(engine: SearchBackend, text_corpus: Corpus) -> None:
    con = text_corpus.connect()
    rows = con.execute("SELECT publication_number, ipc FROM patents WHERE len(ipc) > 0").fetchall()
    for prefix in ("A", "A01", "A01D", "A01D43"):
        expected = {pn for pn, ipc in rows if any(s.startswith(prefix) for s in ipc)}
        got = set(_numbers(engine, f"IC={prefix}"))
        if prefix == "A01D43":  # main group level: G06F40 must not match G06F401 → compare the group part
            expected = {pn for pn, ipc in rows if any(s.split("/")[0] == prefix for s in ipc)}
        assert got == expected, prefix


def test_date_range_and_type_and_region(engine: SearchBackend, text_corpus: Corpus) -> None:
    con = text_corpus.connect()
    expected = {
        r[0]
        for r in con.execute(
            "SELECT publication_number FROM patents WHERE filing_date BETWEEN '2021-01-01' AND '2021-12-31'"
        ).fetchall()
    }
    assert expected and set(_numbers(engine, "AD=2021")) == expected
    utility = {
        r[0]
        for r in con.execute(
            "SELECT publication_number FROM patents WHERE patent_type = 'utility_model'"
        ).fetchall()
    }
    assert set(_numbers(engine, "PT=实用新型")) == utility
    henan = set(_numbers(engine, "AR=河南"))
    assert henan and henan == set(_numbers(engine, "AR=河南省")) == set(_numbers(engine, "AR=41"))


def test_facets_sort_and_paging(engine: SearchBackend) -> None:
    r = search(engine, "TI=方法", limit=5, facets=True, mode="lexical")
    assert r.total > 20
    assert sum(n for _, n in r.facets["type"]) == r.total
    page2 = search(engine, "TI=方法", limit=5, offset=5, mode="lexical")
    assert not {h.publication_number for h in r.hits} & {h.publication_number for h in page2.hits}
    dated = search(engine, "AD>=2000", limit=50, sort="newest", mode="lexical").hits
    dates = [h.publication_date for h in dated]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 5


def test_plain_text_facets_count_what_their_refinement_finds(engine: SearchBackend) -> None:
    # ranked plain text matches any of its words; each facet value's count is what "text AND IC=…" finds
    for text in ("送风机", "锂电池 正极"):
        r = search(engine, text, limit=5, facets=True, mode="lexical")
        assert r.facets["ipc"], text
        for value, count in r.facets["ipc"][:3]:
            refined = search(engine, f"{text} AND IC={value}", limit=1, mode="lexical")
            assert refined.total == count, (text, value)
        assert sum(n for _, n in r.facets["type"]) < r.total  # fewer than the documents with any of the words


def test_snippets_highlight_the_query(engine: SearchBackend) -> None:
    hit = search(engine, "TX=衣物处理", limit=1, mode="lexical").hits[0]
    assert "<em>衣物处理</em>" in hit.snippet


def test_export_records_query_and_corpus_version(engine: SearchBackend, tmp_path: Path) -> None:
    meta = export_results(engine, "TI=方法", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    head = {r[0]: r[1] for r in rows if r and r[0].startswith("# ")}
    assert head["# query"] == "TI=方法" and head["# corpus_version"] == str(engine.state["corpus_version"])
    assert len(rows) - len(head) - 1 == meta["total"] == meta["exported"]
    export_results(engine, "TI=方法", tmp_path / "out.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "out.xlsx")
    assert wb["results"].max_row == meta["total"] + 1
    assert {r[0].value: r[1].value for r in wb["query"].iter_rows()}["query"] == "TI=方法"


def test_incremental_update_keeps_unchanged_documents(text_corpus: Corpus, tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    first = build_index(text_corpus, index_dir, vectors="none")
    again = build_index(text_corpus, index_dir, vectors="none")
    assert first.mode == "full" and again.mode == "incremental"
    assert again.added == 0 and again.unchanged == first.documents == len(text_corpus)
    assert len(search(open_backend(index_dir), "TI=电池", limit=100, mode="lexical").hits) > 0


runner = CliRunner()


def test_cli_json_contract_and_errors(text_corpus: Corpus) -> None:
    res = runner.invoke(app, ["search", "TI=电池", "--corpus", str(text_corpus.root), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"query", "total", "hits"} <= set(data)
    assert {"publication_number", "title", "score", "snippet"} <= set(data["hits"][0])
    bad = runner.invoke(app, ["search", "TI=(电池 AND", "--corpus", str(text_corpus.root)])
    assert bad.exit_code == 2
    assert "position 11" in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(app, ["search", "电池", "--corpus", str(text_corpus.root / "nowhere")])
    assert missing.exit_code == 2 and "index build" in missing.output


@pytest.mark.parametrize("args", [["search", "--help"], ["similar", "--help"], ["index", "build", "--help"]])
def test_help(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 0
