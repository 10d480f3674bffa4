"""Weekly USPTO bulk files: split concatenated XML documents and parse each on its own.

The weekly bulk files (``ipgYYMMDD.xml``, ``ipaYYMMDD.xml``, ``paYYMMDD.xml``) are *concatenated* XML
documents, each with its own ``<?xml …?>`` declaration and DOCTYPE. :func:`iter_documents` streams the file
in chunks and splits it at those declarations, so memory is bounded by the largest single document;
:func:`parse_document` parses one (no DTD, no network).

Named entities of the SGML-era formats (``&lsquo;``, ``&mdash;``, ``&lgr;`` …) are declared only in the
external DTD, which is never loaded: when a document uses such entities they are replaced by numeric
character references (HTML5 names plus the ISO 8879 Greek set) and the document is parsed again.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = [
    "CHUNK_SIZE",
    "PATENT_ROOTS",
    "Element",
    "iter_documents",
    "make_parser",
    "parse_document",
    "replace_named_entities",
]

Element = Any  # lxml elements (the stubs are not installed; keep mypy quiet without losing readability)

CHUNK_SIZE = 1 << 22  # 4 MiB reads
_DECL = re.compile(rb"<\?xml\s")
PATENT_ROOTS = (
    b"<us-patent-grant",
    b"<us-patent-application",
    b"<PATDOC",
    b"<patent-application-publication",
)

_ISO_GREEK = {  # ISO 8879 ISOgrk1 (used by the USPTO SGML-era DTDs: &lgr; = λ, &Dgr; = Δ …)
    "agr": "α", "bgr": "β", "ggr": "γ", "dgr": "δ", "egr": "ε", "zgr": "ζ", "eegr": "η", "thgr": "θ",
    "igr": "ι", "kgr": "κ", "lgr": "λ", "mgr": "μ", "ngr": "ν", "xgr": "ξ", "ogr": "ο", "pgr": "π",
    "rgr": "ρ", "sgr": "σ", "sfgr": "ς", "tgr": "τ", "ugr": "υ", "phgr": "φ", "khgr": "χ", "psgr": "ψ",
    "ohgr": "ω",
    "Agr": "Α", "Bgr": "Β", "Ggr": "Γ", "Dgr": "Δ", "Egr": "Ε", "Zgr": "Ζ", "EEgr": "Η", "THgr": "Θ",
    "Igr": "Ι", "Kgr": "Κ", "Lgr": "Λ", "Mgr": "Μ", "Ngr": "Ν", "Xgr": "Ξ", "Ogr": "Ο", "Pgr": "Π",
    "Rgr": "Ρ", "Sgr": "Σ", "Tgr": "Τ", "Ugr": "Υ", "PHgr": "Φ", "KHgr": "Χ", "PSgr": "Ψ", "OHgr": "Ω",
}  # fmt: skip
_XML_BUILTIN = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_ENTITY_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")


def _entity_table() -> dict[bytes, bytes]:
    table: dict[bytes, bytes] = {}
    for name, chars in html.entities.html5.items():
        if name.endswith(";"):
            table[name[:-1].encode()] = "".join(f"&#{ord(c)};" for c in chars).encode()
    for name, char in _ISO_GREEK.items():
        table[name.encode()] = f"&#{ord(char)};".encode()
    return table


_ENTITIES = _entity_table()


def _replace_entity(m: re.Match[bytes]) -> bytes:
    name = m.group(1)
    if name in _XML_BUILTIN:
        return m.group(0)
    # Unknown names stay visible as text ('&name;') instead of vanishing.
    return _ENTITIES.get(name, b"&amp;" + name + b";")


def replace_named_entities(doc: bytes) -> bytes:
    """Named entity references → numeric character references (XML built-ins untouched)."""
    return _ENTITY_REF.sub(_replace_entity, doc)


def iter_documents(path: Path, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[int, int, bytes]]:
    """Yield ``(n, byte_offset, document_bytes)`` for each XML document of a (concatenated) file.

    Documents are split at ``<?xml`` declarations; a file whose first document has no declaration still
    yields it. Whitespace-only pieces are skipped. Memory: one chunk plus the current document.
    """
    n = 0
    base = 0  # file offset of buf[0]
    buf = bytearray()
    scan = 1  # where to look for the next declaration (the one at buf[0] starts the current document)
    with open(path, "rb") as fh:
        eof = False
        while True:
            m = _DECL.search(buf, scan)
            if m is None and not eof:
                scan = max(1, len(buf) - 6)
                chunk = fh.read(chunk_size)
                if chunk:
                    buf += chunk
                    continue
                eof = True
                m = _DECL.search(buf, scan)
            end = m.start() if m is not None else len(buf)
            with memoryview(buf) as view:
                piece = bytes(view[:end])  # one copy of the document, not two
            stripped = piece.lstrip() if piece[:1].isspace() else piece
            if stripped.strip():
                n += 1
                yield n, base + len(piece) - len(stripped), stripped
            if m is None:
                return
            del buf[:end]
            base += end
            scan = 1


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True, remove_comments=True
    )


def parse_document(doc: bytes, parser: etree.XMLParser | None = None) -> Element:
    """Parse one document; named entities of the SGML-era DTDs are mapped. Raises XMLSyntaxError."""
    parser = parser if parser is not None else make_parser()
    root = etree.fromstring(doc, parser)
    if parser.error_log and any(e.type_name == "WAR_UNDECLARED_ENTITY" for e in parser.error_log):
        root = etree.fromstring(replace_named_entities(doc), parser)
    return root
