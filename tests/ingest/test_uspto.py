"""USPTO readers against the real samples in shared/data/uspto-xml-samples.

Expected values were read by eye from the XML files (or counted with grep), never produced by the code
under test. The grants.jsonl comparison uses the raw JSON fields, not the JSONL reader.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.readers import ALL_READERS
from ipcenter.ingest.readers.base import UnreadableFile
from ipcenter.ingest.readers.uspto import UsptoJsonlReader, UsptoXmlReader, iter_documents, us_ipc

XML = UsptoXmlReader()
JSONL = UsptoJsonlReader()


@pytest.fixture(scope="session")
def samples(data_dir: Path) -> Path:
    return data_dir / "uspto-xml-samples"


@pytest.fixture(scope="session")
def all_items(samples: Path) -> dict[Path, list]:
    return {f: list(XML.read(f)) for f in sorted(samples.rglob("*.xml"))}


def _one(samples: Path, rel: str) -> PatentRecord:
    items = list(XML.read(samples / rel))
    assert len(items) == 1 and items[0].record is not None, items
    return items[0].record


def _pub(doc_number: str, kind: str) -> str:
    """Expected normalised number, written independently: US + number without leading zeros + kind."""
    m = re.fullmatch(r"([A-Z]*)0*(\d+)", doc_number)
    assert m
    return "US" + m.group(1) + m.group(2) + ("S" if kind == "S1" else kind)


# --------------------------------------------------------------------------- every sample file


def test_every_sample_file_reads_without_errors(samples: Path, all_items: dict[Path, list]) -> None:
    assert len(all_items) == 67  # 52 PatentsView fixtures (2 held out) + 15 go-uspto files
    errors = [(f.name, i.position, i.error) for f, items in all_items.items() for i in items if i.error]
    assert errors == []
    records = [i.record for items in all_items.values() for i in items]
    # 415 distinct v4 grants (grants.jsonl) + 3 v2.5 grants + 9 v4 applications (ipa130117 holds the
    # same application twice) + 3 pap applications + duplicates of test.xml/go grants in both folders
    assert len(records) == 432
    assert all(r is not None and r.language == "en" for r in records)


def test_sniff_accepts_every_sample_and_not_jsonl(samples: Path) -> None:
    for f in sorted(samples.rglob("*.xml")):
        head = f.read_bytes()[:65536]
        assert XML.sniff(f, head), f
        assert next(r for r in ALL_READERS if r.sniff(f, head)).name == "uspto-xml"
    jsonl = samples / "grants.jsonl"
    head = jsonl.read_bytes()[:65536]
    assert not XML.sniff(jsonl, head)
    assert JSONL.sniff(jsonl, head)


def test_concatenated_weekly_files_yield_every_document(samples: Path, all_items: dict[Path, list]) -> None:
    fx = samples / "patentsview-db-fixtures"
    assert len(all_items[fx / "ipg120327.196.xml"]) == 196
    # 27 <?xml> documents: 25 grants + 2 sequence listings (sequence-cwu), which are skipped
    items = all_items[fx / "ipg060103.small.xml"]
    assert len(items) == 25
    assert items[-1].position.startswith("document 27 (byte ")
    assert len(all_items[samples / "go-uspto-test-data" / "test.xml"]) == 2
    numbers = [i.record.publication_number for i in all_items[samples / "go-uspto-test-data" / "test.xml"]]
    assert numbers == ["US11147202B2", "US11147203B2"]


def test_positions_are_byte_offsets_of_declarations(samples: Path) -> None:
    path = samples / "patentsview-db-fixtures" / "ipg050104.small.xml"
    data = path.read_bytes()
    starts = [m.start() for m in re.finditer(rb"<\?xml ", data)]
    items = list(XML.read(path))
    assert [i.position for i in items] == [f"document {n} (byte {b})" for n, b in enumerate(starts, start=1)]


@pytest.mark.parametrize("chunk", [5, 7, 64, 4096])
def test_splitting_is_independent_of_chunk_size(samples: Path, chunk: int) -> None:
    path = samples / "go-uspto-test-data" / "test.xml"  # second declaration is indented
    data = path.read_bytes()
    expected = [p.strip() for p in re.split(rb"(?=<\?xml )", data) if p.strip()]
    got = list(iter_documents(path, chunk_size=chunk))
    assert [d.strip() for _, _, d in got] == expected
    assert [n for n, _, _ in got] == [1, 2]
    assert data[got[1][1] :].startswith(b"<?xml")


# --------------------------------------------------------------------------- broken input


def _weekly_docs(samples: Path, k: int) -> list[bytes]:
    data = (samples / "patentsview-db-fixtures" / "ipg050104.small.xml").read_bytes()
    return [b"<?xml " + p for p in data.split(b"<?xml ")[1 : k + 1]]


def test_truncated_document_is_an_error_item_and_the_others_read(samples: Path, tmp_path: Path) -> None:
    d1, d2, d3 = _weekly_docs(samples, 3)
    broken = d2[: len(d2) // 2]
    path = tmp_path / "broken.xml"
    path.write_bytes(d1 + broken + d3)
    items = list(XML.read(path))
    assert len(items) == 3
    assert items[0].record is not None and items[2].record is not None
    assert items[1].record is None and items[1].error and "syntax" in items[1].error.lower()
    assert items[1].position == f"document 2 (byte {len(d1)})"
    assert items[1].raw and "us-patent-grant" in items[1].raw
    assert items[2].position == f"document 3 (byte {len(d1) + len(broken)})"


def test_unknown_root_and_garbage_documents(samples: Path, tmp_path: Path) -> None:
    (d1,) = _weekly_docs(samples, 1)
    path = tmp_path / "mixed.xml"
    path.write_bytes(
        d1 + b'<?xml version="1.0"?>\n<other-doc><x/></other-doc>\n' + b"<?xml version='1.0'?> <a><b></a>"
    )
    items = list(XML.read(path))
    assert [i.record is not None for i in items] == [True, False, False]
    assert "unknown document type <other-doc>" in (items[1].error or "")
    assert items[2].position.startswith("document 3 ")


def test_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFile):
        list(XML.read(empty))
    binary = tmp_path / "bin.xml"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    with pytest.raises(UnreadableFile):
        list(XML.read(binary))


# --------------------------------------------------------------------------- field checks read by eye


def test_v25_grant_fields(samples: Path) -> None:
    r = _one(samples, "go-uspto-test-data/grant/v2-5-B2.xml")
    assert r.publication_number == "US6530116B2" and r.kind == "B2"
    assert r.application_number == "US09782496"
    assert r.filing_date == date(2001, 2, 13)
    assert r.publication_date == r.grant_date == date(2003, 3, 11)
    assert r.patent_type == "invention"
    assert r.title == "Vacuum cleaner with muffled detachable blower exhaust"
    assert r.abstract and r.abstract.startswith(
        "A vacuum cleaner includes a housing having a housing passage"
    )
    assert r.ipc == ["A47L5/14"]  # B511 'A47L  514'
    assert r.inventors == ["Robert C. Berfield", "Ronald Griffin", "Craig Seasholtz"]
    assert [p.name for p in r.applicants] == ["Shop Vac Corporation"] == [p.name for p in r.patentees]
    assert r.extra["primary_examiner"] == "Theresa T. Snider"
    assert r.family_members == ["US20020108205A1"]  # B690US
    assert len(r.claims) == 20 and [c.number for c in r.claims] == list(range(1, 21))
    assert r.claims[0].text.startswith("A vacuum cleaner comprising:")
    assert r.claims[1].depends_on == [1] and r.claims[3].depends_on == [3]  # CLREF CLM-00001 / CLM-00003
    patents = [c for c in r.citations if c.kind == "patent"]
    npl = [c for c in r.citations if c.kind == "npl"]
    assert len(patents) == 33 and len(npl) == 4  # grep -c '<B561>' / '<B562>'
    assert patents[0].number == "US2276844A" and patents[0].date == date(1942, 3, 1)  # DATE 19420300
    assert (patents[0].category, patents[0].cited_by) == ("cited by other", "other")
    assert (patents[2].category, patents[2].cited_by) == ("cited by examiner", "examiner")
    assert npl[0].text and npl[0].text.startswith("Owner's Manual, Hoover Wet/Dry Vac")
    assert r.description and r.description.startswith(
        "FIELD OF THE INVENTION\nThe present invention is directed"
    )


def test_v25_other_grants(samples: Path) -> None:
    b1 = _one(samples, "go-uspto-test-data/grant/v2-5-B1.xml")
    assert b1.publication_number == "US6334226B1"
    assert b1.ipc == ["E03C1/04"]  # B511 'E03C 104'
    assert [(p.country, p.date) for p in b1.priorities] == [
        ("JP", date(1997, 10, 22)),
        ("JP", date(1998, 4, 7)),
    ]
    assert b1.agents == ["Pillsbury Winthrop LLP"]
    # claim 4: 'as defined in any one of <CLREF CLM-00001>claims 1</CLREF> to <CLREF CLM-00003>3</CLREF>'
    assert b1.claims[3].depends_on == [1, 2, 3]
    s1 = _one(samples, "go-uspto-test-data/grant/v2-5-S1.xml")
    assert s1.publication_number == "USD452599S" and s1.patent_type == "design"
    assert s1.extra["kind_source"] == "S1" and s1.extra["locarno"] == "0101"
    assert s1.ipc == [] and s1.title == "Confection item in the form of a tied braid"
    assert s1.filing_date == date(2000, 9, 22) and s1.grant_date == date(2002, 1, 1)
    assert s1.inventors == ["Ute Rossi-Wolter"]


def test_pap_application_2004(samples: Path) -> None:
    r = _one(samples, "patentsview-db-fixtures/pa040101.two.xml")
    assert r.publication_number == "US20040000002A1" and r.kind == "A1"
    assert r.publication_date == date(2004, 1, 1) and r.grant_date is None
    assert r.application_number == "US10189364" and r.filing_date == date(2002, 6, 27)
    assert r.title == "Garment for preventing muscle strain"
    assert r.ipc == ["A41B1/00"]
    assert r.inventors == ["Scott Hollander"]
    assert [p.name for p in r.applicants] == ["Hill-Rom Services, Inc."]
    assert len(r.claims) == 1 and r.claims[0].text.startswith("A garment for releasably securing")
    assert r.family_members == ["US6557176"]  # parent-patent of the continuation
    assert r.description and r.description.startswith(
        "BACKGROUND OF THE INVENTION\n1. Field of the Invention"
    )
    assert "[0001]" not in r.description


def test_v15_application_entities_and_dependent_claims(samples: Path) -> None:
    r = _one(samples, "go-uspto-test-data/application/v1-5-A1_2.xml")
    assert r.publication_number == "US20010000002A1" and r.grant_date is None
    assert len(r.claims) == 33
    assert r.claims[2].depends_on == [2] and r.claims[4].depends_on == [4]  # dependent-claim-reference
    assert r.claims[0].depends_on == []
    assert r.description
    assert "wavelength λ<λknit" in r.description  # '&lgr;&lt;&lgr;' (ISO Greek entity, undeclared)
    assert "chronological course—i.e. its speed—lies" in r.description  # &mdash;
    assert [(p.country, p.date) for p in r.priorities] == [("DE", date(1997, 8, 2))]
    small = _one(samples, "go-uspto-test-data/application/v1-5-A1_1.xml")
    assert small.publication_number == "US20010000001A1" and small.ipc == ["B08B3/00"]
    assert small.inventors == ["Lawrence A. Clark", "James L. Priest"]
    assert small.claims == []  # the sample has bibliographic data and abstract only


def test_v4_application_without_declaration(samples: Path) -> None:
    r = _one(samples, "go-uspto-test-data/application/v4-0-A1.xml")  # starts with <us-patent-application>
    assert r.publication_number == "US20050000001A1"
    assert r.application_number == "US10909766" and r.filing_date == date(2004, 8, 2)
    assert r.publication_date == date(2005, 1, 6) and r.grant_date is None
    assert r.title == "Novelty jeans" and r.ipc == ["A41D1/06"] and r.patent_type == "invention"


def test_v45_grant_fields(samples: Path) -> None:
    r = _one(samples, "go-uspto-test-data/grant/v4-5-B1.xml")
    assert r.publication_number == "US9358892B1"
    assert r.application_number == "US14558596" and r.filing_date == date(2014, 12, 2)
    assert r.grant_date == r.publication_date == date(2016, 6, 7)
    assert r.ipc == ["B60L9/00", "B60L11/00", "B60L11/18", "G01C21/26", "B60K35/00", "B60W20/00"]
    assert r.cpc[0] == "B60L11/1809"  # main-cpc
    assert r.inventors == ["Geoffrey D. Gaither"]
    assert r.agents == ["Snell & Wilmer LLP"]
    assert [p.name for p in r.patentees] == ["Toyota Motor Engineering & Manufacturing North America, Inc."]
    assert r.patentees[0].country == "US"
    assert [p.name for p in r.applicants] == [p.name for p in r.patentees]  # us-applicant = assignee
    patents = [c for c in r.citations if c.kind == "patent"]
    assert len(patents) == 24 and len(r.citations) == 28  # 28 <us-citation>, 4 <nplcit>
    assert patents[0].number == "US5856709A" and patents[0].cited_by == "applicant"
    assert "US20070080662A1" in [c.number for c in patents]  # doc-number '2007/0080662'
    assert len(r.claims) == 20 and r.claims[0].text.startswith("A pre-charging system")


def test_us_ipc_fixed_column_forms() -> None:
    assert us_ipc("A45F  504") == "A45F5/04"
    assert us_ipc("A43B 1314") == "A43B13/14"
    assert us_ipc("A43B 2300") == "A43B23/00"
    assert us_ipc("B08B003/00") == "B08B3/00"
    assert us_ipc("0101") is None  # Locarno (design)
    assert us_ipc("") is None


# --------------------------------------------------------------------------- grants.jsonl agreement


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def test_agreement_with_grants_jsonl(samples: Path, all_items: dict[Path, list]) -> None:
    xml = {i.record.publication_number: i.record for items in all_items.values() for i in items if i.record}
    rows = [json.loads(line) for line in (samples / "grants.jsonl").read_text().splitlines() if line.strip()]
    assert len(rows) == 415
    disagree: Counter[str] = Counter()
    range_claims = 0
    for j in rows:
        r = xml.get(_pub(j["doc_number"], j["kind"]))
        assert r is not None, j["id"]
        assert (r.extra.get("kind_source") or r.kind) == j["kind"]
        ids = {c["id"]: int(c["num"]) for c in j["claims"]}
        checks = {
            "grant_date": r.grant_date is not None and r.grant_date.strftime("%Y%m%d") == j["grant_date"],
            "application": r.application_number == "US" + j["application_number"]
            and r.filing_date is not None
            and r.filing_date.strftime("%Y%m%d") == j["application_date"],
            "title": _norm(r.title) == _norm(j["title"]),
            "abstract": _norm(r.abstract) == _norm(j["abstract"]),
            "claims": len(r.claims) == len(j["claims"]) == int(j["number_of_claims"]),
            "ipcr": (r.ipc == [s.replace(" ", "") for s in j["ipcr"]]) if j["ipcr"] else True,
            "cpc": r.cpc == [c["code"].replace(" ", "") for c in j["cpc"]],
            "patent_citations": [c.category for c in r.citations if c.kind == "patent"]
            == [c["category"] for c in j["patent_citations"]],
            "npl": sum(c.kind == "npl" for c in r.citations) == len(j["npl_citations"]),
        }
        for name, ok in checks.items():
            if not ok:
                disagree[name] += 1
        # depends_on: grants.jsonl lists the tagged <claim-ref> idrefs; where the text says 'claims 2
        # through 4' and only one end is tagged, the reader adds the claims in between (a genuine
        # difference: 2 claims of US7156074B2 / US7158266B2). Tagged refs must all be there, and any
        # extra number must lie inside a range written in the claim text.
        for ours, theirs in zip(r.claims, j["claims"], strict=False):
            tagged = [ids[d] for d in theirs["depends_on"]]
            if ours.depends_on == tagged:
                continue
            extra = set(ours.depends_on) - set(tagged)
            written = re.search(r"claims (\d+) (?:to|through) (\d+)", theirs["text"])
            assert set(tagged) <= set(ours.depends_on), (j["id"], theirs["num"])
            assert written and all(int(written[1]) < k <= int(written[2]) for k in extra), (
                j["id"],
                theirs["num"],
            )
            range_claims += 1
        # grants without IPCR in grants.jsonl: old <classification-ipc> (DTD v4.0/4.1) or designs
        if not j["ipcr"] and r.ipc:
            assert r.extra["dtd_version"].startswith(("v40", "v4.0", "v41", "v4.1")), j["id"]
    assert disagree == Counter(), disagree
    assert range_claims == 2


def test_held_out_weekly_files_are_absent_from_jsonl(samples: Path) -> None:
    # SOURCE.md: ipg080101/ipg110104 are held out; nothing in the samples or jsonl refers to them
    assert not list(samples.rglob("ipg080101*")) and not list(samples.rglob("ipg110104*"))


# --------------------------------------------------------------------------- JSONL reader


def test_jsonl_reader_matches_xml_records(samples: Path, all_items: dict[Path, list]) -> None:
    xml = {i.record.publication_number: i.record for items in all_items.values() for i in items if i.record}
    items = list(JSONL.read(samples / "grants.jsonl"))
    assert len(items) == 415 and all(i.record for i in items)
    assert items[0].position == "line 1"
    compared = Counter()
    for item in items:
        j = item.record
        x = xml[j.publication_number]
        for field in (
            "kind",
            "application_number",
            "patent_type",
            "filing_date",
            "publication_date",
            "grant_date",
            "title",
            "abstract",
            "claims",
            "ipc",
            "cpc",
            "inventors",
            "citations",
            "language",
        ):
            value = getattr(j, field)
            if value in (None, []):
                continue
            assert value == getattr(x, field), (j.publication_number, field)
            compared[field] += 1
        # grants.jsonl has no addresses: parties agree on name, country and type
        for a, b in ((j.applicants, x.applicants), (j.patentees, x.patentees)):
            assert [(p.name, p.country, p.type) for p in a] == [(p.name, p.country, p.type) for p in b]
        for key, value in j.extra.items():
            if key == "uspc_main":  # grants.jsonl's producer stripped the fixed-width field (see jsonl.py)
                assert x.extra[key].strip() == value.strip() and len(value) >= 6, j.publication_number
                continue
            assert x.extra.get(key) == value, (j.publication_number, key)
    assert compared["claims"] == 415 and compared["citations"] > 400


def test_jsonl_reader_bad_lines(tmp_path: Path, samples: Path) -> None:
    first = (samples / "grants.jsonl").read_text().splitlines()[0]
    path = tmp_path / "g.jsonl"
    path.write_text(
        first + "\n{not json\n\n" + json.dumps({"doc_number": "", "claims": []}) + "\n" + first + "\n"
    )
    items = list(JSONL.read(path))
    assert [i.position for i in items] == ["line 1", "line 2", "line 4", "line 5"]
    assert [i.record is not None for i in items] == [True, False, False, True]
    assert items[0].record and items[0].record.publication_number == "USD586076S"
