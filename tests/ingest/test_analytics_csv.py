"""PATENTSCOPE, Lens and Espacenet CSV readers on the real WIPO-manual exports
(../shared/data/wipo-manual-analytics). Expected values were read by eye in the files.

Record counts: PATENTSCOPE 10,000 and Lens 5,884 as SOURCE.md says. Espacenet: SOURCE.md gives 1,707 rows
in all; the numbers in two file names are not their row counts: pizza_espacenet_20062008_439.csv holds 355
rows and pizza_espacenet_20132014_274.csv 239 (count the CR line ends: 356 and 240 lines with the header),
so 319 + 366 + 355 + 428 + 239 = 1,707.

Quarantined rows: none. Rows that once failed and are genuine formats, now parsed: Mexican PATENTSCOPE
numbers 'mxMX/a/2008/013315' / 'mxPA/a/2005/008192' (23 rows), Indian Lens numbers 'IN 1442CH2015 A'
(4 rows) and Lens corrected publications with a date suffix 'EP 0259054 B9 20031217' (2 rows).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.readers import ALL_READERS
from ipcenter.ingest.readers.analytics_csv import EspacenetCsvReader, LensCsvReader, PatentscopeCsvReader
from ipcenter.ingest.readers.base import ReadItem
from ipcenter.ingest.textio import detect_encoding

ESPACENET = {
    "pizza_espacenet_20002002_319.csv": 319,
    "pizza_espacenet_20032005_366.csv": 366,
    "pizza_espacenet_20062008_439.csv": 355,
    "pizza_espacenet_20092012_428.csv": 428,
    "pizza_espacenet_20132014_274.csv": 239,
}


@pytest.fixture(scope="module")
def wipo(data_dir: Path) -> Path:
    return data_dir / "wipo-manual-analytics"


_cache: dict[Path, list[ReadItem]] = {}


def _items(reader: PatentscopeCsvReader | LensCsvReader | EspacenetCsvReader, path: Path) -> list[ReadItem]:
    if path not in _cache:
        _cache[path] = list(reader.read(path))
    return _cache[path]


def _records(
    reader: PatentscopeCsvReader | LensCsvReader | EspacenetCsvReader, path: Path
) -> list[PatentRecord]:
    items = _items(reader, path)
    errors = [(i.position, i.error) for i in items if i.error]
    assert errors == []
    return [i.record for i in items if i.record is not None]


def _sniffed(path: Path) -> str:
    head = path.read_bytes()[:65536]
    return next(r for r in ALL_READERS if r.sniff(path, head)).name


# --------------------------------------------------------------------------- PATENTSCOPE


def test_patentscope_counts_and_rows(wipo: Path) -> None:
    path = wipo / "pizza_medium_patentscope_10000.csv"
    assert _sniffed(path) == "patentscope-csv"
    records = _records(PatentscopeCsvReader(), path)
    assert len(records) == 10_000
    first, last = records[0], records[-1]
    assert first.publication_number == "US20090208610"
    assert first.country == "US" and first.publication_date == date(2009, 8, 21)  # '21.08.2009'
    assert first.title == "PIZZA"
    assert [(p.country, p.number, p.date) for p in first.priorities] == [
        ("ES", "200402236U", date(2004, 10, 1))
    ]
    assert first.ipc == ["A21D13/00", "A23L1/16"]  # 'A21D 13/00;A21D 13/00;A23L 1/16;A23L 1/16'
    assert first.applicants == []  # 'NA'
    assert first.inventors == ["Sanchez Zarzoso Maria Isabel"]
    assert last.publication_number == "US20120217237"
    assert last.title == "Multi-Compartment Microwave Heating Package"
    assert last.ipc == ["H05B6/80"]
    assert last.inventors == ["Cole Lorin R.", "Middleton Scott W."]
    assert [p.name for p in last.applicants] == ["Cole Lorin R.", "Middleton Scott W."]


def test_patentscope_encoding(wipo: Path) -> None:
    """The file is not Latin-1 as SOURCE.md says: it is Mac-Roman text that was read as Windows-1252 and
    saved again as Mac-Roman (byte 0xD9 for 'ü': Mac-Roman 'Ÿ' = cp1252 0x9F = Mac-Roman 'ü')."""
    path = wipo / "pizza_medium_patentscope_10000.csv"
    assert detect_encoding(path) == "x-mac-roman-via-cp1252"
    by_number = {r.publication_number: r for r in _records(PatentscopeCsvReader(), path)}
    titles = {r.title for r in by_number.values()}
    assert "Flexible Verpackung für Mikrowellengarung" in titles
    assert "\u201cQuery-log match\u201d relevance features" in titles
    names = {p.name for r in by_number.values() for p in r.applicants}
    assert "SIPILÄ, Kari" in names
    assert "FLÜCKIGER, Rudolf" in names
    # 'François' was stored with its original Mac-Roman byte 0x8D (no cp1252 character), kept as is
    assert any("François" in n for n in names)
    # multi-value priority cell with commas inside numbers
    wo = by_number["WO2011034454"]
    assert [(p.country, p.number) for p in wo.priorities] == [("US", "12/561,391")]
    # Mexican numbers (see module docstring)
    # 'mxMX/a/2008/013315' → DOCDB form, '/a/' being the kind
    assert "MX2008013315A" in by_number and "MXPA05008192A" in by_number


# --------------------------------------------------------------------------- Lens


def test_lens_counts_and_rows(wipo: Path) -> None:
    path = wipo / "drones_lens_fulltext_families_5884.csv"
    assert _sniffed(path) == "lens-csv"
    records = _records(LensCsvReader(), path)
    assert len(records) == 5_884
    first, last = records[0], records[-1]
    assert first.publication_number == "AT399980B" and first.kind == "B"
    assert first.publication_date == date(1995, 8, 25)
    assert first.application_number == "AT33585"  # 'AT 33585 A'
    assert first.filing_date == date(1985, 2, 6)
    assert [(p.country, p.number, p.date) for p in first.priorities] == [("AT", "33585", date(1985, 2, 6))]
    assert [p.name for p in first.applicants] == ["MARKOWETZ FRANZ"]
    assert first.cited_by_count == 6 and first.family_size == 2
    assert first.cpc == ["A01K47/00"] and first.ipc == ["A01K47/00"]
    assert first.extra["Lens ID"] == "062-291-696-337-99X"
    assert first.extra["Extended Family Size"] == "2"
    second = records[1]
    assert second.inventors == ["SEYDOUX HENRI", "D HAEYER FREDERIC"]  # ';;' separated
    assert [p.country for p in second.priorities] == ["FR", "FR"]
    assert last.publication_number == "AU2016204648A1"  # 'AU 2016/204648 A1'
    assert last.ipc == ["G06F17/50", "E04B7/02", "E04D11/00"]
    assert last.inventors == ["PERSHING CHRIS"]
    assert last.patent_type == "invention" and last.extra["Type"] == "Patent Application"


def test_lens_special_numbers_and_npl(wipo: Path) -> None:
    records = _records(LensCsvReader(), wipo / "drones_lens_fulltext_families_5884.csv")
    numbers = {r.publication_number for r in records}
    assert "EP0259054B9" in numbers  # 'EP 0259054 B9 20031217'
    assert "IN1442CH2015A" in numbers  # 'IN 1442CH2015 A'
    npl = [c for r in records for c in r.citations]
    assert npl and all(c.kind == "npl" and c.text for c in npl)
    assert any(c.text == 'MARK HARRIS, "Nicked by PC Drone, robot spy in the sky"' for c in npl)
    granted = [r for r in records if r.extra.get("Type") == "Granted Patent"]
    assert granted and all(r.grant_date == r.publication_date for r in granted)


# --------------------------------------------------------------------------- Espacenet


def test_espacenet_counts(wipo: Path) -> None:
    total = 0
    for name, expected in ESPACENET.items():
        path = wipo / name
        assert _sniffed(path) == "espacenet-csv"
        assert detect_encoding(path) == "x-utf8-via-cp1252-mac-roman"
        records = _records(EspacenetCsvReader(), path)
        assert len(records) == expected, name
        total += len(records)
    assert total == 1_707


def test_espacenet_rows_and_citations(wipo: Path) -> None:
    records = _records(EspacenetCsvReader(), wipo / "pizza_espacenet_20002002_319.csv")
    first = records[0]
    assert first.publication_number == "CA93181S"  # 'CA93181 (S)'
    assert first.publication_date == date(2001, 8, 24)  # '24/08/2001'
    assert first.title == "PIZZA TRAY"
    assert [(p.name, p.country) for p in first.applicants] == [("SCHWAN S FOOD MFG INC", "US")]
    assert first.filing_date is None  # 'Date of application' is '0'
    third = records[2]
    assert third.publication_number == "CA2731260A1" and third.family_members == ["CA2731260C"]
    assert third.inventors == ["HEDRINGTON JAMES ALAN", "DRESSEL BRENT WILLIAM"]
    assert third.ipc == ["A23L1/01", "A21B1/00", "A47J37/04", "A47J37/06"]
    assert third.cpc == ["A47J37/0611", "A47J37/043"]
    assert [(p.country, p.number, p.date) for p in third.priorities] == [
        ("US", "US19990267981", date(1999, 3, 12)),
        ("CA", "CA20002363329", date(2000, 3, 10)),
    ]
    last = records[-1]
    assert last.publication_number == "AU724619B2"
    search = [(c.number, c.cited_by) for c in last.citations if c.cited_by == "search_report"]
    assert search == [
        ("US3117008A", "search_report"),
        ("EP0312359A2", "search_report"),
        ("FR2591433A1", "search_report"),
    ]
    # the longest 'International search citation' cell: 'FR2741779 (A1); US3354842 (A); WO9208358 (A1); …'
    intl = [[c.number for c in r.citations if c.cited_by == "international_search"] for r in records]
    longest = max(intl, key=len)
    assert longest[:3] == ["FR2741779A1", "US3354842A", "WO1992008358A1"]
    assert len(longest) == 13
    by_applicant = [c for r in records for c in r.citations if c.cited_by == "applicant"]
    assert "USD343627S" in {c.number for c in by_applicant}  # 'USD343627S (S)'
    npl = [
        c for r in records for c in r.citations if c.kind == "npl" and c.cited_by == "international_search"
    ]
    assert {c.text for c in npl} >= {"XP002167654", "XP002059820"}


def test_espacenet_last_row_and_examiner(wipo: Path) -> None:
    records = _records(EspacenetCsvReader(), wipo / "pizza_espacenet_20062008_439.csv")
    last = records[-1]
    assert last.publication_number == "EP1952693A1" and last.family_members == ["EP1952693B1"]
    assert last.inventors == ["SPIEGEL UDO DR"]
    assert [(p.name, p.country) for p in last.applicants] == [("OETKER NAHRUNGSMITTEL", "DE")]
    assert [c.number for c in last.citations if c.cited_by == "search_report"] == [
        "US5523101A",
        "DE102005034510B3",
        "DE2640983A1",
    ]
    assert [c.number for c in last.citations if c.cited_by == "applicant"][:2] == [
        "DE102005034510B3",
        "EP0947137B1",
    ]
    examiner = [c for r in records for c in r.citations if c.cited_by == "examiner"]
    assert "JPS63101085U" in {c.number for c in examiner}  # 'JPS63101085U (U)'
    opposition = [c.number for r in records for c in r.citations if c.cited_by == "third_party"]
    assert opposition[0] == "US3543995A"


def test_espacenet_encoding_sensitive_names(wipo: Path) -> None:
    """UTF-8 read as Windows-1252 and saved as Mac-Roman: bytes CC E3 are 'Ã„' = UTF-8 C3 84 = 'Ä'."""
    records = _records(EspacenetCsvReader(), wipo / "pizza_espacenet_20132014_274.csv")
    names = {p.name for r in records for p in r.applicants}
    assert "BSH BOSCH UND SIEMENS HAUSGERÄTE GMBH" in names
    inventors = {n for r in records for n in r.inventors}
    assert "GUMHOLD JÜRGEN" in inventors
    assert not any("â€" in n or "Ã" in n for n in names | inventors)


def test_sniff_rejects_other_csv(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    head = other.read_bytes()
    assert not any(
        r.sniff(other, head) for r in (PatentscopeCsvReader(), LensCsvReader(), EspacenetCsvReader())
    )


def test_broken_rows_are_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "ps.csv"
    path.write_text(
        "Publication Number,Publication Date,Title,Priority Data,IPC,Applicants,Inventors,FP Image\r"
        "US20150123456,05.03.2015,Good,NA,A21D 13/00,ACME INC,Doe John,NA\r"
        "not a number,05.03.2015,Bad number,NA,NA,NA,NA,NA\r"
        "US20150123457,31.02.2015,Bad date,NA,NA,NA,NA,NA\r"
        "US20150123458,2015-03-05,Short row\r",
        encoding="latin-1",
    )
    items = list(PatentscopeCsvReader().read(path))
    assert [i.position for i in items] == ["row 1", "row 2", "row 3", "row 4"]
    assert items[0].record is not None and items[0].record.publication_date == date(2015, 3, 5)
    assert items[0].record.extra == {}
    assert [i.record is None for i in items] == [False, True, True, True]
    assert "not a patent number" in (items[1].error or "")
    assert "does not exist" in (items[2].error or "")
    assert "cells" in (items[3].error or "")
