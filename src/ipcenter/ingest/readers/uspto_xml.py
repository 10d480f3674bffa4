"""USPTO full-text XML: grants and published applications, every DTD version of the bulk files.

Formats (one reader, dispatch on the root element of each document):

* ``PATDOC`` — grants 2001-2004, "ST.32" SGML-like XML v2.5 (B-fields: B110 number, B130 kind, B140 date …);
* ``us-patent-grant`` — grants from 2005, DTD v4.0 … v4.5 (``us-parties`` and ``us-references-cited``
  from v4.3, CPC from v4.4/4.5);
* ``patent-application-publication`` — applications 2001-2004, pap v1.5 / v1.6;
* ``us-patent-application`` — applications from 2005, DTD v4.0 … v4.5.

The weekly bulk files (``ipgYYMMDD.xml``, ``ipaYYMMDD.xml``, ``paYYMMDD.xml``) are *concatenated* XML
documents, each with its own ``<?xml …?>`` declaration and DOCTYPE. The reader streams the file in chunks,
splits it at those declarations and parses each document on its own (no DTD, no network), so memory is
bounded by the largest single document. A document that does not parse becomes a :class:`ReadItem` with
an error and its position (``document N (byte B)``); the other documents still read.

Named entities of the SGML-era formats (``&lsquo;``, ``&mdash;``, ``&lgr;`` …) are declared only in the
external DTD, which is never loaded: when a document uses such entities they are replaced by numeric
character references (HTML5 names plus the ISO 8879 Greek set) and the document is parsed again.

Mapping choices (see also docs/record.md):

* publication number ``US`` + number + kind through the core (``US7654321B2``, ``US20120123456A1``); US
  design kind ``S1`` is stored as ``S`` (``USD612345S``, the DOCDB form other sources use; the source kind
  is kept in ``extra['kind_source']``);
* ``grant_date`` = publication date for grants only, never for applications;
* applicants: the assignees first, then the (us-)applicants not already listed (before 2013 the
  applicants are usually the inventors); ``patentees`` = the assignees;
* citation dates with day (or month) ``00`` — the usual USPTO month precision — are stored as the first
  day of that month (year); ``category`` keeps the USPTO wording, ``cited_by`` is examiner / applicant /
  other / third_party;
* sequence listings (``sequence-cwu``) and other attachment documents of the weekly files are skipped
  (they are not patent documents); unknown root elements become error items.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.corpus.models import Citation, Claim, Party, PatentRecord, Priority
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.common import application_number, optional_date, party, publication_number

__all__ = [
    "READERS",
    "UsptoXmlReader",
    "iter_documents",
    "parse_document",
    "record_from_tree",
    "us_publication_number",
]

Element = Any  # lxml elements (the stubs are not installed; keep mypy quiet without losing readability)

CHUNK_SIZE = 1 << 22  # 4 MiB reads
_DECL = re.compile(rb"<\?xml\s")
_PATENT_ROOTS = (
    b"<us-patent-grant",
    b"<us-patent-application",
    b"<PATDOC",
    b"<patent-application-publication",
)
#: attachment documents of the weekly files: not patent documents, skipped without an item
_SKIPPED_ROOTS = frozenset({"sequence-cwu", "us-sequence-list-doc", "sequence-list-new-rules"})

# --------------------------------------------------------------------------- entities

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


# --------------------------------------------------------------------------- splitting and parsing


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


def _make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True, remove_comments=True
    )


def parse_document(doc: bytes, parser: etree.XMLParser | None = None) -> Element:
    """Parse one document; named entities of the SGML-era DTDs are mapped. Raises XMLSyntaxError."""
    parser = parser if parser is not None else _make_parser()
    root = etree.fromstring(doc, parser)
    if parser.error_log and any(e.type_name == "WAR_UNDECLARED_ENTITY" for e in parser.error_log):
        root = etree.fromstring(replace_named_entities(doc), parser)
    return root


# --------------------------------------------------------------------------- small value helpers


def _norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _text(el: Element | None) -> str:
    """Whitespace-normalised text content of an element ('' for None)."""
    if el is None:
        return ""
    return " ".join(_tostring(el, method="text", encoding="unicode", with_tail=False).split())


_tostring = etree.tostring


def _ftext(el: Element, path: str) -> str:
    return _text(el.find(path))


def _leaf(el: Element, path: str) -> str:
    """Text of a leaf element (no markup inside: numbers, dates, codes, names) — cheaper than _ftext."""
    t = el.findtext(path)
    return t.strip() if t else ""


def _lines(el: Element | None) -> str | None:
    """Plain text of a v4 description: the source writes one block element (heading, p) per line, so the
    text is serialised once and split into lines, each whitespace-normalised (much faster than walking
    every paragraph; table rows and list items come out as lines of their own)."""
    if el is None:
        return None
    text = _tostring(el, method="text", encoding="unicode", with_tail=False)
    # str.split per line is several times faster than a whitespace regex over the whole description.
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line) or None


def _opt(value: str) -> str | None:
    return value or None


def _blocks(el: Element | None, tags: tuple[str, ...]) -> str | None:
    """Plain text of the block elements (paragraphs, headings) under ``el``, one per line."""
    if el is None:
        return None
    lines = [t for t in (_text(b) for b in el.iter(*tags)) if t]
    if not lines:
        return _opt(_text(el))
    return "\n".join(lines)


def _abstract(el: Element | None) -> str | None:
    """The abstract as one whitespace-normalised string (paragraph breaks are not kept: sources such as
    grants.jsonl do not have them, and equal content across sources matters more)."""
    return _opt(_text(el)) if el is not None else None


def _safe_date(value: str | None) -> date | None:
    try:
        return optional_date(value)
    except InvalidValue:
        return None


def partial_date(value: str | None) -> date | None:
    """USPTO citation dates are often month precision (``19990100``): day/month 00 → the first one."""
    if not value:
        return None
    s = value.strip()
    if len(s) == 8 and s.isdigit():
        try:
            return date(int(s[:4]), int(s[4:6]) or 1, int(s[6:]) or 1) if s != "00000000" else None
        except ValueError:
            return None
    return _safe_date(s)


def us_publication_number(doc_number: str, kind: str | None, country: str = "US") -> tuple[str, str | None]:
    """(normalised publication number, kind as stored). US design ``S1`` → ``S`` (DOCDB form)."""
    kind = (kind or "").strip() or None
    if country == "US" and kind == "S1":
        kind = "S"
    number = publication_number(doc_number.strip(), country=country, kind=kind)
    return number, kind


_US_PLAIN = re.compile(r"(?:D|RE|PP|H|T)?\d{1,8}")


def _cited_number(country: str, doc_number: str, kind: str | None) -> str:
    """A cited document's number, normalised when it parses, else as given (country + number + kind)."""
    country = (country or "").strip().upper()
    doc_number = doc_number.strip()
    if country == "US" and kind and _US_PLAIN.fullmatch(doc_number):  # fast path, same result as the core
        digits = doc_number.lstrip("DREPHT")
        series = doc_number[: len(doc_number) - len(digits)]
        digits = digits.lstrip("0") or "0"
        return f"US{series}{digits}{'S' if kind == 'S1' else kind}"
    try:
        if country == "US" and kind == "S1":
            kind = "S"
        return publication_number(doc_number, country=country or None, kind=kind)
    except InvalidValue:
        raw = re.sub(r"\s+", "", doc_number)
        prefix = country if country and not raw.upper().startswith(country) else ""
        return f"{prefix}{raw}{kind or ''}"


