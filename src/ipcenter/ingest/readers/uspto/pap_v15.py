"""USPTO application publications of 2001-2004: ``patent-application-publication``, pap v1.5 / v1.6.
Applicants and patentees are the assignees; there is no grant date."""

from __future__ import annotations

from lxml import etree

from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import Party, PatentRecord, Priority
from ipcenter.ingest.readers.uspto.claims import xml_claims
from ipcenter.ingest.readers.uspto.documents import Element
from ipcenter.ingest.readers.uspto.fields import (
    cited_number,
    dedupe,
    foreign_number,
    party_from,
    patent_type,
    safe_date,
    us_application_number,
    us_ipc,
    us_publication_number,
)
from ipcenter.ingest.readers.uspto.text import abstract_text, blocks, find_text, opt, text_of

__all__ = ["v15_record"]


def _v15_person(el: Element) -> str:
    name = el.find("name")
    if name is None:
        return find_text(el, "organization-name")
    parts = [find_text(name, t) for t in ("given-name", "middle-name", "family-name", "name-suffix")]
    return " ".join(p for p in parts if p)


def v15_record(root: Element) -> PatentRecord:
    bib = root.find("subdoc-bibliographic-information")
    if bib is None:
        raise InvalidValue("<patent-application-publication> has no bibliographic information")
    number = find_text(bib, "document-id/doc-number")
    kind = find_text(bib, "document-id/kind-code")
    pub, kind_stored = us_publication_number(number, kind, "US")
    extra: dict[str, str] = {}
    filing_type = find_text(bib, "publication-filing-type")
    if filing_type:
        extra["publication_filing_type"] = filing_type

    tech = bib.find("technical-information")
    ipc: list[str] = []
    title = ""
    if tech is not None:
        raw = [text_of(e) for e in tech.iterfind("classification-ipc/classification-ipc-primary/ipc")]
        raw += [text_of(e) for e in tech.iterfind("classification-ipc/classification-ipc-secondary/ipc")]
        ipc = dedupe(s for s in (us_ipc(r) for r in raw) if s)
        title = find_text(tech, "title-of-invention")
        uspc = tech.find("classification-us/classification-us-primary/uspc")
        if uspc is not None:
            extra["uspc_main"] = f"{find_text(uspc, 'class')}/{find_text(uspc, 'subclass')}"

    priorities = []
    for p in bib.iterfind("foreign-priority-data"):
        pn = find_text(p, "priority-application-number/doc-number")
        pc = find_text(p, "country-code")
        if pn:
            priorities.append(
                Priority(
                    country=opt(pc),
                    number=foreign_number(pc, pn),
                    date=safe_date(find_text(p, "filing-date")),
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
                party_from(name, find_text(el, "address/country/country-code"), find_text(el, "address/city"))
            )
    corr = find_text(bib, "correspondence-address/name-1")
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
                    f"{rel}:{find_text(parent, 'doc-number')} {find_text(parent, 'document-date')}".strip()
                )
            patent = pc_el.find("parent-patent/document-id")
            if patent is not None and find_text(patent, "doc-number"):
                family.append(
                    cited_number(
                        find_text(patent, "country-code") or "US", find_text(patent, "doc-number"), None
                    )
                )
        for prov in cont.iter("non-provisional-of-provisional", "provisional-application"):
            related.append(f"provisional:{text_of(prov)}")
    if related:
        extra["related_documents"] = "; ".join(dedupe(related))

    etree.strip_elements(root, "number", with_tail=False)  # paragraph numbers '[0001]', not content
    claims_el = root.find("subdoc-claims")
    claims = (
        xml_claims(list(claims_el.iterfind("claim")), "id", "dependent-claim-reference", "depends_on")
        if claims_el is not None
        else []
    )
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=us_application_number(
            find_text(bib, "domestic-filing-data/application-number/doc-number")
        ),
        patent_type=patent_type(filing_type, pub),
        priorities=priorities,
        filing_date=safe_date(find_text(bib, "domestic-filing-data/filing-date")),
        publication_date=safe_date(find_text(bib, "document-id/document-date")),
        grant_date=None,
        language="en",
        title=opt(title),
        abstract=abstract_text(root.find("subdoc-abstract")),
        claims=claims,
        description=blocks(root.find("subdoc-description"), ("heading", "paragraph")),
        ipc=ipc,
        applicants=assignees,
        patentees=assignees,
        inventors=dedupe(inventors),
        family_members=dedupe(family),
        extra=extra,
    )
