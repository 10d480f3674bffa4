"""What every reader implements: sniff a file, then stream its records.

A reader turns one source format into :class:`~ipcenter.corpus.models.PatentRecord` objects. It never
stores anything: it yields one :class:`ReadItem` per input record, either a record or the reason the
record cannot be used (the ingest service quarantines it with file and position). A file that cannot be
read at all raises :class:`UnreadableFile`.

Readers stream: memory must stay bounded whatever the file size (one document or one row at a time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.errors import UnreadableFile

__all__ = ["ReadItem", "Reader", "SplitReader", "UnreadableFile", "excerpt", "mapped"]


@dataclass(slots=True)
class ReadItem:
    position: str  # where in the file: 'line 12', 'row 5', 'document 3 (byte 1234)'
    record: PatentRecord | None = None
    error: str | None = None  # why the record cannot be used; set when record is None
    raw: str | None = None  # a short excerpt of the raw input, kept in the quarantine


class Reader(Protocol):
    #: format id, stable (stored in provenance and reports), e.g. 'uspto-xml'
    name: str
    #: one line for people
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when this reader handles the file; ``head`` is its first 64 KiB."""
        ...

    def read(self, path: Path) -> Iterator[ReadItem]:
        """Yield one item per input record, in file order."""
        ...


@runtime_checkable
class SplitReader(Reader, Protocol):
    """A reader whose records can be mapped apart from the reading: ingest splits the file in the main
    process (``units``: cheap, in file order) and parses and maps the units in worker processes
    (``map_unit``: the expensive part). ``read`` must yield exactly what mapping every unit in order gives."""

    def units(self, path: Path) -> Iterator[tuple[str, bytes]]:
        """(position, raw bytes) of each input record; raises UnreadableFile like ``read``."""
        ...

    def map_unit(self, position: str, raw: bytes) -> ReadItem | None:
        """The item of one unit, or None for a unit that is no patent record (skipped without an item)."""
        ...


def excerpt(text: str | bytes, limit: int = 300) -> str:
    """A short, printable excerpt of raw input for the quarantine."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mapped(position: str, build: Callable[[], PatentRecord], raw: str | bytes) -> ReadItem:
    """The item of one input record: the record ``build`` maps, or, when a value cannot be stored
    (``InvalidValue``), the reason with an excerpt of ``raw``."""
    try:
        return ReadItem(position, record=build())
    except InvalidValue as exc:
        return ReadItem(position, error=str(exc), raw=excerpt(raw))