def _cited_by(category: str | None) -> str | None:
    if not category:
        return None
    c = category.lower()
    for key, value in (
        ("examiner", "examiner"),
        ("applicant", "applicant"),
        ("third", "third_party"),
        ("other", "other"),
    ):
        if key in c:
            return value
    return None


def patent_citation(
    country: str, doc_number: str, kind: str | None, date_text: str | None, category: str | None
) -> Citation:
    return Citation(
        number=_cited_number(country, doc_number, kind),
        kind="patent",
        category=_opt(_norm(category)),
        cited_by=_cited_by(category),
        date=partial_date(date_text),
    )


def npl_citation(text: str, category: str | None) -> Citation:
    return Citation(kind="npl", category=_opt(_norm(category)), cited_by=_cited_by(category), text=text)


def _us_app_number(doc_number: str | None) -> str | None:
    if not doc_number or not doc_number.strip():
        return None
    return "US" + re.sub(r"[^0-9A-Za-z]", "", doc_number).upper()


def _foreign_number(country: str | None, number: str | None) -> str | None:
    """Priority / related application number: the core's form when it validates, else country + text."""
    if not number or not number.strip():
        return None
    cc = (country or "").strip().upper() or None
    if cc == "CN":
        try:
            return application_number(number, country=cc)
        except InvalidValue:
            pass
    raw = re.sub(r"[^0-9A-Za-z]", "", number).upper()
    return f"{cc}{raw}" if cc and not raw.startswith(cc) else raw


