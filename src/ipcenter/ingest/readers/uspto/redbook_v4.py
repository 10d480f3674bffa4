"""USPTO Red Book XML of 2005 on (the ICE DTDs): ``us-patent-grant`` and ``us-patent-application``,
v4.0 … v4.5 (``us-parties`` and ``us-references-cited`` from v4.3, CPC from v4.4/4.5).

Applicants: the assignees first, then the (us-)applicants not already listed (before 2013 the applicants
are usually the inventors); ``patentees`` = the assignees; ``grant_date`` = the publication date of a
grant, never of an application.
"""

from __future__ import annotations

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.corpus.models import Citation, Party, PatentRecord, Priority
from ipcenter.ingest.readers.uspto.claims import xml_claims
from ipcenter.ingest.readers.uspto.documents import Element
from ipcenter.ingest.readers.uspto.fields import (
    citation_category,
    cited_number,
    dedupe,
    foreign_number,
    merge_parties,
    partial_date,
    party_from,
    patent_type,
    safe_date,
    us_application_number,
    us_classification,
    us_ipc,
    us_publication_number,
)
from ipcenter.ingest.readers.uspto.text import abstract_text, find_text, lines_of, opt, text_of

__all__ = ["v4_record"]


def _v4_name(book: Element) -> str:
    org = find_text(book, "orgname")
    if org:
        return org
    name = find_text(book, "name")
    if name:
        return name
    return " ".join(p for p in (find_text(book, "first-name"), find_text(book, "last-name")) if p)


def _v4_party(el: Element) -> tuple[str, Party] | None:
    book = el.find("addressbook")
    if book is None:  # some assignees carry <orgname>/<address> directly
        book = el
    name = _v4_name(book)
    if not name:
        return None
    country = find_text(book, "address/country") or find_text(el, "residence/country")
    return name, party_from(name, country, find_text(book, "address/city"), find_text(book, "address/state"))


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
            symbols.append((find_text(c, "symbol-position") == "F", sym))
    if symbols:
        main = [s for first, s in symbols if first]
        return dedupe([*main, *(s for _, s in symbols)])
    old = bib.find("classification-ipc")
    if old is None:
        return []
    raw = [find_text(old, "main-classification")]
    raw += [text_of(f) for f in old.iterfind("further-classification")]
    return dedupe(s for s in (us_ipc(r) for r in raw) if s)


def _ipcr_symbol(c: Element) -> str | None:
    parts = [find_text(c, t) for t in ("section", "class", "subclass", "main-group", "subgroup")]
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
        category, cited_by = citation_category(raw_category)
        if pat is not None:
            country, number, kind, when = _docid(pat.find("document-id"))
            if number:
                out.append(
                    Citation(
                        number=cited_number(country, number, kind or None),
                        kind="patent",
                        category=category,
                        cited_by=cited_by,
                        date=partial_date(when),
                    )
                )
        elif npl is not None:
            out.append(Citation(kind="npl", category=category, cited_by=cited_by, text=text_of(npl)))
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
                family.append(cited_number(country or "US", number, kind or None))
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
                family.append(cited_number(country or "US", number, kind or None))
            country, number, _, when = _docid(relation.find("parent-doc/parent-pct-document/document-id"))
            if number:
                related.append(f"{item.tag}-pct:{number} {when}".strip())
    if related:
        extra["related_documents"] = "; ".join(dedupe(related))
    return dedupe(family)


def v4_record(root: Element) -> PatentRecord:
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
            priorities.append(Priority(country=opt(pc), number=foreign_number(pc, pn), date=safe_date(pd)))

    examiner = bib.find("examiners/primary-examiner")
    if examiner is not None:
        name = " ".join(p for p in (find_text(examiner, "first-name"), find_text(examiner, "last-name")) if p)
        if name:
            extra["primary_examiner"] = name
    uspc = us_classification(bib.findtext("classification-national/main-classification"))
    if uspc:
        extra["uspc_main"] = uspc
    locarno = find_text(bib, "classification-locarno/main-classification")
    if locarno:
        extra["locarno"] = locarno
    n_claims = find_text(bib, "number-of-claims")
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
        xml_claims(list(claims_el.iterfind("claim")), "id", "claim-ref", "idref")
        if claims_el is not None
        else []
    )
    abstract = root.find("abstract")
    pub_d = safe_date(pub_date)
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=us_application_number(app_number),
        patent_type=patent_type(appl_type, pub),
        priorities=priorities,
        filing_date=safe_date(filing),
        publication_date=pub_d,
        grant_date=pub_d if grant else None,
        language="en",
        title=opt(find_text(bib, "invention-title")),
        abstract=abstract_text(abstract),
        claims=claims,
        description=lines_of(root.find("description")),
        ipc=_v4_ipc(bib),
        cpc=_v4_cpc(bib),
        applicants=merge_parties(assignees, applicants),
        patentees=assignees,
        inventors=dedupe(inventors),
        agents=dedupe(agents),
        citations=_v4_citations(bib),
        family_members=family,
        extra=extra,
    )
