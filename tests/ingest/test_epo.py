"""EPO publication-server XML reader on the 33 real documents (../shared/data/epo-xml-samples).

Expected values were read by eye in the XML files, not produced by the reader.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcenter.core.claims import claim_references
from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.readers import ALL_READERS
from ipcenter.ingest.readers.epo_xml import EpoXmlReader

READER = EpoXmlReader()


@pytest.fixture(scope="module")
def epo_dir(data_dir: Path) -> Path:
    return data_dir / "epo-xml-samples"


def _one(path: Path) -> PatentRecord:
    items = list(READER.read(path))
    assert len(items) == 1, path
    assert items[0].error is None, items[0].error
    assert items[0].record is not None
    return items[0].record


def test_every_file_reads_to_one_record(epo_dir: Path) -> None:
    files = sorted(epo_dir.glob("*/*.xml"))
    assert len(files) == 33  # SOURCE.md: 19 applications + 14 grants
    kinds: dict[str, int] = {}
    for f in files:
        assert READER.sniff(f, f.read_bytes()[:65536])
        # the registry picks this reader first for every EPO file
        assert next(r for r in ALL_READERS if r.sniff(f, f.read_bytes()[:65536])).name == "epo-xml"
        record = _one(f)
        assert record.country == "EP" and record.patent_type == "invention"
        assert record.publication_number.startswith("EP") and record.kind
        assert record.title and record.title_en and record.filing_date and record.publication_date
        kinds[record.kind[0]] = kinds.get(record.kind[0], 0) + 1
        # never infer a grant from an A document
        assert (record.grant_date is not None) == (record.kind[0] == "B")
    assert kinds == {"A": 19, "B": 14}


def test_grant_v1_0_b1_bibliography(epo_dir: Path) -> None:
    r = _one(epo_dir / "grant/v1-0-B1.xml")
    assert r.publication_number == "EP1442058B1"
    assert r.application_number == "EP02779063"  # B210 '02779063.3'
    assert r.filing_date == date(2002, 11, 18)
    assert r.publication_date == date(2006, 7, 19)
    assert r.grant_date == date(2006, 7, 19)  # B450
    assert r.language == "en"
    assert r.title_en and r.title_en.startswith("PEPTIDES EFFECTIVE IN THE TREATMENT OF TUMORS")
    assert r.ipc == ["C07K14/47", "A61K38/17"]
    assert [p.name for p in r.applicants] == ["NYMOX CORPORATION"]
    assert r.applicants[0].country == "CA"
    assert [p.name for p in r.patentees] == ["NYMOX CORPORATION"]
    assert r.inventors == ["AVERBACK, Paul", "GEMMELL, Jack"]
    assert r.agents == ["Plougmann & Vingtoft A/S"]
    assert [(p.country, p.number, p.date) for p in r.priorities] == [("US", "331477 P", date(2001, 11, 16))]
    patents = [c for c in r.citations if c.kind == "patent"]
    assert [c.number for c in patents] == [
        "WO2003008444A",
        "US5948634A",
    ]  # 'WO-A-03/008444', 'US-A- 5 948 634'
    assert all(c.cited_by == "search_report" for c in r.citations)
    npl = [c.text or "" for c in r.citations if c.kind == "npl"]
    assert len(npl) == 2 and npl[0].startswith("LASSERRE C ET AL.") and npl[0].endswith("XP001056507")
    assert r.extra["designated_states"].split(",")[:3] == ["AT", "BE", "BG"]
    assert r.extra["pct_publication"] == "WO2003044053"
    assert r.description and r.description.startswith(
        "BACKGROUND OF THE INVENTION\n1. Field of the Invention"
    )
    assert "EPO <DP" not in r.description  # page-break comments are not text


def test_german_b2_with_claims_in_three_languages(epo_dir: Path) -> None:
    r = _one(epo_dir / "grant/v1-5-B2.xml")
    assert r.publication_number == "EP2743087B2"
    assert r.language == "de"
    assert r.title == "Druckmaschine mit Verkleidung"
    assert r.title_en == "Printing machine with cladding"
    assert r.publication_date == date(2021, 5, 5)  # B140 of the B2
    assert r.grant_date == date(2016, 3, 23)  # B450: mention of the grant, not the B2 date
    assert r.filing_date == date(2013, 10, 17)
    # 39 <claim> elements: 13 in each of de / en / fr
    assert len(r.claims) == 13 and {c.lang for c in r.claims} == {"de"}
    assert len(r.claims_other_languages) == 26
    assert {c.lang for c in r.claims_other_languages} == {"en", "fr"}
    by = {(c.lang, c.number): c for c in [*r.claims, *r.claims_other_languages]}
    assert by[("de", 1)].depends_on == []
    assert by[("de", 2)].text.startswith("Druckmaschine (102) nach Anspruch 1,")
    assert by[("de", 2)].depends_on == [1]  # 'nach Anspruch 1'
    assert by[("de", 3)].depends_on == [1, 2]  # 'nach Anspruch 1 oder 2'
    assert by[("de", 4)].depends_on == [1, 2, 3]  # 'nach einem der Ansprüche 1 bis 3'
    assert by[("en", 4)].depends_on == [1, 2, 3]  # 'according to any one of claims 1 to 3'
    assert by[("fr", 2)].depends_on == [1]  # 'selon la revendication 1'
    assert by[("fr", 4)].depends_on == [1, 2, 3]  # "selon l'une des revendications 1 à 3"
    assert [c.number for c in r.citations if c.cited_by == "search_report"][:2] == [
        "WO2011091011A1",  # WO-A1-2011/091011
        "DE102009041527A1",  # DE-A1-102009 041 527
    ]
    assert "US20040003741A1" in [c.number for c in r.citations]  # US-A1- 2004 003 741
    # reference list 'In der Beschreibung aufgeführte Patentdokumente': cited by the applicant
    assert [c.number for c in r.citations if c.cited_by == "applicant"] == ["DE102009041527A1"]
    assert [p.name for p in r.patentees] == ["Krones AG"]
    assert r.extra["opponents"] == "KHS GmbH"


def test_old_ipc_and_numbered_claims_v1_1(epo_dir: Path) -> None:
    r = _one(epo_dir / "application/v1-1-A1.xml")
    assert r.publication_number == "EP0000002A1"
    assert r.grant_date is None
    # B511 '2C 07D 307/12 A', B512 '2C 07D 407/12 B', '2C 07D 307/42 B', B513 '2A 01N 43/08 -'
    assert r.ipc == ["C07D307/12", "C07D407/12", "C07D307/42", "A01N43/08"]
    assert (
        r.title
        == "Tetrahydrofuran-Derivate, Verfahren zu ihrer Herstellung sowie ihre Verwendung als Herbizide."
    )
    # claims have num="" and the number in the text ('1.) Tetrahydrofuran-Derivate der Formel')
    assert r.claims[0].number == 1 and r.claims[0].text.startswith("Tetrahydrofuran-Derivate der Formel")
    assert r.abstract and r.abstract.startswith(
        "Die vorliegende Erfindung betrifft neue Tetrahydrofuran-Derivate"
    )


def test_ipcr_main_symbol_and_cpc(epo_dir: Path) -> None:
    r = _one(epo_dir / "application/v1-5-1-A1.xml")
    assert r.publication_number == "EP3882239A1"
    assert r.ipc[0] == "C07D271/113"  # sequence 1, 'AFI'
    assert len(r.ipc) == 14
    assert "Y02A50/30" in r.cpc and len(r.cpc) == 15
    assert r.extra["filing_language"] == "ja"
    assert r.title == r.title_en == "1,3,4-OXADIAZOLONE COMPOUND AND MEDICINE"


def test_malformed_real_files_still_read(epo_dir: Path) -> None:
    # v1-4-A1.xml: '<snm>Kador & Partner</snm>' (bare ampersand)
    r = _one(epo_dir / "application/v1-4-A1.xml")
    assert r.agents == ["Kador & Partner"]
    assert r.extra["xml_bare_ampersands_escaped"] == "1"
    # v1-5-1-A1-2.xml: '<heading id="h0011"><First Embodiment</heading>' is not well-formed: recover mode
    r = _one(epo_dir / "application/v1-5-1-A1-2.xml")
    assert "xml_recovered" in r.extra
    assert r.publication_number == "EP3889521A1" and len(r.claims) == 17


def test_entities_are_not_resolved_from_the_network(tmp_path: Path) -> None:
    doc = tmp_path / "ent.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE ep-patent-document PUBLIC "-//EPO//EP PATENT DOCUMENT 1.5//EN"'
        ' "http://example.invalid/ep.dtd">\n<ep-patent-document lang="en" country="EP" doc-number="1234567"'
        ' kind="A1"><SDOBI><B100><B140><date>20200102</date></B140></B100><B200><B210>19000001.1</B210>'
        "<B220><date>20190101</date></B220></B200><B500><B540><B541>en</B541><B542>Heat &deg; &unknown; x"
        "</B542></B540></B500></SDOBI></ep-patent-document>\n",
        encoding="utf-8",
    )
    r = _one(doc)
    assert r.publication_number == "EP1234567A1"
    assert r.title == "Heat ° &unknown; x"
    assert r.grant_date is None


def test_not_xml_is_quarantined(tmp_path: Path) -> None:
    doc = tmp_path / "bad.xml"
    doc.write_text('<?xml version="1.0"?>\n<other-root><a>1</a></other-root>\n', encoding="utf-8")
    items = list(READER.read(doc))
    assert len(items) == 1 and items[0].record is None
    assert items[0].error and "ep-patent-document" in items[0].error


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Vorrichtung nach einem der Ansprüche 1 bis 3, wobei", [1, 2, 3]),
        ("Verfahren gemäß Anspruch 2 oder 4", [2, 4]),
        ("Procédé selon la revendication 1", [1]),
        ("Dispositif selon l'une quelconque des revendications 2 à 4", [2, 3, 4]),
        ("The method of claim 1", [1]),
    ],
)
def test_german_and_french_claim_references(text: str, refs: list[int]) -> None:
    assert claim_references(text) == refs
