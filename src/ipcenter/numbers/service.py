"""Normalise lists of patent numbers (a spreadsheet column, a citation list) through the core's rules.

Every input gives one item, in order, and a bad one never stops the rest: its item says why
(``publication_number`` null, ``error`` set), and a number that fits two publications lists them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ipcenter.core.numbers import AmbiguousNumber, read_number
from ipcenter.errors import InvalidValue, UserError

__all__ = ["FIELDS", "normalize_numbers", "normalize_one", "numbers_from_file"]

#: Keys of every item, in this order (the CSV columns).
FIELDS = (
    "input",
    "publication_number",
    "country",
    "number",
    "kind",
    "type",
    "application_number",
    "candidates",
    "error",
)


def normalize_one(text: str, *, country: str | None = None) -> dict[str, Any]:
    """One item: the canonical publication number and its parts, or the error (never raises)."""
    item: dict[str, Any] = dict.fromkeys(FIELDS)
    item["input"] = text
    item["candidates"] = []
    try:
        reading = read_number(text, country=country)
    except AmbiguousNumber as exc:
        item["error"] = str(exc)
        item["candidates"] = [f"{cc}{number}{kind or ''}" for cc, number, kind in exc.candidates]
        return item
    except InvalidValue as exc:
        item["error"] = str(exc)
        return item
    item.update(country=reading.country, number=reading.number, kind=reading.kind, type=reading.type)
    if reading.type == "publication":
        item["publication_number"] = reading.canonical
    else:
        item["application_number"] = reading.canonical
    return item


def normalize_numbers(inputs: Iterable[str], *, country: str | None = None) -> Iterator[dict[str, Any]]:
    """One item per input, in order (see :func:`normalize_one`)."""
    for text in inputs:
        yield normalize_one(text, country=country)


def numbers_from_file(path: Path, *, column: str | None = None) -> list[str]:
    """The numbers of a text file (one per line) or a CSV/TSV file (``column``: its header name or
    1-based position; default the first cell). UTF-8 (with or without BOM) or GB18030, as bureaus'
    spreadsheets are saved. Blank lines are skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data[:4096]:
        raise InvalidValue(f"{path}: binary file; give a text or CSV file with one number per line")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidValue(f"{path}: neither UTF-8 nor GB18030 text")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    delimiter = "\t" if "\t" in lines[0] else "," if "," in lines[0] or column else None
    if delimiter is None:
        return [line.strip() for line in lines]
    rows = [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter) if row]
    index = 0
    if column is not None:
        if column.isdigit():
            index = int(column) - 1
        else:
            header = [c.strip() for c in rows[0]]
            if column not in header:
                raise InvalidValue(f"{path}: no column {column!r} in the header ({', '.join(header)})")
            index = header.index(column)
            rows = rows[1:]
    return [row[index].strip() if index < len(row) else "" for row in rows]
