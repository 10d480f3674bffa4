"""USPTO grants as JSON Lines (the ``grants.jsonl`` format of the uspto-xml-samples set, PatentsView-style fields).

One JSON object per line with the fields ``id, doc_number, kind, grant_date, application_number,
application_date, appl_type, title, abstract, ipcr[], cpc[{code, role}], uspc_main,
assignees[{name, country}], parties[{name, role, country}], primary_examiner,
patent_citations[{country, doc_number, kind, date, name, category}], npl_citations[{text, category}],
number_of_claims, claims[{num, id, depends_on[], text}], description_chars, source_file``.

Records are built with the same field rules as the USPTO XML reader (:mod:`.fields`, :mod:`.claims`), so a grant read
from both sources has equal content wherever the JSONL has the field (it has no description, agents,
priorities or related documents; the corpus merge keeps those from the XML).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.corpus.models import Citation, Claim, Party, PatentRecord
from ipcenter.ingest.readers.base import ReadItem, UnreadableFile, excerpt, mapped
from ipcenter.ingest.readers.uspto.claims import SourceClaim, build_claims
from ipcenter.ingest.readers.uspto.fields import (
    dedupe,
    merge_parties,
    npl_citation,
    party_from,
    patent_citation,
    patent_type,
    safe_date,
    us_classification,
    us_publication_number,
)
from ipcenter.ingest.readers.uspto.text import norm
from ipcenter.ingest.textio import iter_json_lines

__all__ = ["UsptoJsonlReader", "record_from_json"]

_SIGNATURE = ("doc_number", "claims", "patent_citations")


def _str(value: Any) -> str:
    return norm(str(value)) if value is not None else ""


def _claims(items: list[dict[str, Any]]) -> list[Claim]:
    return build_claims(
        SourceClaim(
            num=_str(item.get("num")),
            id=str(item["id"]) if item.get("id") else None,
            text=_str(item.get("text")),
            refs=[str(r) for r in item.get("depends_on") or []],
        )
        for item in items
    )


def _ipc(values: list[Any]) -> list[str]:
    out: list[str] = []
    for v in values:
        code = v.get("code") if isinstance(v, dict) else v
        if not code:
            continue
        try:
            sym = normalize_ipc(str(code))
        except InvalidValue:
            continue
        if sym not in out:
            out.append(sym)
    return out


def record_from_json(obj: dict[str, Any]) -> PatentRecord:
    doc_number = _str(obj.get("doc_number"))
    if not doc_number:
        raise InvalidValue("doc_number is missing")
    kind = _str(obj.get("kind")) or None
    pub, kind_stored = us_publication_number(doc_number, kind)
    extra: dict[str, str] = {}
    if kind and kind != kind_stored:
        extra["kind_source"] = kind
    for key in ("appl_type", "primary_examiner", "number_of_claims"):
        value = _str(obj.get(key))
        if value:
            extra[key] = value
    uspc = us_classification(obj.get("uspc_main"))
    if uspc:
        # This file's producer stripped the fixed-width value; shorter than class (3) + subclass (3), it can
        # only have lost leading blanks ('2 16' was '  2 16'). Longer ones stay ambiguous ('527168').
        extra["uspc_main"] = uspc.rjust(6)

    assignees = [
        party_from(_str(a.get("name")), a.get("country"))
        for a in obj.get("assignees") or []
        if _str(a.get("name"))
    ]
    applicants: list[Party] = []
    inventors: list[str] = []
    for p in obj.get("parties") or []:
        name = _str(p.get("name"))
        role = _str(p.get("role"))
        if not name:
            continue
        if "applicant" in role:
            applicants.append(party_from(name, p.get("country")))
        if "inventor" in role:
            inventors.append(name)

    citations: list[Citation] = []
    for c in obj.get("patent_citations") or []:
        number = _str(c.get("doc_number"))
        if number:
            citations.append(
                patent_citation(
                    _str(c.get("country")),
                    number,
                    _str(c.get("kind")) or None,
                    c.get("date"),
                    c.get("category"),
                )
            )
    for c in obj.get("npl_citations") or []:
        citations.append(npl_citation(_str(c.get("text")), c.get("category")))

    # ipcr: the main symbol (position F) is first in the file already; cpc: role 'main' first.
    cpc_items = sorted(obj.get("cpc") or [], key=lambda c: 0 if (c.get("role") == "main") else 1)
    grant = safe_date(obj.get("grant_date"))
    app_number = re.sub(r"[^0-9A-Za-z]", "", _str(obj.get("application_number"))).upper()
    return PatentRecord(
        publication_number=pub,
        country="US",
        kind=kind_stored,
        application_number=f"US{app_number}" if app_number else None,
        patent_type=patent_type(_str(obj.get("appl_type")), pub),
        filing_date=safe_date(obj.get("application_date")),
        publication_date=grant,
        grant_date=grant,
        language="en",
        title=_str(obj.get("title")) or None,
        abstract=_str(obj.get("abstract")) or None,
        claims=_claims(obj.get("claims") or []),
        ipc=_ipc(obj.get("ipcr") or []),
        cpc=_ipc(cpc_items),
        applicants=merge_parties(assignees, applicants),
        patentees=assignees,
        inventors=dedupe(inventors),
        citations=citations,
        extra=extra,
    )


class UsptoJsonlReader:
    name = "uspto-jsonl"
    description = "USPTO grants as JSON Lines (doc_number, claims, patent_citations … per line)"

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
        first = text.lstrip().split("\n", 1)[0].strip()
        if not first.startswith("{"):
            return False
        # The first object may be longer than the head: look for its keys in the text we have.
        return all(f'"{key}"' in first for key in _SIGNATURE)

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            yield from self._read(path)
        except OSError as exc:
            raise UnreadableFile(f"cannot open {path}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not UTF-8 text: {exc}") from exc

    def _read(self, path: Path) -> Iterator[ReadItem]:
        for position, obj, error, line in iter_json_lines(path):
            if obj is None:
                yield ReadItem(position, error=error, raw=excerpt(line))
                continue
            yield mapped(position, partial(record_from_json, obj), line)
