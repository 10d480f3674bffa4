"""The ``uspto-xml`` reader: every DTD family of the USPTO full-text XML, dispatched on each document's root.

A weekly file is split into its documents (:mod:`.documents`); a document that does not parse becomes a
:class:`ReadItem` with an error and its position (``document N (byte B)``) and the other documents still
read. Sequence listings (``sequence-cwu``) and other attachment documents of the weekly files are skipped
(they are not patent documents); unknown root elements become error items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.readers.base import ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.uspto.documents import (
    PATENT_ROOTS,
    Element,
    iter_documents,
    make_parser,
    parse_document,
)
from ipcenter.ingest.readers.uspto.pap_v15 import v15_record
from ipcenter.ingest.readers.uspto.patdoc_v25 import v25_record
from ipcenter.ingest.readers.uspto.redbook_v4 import v4_record

__all__ = ["UsptoXmlReader", "record_from_tree"]

#: attachment documents of the weekly files: not patent documents, skipped without an item
_SKIPPED_ROOTS = frozenset({"sequence-cwu", "us-sequence-list-doc", "sequence-list-new-rules"})

#: root element → the mapping of its DTD family
_FAMILIES: dict[str, Callable[[Element], PatentRecord]] = {
    "us-patent-grant": v4_record,
    "us-patent-application": v4_record,
    "PATDOC": v25_record,
    "patent-application-publication": v15_record,
}


def record_from_tree(root: Element) -> PatentRecord | None:
    """The record of one parsed document; None for attachment documents (sequence listings).

    Raises InvalidValue when the document is not a USPTO patent document or lacks its number.
    """
    tag = root.tag
    if tag in _SKIPPED_ROOTS:
        return None
    family = _FAMILIES.get(tag)
    if family is None:
        raise InvalidValue(f"unknown document type <{tag}> (not a USPTO grant or application)")
    return family(root)


class UsptoXmlReader:
    name = "uspto-xml"
    description = "USPTO full-text XML grants and applications (v2.5, pap v1.5/1.6, v4.0-4.5; weekly files)"

    def sniff(self, path: Path, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"<"):
            return False
        return any(root in head for root in PATENT_ROOTS)

    def read(self, path: Path) -> Iterator[ReadItem]:
        parser = make_parser()
        for position, doc in self.units(path):
            item = self.map_unit(position, doc, parser)
            if item is not None:
                yield item

    # The two halves of read(), for ingest's worker processes (``readers.base.SplitReader``): the main process
    # splits the file into documents, the workers parse and map them.

    def units(self, path: Path) -> Iterator[tuple[str, bytes]]:
        """(position, document bytes) of each document of the file, in file order (cheap: no parsing)."""
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise UnreadableFile(f"cannot open {path}: {exc}") from exc
        if not head.strip():
            raise UnreadableFile("file is empty")
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise UnreadableFile("not an XML file (does not start with '<')")
        for n, offset, doc in iter_documents(path):
            yield f"document {n} (byte {offset})", doc

    def map_unit(self, position: str, doc: bytes, parser: etree.XMLParser | None = None) -> ReadItem | None:
        """The item of one document: its record, or why it cannot be used; None for attachment documents."""
        try:
            root = parse_document(doc, parser or make_parser())
        except etree.XMLSyntaxError as exc:
            return ReadItem(position, error=f"XML syntax error: {exc}", raw=excerpt(doc[:400]))
        try:
            record = record_from_tree(root)
        except InvalidValue as exc:
            return ReadItem(position, error=str(exc), raw=excerpt(doc[:400]))
        return ReadItem(position, record=record) if record is not None else None