def us_ipc(text: str | None) -> str | None:
    """An IPC symbol as USPTO writes it: ``A47L  514`` / ``A43B 1314`` (fixed columns: subclass, main group
    right-aligned in 3, subgroup), ``B08B003/00``, ``G06F 40/30``. None when empty or not IPC (Locarno)."""
    if not text or not text.strip():
        return None
    s = text.strip().upper()
    if "/" not in s:
        m = re.fullmatch(r"([A-H]\d\d[A-Z])([\d ]*)", s)
        if not m:
            return None
        sub, rest = m.group(1), m.group(2)
        digits = rest.replace(" ", "")
        if not digits:
            return sub
        if len(rest) >= 5 and rest[:3].strip().isdigit() and rest[3:].strip().isdigit():
            mg, sg = rest[:3].strip(), rest[3:].strip()
        elif len(digits) >= 3:  # columns lost (collapsed spaces): assume a 2-digit subgroup
            mg, sg = digits[:-2], digits[-2:]
        else:
            return None
        s = f"{sub}{int(mg)}/{sg}"
    try:
        return normalize_ipc(s)
    except InvalidValue:
        return None


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


def _patent_type(appl_type: str | None, pub: str) -> str | None:
    t = (appl_type or "").lower()
    if "design" in t:
        return "design"
    if "plant" in t:
        return "plant"
    if "utility" in t or "reissue" in t or "sir" in t or t.startswith("new"):
        return "invention"
    if pub.startswith("USD"):
        return "design"
    if pub.startswith("USPP"):
        return "plant"
    return "invention"


_CLAIM_NUMBER_PREFIX = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")


def _claim_text(el: Element) -> str:
    return _CLAIM_NUMBER_PREFIX.sub("", _text(el), count=1)


_IDREF_SPLIT = re.compile(r"[\s,]+")
_CLAIM_RANGE = re.compile(r"\bclaims?\s+(\d+)\s*(?:to|through|thru|-|–)\s*(\d+)\b", re.IGNORECASE)


