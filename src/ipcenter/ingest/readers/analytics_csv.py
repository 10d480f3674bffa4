"""Bibliographic CSV exports of PATENTSCOPE, Lens.org and Espacenet (the WIPO patent-analytics manual sets).

Each reader recognises its export by the header row and streams rows with :mod:`csv` (one row in memory).
Encodings are detected by :mod:`ipcenter.ingest.textio`; the real exports need its layered Western codecs
(PATENTSCOPE: Mac-Roman read as Windows-1252 and saved again as Mac-Roman; Espacenet: UTF-8 read as
Windows-1252 and saved as Mac-Roman), with bare CR line ends.

Multi-valued cells, as found in the data: PATENTSCOPE ``;``, Lens ``;;``, Espacenet ``; `` (names carry
``\\u2002[CC]`` country suffixes). Columns without a canonical field are kept in ``record.extra``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import parse_publication_number
from ipcenter.corpus.models import Citation, PatentRecord, Priority
from ipcenter.ingest.readers._docnumbers import loose_publication_number, symbols
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.common import application_number, optional_date, party
from ipcenter.ingest.textio import detect_encoding, open_text

__all__ = ["READERS", "EspacenetCsvReader", "LensCsvReader", "PatentscopeCsvReader"]

csv.field_size_limit(1 << 24)

_EMPTY = ("", "NA", "N/A", "-")


def _value(row: dict[str, str], column: str) -> str | None:
    v = (row.get(column) or "").strip()
    return None if v in _EMPTY else v


def _split(value: str | None, sep: str) -> list[str]:
    if not value:
        return []
    return [p.strip() for p in value.split(sep) if p.strip() and p.strip() not in _EMPTY]


def _header(path: Path, head: bytes) -> list[str] | None:
    """The header row of a CSV file from its first bytes, or None."""
    try:
        enc = detect_encoding(path, head)
    except UnreadableFile:
        return None
    codec = "utf-8" if enc == "utf-8-sig" else enc
    text = head.decode(codec, errors="replace").lstrip("\ufeff")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    try:
        return [c.strip() for c in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return None


class _CsvReader:
    name = ""
    description = ""
    #: columns that identify the export (all must be in the header)
    signature: tuple[str, ...] = ()
    #: columns mapped to canonical fields (the rest go to extra)
    mapped: frozenset[str] = frozenset()

    def sniff(self, path: Path, head: bytes) -> bool:
        header = _header(path, head)
        return header is not None and all(col in header for col in self.signature)

    def read(self, path: Path) -> Iterator[ReadItem]:
        enc = detect_encoding(path)
        try:
            fh = open_text(path, enc)
        except (OSError, LookupError) as exc:
            raise UnreadableFile(f"cannot open {path.name}: {exc}") from None
        with fh:
            reader = csv.reader(fh)
            try:
                header = [c.strip().lstrip("\ufeff") for c in next(reader)]
            except StopIteration:
                raise UnreadableFile("file is empty") from None
            except (UnicodeDecodeError, csv.Error) as exc:
                raise UnreadableFile(f"header row cannot be read: {exc}") from None
            missing = [c for c in self.signature if c not in header]
            if missing:
                raise UnreadableFile(f"not a {self.name} export: columns {missing} missing")
            number = 0
            while True:
                number += 1
                position = f"row {number}"
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    yield ReadItem(
                        position, error=f"text does not decode as {enc} ({exc.reason}); rest of file skipped"
                    )
                    return
                except csv.Error as exc:
                    yield ReadItem(position, error=f"CSV syntax error: {exc}")
                    continue
                raw = excerpt(",".join(cells))
                if not any(c.strip() for c in cells):
                    number -= 1  # a blank line is not a record
                    continue
                if len(cells) != len(header):
                    yield ReadItem(
                        position, error=f"row has {len(cells)} cells, the header {len(header)}", raw=raw
                    )
                    continue
                row = dict(zip(header, cells, strict=True))
                try:
                    record = self.map_row(row)
                except InvalidValue as exc:
                    yield ReadItem(position, error=str(exc), raw=raw)
                    continue
                for col, val in row.items():
                    if col not in self.mapped and col and val.strip() and val.strip() not in _EMPTY:
                        record.extra.setdefault(col, val.strip())
                yield ReadItem(position, record=record, raw=raw)

    def map_row(self, row: dict[str, str]) -> PatentRecord:  # pragma: no cover - overridden
        raise NotImplementedError


def _record(pub: str, **fields: object) -> PatentRecord:
    cc = pub[:2]
    m = re.search(r"([A-Z]\d?)$", pub[2:])
    kind = m.group(1) if m and not pub[2:].isalpha() else None
    record = PatentRecord(publication_number=pub, country=cc, kind=kind)
    for key, value in fields.items():
        setattr(record, key, value)
    return record


def _patent_type(pub: str) -> str | None:
    try:
        return parse_publication_number(pub).patent_type
    except InvalidValue:  # a number the core does not know (IN, MX forms): the type is not told
        return None


# --------------------------------------------------------------------------- PATENTSCOPE

_PS_PRIORITY = re.compile(
    r"\s*(.+?)\s+(\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)\s+([A-Z]{2})\s*(?:,|$)"
)


def _patentscope_priorities(value: str | None) -> list[Priority]:
    """``[200402236U 2004-10-01T23:59:59.000Z ES]``, ``[12/561,391 17.09.2009 US, P05 00401 22.04.2005 HU]``."""
    if not value:
        return []
    inner = value.strip().removeprefix("[").removesuffix("]")
    out = []
    for m in _PS_PRIORITY.finditer(inner):
        out.append(Priority(country=m.group(3), number=m.group(1).strip(), date=optional_date(m.group(2))))
    return out


class PatentscopeCsvReader(_CsvReader):
    name = "patentscope-csv"
    description = "WIPO PATENTSCOPE result-list CSV export (number, date, title, priority, IPC, names)"
    signature = ("Publication Number", "Publication Date", "Title", "Priority Data", "IPC", "Applicants")
    mapped = frozenset(
        {"Publication Number", "Publication Date", "Title", "Priority Data", "IPC", "Applicants", "Inventors"}
    )

    def map_row(self, row: dict[str, str]) -> PatentRecord:
        pub = loose_publication_number(_value(row, "Publication Number") or "")
        ipc, bad_ipc = symbols(_split(_value(row, "IPC"), ";"))
        record = _record(
            pub,
            patent_type=_patent_type(pub),
            publication_date=optional_date(_value(row, "Publication Date")),
            title=_value(row, "Title"),
            priorities=_patentscope_priorities(_value(row, "Priority Data")),
            ipc=ipc,
            applicants=[party(n) for n in _split(_value(row, "Applicants"), ";")],
            inventors=_split(_value(row, "Inventors"), ";"),
        )
        if bad_ipc:
            record.extra["IPC (unparsed)"] = "; ".join(bad_ipc)
        return record


# --------------------------------------------------------------------------- Lens

_LENS_PRIORITY = re.compile(r"^([A-Z]{2})\s+(.+?)\s+([A-Z]\d?)\s+(\d{8})$")
_LENS_APPLICATION = re.compile(r"^([A-Z]{2})\s+(.+?)(?:\s+([A-Z]\d?))?$")
_LENS_TYPES = {
    "Patent Application": "invention",
    "Granted Patent": "invention",
    "Design right": "design",
}


def _lens_application(value: str | None) -> str | None:
    """``AT 33585 A`` / ``CN 201510123456 A`` / ``US 14/123456 A`` → country + number (CN canonical when valid)."""
    if not value:
        return None
    m = _LENS_APPLICATION.match(value)
    if not m:
        return re.sub(r"\W", "", value).upper()
    cc, number = m.group(1), m.group(2)
    try:
        return application_number(number, country=cc)
    except InvalidValue:
        return cc + re.sub(r"\W", "", number).upper()  # e.g. a CN number given without its check character


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


class LensCsvReader(_CsvReader):
    name = "lens-csv"
    description = "Lens.org patent search CSV export (families, citations counts, CPC/IPCR, NPL)"
    signature = ("Jurisdiction", "Kind", "Publication Number", "Lens ID")
    mapped = frozenset(
        {
            "Jurisdiction",
            "Kind",
            "Publication Number",
            "Publication Date",
            "Application Number",
            "Application Date",
            "Priority Numbers",
            "Title",
            "Applicants",
            "Inventors",
            "Cited Count",
            "Simple Family Size",
            "CPC Classifications",
            "IPCR Classifications",
            "Non-Patent Citations",
            "Family Members",
            "Simple Family Members",
        }
    )

    def map_row(self, row: dict[str, str]) -> PatentRecord:
        number = _value(row, "Publication Number") or ""
        kind = _value(row, "Kind")
        if kind and kind not in number.split():
            number = f"{number} {kind}"
        pub = loose_publication_number(number)
        type_ = _value(row, "Type")
        priorities = []
        for p in _split(_value(row, "Priority Numbers"), ";;"):
            m = _LENS_PRIORITY.match(p)
            if m:
                priorities.append(
                    Priority(country=m.group(1), number=m.group(2), date=optional_date(m.group(4)))
                )
            else:
                priorities.append(Priority(country=p[:2] if p[:2].isalpha() else None, number=p, date=None))
        ipc, bad_ipc = symbols(_split(_value(row, "IPCR Classifications"), ";;"))
        cpc, bad_cpc = symbols(_split(_value(row, "CPC Classifications"), ";;"), cpc=True)
        published = optional_date(_value(row, "Publication Date"))
        members: list[str] = []
        for member in _split(_value(row, "Simple Family Members") or _value(row, "Family Members"), ";;"):
            try:
                members.append(loose_publication_number(member))
            except InvalidValue:
                members.append(member)
        record = _record(
            pub,
            patent_type=_LENS_TYPES.get(type_ or "") or _patent_type(pub),
            application_number=_lens_application(_value(row, "Application Number")),
            filing_date=optional_date(_value(row, "Application Date")),
            publication_date=published,
            grant_date=published if type_ == "Granted Patent" else None,
            priorities=priorities,
            title=_value(row, "Title"),
            ipc=ipc,
            cpc=cpc,
            applicants=[party(n) for n in _split(_value(row, "Applicants"), ";;")],
            inventors=_split(_value(row, "Inventors"), ";;"),
            cited_by_count=_int(_value(row, "Cited Count")),
            family_size=_int(_value(row, "Simple Family Size")),
            family_members=members,
            citations=[
                Citation(kind="npl", text=t) for t in _split(_value(row, "Non-Patent Citations"), ";;")
            ],
        )
        if bad_ipc:
            record.extra["IPCR Classifications (unparsed)"] = ";;".join(bad_ipc)
        if bad_cpc:
            record.extra["CPC Classifications (unparsed)"] = ";;".join(bad_cpc)
        return record


# --------------------------------------------------------------------------- Espacenet

#: citation columns → (kind, cited_by)
_ESPACENET_CITATIONS: dict[str, tuple[str, str | None]] = {
    "Patents cited in the search report": ("patent", "search_report"),
    "Literature cited in the search report": ("npl", "search_report"),
    "Patents cited during examination": ("patent", "examiner"),
    "Literature cited during examination": ("npl", "examiner"),
    "Other patent citations": ("patent", None),
    "Other literature citations": ("npl", None),
    "Patents used in opposition": ("patent", "third_party"),
    "Literature used in opposition": ("npl", "third_party"),
    "Patents cited by the applicant": ("patent", "applicant"),
    "Literature cited by the applicant": ("npl", "applicant"),
    "International search citation": ("patent", "international_search"),
    "International search NPL citation": ("npl", "international_search"),
    "Supplementary international search citation": ("patent", "supplementary_international_search"),
    "Supplementary international search NPL citation": ("npl", "supplementary_international_search"),
}

_NAME_COUNTRY = re.compile(r"^(.*?)[\s\u2002\u00a0]*\[([A-Z]{2})\]$")


def _espacenet_names(value: str | None) -> list[tuple[str, str | None]]:
    """``HEDRINGTON JAMES ALAN\\u2002[US];  DRESSEL BRENT WILLIAM\\u2002[US]`` → [(name, 'US'), …]."""
    out = []
    for item in _split(value, ";"):
        m = _NAME_COUNTRY.match(item)
        out.append((m.group(1).strip(), m.group(2)) if m else (item, None))
    return out


def _espacenet_priority(text: str) -> Priority:
    parts = text.split()
    number = parts[0]
    when = optional_date(parts[1]) if len(parts) > 1 else None
    return Priority(country=number[:2] if number[:2].isalpha() else None, number=number, date=when)


def _espacenet_application(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return application_number(value, country=value[:2] if value[:2].isalpha() else None)
    except InvalidValue:
        return re.sub(r"\W", "", value).upper()  # epodoc form (e.g. CN2008100012345) kept as given


class EspacenetCsvReader(_CsvReader):
    name = "espacenet-csv"
    description = "Espacenet result-list CSV export (bibliographic data and citations by origin)"
    signature = (
        "Title",
        "Publication number",
        "Publication date",
        "Applicant(s)",
        "International classification",
    )
    mapped = frozenset(
        {
            "Title",
            "Publication number",
            "Publication date",
            "Inventor(s)",
            "Applicant(s)",
            "International classification",
            "Cooperative Patent Classification",
            "Application number",
            "Date of application",
            "Priority number(s)",
            *_ESPACENET_CITATIONS,
        }
    )

    def map_row(self, row: dict[str, str]) -> PatentRecord:
        numbers = _split(_value(row, "Publication number"), ";")
        if not numbers:
            raise InvalidValue("publication number is missing")
        pubs = [loose_publication_number(n) for n in numbers]
        ipc, bad_ipc = symbols(_split(_value(row, "International classification"), ";"))
        cpc, bad_cpc = symbols(_split(_value(row, "Cooperative Patent Classification"), ";"), cpc=True)
        citations: list[Citation] = []
        for column, (kind, cited_by) in _ESPACENET_CITATIONS.items():
            for item in _split(_value(row, column), ";"):
                if kind == "npl":
                    citations.append(Citation(kind="npl", text=item, cited_by=cited_by))
                    continue
                try:
                    num = loose_publication_number(item)
                except InvalidValue:
                    num = item
                citations.append(Citation(number=num, kind="patent", cited_by=cited_by))
        record = _record(
            pubs[0],
            patent_type=_patent_type(pubs[0]),
            family_members=[p for p in pubs[1:] if p != pubs[0]],
            title=_value(row, "Title"),
            publication_date=optional_date(_value(row, "Publication date")),
            application_number=_espacenet_application(_value(row, "Application number")),
            filing_date=optional_date(_value(row, "Date of application")),
            priorities=[_espacenet_priority(p) for p in _split(_value(row, "Priority number(s)"), ";")],
            ipc=ipc,
            cpc=cpc,
            applicants=[party(n, country=c) for n, c in _espacenet_names(_value(row, "Applicant(s)"))],
            inventors=[n for n, _ in _espacenet_names(_value(row, "Inventor(s)"))],
            citations=citations,
        )
        if bad_ipc:
            record.extra["International classification (unparsed)"] = "; ".join(bad_ipc)
        if bad_cpc:
            record.extra["Cooperative Patent Classification (unparsed)"] = "; ".join(bad_cpc)
        return record


READERS: list[Reader] = [PatentscopeCsvReader(), LensCsvReader(), EspacenetCsvReader()]
