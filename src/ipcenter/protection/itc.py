"""US ITC Section 337 investigations (domain-cn.md §4 and rule 20): import from files, offline.

Layouts read:
- the public IDS feed (``investigations.json``: an object with a ``data`` array; field names as in
  itc-337/data_fields.tsv — Investigation Number, Full Title, Start Date, Investigation Status, Phase
  Number, Participants …). Only 337 investigations are kept (701/731 trade-remedy cases are not);
- 337Info records (BigQuery mirror field names: investigationNo, title, respondent, complainant, …) as a
  JSON array or JSON lines;
- the seed sample's ``investigations.tsv`` + ``respondents.tsv`` (either file, or their folder).
Fetching the IDS feed from the network is optional and off by default (`fetch_ids`, only when asked).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ipcenter.core.dates import parse_date
from ipcenter.errors import InvalidValue, NotFound, Unavailable, UserError
from ipcenter.protection.tables import ItcInvestigation, ItcRespondent

NUMBER = re.compile(r"^337-TA-\d{3,4}$")
IDS_URL = "https://ids.usitc.gov/investigations.json"


@dataclass
class Respondent:
    name: str
    name_zh: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    source_kind: str = ""


@dataclass
class Investigation:
    case_ref: str
    investigation_no: str = ""
    title: str = ""
    product: str = ""
    complaint_filed: date | None = None
    institution_date: date | None = None
    target_date: date | None = None
    end_date: date | None = None
    phase: str = ""
    status: str = ""
    complainants: str = ""
    remedies: str = ""
    outcome: str = ""
    sources: str = ""
    respondents: list[Respondent] = field(default_factory=list)


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()[:10]
    try:
        return parse_date(text)
    except UserError:
        return None


def _text(value: Any) -> str:
    """IDS fields are "string or object": take the object's description/name."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("Description", "description", "Name", "name", "Value", "value", "Code"):
            if value.get(key):
                return str(value[key]).strip()
        return ""
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value) if t)
    return str(value).strip()


_NAME_KEYS = ("Participant Name", "Party Name", "Name", "name", "participantName", "Company", "Organization")
_ROLE_KEYS = ("Participant Type", "Party Type", "Type", "Role", "role", "participantType", "Party Role")