def _expand_ranges(text: str, own: int, depends: list[int]) -> list[int]:
    """'any one of claims 2 through 4': the XML tags only the first (or both) ends; add the claims between."""
    if not _CLAIM_RANGE.search(text):
        return depends
    out = list(depends)
    for m in _CLAIM_RANGE.finditer(text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo in out and lo < hi < own and hi - lo <= 50:
            at = out.index(lo) + 1
            for k in range(lo + 1, hi + 1):
                if k not in out:
                    out.insert(at, k)
                    at += 1
    return out


def _claims(claim_els: list[Element], id_attr: str, ref_tag: str, ref_attr: str) -> list[Claim]:
    """Claims with numbers from the ``num`` attribute (or order) and references resolved through ids."""
    numbers: dict[str, int] = {}
    for i, el in enumerate(claim_els, start=1):
        num = el.get("num")
        n = int(num) if num and num.strip().isdigit() else i
        cid = el.get(id_attr)
        if cid:
            numbers[cid.strip()] = n
        el.set("_n", str(n))
    claims: list[Claim] = []
    for el in claim_els:
        n = int(el.get("_n"))
        depends: list[int] = []
        for ref in el.iter(ref_tag):
            for idref in _IDREF_SPLIT.split(ref.get(ref_attr) or ""):
                target = numbers.get(idref)
                if target is not None and target not in depends:
                    depends.append(target)
        text = _claim_text(el)
        if depends:
            depends = _expand_ranges(text, n, depends)
        claims.append(Claim(number=n, text=text, depends_on=depends, lang="en"))
    return claims


def _party_from(name: str, country: str | None, city: str = "", state: str = "") -> Party:
    address = ", ".join(p for p in (city, state) if p) or None
    country = (country or "").strip().upper()
    cc = country if len(country) == 2 and country.isalpha() and country.isascii() else None
    return party(name, address=address, country=cc, region_hint=cc)


def _merge_parties(first: list[Party], second: list[Party]) -> list[Party]:
    out = list(first)
    seen = {p.name.casefold() for p in out}
    for p in second:
        if p.name.casefold() not in seen:
            seen.add(p.name.casefold())
            out.append(p)
    return out


# --------------------------------------------------------------------------- v4.x (2005 on)


def _v4_name(book: Element) -> str:
    org = _ftext(book, "orgname")
    if org:
        return org
    name = _ftext(book, "name")
    if name:
        return name
    return " ".join(p for p in (_ftext(book, "first-name"), _ftext(book, "last-name")) if p)


def _v4_party(el: Element) -> tuple[str, Party] | None:
    book = el.find("addressbook")
    if book is None:  # some assignees carry <orgname>/<address> directly
        book = el
    name = _v4_name(book)
    if not name:
        return None
    country = _ftext(book, "address/country") or _ftext(el, "residence/country")
    return name, _party_from(name, country, _ftext(book, "address/city"), _ftext(book, "address/state"))


def _docid(el: Element | None) -> tuple[str, str, str, str]:
    """(country, doc-number, kind, date) of a document-id."""
    if el is None:
        return "", "", "", ""
    country = number = kind = when = ""
    for c in el:
        tag = c.tag
        if tag == "doc-number":
            number = (c.text or "").strip()
        elif tag == "country":
            country = (c.text or "").strip()
        elif tag == "kind":
            kind = (c.text or "").strip()
        elif tag == "date":
            when = (c.text or "").strip()
    return country, number, kind, when


def _v4_ipc(bib: Element) -> list[str]:
    symbols: list[tuple[bool, str]] = []
    for c in bib.iterfind("classifications-ipcr/classification-ipcr"):
        sym = _ipcr_symbol(c)
        if sym:
            symbols.append((_ftext(c, "symbol-position") == "F", sym))
    if symbols:
        main = [s for first, s in symbols if first]
        return _dedupe([*main, *(s for _, s in symbols)])
    old = bib.find("classification-ipc")
    if old is None:
        return []
    raw = [_ftext(old, "main-classification")]
    raw += [_text(f) for f in old.iterfind("further-classification")]
    return _dedupe(s for s in (us_ipc(r) for r in raw) if s)


def _ipcr_symbol(c: Element) -> str | None:
    parts = [_ftext(c, t) for t in ("section", "class", "subclass", "main-group", "subgroup")]
    if not all(parts[:3]):
        return None
    sym = "".join(parts[:3])
    if parts[3]:
        sym += f"{parts[3]}/{parts[4] or '00'}"
    try:
        return normalize_ipc(sym)
    except InvalidValue:
        return None


def _v4_cpc(bib: Element) -> list[str]:
    out: list[str] = []
    for path in (
        "classifications-cpc/main-cpc/classification-cpc",
        "classifications-cpc/further-cpc/classification-cpc",
    ):
        for c in bib.iterfind(path):
            sym = _ipcr_symbol(c)
            if sym and sym not in out:
                out.append(sym)
    return out


_CATEGORY_CACHE: dict[str, tuple[str | None, str | None]] = {}


def _category(raw: str | None) -> tuple[str | None, str | None]:
    """(category as the source says, cited_by) — cached: a handful of distinct values."""
    key = raw or ""
    got = _CATEGORY_CACHE.get(key)
    if got is None:
        got = (_opt(_norm(key)), _cited_by(key))
        if len(_CATEGORY_CACHE) < 64:
            _CATEGORY_CACHE[key] = got
    return got


def _v4_citations(bib: Element) -> list[Citation]:
    refs = bib.find("us-references-cited")
    if refs is None:
        refs = bib.find("references-cited")
    if refs is None:
        return []
    out: list[Citation] = []
    for cit in refs:
        pat = npl = None
        raw_category = None
        for c in cit:  # us-citation / citation: patcit | nplcit, category, classification …
            tag = c.tag
            if tag == "patcit":
                pat = c
            elif tag == "category":
                raw_category = c.text
            elif tag == "nplcit":
                npl = c
        category, cited_by = _category(raw_category)
        if pat is not None:
            country, number, kind, when = _docid(pat.find("document-id"))
            if number:
                out.append(
                    Citation(
                        number=_cited_number(country, number, kind or None),
                        kind="patent",
                        category=category,
                        cited_by=cited_by,
                        date=partial_date(when),
                    )
                )
        elif npl is not None:
            out.append(Citation(kind="npl", category=category, cited_by=cited_by, text=_text(npl)))
    return out


def _v4_related(bib: Element, extra: dict[str, str]) -> list[str]:
    """Family members (the application's earlier publication, granted parents); other related
    applications (continuations, divisions, provisionals, PCT parents) go to ``extra['related_documents']``."""
    family: list[str] = []
    related: list[str] = []
    rel = bib.find("us-related-documents")
    if rel is None:
        return family
    for item in rel:
        if not isinstance(item.tag, str):
            continue
        if item.tag == "related-publication":
            country, number, kind, _ = _docid(item.find("document-id"))
            if number:
                family.append(_cited_number(country or "US", number, kind or None))
            continue
        if item.find("document-id") is not None:  # us-provisional-application, us-reissue-application …
            country, number, _, when = _docid(item.find("document-id"))
            if number:
                related.append(f"{item.tag}:{country}{number} {when}".strip())
            continue
        for relation in item.iter("relation"):
            country, number, _, when = _docid(relation.find("parent-doc/document-id"))
            if number:
                related.append(f"{item.tag}:{country}{number} {when}".strip())
            country, number, kind, _ = _docid(relation.find("parent-doc/parent-grant-document/document-id"))
            if number:
                family.append(_cited_number(country or "US", number, kind or None))
            country, number, _, when = _docid(relation.find("parent-doc/parent-pct-document/document-id"))
            if number:
                related.append(f"{item.tag}-pct:{number} {when}".strip())
    if related:
        extra["related_documents"] = "; ".join(_dedupe(related))
    return _dedupe(family)


def _v4_record(root: Element) -> PatentRecord:
    grant = root.tag == "us-patent-grant"
    bib = root.find("us-bibliographic-data-grant" if grant else "us-bibliographic-data-application")
    if bib is None:
        raise InvalidValue(f"<{root.tag}> has no bibliographic data")
    country, number, kind, pub_date = _docid(bib.find("publication-reference/document-id"))
    pub, kind_stored = us_publication_number(number, kind, country or "US")
    extra: dict[str, str] = {}
    if kind and kind != kind_stored:
        extra["kind_source"] = kind
    app_ref = bib.find("application-reference")
    appl_type = app_ref.get("appl-type") if app_ref is not None else None
    _, app_number, _, filing = _docid(app_ref.find("document-id") if app_ref is not None else None)
    if appl_type:
        extra["appl_type"] = appl_type

    parties = bib.find("us-parties")
    if parties is None:
        parties = bib.find("parties")
    applicants: list[Party] = []
    inventors: list[str] = []
    agents: list[str] = []
    if parties is not None:
        for el in parties.iterfind("us-applicants/us-applicant"):
            got = _v4_party(el)
            if got:
                applicants.append(got[1])
        for el in parties.iterfind("applicants/applicant"):
            got = _v4_party(el)
            if got:
                applicants.append(got[1])
                if "inventor" in (el.get("app-type") or ""):
                    inventors.append(got[0])
        for el in parties.iterfind("inventors/inventor"):
            got = _v4_party(el)
            if got:
                inventors.append(got[0])
        for el in parties.iterfind("agents/agent"):
            book = el.find("addressbook")
            name = _v4_name(book if book is not None else el)
            if name:
                agents.append(name)
    assignees: list[Party] = []
    for el in bib.iterfind("assignees/assignee"):
        got = _v4_party(el)
        if got:
            assignees.append(got[1])

    priorities = []
    for p in bib.iterfind("priority-claims/priority-claim"):
        pc, pn, _, pd = _docid(p)
        if pn:
            priorities.append(Priority(country=_opt(pc), number=_foreign_number(pc, pn), date=_safe_date(pd)))

    examiner = bib.find("examiners/primary-examiner")
    if examiner is not None:
        name = " ".join(p for p in (_ftext(examiner, "first-name"), _ftext(examiner, "last-name")) if p)
        if name:
            extra["primary_examiner"] = name
    uspc = _ftext(bib, "classification-national/main-classification")
    if uspc:
        extra["uspc_main"] = uspc
    locarno = _ftext(bib, "classification-locarno/main-classification")
    if locarno:
        extra["locarno"] = locarno
    n_claims = _ftext(bib, "number-of-claims")
    if n_claims:
        extra["number_of_claims"] = n_claims
    pct = bib.find("pct-or-regional-filing-data/document-id")
    if pct is not None:
        pct_country, pct_number, _, pct_date = _docid(pct)
        if pct_number.upper().startswith("PCT"):
            pct_country = ""
        extra["pct_application"] = f"{pct_country}{pct_number} {pct_date}".strip()
    dtd = root.get("dtd-version")
    if dtd:
        extra["dtd_version"] = dtd
    family = _v4_related(bib, extra)

    claims_el = root.find("claims")
    claims = (
        _claims(list(claims_el.iterfind("claim")), "id", "claim-ref", "idref")
        if claims_el is not None
        else []
    )
    abstract = root.find("abstract")
    pub_d = _safe_date(pub_date)
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=_us_app_number(app_number),
        patent_type=_patent_type(appl_type, pub),
        priorities=priorities,
        filing_date=_safe_date(filing),
        publication_date=pub_d,
        grant_date=pub_d if grant else None,
        language="en",
        title=_opt(_ftext(bib, "invention-title")),
        abstract=_abstract(abstract),
        claims=claims,
        description=_lines(root.find("description")),
        ipc=_v4_ipc(bib),
        cpc=_v4_cpc(bib),
        applicants=_merge_parties(assignees, applicants),
        patentees=assignees,
        inventors=_dedupe(inventors),
        agents=_dedupe(agents),
        citations=_v4_citations(bib),
        family_members=family,
        extra=extra,
    )


