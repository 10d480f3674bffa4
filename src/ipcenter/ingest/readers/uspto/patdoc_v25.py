"""USPTO grants of 2001-2004: ``PATDOC``, the "ST.32" SGML-like XML v2.5 (B-fields: B110 number, B130
kind, B140 date …). Applicants and patentees are the assignees (B731)."""

from __future__ import annotations

import re

from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import Citation, Party, PatentRecord, Priority
from ipcenter.ingest.readers.uspto.claims import xml_claims
from ipcenter.ingest.readers.uspto.documents import Element
from ipcenter.ingest.readers.uspto.fields import (
    cited_number,
    dedupe,
    foreign_number,
    npl_citation,
    party_from,
    patent_citation,
    patent_type,
    safe_date,
    us_application_number,
    us_classification,
    us_ipc,
    us_publication_number,
)
from ipcenter.ingest.readers.uspto.text import abstract_text, blocks, opt, text_of

__all__ = ["v25_record"]


def _pdat(el: Element | None, path: str | None = None) -> str:
    if el is not None and path:
        el = el.find(path)
    return text_of(el)


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
    return name, party_from(name, country, city, state)


def v25_record(root: Element) -> PatentRecord:
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
    pub_d = safe_date(_pdat(bib, "B100/B140"))

    ipc_raw = [_pdat(bib, "B500/B510/B511")] + [text_of(e) for e in bib.iterfind("B500/B510/B512")]
    ipc = dedupe(s for s in (us_ipc(r) for r in ipc_raw) if s)
    if not ipc and ipc_raw[0] and re.fullmatch(r"\d{4}", ipc_raw[0]):
        extra["locarno"] = ipc_raw[0]
    uspc = us_classification(bib.findtext("B500/B520/B521/PDAT"))
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
            country=opt(_pdat(p, "B330")),
            number=foreign_number(_pdat(p, "B330"), _pdat(p, "B310")),
            date=safe_date(_pdat(p, "B320")),
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
                family.append(cited_number(dctry, dnum, dkind))
            else:
                related.append(f"{b.tag}:{dctry}{dnum}")
    if related:
        extra["related_documents"] = "; ".join(dedupe(related))

    inventors = [got[0] for got in (_v25_party(e) for e in bib.iterfind("B700/B720/B721")) if got]
    assignees = [got[1] for got in (_v25_party(e) for e in bib.iterfind("B700/B730/B731")) if got]
    agents = [got[0] for got in (_v25_party(e) for e in bib.iterfind("B700/B740/B741")) if got]
    examiner = bib.find("B700/B745/B746")
    if examiner is not None:
        got = _v25_party(examiner)
        if got:
            extra["primary_examiner"] = got[0]

    claims_el = root.find("SDOCL/CL")
    claims = xml_claims(list(claims_el.iterfind("CLM")), "ID", "CLREF", "ID") if claims_el is not None else []
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=us_application_number(_pdat(bib, "B200/B210")),
        patent_type=patent_type(None, pub),
        priorities=priorities,
        filing_date=safe_date(_pdat(bib, "B200/B220")),
        publication_date=pub_d,
        grant_date=pub_d,
        language="en",
        title=opt(_pdat(bib, "B500/B540")),
        abstract=abstract_text(root.find("SDOAB")),
        claims=claims,
        description=blocks(root.find("SDODE"), ("H", "PARA")),
        ipc=ipc,
        applicants=assignees,
        patentees=assignees,
        inventors=dedupe(inventors),
        agents=dedupe(agents),
        citations=citations,
        family_members=dedupe(family),
        extra=extra,
    )
