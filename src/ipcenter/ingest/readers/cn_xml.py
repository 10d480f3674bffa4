"""Chinese full-text patent documents in LexisNexis Univentio XML (root ``lexisnexis-patent-document``).

The format uses WIPO ST.36-style element names (it is not CNIPA's native ``cn-patent-document``). One
document per file. Mapping, with the decisions the real files forced:

* **Publication number**: ``publication-reference/document-id`` country + doc-number + kind, normalised
  (``CN101096965A``, legacy 8-digit ``CN85202237U``); its date is the publication date.
* **Application number**: Univentio stores CN application numbers *without* their check character
  (``200710112087``; every sample does). The check character is computed (12-digit numbers and 1989-2003
  8-digit numbers); 1985-1988 numbers stay without one, as they were issued. A number that does carry a
  check character is validated, and a wrong one quarantines the document with the reason.
* **Variants**: applicants/inventors/agents/priority claims appear once as the main entry and again with
  ``data-format="original|docdb|docdba|epodoc"``; only the main entries (no ``data-format``) are used.
  A priority claim that is the document's own CN application (Univentio lists it when no priority was
  claimed) is not a priority and is dropped.
* **IPC**: ``classifications-ipcr`` entries at the *advanced* level (``classification-level`` A) when there
  are any (the core-level entries repeat them truncated to main groups), the first-position (``F``) symbol
  first; then the older ``classification-ipc`` main/further classification. ECLA codes go to
  ``extra['ecla']`` (ECLA is not CPC).
* **Text**: ``<br/>`` in Univentio text is a line wrap of the printed page (it splits words: ``步<br/>骤``),
  so it is removed, not turned into a space; paragraphs become lines. Claims come one per ``claim``
  element; the number is the ``num`` attribute, references come from the core claims parser.
* **Parties**: name from the ``lang="chi"`` addressbook (``orgname`` or ``name``), else the English one;
  address ``address-1`` (often postcode + address, ``400023重庆市江北区…``) resolved through the core; the
  English addressbook's ``country`` is the country hint. Agents are written ``机构 (代理人)``: the person
  goes to ``agents``, the agency to ``extra['agency']``.
* **Legal events** (``legal-data/legal-event``): date, code (``C06``, ``C14``…), description as given.
  ``grant_date`` is the date of the grant event ``C14``, or the publication date of a grant-kind document
  (B/C/U/Y/S/D) — never anything for an ``A`` document, even if its legal data records a later grant (the
  grant is another document). ``lapse_date`` is the earliest lapse event (withdrawal, rejection, expiry,
  non-payment, surrender). The format has no legal status string, so ``legal_status_raw`` stays empty.
* **Patent type** from the kind code, else from the application number's type digit.

Parsing never loads a DTD or touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from lxml import etree

from ipcenter.core.claims import claim_references
from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import is_grant_kind, parse_cn_application_number, parse_publication_number
from ipcenter.corpus.models import Claim, LegalEvent, PatentRecord, Priority, Provenance
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.common import (
    cn_application_number_completing_check,
    ipc_list,
    optional_date,
    party,
    publication_number,
)
from ipcenter.ingest.textio import looks_binary

__all__ = ["LAPSE_EVENT_CODES", "READERS", "CnXmlReader"]

#: CN legal-event codes that end an application or a right (INPADOC CN codes; C02 deemed withdrawal
#: after publication, C17 expiry/cessation, C19 lapse for non-payment, C20 deemed abandoned …).
LAPSE_EVENT_CODES = frozenset({"C01", "C02", "C03", "C04", "C12", "C17", "C18", "C19", "C20", "C25"})
GRANT_EVENT_CODES = frozenset({"C14"})

_ROOT = b"<lexisnexis-patent-document"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def _text(el: etree._Element | None) -> str:
    """Text of an element with ``<br/>`` line wraps removed and whitespace around wraps dropped."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    parts.append("\x00")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = "".join(parts)
    text = re.sub(r"\s*\x00\s*", "", text)
    return " ".join(text.split()) if not _has_cjk(text) else re.sub(r"\s+", " ", text).strip()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _paragraphs(el: etree._Element | None) -> str | None:
    """Block text: each ``p``/heading on its own line."""
    if el is None:
        return None
    blocks = el.findall(".//p") or [el]
    lines = [t for t in (_text(p) for p in blocks) if t]
    return "\n".join(lines) or None


