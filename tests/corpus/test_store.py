"""Corpus store: idempotent upsert, merge, atomic commit, orphan clean-up, single writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcenter.corpus.models import Citation, Claim, Party, PatentRecord, Provenance
from ipcenter.corpus.service import corpus_info, document_view, export_corpus, find_documents
from ipcenter.corpus.store import DUPLICATE, STORED, UPDATED, Corpus, CorpusError, CorpusWriter, upsert_all


def _record(number: str = "CN101096965A", **fields: object) -> PatentRecord:
    base: dict[str, object] = {
        "publication_number": number,
        "country": number[:2],
        "kind": number[-1],
        "application_number": "200710308494.X",
        "patent_type": "invention",
        "filing_date": date(2007, 12, 28),
        "title": "一种测试装置",
        "claims": [Claim(1, "一种装置。"), Claim(2, "根据权利要求1所述的装置。", [1])],
        "applicants": [Party("中南大学", type="university", province="湖南省", city="长沙市")],
        "citations": [Citation(number="CN1234567A", kind="patent", category="X", cited_by="examiner")],
        "provenance": Provenance("test.xml", "test", "document 1"),
    }
    base.update(fields)
    return PatentRecord(**base)  # type: ignore[arg-type]


def test_same_record_twice_is_a_duplicate(tmp_path: Path) -> None:
    assert upsert_all(tmp_path, [_record()]) == {STORED: 1, DUPLICATE: 0}
    assert upsert_all(tmp_path, [_record()]) == {STORED: 0, DUPLICATE: 1}
    assert len(Corpus(tmp_path)) == 1


def test_duplicate_within_one_run(tmp_path: Path) -> None:
    assert upsert_all(tmp_path, [_record(), _record(), _record("CN101096965B")]) == {STORED: 2, DUPLICATE: 1}
    assert Corpus(tmp_path).manifest.records == 2


def test_merge_keeps_fields_the_new_source_lacks(tmp_path: Path) -> None:
    upsert_all(tmp_path, [_record()])
    update = PatentRecord(
        "CN101096965A",
        "CN",
        "A",
        legal_status_raw="无权-视为撤回",
        extra={"申请人类型": "大专院校"},
        provenance=Provenance("export.csv", "cn-export-csv", "row 2"),
    )
    assert upsert_all(tmp_path, [update]) == {STORED: 1, DUPLICATE: 0}
    doc = document_view(find_documents(Corpus(tmp_path), "CN101096965A")[0])
    assert doc["title"] == "一种测试装置"  # kept from the first source
    assert doc["legal_status_raw"] == "无权-视为撤回"  # added by the second
    assert doc["claims"][1]["depends_on"] == [1]
    assert [s["source_format"] for s in doc["sources"]] == ["test", "cn-export-csv"]
    # re-ingesting either source again changes nothing
    assert upsert_all(tmp_path, [_record(), update]) == {STORED: 0, DUPLICATE: 2}
    assert Corpus(tmp_path).manifest.records == 1


def test_lookup_by_any_number_form(tmp_path: Path) -> None:
    upsert_all(tmp_path, [_record(), _record("CN101096965B", grant_date=date(2010, 5, 5), kind="B")])
    corpus = Corpus(tmp_path)
    for form in ("CN101096965", "cn 101096965", "200710308494.X", "ZL200710308494.X", "CN200710308494.X"):
        rows = find_documents(corpus, form)
        assert [r["publication_number"] for r in rows] == ["CN101096965B", "CN101096965A"], form
    assert [r["publication_number"] for r in find_documents(corpus, "CN101096965A")] == ["CN101096965A"]
    assert find_documents(corpus, "CN101096966A") == []


def test_uncommitted_writes_are_invisible_and_cleaned(tmp_path: Path) -> None:
    upsert_all(tmp_path, [_record()])
    before = Corpus(tmp_path).manifest
    writer = CorpusWriter(tmp_path, flush_bytes=1)  # every upsert flushes a staged part
    writer.upsert(_record("CN101100502A"))
    writer.upsert(_record("CN101108287A"))
    staged = set((tmp_path / "parts").iterdir())
    assert len(staged) == 3
    writer.close()  # as if killed: no commit
    after = Corpus(tmp_path)
    assert after.manifest == before
    assert [r["publication_number"] for r in after.get_rows("true")] == ["CN101096965A"]
    with CorpusWriter(tmp_path) as w2:  # the next writer removes the orphans
        w2.commit()
    assert len(list((tmp_path / "parts").iterdir())) == 1


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    with CorpusWriter(tmp_path), pytest.raises(CorpusError, match="another ingest"):
        CorpusWriter(tmp_path)


def test_update_across_staged_parts(tmp_path: Path) -> None:
    with CorpusWriter(tmp_path, flush_bytes=1) as writer:
        assert writer.upsert(_record()) == STORED
        assert writer.upsert(_record("CN101100502A")) == STORED
        assert writer.upsert(PatentRecord("CN101096965A", "CN", "A", abstract="摘要")) == UPDATED
        writer.commit()
    corpus = Corpus(tmp_path)
    assert corpus.manifest.records == 2
    doc = document_view(find_documents(corpus, "CN101096965A")[0])
    assert (doc["title"], doc["abstract"]) == ("一种测试装置", "摘要")


def test_info_and_export(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "c"
    upsert_all(corpus_dir, [_record(), _record("US7654321B2", country="US", application_number="US11123456")])
    info = corpus_info(Corpus(corpus_dir))
    assert info["records"] == 2 and info["by_country"] == {"CN": 1, "US": 1}
    assert info["by_year"] == {"2007": 2}
    for fmt in ("csv", "xlsx", "jsonl", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert export_corpus(Corpus(corpus_dir), fmt, out) == 2
        assert out.stat().st_size > 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert '"CN101096965A"' in lines[0] and "一种测试装置" in lines[0]
    csv_text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("publication_number,application_number")
    assert "中南大学" in csv_text


def test_deferred_merges_resolve_in_batches_and_in_order(tmp_path: Path) -> None:
    numbers = [f"CN1010969{i:02d}A" for i in range(30)]
    upsert_all(tmp_path, [_record(n) for n in numbers])
    outcomes: list[str] = []
    with CorpusWriter(tmp_path) as writer:
        writer.defer_batch = 7  # resolve several batches before commit

        def upsert(record: PatentRecord) -> None:
            outcome = writer.upsert(record, on_outcome=outcomes.append)
            if outcome is not None:  # answered at once (e.g. the key is already pending)
                outcomes.append(outcome)

        for n in numbers:
            upsert(PatentRecord(n, "CN", "A", legal_status_raw="无权-视为撤回"))
        # the same change again for the first record, then a real second change: in arrival order
        upsert(PatentRecord(numbers[0], "CN", "A", legal_status_raw="无权-视为撤回"))
        upsert(PatentRecord(numbers[0], "CN", "A", abstract="新摘要"))
        writer.commit()
    assert outcomes.count(UPDATED) == 31 and outcomes.count(DUPLICATE) == 1
    corpus = Corpus(tmp_path)
    assert corpus.manifest.records == 30
    rows = {r["publication_number"]: r for r in corpus.get_rows("true")}
    assert all(
        r["legal_status_raw"] == "无权-视为撤回" and r["title"] == "一种测试装置" for r in rows.values()
    )
    assert rows[numbers[0]]["abstract"] == "新摘要"
    assert len(rows[numbers[0]]["sources"]) == 3
