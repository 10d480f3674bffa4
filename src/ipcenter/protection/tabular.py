"""Reading an operator's table (XLSX, CSV/TSV in UTF-8 or GB18030) or the text of a PDF attachment into
rows of strings, each with where it came from (``file:row N`` / ``file:page P line L``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ipcenter.errors import InvalidValue, NotFound, UserError

TABLE_SUFFIXES = (".xlsx", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class SourceRow:
    cells: list[str]
    where: str  # e.g. 'list.xlsx:row 5'


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{name} is neither UTF-8 nor GB18030 text")


def read_table(path: Path) -> Iterator[SourceRow]:
    """Every row of a spreadsheet or delimited text file, header first."""
    if not path.is_file():
        raise NotFound(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise UserError(f"{path.name} is not a readable XLSX workbook ({type(exc).__name__})") from None
        try:
            sheet = book.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield SourceRow(
                    ["" if v is None else str(v).strip() for v in row], f"{path.name}:row {number}"
                )
        finally:
            book.close()
        return
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InvalidValue(
            f"{path.name}: tables are read from .xlsx, .csv or .tsv (and PDF text from .pdf/.txt)"
        )
    text = _decode(path.read_bytes(), path.name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        yield SourceRow([c.strip() for c in row], f"{path.name}:row {number}")


def pdf_lines(path: Path) -> Iterator[SourceRow]:
    """The text lines of a PDF attachment (pypdf text extraction), one row of one cell each."""
    if not path.is_file():
        raise NotFound(f"file not found: {path}")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise UserError(f"{path.name} is not a readable PDF ({exc})") from None
    if not any(p.strip() for p in pages):
        raise UserError(
            f"{path.name} has no text layer (a scanned attachment): OCR it first, then import the text"
        )
    for page_number, text in enumerate(pages, start=1):
        for line_number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield SourceRow([line.strip()], f"{path.name}:page {page_number} line {line_number}")


def text_lines(path: Path) -> Iterator[SourceRow]:
    text = _decode(path.read_bytes(), path.name)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield SourceRow([line.strip()], f"{path.name}:line {number}")