def _participant(obj: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    name = next((_text(obj[k]) for k in _NAME_KEYS if k in obj and _text(obj[k])), "")
    role = next((_text(obj[k]) for k in _ROLE_KEYS if k in obj and _text(obj[k])), "")
    if not role:  # sub-fields are undocumented: find the value that says what the party is
        role = next(
            (
                str(v)
                for v in obj.values()
                if isinstance(v, str) and re.search(r"respondent|complainant", v, re.I)
            ),
            "",
        )
    place = {
        k.lower(): _text(v) for k, v in obj.items() if k.lower() in ("city", "state", "country", "province")
    }
    return name, role.lower(), place


def from_ids(data: dict[str, Any] | list[Any]) -> list[Investigation]:
    records = data.get("data", []) if isinstance(data, dict) else data
    out: list[Investigation] = []
    for record in records:
        if not isinstance(record, dict):
            continue
        number = _text(record.get("Investigation Number"))
        kind = _text(record.get("Investigation Type"))
        if not NUMBER.match(number) and "337" not in kind:
            continue
        investigation = Investigation(
            case_ref=number or f"ids:{_text(record.get('Investigation ID'))}",
            investigation_no=number,
            title=_text(record.get("Full Title")),
            product=_text(record.get("Product Group Code Description")),
            institution_date=_date(_text(record.get("Start Date"))),
            end_date=_date(_text(record.get("Investigation End Date"))),
            phase=_text(record.get("Phase Number")),
            status=_text(record.get("Investigation Status")),
            sources=IDS_URL,
        )
        complainants = []
        for obj in record.get("Participants") or []:
            if not isinstance(obj, dict):
                continue
            name, role, place = _participant(obj)
            if not name:
                continue
            if "respondent" in role:
                investigation.respondents.append(
                    Respondent(name, city=place.get("city", ""), region=place.get("state", place.get("province", "")),
                               country=place.get("country", ""), source_kind="IDS participant")
                )  # fmt: skip
            elif "complainant" in role:
                complainants.append(name)
        investigation.complainants = "; ".join(complainants)
        out.append(investigation)
    return out


def from_337info(records: list[dict[str, Any]]) -> list[Investigation]:
    out = []
    for record in records:
        number = _text(record.get("investigationNo"))
        if not number:
            continue
        number = number if number.startswith("337") else f"337-TA-{number}"
        investigation = Investigation(
            case_ref=number, investigation_no=number, title=_text(record.get("title")),
            complaint_filed=_date(record.get("dateComplaintFiled")),
            institution_date=_date(record.get("dateOfPublicationFrNotice")),
            target_date=_date(record.get("targetDate")), end_date=_date(record.get("investigationTermDate")),
            status=_text(record.get("currentStatus")), complainants=_text(record.get("complainant")),
            remedies=_text(record.get("teoReliefGranted")), sources="337Info",
        )  # fmt: skip
        for name in re.split(r";\s*|\n", _text(record.get("respondent"))):
            if name.strip():
                investigation.respondents.append(Respondent(name.strip(), source_kind="337Info respondent"))
        out.append(investigation)
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def from_sample(folder: Path) -> list[Investigation]:
    investigations_file, respondents_file = folder / "investigations.tsv", folder / "respondents.tsv"
    if not investigations_file.exists():
        raise NotFound(f"{investigations_file} not found (the sample's investigations.tsv)")
    by_ref: dict[str, Investigation] = {}
    for row in _tsv(investigations_file):
        ref = row.get("case_ref", "").strip()
        if not ref:
            continue
        by_ref[ref] = Investigation(
            case_ref=ref, investigation_no=row.get("investigation_no", "").strip(), title=row.get("title", ""),
            complaint_filed=_date(row.get("complaint_filed")), institution_date=_date(row.get("institution_date")),
            complainants=row.get("complainants", ""), outcome=row.get("outcome", ""), sources=row.get("sources", ""),
            remedies=_remedies(row.get("outcome", "")),
        )  # fmt: skip
    if respondents_file.exists():
        for row in _tsv(respondents_file):
            target = by_ref.get(row.get("case_ref", "").strip())
            if target is None:
                continue
            target.respondents.append(
                Respondent(row.get("respondent", "").strip(), row.get("respondent_zh", "").strip(),
                           row.get("city", "").strip(), row.get("state_or_province", "").strip(),
                           row.get("country", "").strip(), row.get("source_kind", "").strip())
            )  # fmt: skip
    return list(by_ref.values())


def _remedies(outcome: str) -> str:
    found = re.findall(
        r"(general exclusion order|limited exclusion order|cease and desist order)", outcome, re.I
    )
    return "; ".join(dict.fromkeys(f.lower() for f in found))


def read_file(path: Path) -> list[Investigation]:
    if path.is_dir():
        return from_sample(path)
    if not path.is_file():
        raise NotFound(f"file not found: {path}")
    if path.suffix.lower() == ".tsv":
        return from_sample(path.parent)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
        data: Any = json.loads(text) if text.lstrip()[:1] in "[{" else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        try:
            data = [json.loads(line) for line in raw.decode("utf-8-sig").splitlines() if line.strip()]
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise InvalidValue(
                f"{path.name}: neither IDS JSON, 337Info JSON lines nor the sample's TSV"
            ) from None
    if data is None:
        raise InvalidValue(f"{path.name}: neither IDS JSON, 337Info JSON nor the sample's TSV")
    records = data.get("data") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise InvalidValue(f"{path.name}: the IDS layout is an object with a 'data' array")
    if records and isinstance(records[0], dict) and "investigationNo" in records[0]:
        return from_337info(records)
    return from_ids(records)


def store(db: Session, investigations: list[Investigation], source: str) -> dict[str, int]:
    """Insert or refresh each investigation (matched by case reference) with its respondents."""
    added = updated = respondents = 0
    for item in investigations:
        row = db.scalar(select(ItcInvestigation).where(ItcInvestigation.case_ref == item.case_ref))
        if row is None:
            row = ItcInvestigation(case_ref=item.case_ref)
            db.add(row)
            added += 1
        else:
            updated += 1
        for name in ("investigation_no", "title", "product", "complaint_filed", "institution_date", "target_date",
                     "end_date", "phase", "status", "complainants", "remedies", "outcome", "sources"):  # fmt: skip
            value = getattr(item, name)
            if value not in (None, ""):
                setattr(row, name, value)
        row.imported_from = source
        db.flush()
        if item.respondents:
            db.execute(delete(ItcRespondent).where(ItcRespondent.investigation_id == row.id))
            for r in item.respondents:
                db.add(ItcRespondent(investigation_id=row.id, name=r.name, name_zh=r.name_zh, city=r.city,
                                     region=r.region, country=r.country, source_kind=r.source_kind))  # fmt: skip
                respondents += 1
    db.flush()
    return {
        "investigations": len(investigations),
        "added": added,
        "updated": updated,
        "respondents": respondents,
    }


def import_file(db: Session, path: Path) -> dict[str, Any]:
    investigations = read_file(path)
    if not investigations:
        raise InvalidValue(f"{path.name}: no Section 337 investigations in it")
    return {"file": path.name, **store(db, investigations, path.name)}


def fetch_ids(timeout: float = 60.0) -> Iterator[Investigation]:
    """The public IDS feed (no key). Called only when the operator asks (``--fetch``)."""
    import urllib.request

    try:
        with urllib.request.urlopen(IDS_URL, timeout=timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
    except OSError as exc:
        raise Unavailable(
            f"the IDS feed cannot be reached ({exc}); import a downloaded file instead"
        ) from None
    yield from from_ids(data)


def investigation_view(row: ItcInvestigation, respondents: list[ItcRespondent]) -> dict[str, Any]:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "case_ref": row.case_ref, "investigation_no": row.investigation_no, "title": row.title,
        "complaint_filed": iso(row.complaint_filed), "institution_date": iso(row.institution_date),
        "target_date": iso(row.target_date), "status": row.status, "phase": row.phase,
        "complainants": row.complainants, "remedies": row.remedies, "outcome": row.outcome,
        "sources": row.sources,
        "respondents": [{"id": r.id, "name": r.name, "name_zh": r.name_zh, "city": r.city, "region": r.region,
                         "country": r.country} for r in respondents],
    }  # fmt: skip


def list_investigations(db: Session) -> list[dict[str, Any]]:
    rows = list(db.scalars(select(ItcInvestigation).order_by(ItcInvestigation.case_ref)))
    by_inv: dict[int, list[ItcRespondent]] = {}
    for r in db.scalars(select(ItcRespondent).order_by(ItcRespondent.id)):
        by_inv.setdefault(r.investigation_id, []).append(r)
    return [investigation_view(row, by_inv.get(row.id, [])) for row in rows]