# --------------------------------------------------------------------------- v2.5 grants (2001-2004)


def _pdat(el: Element | None, path: str | None = None) -> str:
    if el is not None and path:
        el = el.find(path)
    return _text(el)


def _v25_name(nam: Element | None) -> str:
    if nam is None:
        return ""
    org = _pdat(nam, "ONM")
    if org:
        return org
    return " ".join(p for p in (_pdat(nam, "FNM"), _pdat(nam, "SNM")) if p)


def _v25_party(el: Element) -> tuple[str, Party] | None:
    p = el.find(".//NAM/..")
    if p is None:
        return None
    name = _v25_name(p.find("NAM"))
    if not name:
        return None
    adr = p.find("ADR")
    country = _pdat(adr, "CTRY") if adr is not None else ""
    if not country and p.tag == "PARTY-US":
        country = "US"
    city = _pdat(adr, "CITY") if adr is not None else ""
    state = _pdat(adr, "STATE") if adr is not None else ""
    return name, _party_from(name, country, city, state)


def _v25_record(root: Element) -> PatentRecord:
    bib = root.find("SDOBI")
    if bib is None:
        raise InvalidValue("<PATDOC> has no SDOBI bibliographic data")
    number = _pdat(bib, "B100/B110")
    kind = _pdat(bib, "B100/B130")
    country = _pdat(bib, "B100/B190") or "US"
    pub, kind_stored = us_publication_number(number, kind, country)
    extra: dict[str, str] = {"dtd_version": "2.5"}
    if kind and kind != kind_stored:
        extra["kind_source"] = kind
    pub_d = _safe_date(_pdat(bib, "B100/B140"))

    ipc_raw = [_pdat(bib, "B500/B510/B511")] + [_text(e) for e in bib.iterfind("B500/B510/B512")]
    ipc = _dedupe(s for s in (us_ipc(r) for r in ipc_raw) if s)
    if not ipc and ipc_raw[0] and re.fullmatch(r"\d{4}", ipc_raw[0]):
        extra["locarno"] = ipc_raw[0]
    uspc = _pdat(bib, "B500/B520/B521")
    if uspc:
        extra["uspc_main"] = uspc
    n_claims = _pdat(bib, "B500/B570/B577")
    if n_claims:
        extra["number_of_claims"] = n_claims

    citations: list[Citation] = []
    for b in bib.iterfind("B500/B560/*"):
        category = (
            "cited by examiner"
            if b.find("CITED-BY-EXAMINER") is not None
            else "cited by other"
            if b.find("CITED-BY-OTHER") is not None
            else None
        )
        if b.tag == "B561":
            doc = b.find("PCIT/DOC")
            if doc is None:
                continue
            cnum = _pdat(doc, "DNUM")
            if cnum:
                citations.append(
                    patent_citation(
                        _pdat(doc, "CTRY") or "US",
                        cnum,
                        _pdat(doc, "KIND") or None,
                        _pdat(doc, "DATE"),
                        category,
                    )
                )
        elif b.tag == "B562":
            citations.append(npl_citation(_pdat(b, "NCIT"), category))

    priorities = [
        Priority(
            country=_opt(_pdat(p, "B330")),
            number=_foreign_number(_pdat(p, "B330"), _pdat(p, "B310")),
            date=_safe_date(_pdat(p, "B320")),
        )
        for p in bib.iterfind("B300")
        if _pdat(p, "B310")
    ]

    family: list[str] = []
    related: list[str] = []
    for b in bib.iterfind("B600/*"):
        for doc in b.iter("DOC"):
            dnum = _pdat(doc, "DNUM")
            if not dnum:
                continue
            dctry = _pdat(doc, "CTRY") or "US"
            dkind = _pdat(doc, "KIND") or None
            if b.tag == "B690US":  # the application's earlier publication
                family.append(_cited_number(dctry, dnum, dkind))
            else:
                related.append(f"{b.tag}:{dctry}{dnum}")
    if related:
        extra["related_documents"] = "; ".join(_dedupe(related))

    inventors = [got[0] for got in (_v25_party(e) for e in bib.iterfind("B700/B720/B721")) if got]
    assignees = [got[1] for got in (_v25_party(e) for e in bib.iterfind("B700/B730/B731")) if got]
    agents = [got[0] for got in (_v25_party(e) for e in bib.iterfind("B700/B740/B741")) if got]
    examiner = bib.find("B700/B745/B746")
    if examiner is not None:
        got = _v25_party(examiner)
        if got:
            extra["primary_examiner"] = got[0]

    claims_el = root.find("SDOCL/CL")
    claims = _claims(list(claims_el.iterfind("CLM")), "ID", "CLREF", "ID") if claims_el is not None else []
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=_us_app_number(_pdat(bib, "B200/B210")),
        patent_type=_patent_type(None, pub),
        priorities=priorities,
        filing_date=_safe_date(_pdat(bib, "B200/B220")),
        publication_date=pub_d,
        grant_date=pub_d,
        language="en",
        title=_opt(_pdat(bib, "B500/B540")),
        abstract=_abstract(root.find("SDOAB")),
        claims=claims,
        description=_blocks(root.find("SDODE"), ("H", "PARA")),
        ipc=ipc,
        applicants=assignees,
        patentees=assignees,
        inventors=_dedupe(inventors),
        agents=_dedupe(agents),
        citations=citations,
        family_members=_dedupe(family),
        extra=extra,
    )


