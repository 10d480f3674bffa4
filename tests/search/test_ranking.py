"""Plain-text queries as people type them: shapes, segmentation, phrase boosts, and the fusion with vectors."""

from __future__ import annotations

from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis
from ipcenter.search.backend import SearchBackend
from ipcenter.search.ranking import query_shape
from ipcenter.search.service import is_structured, search, similar
from ipcenter.search.tantivy_backend import pair_doc_limit

CLAIM = (
    "1.一种锂离子电池负极材料的制备方法，其特征在于，包括以下步骤：将硅粉与沥青按质量比1:1混合，"
    "在氮气保护下于900℃烧结2小时，冷却后粉碎得到硅碳复合负极材料。"
)
ENGLISH_CLAIM = (
    "1. A fan comprising: an impeller (1a) mounted on a shaft AND a motor (2) driving the shaft, "
    "wherein the impeller has five blades and the motor is held by a bracket fixed to a housing of the fan."
)


def _texts(corpus: Corpus) -> dict[str, str]:
    con = corpus.connect()
    rows = con.execute(
        """SELECT publication_number, concat_ws(' ', title, abstract, description,
                  array_to_string(list_transform(coalesce(claims, []), lambda c: c.text), ' '))
           FROM patents"""
    ).fetchall()
    con.close()
    return {pn: analysis.normalize(text or "") for pn, text in rows}


def test_query_shapes() -> None:
    assert query_shape(CLAIM) == "long"
    assert query_shape(ENGLISH_CLAIM) == "long"
    assert query_shape("负极材料 锂离子电池 硅碳") == "keywords"
    assert query_shape("负极材料，锂离子电池，硅碳，烧结") == "keywords"
    assert query_shape("锂离子电池负极材料") == "short"
    assert query_shape("Method and apparatus for heat treating metal sheets") == "short"


def test_plain_text_is_ranked_and_the_query_language_is_matched() -> None:
    # KPPatent-ZH keyword lists hold 非 and 与 as keywords: alone they do not make a query of plain text
    keyword_lists = ("表面 环氧 非 离子 丙烯酸", "接触 非", "设计 与 叶轮 热管")
    for plain in (
        "锂离子电池负极材料",
        "负极材料 锂离子电池",
        "A fan and a blade",
        CLAIM,
        ENGLISH_CLAIM,
        *keyword_lists,
    ):
        assert not is_structured(plain), plain
    for structured in (
        "TI=锂电池",
        "锂电池 AND 正极",
        '"锂离子电池负极材料"',
        "锂电池 NOT 钠",
        "bicycl*",
        "ad>=2020",
        "TI=(电池 非 锂)",
        "(锂电池 与 正极) 或 钠电池",
    ):
        assert is_structured(structured), structured
    # operators are most of the words: a (hostile) boolean query, not a pasted text
    assert is_structured("NOT " * 2000 + "锂电池")


def test_unquoted_chinese_string_is_segmented_and_ranked(engine: SearchBackend, text_corpus: Corpus) -> None:
    texts = _texts(text_corpus)
    phrase = "锂离子电池负极材料"
    exact = {pn for pn, t in texts.items() if phrase in t}
    all_words = {pn for pn, t in texts.items() if all(w in t for w in ("锂离子", "电池", "负极", "材料"))}
    assert 1 <= len(exact) < len(all_words)
    result = search(engine, phrase, limit=200)
    hits = [h.publication_number for h in result.hits]
    # segmented, not one required phrase: documents with every word but not the phrase are found too …
    assert set(hits) >= all_words and result.total >= len(all_words) > len(exact)
    # … and the phrase is boosted: documents holding it exactly come first
    assert set(hits[: len(exact)]) == exact


def test_quotes_ask_for_the_exact_phrase(engine: SearchBackend, text_corpus: Corpus) -> None:
    texts = _texts(text_corpus)
    exact = {pn for pn, t in texts.items() if "锂离子电池负极材料" in t}
    result = search(engine, '"锂离子电池负极材料"', limit=100)
    assert {h.publication_number for h in result.hits} == exact and result.total == len(exact)


def test_keyword_list_ranks_its_document_first(engine: SearchBackend, data_dir) -> None:  # type: ignore[no-untyped-def]
    import json

    # KPPatent-ZH's own gold keyphrases, space-separated as a user lists keywords; not every keyphrase occurs
    # in its document, so a conjunction would miss many of them
    with open(data_dir / "kppatent-zh" / "kppatent_test.jsonl", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r["publication_number"] and r["keyphrases"]][:60]
    first = sum(
        (hits := search(engine, " ".join(r["keyphrases"]), limit=1).hits) != []
        and hits[0].publication_number == r["publication_number"]
        for r in records
    )
    assert first >= 45, f"keyphrases → own patent at rank 1 for {first}/60"


def test_similar_to_a_short_anode_text_finds_anode_documents(vector_engine: SearchBackend) -> None:
    # The vectors hardly tell 负极 (anode) from 正极 (cathode): fused by rank they put a cathode kiln, a W–Cu
    # electrode and cathode materials first (issue 16 §3); fused by score, the documents that say 负极 lead.
    r = similar(vector_engine, "一种锂离子电池负极材料的制备方法，包括将硅碳复合材料烧结", limit=5)
    titles = [h.title for h in r.hits]
    assert "负极" in titles[0] and sum("负极" in t for t in titles) >= 3, titles
    assert not any(w in t for t in titles[:3] for w in ("匣钵", "钨铜", "沥青")), titles
    r = search(vector_engine, "锂离子电池负极材料", limit=5)
    titles = [h.title for h in r.hits]
    assert r.mode == "hybrid" and "锂离子电池负极材料" in titles[0] and sum("负极" in t for t in titles) >= 3


def test_proximity_clauses_only_for_pairs_with_a_rarer_word(engine: SearchBackend) -> None:
    # two common words side by side make no proximity clause; a pair holding a rarer word does
    lexical = engine.lexical
    searcher = lexical.searcher  # type: ignore[attr-defined]
    most = pair_doc_limit(searcher.num_docs)
    assert most is not None and most == max(0.01 * searcher.num_docs, 100)
    common = [w for w in ("所述", "一种", "其特征在于", "包括") if searcher.doc_freq("tx_w", w) > most]
    rare = [w for w in ("硅碳", "沥青", "负极材料") if 0 < searcher.doc_freq("tx_w", w) <= most]
    assert len(common) >= 2 and rare, (common, rare)
    pairs = [(common[0], common[1]), (common[0], rare[0]), (rare[0], common[1])]
    assert lexical._informative(pairs) == pairs[1:]  # type: ignore[attr-defined]