def _first(el: etree._Element, path: str) -> str | None:
    found = el.find(path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def _main_entries(parent: etree._Element | None, tag: str) -> list[etree._Element]:
    if parent is None:
        return []
    return [e for e in parent.findall(tag) if e.get("data-format") is None]


def _addressbook(entry: etree._Element) -> tuple[str | None, str | None, str | None]:
    """(name, address, country) from a party entry, Chinese addressbook first."""
    books = entry.findall("addressbook")
    chi = [b for b in books if b.get("lang") == "chi"]
    eng = [b for b in books if b.get("lang") == "eng"]
    name = address = country = None
    for book in chi + eng + [b for b in books if b not in chi and b not in eng]:
        if name is None:
            name = _first(book, "orgname") or _first(book, "name")
        if address is None:
            address = _first(book, "address/address-1")
        if country is None:
            country = _first(book, "address/country")
    return name, address, country


def _ipcr_symbol(el: etree._Element) -> str | None:
    section, cls, sub = _first(el, "section"), _first(el, "class"), _first(el, "subclass")
    mg, sg = _first(el, "main-group"), _first(el, "subgroup")
    if section and cls and sub:
        symbol = f"{section}{cls}{sub}"
        if mg:
            symbol += f"{mg}/{sg or '00'}"
        return symbol
    text = _first(el, "text")
    if text:
        return re.sub(r"^\s*\d+(?=[A-H])", "", text)  # old 'edition + symbol' text: ' 4B 62M   9/04   A'
    return None


def _ipc(bib: etree._Element) -> list[str]:
    ipcr = bib.findall("classifications-ipcr/classification-ipcr")
    advanced = [e for e in ipcr if _first(e, "classification-level") == "A"]
    chosen = advanced or ipcr
    first = [e for e in chosen if _first(e, "symbol-position") == "F"]
    rest = [e for e in chosen if e not in first]
    raw: list[str] = [s for s in (_ipcr_symbol(e) for e in first + rest) if s]
    old = bib.find("classification-ipc")
    if old is not None:
        for e in old.findall("main-classification") + old.findall("further-classification"):
            sym = _ipcr_symbol(e)
            if sym:
                raw.append(sym)
    return ipc_list(raw)


def _event_date(ev: etree._Element) -> date | None:
    return optional_date(_first(ev, "publication-date/date") or _first(ev, "date"))


class CnXmlReader:
    name = "cn-xml-lexisnexis"
    description = "CN full-text patent documents, LexisNexis Univentio XML (lexisnexis-patent-document)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if _ROOT not in head:
            return False
        m = re.search(rb"<publication-reference.*?<country>\s*([A-Z]{2})\s*</country>", head, re.S)
        return bool(m and m.group(1) == b"CN") or bool(re.search(rb'\bfile="CN', head))

    def read(self, path: Path) -> Iterator[ReadItem]:
        data = path.read_bytes()
        if not data.strip():
            raise UnreadableFile("file is empty")
        if looks_binary(data[:65536]):
            raise UnreadableFile("file is binary, not XML")
        if _ROOT not in data[:65536]:
            raise UnreadableFile("not a lexisnexis-patent-document XML file")
        position = "document 1"
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            yield ReadItem(position, error=f"XML is not well-formed: {exc}", raw=excerpt(data[-300:]))
            return
        try:
            record = self._record(root, path, position)
        except InvalidValue as exc:
            yield ReadItem(position, error=str(exc), raw=excerpt(etree.tostring(root)[:2000]))
            return
        yield ReadItem(position, record=record)

    # ------------------------------------------------------------------ mapping

    def _record(self, root: etree._Element, path: Path, position: str) -> PatentRecord:
        if root.tag != "lexisnexis-patent-document":
            raise InvalidValue(f"root element is {root.tag!r}, not lexisnexis-patent-document")
        bib = root.find("bibliographic-data")
        if bib is None:
            raise InvalidValue("no bibliographic-data")
        pub_id = bib.find("publication-reference/document-id")
        if pub_id is None:
            raise InvalidValue("no publication-reference")
        country = (_first(pub_id, "country") or "CN").upper()
        kind = _first(pub_id, "kind")
        pub_number = publication_number(_first(pub_id, "doc-number"), country=country, kind=kind)
        pub = parse_publication_number(pub_number)
        pub_date = optional_date(_first(pub_id, "date"))

        app_id = bib.find("application-reference/document-id")
        app_number: str | None = None
        filing_date: date | None = None
        if app_id is not None:
            app_raw = _first(app_id, "doc-number")
            app_country = (_first(app_id, "country") or country).upper()
            if app_raw and app_country == "CN":
                try:
                    app_number = cn_application_number_completing_check(app_raw)
                except InvalidValue as exc:
                    raise InvalidValue(f"{pub_number}: invalid application number: {exc}") from None
            elif app_raw:
                app_number = app_country + re.sub(r"[^0-9A-Za-z]", "", app_raw)
            filing_date = optional_date(_first(app_id, "date"))

        record = PatentRecord(
            publication_number=pub_number,
            country=pub.country,
            kind=pub.kind,
            application_number=app_number,
            publication_date=pub_date,
            filing_date=filing_date,
            language="zh",
        )
        record.patent_type = pub.patent_type
        if record.patent_type is None and app_number and country == "CN":
            record.patent_type = parse_cn_application_number(app_number).patent_type

        record.priorities = self._priorities(bib, app_id)
        record.ipc = _ipc(bib)
        ecla = [t for t in (_first(e, "text") for e in bib.findall(".//classification-ecla")) if t]
        if ecla:
            record.extra["ecla"] = ";".join(ecla)

        for title in bib.findall("invention-title"):
            lang = title.get("lang")
            text = _text(title) or None
            if lang == "chi" and record.title is None:
                record.title = text
            elif lang == "eng" and record.title_en is None:
                record.title_en = text

        parties = bib.find("parties")
        if parties is not None:
            for entry in _main_entries(parties.find("applicants"), "applicant"):
                name, address, p_country = _addressbook(entry)
                if name:
                    record.applicants.append(party(name, address=address, country=p_country))
            for entry in _main_entries(parties.find("inventors"), "inventor"):
                name, _, _ = _addressbook(entry)
                if name:
                    record.inventors.append(name)
            agencies: list[str] = []
            for entry in _main_entries(parties.find("agents"), "agent"):
                name, _, _ = _addressbook(entry)
                if not name:
                    continue
                m = re.fullmatch(r"(.+?)\s*[(（]([^()（）]+)[)）]", name)
                if m:
                    if m.group(1) not in agencies:
                        agencies.append(m.group(1))
                    record.agents.append(m.group(2).strip())
                else:
                    record.agents.append(name)
            if agencies:
                record.extra["agency"] = ";".join(agencies)

        self._family(bib, record)
        self._pct(bib, record)

        record.abstract = _paragraphs(root.find("abstract[@lang='chi']"))
        record.description = _paragraphs(root.find("description[@lang='chi']"))
        claims_el = root.find("claims[@lang='chi']")
        if claims_el is not None:
            record.claims = self._claims(claims_el)

        self._legal(root, record)
        publ_desc = bib.find("publication-reference")
        if publ_desc is not None and publ_desc.get("publ-desc"):
            record.extra["publication_type"] = publ_desc.get("publ-desc", "")
        record.provenance = Provenance(str(path), self.name, position)
        return record

    def _priorities(self, bib: etree._Element, app_id: etree._Element | None) -> list[Priority]:
        own = (_first(app_id, "doc-number"), _first(app_id, "date")) if app_id is not None else (None, None)
        out: list[Priority] = []
        for pc in _main_entries(bib.find("priority-claims"), "priority-claim"):
            cc, number, when = _first(pc, "country"), _first(pc, "doc-number"), _first(pc, "date")
            if cc == "CN" and (number, when) == own:
                continue
            out.append(Priority(country=cc, number=number, date=optional_date(when)))
        return out

    def _family(self, bib: etree._Element, record: PatentRecord) -> None:
        main = bib.find("patent-family/main-family")
        if main is not None and main.get("family-id"):
            record.family_id = main.get("family-id")
        members: list[str] = []
        for doc in bib.findall("patent-family/complete-family/family-member/document-id"):
            try:
                number = publication_number(
                    _first(doc, "doc-number"), country=_first(doc, "country"), kind=_first(doc, "kind")
                )
            except InvalidValue:
                continue
            if number != record.publication_number and number not in members:
                members.append(number)
        record.family_members = members
        if members:
            record.family_size = len(members) + 1

    def _pct(self, bib: etree._Element, record: PatentRecord) -> None:
        filing = bib.find("pct-or-regional-filing-data/document-id")
        if filing is not None:
            number = _first(filing, "doc-number")
            if number:
                record.extra["pct_application_number"] = number
            when = optional_date(_first(filing, "date"))
            if when:
                record.extra["pct_filing_date"] = when.isoformat()
        published = bib.find("pct-or-regional-publishing-data/document-id")
        if published is not None:
            number = _first(published, "doc-number")
            if number:
                try:
                    record.extra["pct_publication_number"] = publication_number(
                        number, country=_first(published, "country"), kind=_first(published, "kind")
                    )
                except InvalidValue:
                    record.extra["pct_publication_number"] = number
            when = optional_date(_first(published, "date"))
            if when:
                record.extra["pct_publication_date"] = when.isoformat()

    def _claims(self, claims_el: etree._Element) -> list[Claim]:
        out: list[Claim] = []
        for i, claim in enumerate(claims_el.findall("claim"), start=1):
            pieces = [_text(ct) for ct in claim.findall("claim-text")] or [_text(claim)]
            text = "\n".join(p for p in pieces if p)
            num_attr = claim.get("num", "")
            number = int(num_attr) if num_attr.strip().isdigit() else i
            # the printed number is repeated at the start of the text: '1、一种…', '2.如权利要求1…'
            text = re.sub(rf"^\s*{number}\s*[.、．:：]\s*", "", text)
            out.append(Claim(number=number, text=text, depends_on=claim_references(text, number), lang="zh"))
        return out

    def _legal(self, root: etree._Element, record: PatentRecord) -> None:
        grant_event: date | None = None
        lapse: date | None = None
        for ev in root.findall("legal-data/legal-event"):
            when = _event_date(ev)
            code = _first(ev, "event-code-1")
            desc = _first(ev, "legal-description")
            record.legal_events.append(LegalEvent(date=when, code=code, description=desc))
            if code in GRANT_EVENT_CODES and when and (grant_event is None or when < grant_event):
                grant_event = when
            if code in LAPSE_EVENT_CODES and when and (lapse is None or when < lapse):
                lapse = when
        if record.kind and record.kind.startswith("A"):
            record.grant_date = None  # an A document is never a grant
        elif grant_event is not None:
            record.grant_date = grant_event
        elif is_grant_kind(record.country, record.kind):
            record.grant_date = record.publication_date
        record.lapse_date = lapse


READERS: list[Reader] = [CnXmlReader()]