# --------------------------------------------------------------------------- v1.5/1.6 applications (2001-2004)


def _v15_person(el: Element) -> str:
    name = el.find("name")
    if name is None:
        return _ftext(el, "organization-name")
    parts = [_ftext(name, t) for t in ("given-name", "middle-name", "family-name", "name-suffix")]
    return " ".join(p for p in parts if p)


def _v15_record(root: Element) -> PatentRecord:
    bib = root.find("subdoc-bibliographic-information")
    if bib is None:
        raise InvalidValue("<patent-application-publication> has no bibliographic information")
    number = _ftext(bib, "document-id/doc-number")
    kind = _ftext(bib, "document-id/kind-code")
    pub, kind_stored = us_publication_number(number, kind, "US")
    extra: dict[str, str] = {}
    filing_type = _ftext(bib, "publication-filing-type")
    if filing_type:
        extra["publication_filing_type"] = filing_type

    tech = bib.find("technical-information")
    ipc: list[str] = []
    title = ""
    if tech is not None:
        raw = [_text(e) for e in tech.iterfind("classification-ipc/classification-ipc-primary/ipc")]
        raw += [_text(e) for e in tech.iterfind("classification-ipc/classification-ipc-secondary/ipc")]
        ipc = _dedupe(s for s in (us_ipc(r) for r in raw) if s)
        title = _ftext(tech, "title-of-invention")
        uspc = tech.find("classification-us/classification-us-primary/uspc")
        if uspc is not None:
            extra["uspc_main"] = f"{_ftext(uspc, 'class')}/{_ftext(uspc, 'subclass')}"

    priorities = []
    for p in bib.iterfind("foreign-priority-data"):
        pn = _ftext(p, "priority-application-number/doc-number")
        pc = _ftext(p, "country-code")
        if pn:
            priorities.append(
                Priority(
                    country=_opt(pc),
                    number=_foreign_number(pc, pn),
                    date=_safe_date(_ftext(p, "filing-date")),
                )
            )

    inventors: list[str] = []
    inv_el = bib.find("inventors")
    if inv_el is not None:
        for el in inv_el:
            if isinstance(el.tag, str) and el.tag in ("first-named-inventor", "inventor"):
                name = _v15_person(el)
                if name:
                    inventors.append(name)
    assignees: list[Party] = []
    for el in bib.iterfind("assignee"):
        name = _v15_person(el)
        if name:
            assignees.append(
                _party_from(name, _ftext(el, "address/country/country-code"), _ftext(el, "address/city"))
            )
    corr = _ftext(bib, "correspondence-address/name-1")
    if corr:
        extra["correspondence"] = corr

    related: list[str] = []
    family: list[str] = []
    cont = bib.find("continuity-data")
    if cont is not None:
        for pc_el in cont.iter("parent-child"):
            rel = pc_el.getparent().tag if pc_el.getparent() is not None else "related"
            parent = pc_el.find("parent/document-id")
            if parent is not None:
                related.append(
                    f"{rel}:{_ftext(parent, 'doc-number')} {_ftext(parent, 'document-date')}".strip()
                )
            patent = pc_el.find("parent-patent/document-id")
            if patent is not None and _ftext(patent, "doc-number"):
                family.append(
                    _cited_number(_ftext(patent, "country-code") or "US", _ftext(patent, "doc-number"), None)
                )
        for prov in cont.iter("non-provisional-of-provisional", "provisional-application"):
            related.append(f"provisional:{_text(prov)}")
    if related:
        extra["related_documents"] = "; ".join(_dedupe(related))

    etree.strip_elements(root, "number", with_tail=False)  # paragraph numbers '[0001]', not content
    claims_el = root.find("subdoc-claims")
    claims = (
        _claims(list(claims_el.iterfind("claim")), "id", "dependent-claim-reference", "depends_on")
        if claims_el is not None
        else []
    )
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=_us_app_number(_ftext(bib, "domestic-filing-data/application-number/doc-number")),
        patent_type=_patent_type(filing_type, pub),
        priorities=priorities,
        filing_date=_safe_date(_ftext(bib, "domestic-filing-data/filing-date")),
        publication_date=_safe_date(_ftext(bib, "document-id/document-date")),
        grant_date=None,
        language="en",
        title=_opt(title),
        abstract=_abstract(root.find("subdoc-abstract")),
        claims=claims,
        description=_blocks(root.find("subdoc-description"), ("heading", "paragraph")),
        ipc=ipc,
        applicants=assignees,
        patentees=assignees,
        inventors=_dedupe(inventors),
        family_members=_dedupe(family),
        extra=extra,
    )


