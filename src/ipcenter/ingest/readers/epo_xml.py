"""EPO publication-server XML (``ep-patent-document``, DTD v1.0 to v1.5.1): EP A1/A2 applications, B1/B2 grants.

Parsed with lxml without loading the DTD or touching the network; entity references the DTD would define
are kept (known HTML names resolved). Real files contain defects a validating parser rejects (a bare ``&``
in an agent's name, ``<First Embodiment`` in a heading): bare ampersands are escaped before parsing, and a
document that still is not well-formed is read in lxml's recover mode, noted in ``extra['xml_recovered']``.

A file holds one document; files that concatenate documents (several ``<?xml`` declarations) are split.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ipcenter.core.claims import claim_references
from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import Citation, Claim, Party, PatentRecord, Priority
from ipcenter.ingest.readers._docnumbers import loose_publication_number, symbols
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.common import optional_date, party, publication_number

__all__ = ["READERS", "EpoXmlReader"]

_BARE_AMP = re.compile(rb"&(?!(?:[A-Za-z_][\w.\-]*|#\d+|#x[0-9A-Fa-f]+);)")
_XML_DECL = re.compile(rb"<\?xml\s")


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        dtd_validation=False,
        recover=recover,
        huge_tree=True,
        remove_comments=False,
    )


# --------------------------------------------------------------------------- text helpers


def _text(el: etree._Element | None) -> str:
    """Text of an element without comments or processing instructions, whitespace collapsed."""
    if el is None:
        return ""
    parts: list[str] = []
    _collect(el, parts)
    return " ".join("".join(parts).split())


def _collect(el: etree._Element, parts: list[str]) -> None:
    if isinstance(el, etree._Entity):
        name = str(el.name)
        cp = html.entities.name2codepoint.get(name)
        parts.append(chr(cp) if cp else f"&{name};")
    elif isinstance(el.tag, str):
        if el.text:
            parts.append(el.text)
        for child in el:
            _collect(child, parts)
            if child.tail:
                parts.append(child.tail)
    # comments and processing instructions: their own text is skipped (their tail is added by the parent)


def _block_text(el: etree._Element | None) -> str | None:
    """Paragraph-level text: one line per child block (heading, p, …) of a description or abstract."""
    if el is None:
        return None
    lines = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        line = _text(child)
        if line:
            lines.append(line)
    text = "\n".join(lines) if lines else _text(el)
    return text or None


def _first(el: etree._Element, path: str) -> str | None:
    found = el.find(path)
    value = _text(found) if found is not None else ""
    return value or None


def _date(el: etree._Element, path: str) -> object:
    found = el.find(path)
    return optional_date(_text(found)) if found is not None else None


# --------------------------------------------------------------------------- mapping


def _parties(sdobi: etree._Element, path: str) -> list[Party]:
    out = []
    for el in sdobi.iterfind(path):
        name = _first(el, "snm")
        if not name:
            continue
        adr = el.find("adr")
        address = None
        country = None
        if adr is not None:
            address = ", ".join(p for p in (_first(adr, "str"), _first(adr, "city")) if p) or None
            country = _first(adr, "ctry")
        out.append(party(name, address=address, country=country))
    return out


_OLD_IPC = re.compile(r"^\s*(?:\d{1,2}\s*)?([A-H]\s*\d\d\s*[A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})")


def _ipc(sdobi: etree._Element) -> tuple[list[str], list[str]]:
    """IPC-R (B510EP, main = 'F' in the position field) or the old B510 (B511 main, B512/B513 further)."""
    raw: list[str] = []
    ipcr = sdobi.findall("B500/B510EP/classification-ipcr")
    if ipcr:
        texts = [_squeeze_ipc(_text(c.find("text"))) for c in ipcr]
        # 'C07K  14/47        20060101AFI20050713BHEP': the letter after the version date's level is F (first)
        texts.sort(key=lambda t: 0 if re.search(r"\d{8}[A-Z]F", t) else 1)
        raw.extend(texts)
    else:
        for tag in ("B511", "B512", "B513"):
            for el in sdobi.iterfind(f"B500/B510/{tag}"):
                subclass = ""
                for part in _text(el).split(","):
                    m = _OLD_IPC.match(part)
                    if m:
                        subclass = re.sub(r"\s", "", m.group(1))
                        raw.append(f"{subclass}{m.group(2)}/{m.group(3)}")
                    elif subclass and re.match(r"^\s*\d{1,4}\s*/\s*\d", part):
                        raw.append(subclass + part.strip())
                    elif part.strip():
                        raw.append(part.strip())
    return symbols(raw)


def _squeeze_ipc(text: str) -> str:
    """'B05B 7/ 00 A I' (a v1.4 file: space after the slash, one-letter flags) → 'B05B7/00'."""
    m = re.match(r"^([A-H]\d\d[A-Z])\s*(\d{1,4})\s*/\s+(\d{1,6})((?:\s+[A-Z])*)\s*$", text)
    return f"{m.group(1)}{m.group(2)}/{m.group(3)}" if m else text


def _cited(text: str, *, cited_by: str) -> Citation:
    try:
        number: str | None = loose_publication_number(text)
    except InvalidValue:
        number = " ".join(text.split())
    return Citation(number=number, kind="patent", cited_by=cited_by)


def _citations(root: etree._Element, sdobi: etree._Element) -> list[Citation]:
    out: list[Citation] = []
    for b56 in sdobi.iterfind("B500/B560"):
        for el in b56:
            if el.tag == "B561":
                text = _first(el, "text") or _text(el)
                if text:
                    out.append(_cited(text, cited_by="search_report"))
            elif el.tag == "B562":
                text = _first(el, "text") or _text(el)
                if text:
                    out.append(Citation(kind="npl", text=text, cited_by="search_report"))
    # 'References cited in the description' (documents the applicant cited)
    for ref in root.iterfind("ep-reference-list"):
        for pat in ref.iter("patcit"):
            dnum = pat.get("dnum")
            doc = pat.find("document-id")
            if doc is not None:
                text = "".join(_first(doc, t) or "" for t in ("country", "doc-number", "kind"))
            else:
                text = dnum or _text(pat)
            if not text:
                continue
            try:
                number: str | None = loose_publication_number(text)
            except InvalidValue:
                number = dnum or text
            out.append(Citation(number=number, kind="patent", cited_by="applicant"))
        for npl in ref.iter("nplcit"):
            own = npl.find("text")
            if own is not None:
                text = _text(own)
            else:
                text = ", ".join(
                    t for t in (" ".join(s.split()) for s in npl.itertext(tag=etree.Element)) if t
                )
            if text:
                out.append(Citation(kind="npl", text=text, cited_by="applicant"))
    return out


def _claims(root: etree._Element, language: str | None) -> tuple[list[Claim], list[Claim]]:
    main: list[Claim] = []
    other: list[Claim] = []
    claim_sets = root.findall("claims")
    main_set = next(
        (c for c in claim_sets if c.get("lang") == language), claim_sets[0] if claim_sets else None
    )
    for claims_el in claim_sets:
        lang = claims_el.get("lang") or language
        target = main if claims_el is main_set else other
        for position, claim_el in enumerate(claims_el.iterfind("claim"), start=1):
            text = _text(claim_el)
            num_attr = (claim_el.get("num") or "").strip()
            number = int(num_attr) if num_attr.isdigit() else None
            lead = re.match(r"^(\d{1,3})\s*[.)]+\s*\)?\s*", text)
            if lead and (number is None or int(lead.group(1)) == number):
                number = number or int(lead.group(1))
                text = text[lead.end() :]
            number = number or position
            refs = [r for r in claim_references(text, number) if r != number]
            target.append(Claim(number=number, text=text, depends_on=refs, lang=lang))
    return main, other


def _record(root: etree._Element) -> PatentRecord:
    if root.tag != "ep-patent-document":
        raise InvalidValue(f"root element is <{root.tag}>, not <ep-patent-document>")
    sdobi = root.find("SDOBI")
    if sdobi is None:
        raise InvalidValue("no bibliographic data (SDOBI)")
    kind = root.get("kind") or _first(sdobi, "B100/B130")
    number = root.get("doc-number") or _first(sdobi, "B100/B110")
    pub = publication_number(number, country=root.get("country") or "EP", kind=kind)
    language = (root.get("lang") or sdobi.get("lang") or "").lower() or None
    is_grant = bool(kind and kind.startswith("B"))

    titles: dict[str, str] = {}
    for b540 in sdobi.iterfind("B500/B540"):
        lang = None
        for el in b540:
            if el.tag == "B541":
                lang = _text(el).lower()
            elif el.tag == "B542" and lang:
                titles.setdefault(lang, _text(el))

    priorities: list[Priority] = []
    for b300 in sdobi.iterfind("B300"):
        current: dict[str, object] = {}
        for el in b300:
            if el.tag == "B310":
                if current:
                    priorities.append(_priority(current))
                current = {"number": _text(el)}
            elif el.tag == "B320":
                current["date"] = optional_date(_text(el))
            elif el.tag == "B330":
                current["country"] = _text(el)
        if current:
            priorities.append(_priority(current))

    app = _first(sdobi, "B200/B210")
    ipc, bad_ipc = _ipc(sdobi)
    cpc, _ = symbols(
        [_text(c.find("text")) for c in sdobi.iterfind("B500/B520EP//classification-cpc")], cpc=True
    )
    claims, other_claims = _claims(root, language)
    abstracts = root.findall("abstract")
    abstract_el = next(
        (a for a in abstracts if a.get("lang") == language), abstracts[0] if abstracts else None
    )
    proprietors = _parties(sdobi, "B700/B730/B731")

    record = PatentRecord(
        publication_number=pub,
        country="EP",
        kind=kind,
        application_number=("EP" + app.split(".")[0].replace(" ", "")) if app else None,
        patent_type="invention",
        priorities=priorities,
        filing_date=_date(sdobi, "B200/B220/date"),  # type: ignore[arg-type]
        publication_date=_date(sdobi, "B100/B140/date") or optional_date(root.get("date-publ")),  # type: ignore[arg-type]
        grant_date=(_date(sdobi, "B400/B450/date") or _date(sdobi, "B100/B140/date")) if is_grant else None,  # type: ignore[arg-type]
        language=language,
        title=titles.get(language or "") or next(iter(titles.values()), None),
        title_en=titles.get("en"),
        abstract=_block_text(abstract_el),
        claims=claims,
        claims_other_languages=other_claims,
        description=_block_text(root.find("description")),
        ipc=ipc,
        cpc=cpc,
        applicants=_parties(sdobi, "B700/B710/B711") or proprietors,
        patentees=proprietors,
        inventors=[n for n in (_first(el, "snm") for el in sdobi.iterfind("B700/B720/B721")) if n],
        agents=[n for n in (_first(el, "snm") for el in sdobi.iterfind("B700/B740/B741")) if n],
        citations=_citations(root, sdobi),
    )
    extra = record.extra
    if app:
        extra["application_number_as_given"] = app
    for key, path in (
        ("filing_language", "B200/B250"),
        ("procedure_language", "B200/B260"),
        ("document_title", "B100/B120/B121"),
    ):
        value = _first(sdobi, path)
        if value:
            extra[key] = value
    if is_grant:
        a_pub = _date(sdobi, "B400/B430/date")
        if a_pub:
            extra["application_publication_date"] = str(a_pub)
    for key, path in (
        ("designated_states", "B800/B840/ctry"),
        ("extension_states", "B800/B844EP/B845EP/ctry"),
        ("validation_states", "B800/B848EP/B849EP/ctry"),
    ):
        states = [_text(c) for c in sdobi.iterfind(path)]
        if states:
            extra[key] = ",".join(states)
    pct_app = _first(sdobi, "B800/B860/B861/dnum/anum")
    if pct_app:
        extra["pct_application"] = pct_app
    pct_pub = _first(sdobi, "B800/B870/B871/dnum/pnum")
    if pct_pub:
        extra["pct_publication"] = pct_pub
    opponents = [n for n in (_first(el, "snm") for el in sdobi.iterfind("B700/B780/B781")) if n]
    if opponents:
        extra["opponents"] = "; ".join(opponents)
    if bad_ipc:
        extra["ipc_unparsed"] = "; ".join(bad_ipc)
    if root.get("dtd-version"):
        extra["dtd_version"] = str(root.get("dtd-version"))
    return record


def _priority(values: dict[str, object]) -> Priority:
    number = values.get("number")
    country = values.get("country")
    return Priority(
        country=str(country) if country else None,
        number=str(number) if number else None,
        date=values.get("date"),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- reader


def _documents(path: Path) -> Iterator[tuple[int, bytes]]:
    """(byte offset, bytes) of each XML document in the file: split at ``<?xml`` declarations."""
    data = path.read_bytes()
    starts = [m.start() for m in _XML_DECL.finditer(data)] or [0]
    if starts[0] != 0 and data[: starts[0]].strip():
        starts.insert(0, 0)
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        chunk = data[start:end]
        if chunk.strip():
            yield start, chunk


class EpoXmlReader:
    name = "epo-xml"
    description = "EPO publication-server XML (ep-patent-document v1.0-1.5.1), EP A and B documents"

    def sniff(self, path: Path, head: bytes) -> bool:
        return b"<ep-patent-document" in head or b"EP PATENT DOCUMENT" in head[:2048]

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            documents = list(_documents(path))
        except OSError as exc:
            raise UnreadableFile(f"cannot read {path.name}: {exc}") from None
        if not documents:
            raise UnreadableFile("file is empty")
        for index, (offset, data) in enumerate(documents, start=1):
            position = f"document {index} (byte {offset})"
            fixed = _BARE_AMP.sub(b"&amp;", data)
            recovered = None
            try:
                root = etree.fromstring(fixed, _parser(recover=False))
            except etree.XMLSyntaxError as exc:
                recovered = str(exc)
                parser = _parser(recover=True)
                try:
                    root = etree.fromstring(fixed, parser)
                except etree.XMLSyntaxError:
                    root = None
                if root is None:
                    yield ReadItem(position, error=f"not well-formed XML: {exc}", raw=excerpt(data[:600]))
                    continue
            try:
                record = _record(root)
            except InvalidValue as exc:
                yield ReadItem(position, error=str(exc), raw=excerpt(data[:600]))
                continue
            if recovered:
                record.extra["xml_recovered"] = recovered
            if fixed != data:
                record.extra["xml_bare_ampersands_escaped"] = str(len(_BARE_AMP.findall(data)))
            yield ReadItem(position, record=record, raw=excerpt(data[:300]))


READERS: list[Reader] = [EpoXmlReader()]