# --------------------------------------------------------------------------- dispatch and reader

_BUILDERS = {
    "us-patent-grant": _v4_record,
    "us-patent-application": _v4_record,
    "PATDOC": _v25_record,
    "patent-application-publication": _v15_record,
}


def record_from_tree(root: Element) -> PatentRecord | None:
    """The record of one parsed document; None for attachment documents (sequence listings).

    Raises InvalidValue when the document is not a USPTO patent document or lacks its number.
    """
    tag = root.tag
    if tag in _SKIPPED_ROOTS:
        return None
    builder = _BUILDERS.get(tag)
    if builder is None:
        raise InvalidValue(f"unknown document type <{tag}> (not a USPTO grant or application)")
    return builder(root)


class UsptoXmlReader:
    name = "uspto-xml"
    description = "USPTO full-text XML grants and applications (v2.5, pap v1.5/1.6, v4.0-4.5; weekly files)"

    def sniff(self, path: Path, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"<"):
            return False
        return any(root in head for root in _PATENT_ROOTS)

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise UnreadableFile(f"cannot open {path}: {exc}") from exc
        if not head.strip():
            raise UnreadableFile("file is empty")
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise UnreadableFile("not an XML file (does not start with '<')")
        parser = _make_parser()
        for n, offset, doc in iter_documents(path):
            position = f"document {n} (byte {offset})"
            try:
                root = parse_document(doc, parser)
            except etree.XMLSyntaxError as exc:
                yield ReadItem(position, error=f"XML syntax error: {exc}", raw=excerpt(doc[:400]))
                continue
            try:
                record = record_from_tree(root)
            except InvalidValue as exc:
                yield ReadItem(position, error=str(exc), raw=excerpt(doc[:400]))
                continue
            if record is not None:
                yield ReadItem(position, record=record)


READERS: list[Reader] = [UsptoXmlReader()]
