"""Stock-patent inventory (存量专利盘点) of a university or research institute.

An inventory finds the institution's documents in the corpus by its applicant name variants (shown with
their counts so a person corrects the list: `patents.suggest_variants`), or takes the institution's own list
from the XLSX template; each patent becomes a record with the template's fields and a review state
(`review.py`). The report puts the value domain's score beside each self-assessed grade, counts states and
grades, and computes coverage by faculty:

    coverage = inventoried unconverted valid patents / all unconverted valid patents

where *valid* is in force on the inventory's date (the corpus's evidence, or the status the institution
declared for a patent the corpus does not know), *unconverted* is anything not known to be converted, and
*inventoried* is documented at least once (`review.INVENTORIED`). Records whose validity is unknown are
counted apart: they enter the figure once someone establishes their status.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.corpus.store import Corpus
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.platform.database import utcnow
from ipcenter.transfer import access, patents, review, settings, xlsx_layout
from ipcenter.transfer.tables import Feedback, Inventory, InventoryItem

INSTITUTION_KINDS = ("university", "research_institute")
EDITABLE_FIELDS = ("faculty", "inventors", "converted", "scenario", "maturity", "grade", "legal_status")
NO_FACULTY = "（未填院系）"


def organisation(db: Session, name: str) -> Organisation:
    org = db.scalars(select(Organisation).where(Organisation.name == name.strip())).first()
    if org is None:
        raise NotFound(f"no organisation {name!r} (see `ipcenter org list`)")
    return org


def acting_for(org: Organisation) -> Principal:
    """The operator at the command line acting as the organisation's admin (`--org NAME`)."""
    return Principal(None, "cli", Role.org_admin, org.id, "cli", "local")


def _require_institution(db: Session, organisation_id: int) -> None:
    org = db.get(Organisation, organisation_id)
    if org is None or org.kind not in INSTITUTION_KINDS:
        kind = org.kind if org else "unknown"
        raise Conflict(f"inventories are kept by universities and research institutes, not by a {kind}")


def create(
    db: Session, principal: Principal, name: str, as_of: date, applicant_names: list[str]
) -> Inventory:
    """A new inventory of the principal's institution (its admin opens it)."""
    if principal.organisation_id is None or principal.role is not Role.org_admin:
        raise Conflict("an institution's admin opens its inventory")
    _require_institution(db, principal.organisation_id)
    name = " ".join(name.split()) or f"{as_of.year} 存量专利盘点"
    row = Inventory(
        organisation_id=principal.organisation_id,
        name=name[:200],
        as_of=as_of,
        applicant_names=json.dumps(_clean_names(applicant_names), ensure_ascii=False),
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    return row


def _clean_names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))


def latest(
    db: Session, principal: Principal, organisation_id: int, *, create_on: date | None = None
) -> Inventory:
    """The organisation's newest inventory (opened on ``create_on`` when it has none and that is given)."""
    access.require_own(principal, "inventory", organisation_id, organisation_id)
    row = db.scalars(
        select(Inventory).where(Inventory.organisation_id == organisation_id).order_by(Inventory.id.desc())
    ).first()
    if row is None:
        if create_on is None:
            raise NotFound("this organisation has no inventory yet: import its list or open one")
        row = create(db, principal, "", create_on, [])
    return row


def get(db: Session, principal: Principal, inventory_id: int) -> Inventory:
    row = db.get(Inventory, inventory_id)
    access.require_own(principal, "inventory", row.organisation_id if row else None, inventory_id)
    assert row is not None
    return row


def item(db: Session, principal: Principal, item_id: int, *, library_ok: bool = False) -> InventoryItem:
    row = db.get(InventoryItem, item_id)
    if library_ok:
        return access.require_library_or_own(principal, row, item_id)
    return access.require_item(principal, row, item_id)


def set_applicant_names(
    db: Session, principal: Principal, inventory: Inventory, names: list[str]
) -> list[str]:
    access.require_own(principal, "inventory", inventory.organisation_id, inventory.id)
    cleaned = _clean_names(names)
    inventory.applicant_names = json.dumps(cleaned, ensure_ascii=False)
    return cleaned


def names_of(inventory: Inventory) -> list[str]:
    names: list[str] = json.loads(inventory.applicant_names or "[]")
    return names


# --------------------------------------------------------------------------- records from facts


def _new_item(
    inventory: Inventory, key: str, publication_number: str, source: str, **values: Any
) -> InventoryItem:
    """A record with every default set now (SQLAlchemy applies column defaults only at INSERT)."""
    fields: dict[str, Any] = {
        "application_number": "",
        "title": "",
        "patent_type": "",
        "main_ipc": "",
        "applicant": "",
        "in_corpus": False,
        "legal_status": "unknown",
        "status_source": "",
        "faculty": "",
        "inventors": "",
        "converted": "unknown",
        "converted_basis": "",
        "scenario": "",
        "maturity": "",
        "grade": "",
        "state": "candidate",
    }
    fields.update(values)
    return InventoryItem(
        organisation_id=inventory.organisation_id,
        inventory_id=inventory.id,
        patent_key=key,
        publication_number=publication_number,
        source=source,
        **fields,
    )


def _fill_from_facts(row: InventoryItem, facts: patents.PatentFacts) -> None:
    row.publication_number = facts.publication_number
    row.application_number = facts.application_number or ""
    row.title = facts.title
    row.patent_type = facts.patent_type or ""
    row.main_ipc = facts.main_ipc
    row.applicant = "; ".join(facts.patentees or facts.applicants)[:300]
    row.in_corpus = True
    if facts.status != "unknown" or row.status_source in ("", "corpus"):
        row.legal_status = facts.status
        row.status_source = f"corpus: {facts.status_reason}"
    if not row.inventors and facts.inventors:
        row.inventors = "、".join(facts.inventors)
    if row.converted == "unknown" and facts.converted != "unknown":
        row.converted = facts.converted
        row.converted_basis = f"corpus: {facts.converted_basis}"


@dataclass
class DiscoveryReport:
    names: list[str]
    documents: int
    applications: int
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # number, status, reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicant_names": self.names,
            "documents": self.documents,
            "applications": self.applications,
            "added": self.added,
            "already": self.already,
            "skipped": self.skipped,
        }


def discover(db: Session, principal: Principal, inventory: Inventory, corpus: Corpus) -> DiscoveryReport:
    """Add a candidate record for every application of the inventory's applicant names that is in force on
    its date or whose status is unknown (to be established); lapsed and pending ones are listed as skipped."""
    access.require_own(principal, "inventory", inventory.organisation_id, inventory.id)
    names = names_of(inventory)
    if not names:
        raise InvalidValue(
            "give the institution's applicant names first (e.g. 北京航空航天大学, UNIV BEIHANG)"
        )
    rows = patents.documents_of(corpus, names)
    chosen = patents.one_per_application(rows)
    report = DiscoveryReport(names, len(rows), len(chosen))
    existing = _items_by_key(db, inventory.id)
    for row in chosen:
        facts = patents.facts_of(row, inventory.as_of)
        if facts.status in ("lapsed", "pending"):
            report.skipped.append(
                {
                    "publication_number": facts.publication_number,
                    "status": facts.status,
                    "reason": facts.status_reason,
                }
            )
            continue
        if facts.key in existing:
            _fill_from_facts(existing[facts.key], facts)
            report.already.append(facts.publication_number)
            continue
        new = _new_item(inventory, facts.key, facts.publication_number, "corpus")
        _fill_from_facts(new, facts)
        db.add(new)
        existing[facts.key] = new
        report.added.append(facts.publication_number)
    db.flush()
    return report


def _items_by_key(db: Session, inventory_id: int) -> dict[str, InventoryItem]:
    rows = db.scalars(select(InventoryItem).where(InventoryItem.inventory_id == inventory_id))
    return {r.patent_key: r for r in rows}


# --------------------------------------------------------------------------- the template (import)


def _validate_row(
    raw: dict[str, Any], grades: list[str], maturity: list[str]
) -> tuple[dict[str, Any], list[str]]:
    errors = []
    values: dict[str, Any] = {
        k: raw.get(k, "") for k in ("faculty", "inventors", "scenario", "maturity", "grade")
    }
    converted = str(raw.get("converted", "")).strip().lower()
    if converted not in xlsx_layout.CONVERTED_WORDS:
        errors.append(f"是否已转化 {raw.get('converted')!r} is not 已转化 or 未转化")
    else:
        values["converted"] = xlsx_layout.CONVERTED_WORDS[converted]
    status = str(raw.get("legal_status", "")).strip().lower()
    if status not in xlsx_layout.STATUS_WORDS:
        errors.append(f"法律状态 {raw.get('legal_status')!r} is not 有效, 失效 or 审中")
    else:
        values["legal_status"] = xlsx_layout.STATUS_WORDS[status]
    if values["grade"] and values["grade"] not in grades:
        errors.append(f"价值分级自评 {values['grade']!r} is not one of {'、'.join(grades)}")
    if values["maturity"] and values["maturity"] not in maturity:
        errors.append(f"技术成熟度 {values['maturity']!r} is not one of {'、'.join(maturity)}")
    return values, errors


def import_rows(
    db: Session, principal: Principal, inventory: Inventory, rows: list[dict[str, Any]], corpus: Corpus | None
) -> dict[str, Any]:
    """Import the template's rows as documented records (建档 by the batch template). The whole file is
    refused when any row is wrong, with every wrong row named; patents the corpus does not know are kept
    with the status the row declares, and said so."""
    access.require_own(principal, "inventory", inventory.organisation_id, inventory.id)
    grades = settings.current(db, "grades").value
    maturity = settings.current(db, "maturity_levels").value
    errors: list[str] = []
    prepared = []
    for raw in rows:
        number = raw.get("publication_number") or raw.get("application_number") or ""
        if not str(number).strip():
            errors.append(f"row {raw['row']}: no 申请号 or 公开（公告）号")
            continue
        values, row_errors = _validate_row(raw, grades, maturity)
        errors += [f"row {raw['row']} ({number}): {e}" for e in row_errors]
        facts = None
        if corpus is not None and not row_errors:
            try:
                facts = patents.find_patent(corpus, str(number), inventory.as_of)
            except (NotFound, InvalidValue):
                facts = None
        prepared.append((raw, str(number).strip(), values, facts))
    if errors:
        raise InvalidValue("the file was not imported:\n  " + "\n  ".join(errors))
    existing = _items_by_key(db, inventory.id)
    report: dict[str, Any] = {
        "rows": len(prepared),
        "created": 0,
        "updated": 0,
        "not_in_corpus": [],
        "status_conflicts": [],
    }
    for raw, number, values, facts in prepared:
        key = facts.key if facts else (raw.get("application_number") or number)
        row = existing.get(key)
        if row is None:
            row = _new_item(
                inventory,
                key,
                facts.publication_number if facts else (raw.get("publication_number") or number),
                "import",
                application_number=raw.get("application_number") or "",
            )
            db.add(row)
            db.flush()  # the review step below needs the record's id
            existing[key] = row
            report["created"] += 1
        else:
            report["updated"] += 1
        declared = values.pop("legal_status")
        for name, value in values.items():
            if value != "" or name == "converted":
                setattr(row, name, value)
        if values["converted"] != "unknown":
            row.converted_basis = "declared in the template"
        if facts is not None:
            _fill_from_facts(row, facts)
            if declared != "unknown" and facts.status != "unknown" and declared != facts.status:
                report["status_conflicts"].append(
                    f"{row.publication_number}: the template says {declared}, the corpus {facts.status} "
                    f"({facts.status_reason}); the corpus is kept"
                )
        else:
            row.title = raw.get("title") or row.title
            row.patent_type = raw.get("patent_type") or row.patent_type
            row.legal_status, row.status_source = declared, "declared in the template"
            report["not_in_corpus"].append(row.publication_number)
        if row.state in ("candidate", "returned") and not review.missing_for_documenting(row):
            review.apply(db, principal, row, "document", "batch template import")
        row.updated_at = utcnow()
    db.flush()
    return report


def import_file(
    db: Session, principal: Principal, inventory: Inventory, path: Path, corpus: Corpus | None
) -> dict[str, Any]:
    rows = xlsx_layout.read_template(path)
    if not rows:
        raise InvalidValue(f"{Path(path).name}: no patent rows under the header")
    report = import_rows(db, principal, inventory, rows, corpus)
    return {"file": str(path), **report}


# --------------------------------------------------------------------------- editing a record


def update(db: Session, principal: Principal, row: InventoryItem, changes: dict[str, Any]) -> InventoryItem:
    """Change a record's template fields while it is with the documenting side (candidate, documented,
    returned); a declared legal status only for a patent whose status the corpus does not establish."""
    access.require_item(principal, row)
    if row.state not in review.EDITABLE:
        raise Conflict(f"{row.publication_number} is {review.STATES[row.state][0]}: its record is closed")
    unknown = [k for k in changes if k not in EDITABLE_FIELDS]
    if unknown:
        raise InvalidValue(f"cannot change {', '.join(unknown)}: editable are {', '.join(EDITABLE_FIELDS)}")
    grades = settings.current(db, "grades").value
    maturity = settings.current(db, "maturity_levels").value
    values, errors = _validate_row(
        {
            "converted": xlsx_layout.CONVERTED_LABELS.get(row.converted, ""),
            "legal_status": xlsx_layout.STATUS_LABELS.get(row.legal_status, ""),
            **{k: getattr(row, k) for k in ("faculty", "inventors", "scenario", "maturity", "grade")},
            **{k: ("" if v is None else str(v)) for k, v in changes.items()},
        },
        grades,
        maturity,
    )
    if errors:
        raise InvalidValue("; ".join(errors))
    if "legal_status" in changes and values["legal_status"] != row.legal_status:
        if row.in_corpus and row.status_source.startswith("corpus") and row.legal_status != "unknown":
            raise Conflict(
                f"the corpus establishes {row.publication_number} as {row.legal_status} ({row.status_source})"
            )
        row.legal_status, row.status_source = values["legal_status"], f"declared by {principal.email}"
    for name in ("faculty", "inventors", "scenario", "maturity", "grade", "converted"):
        if name in changes:
            setattr(row, name, values[name])
    if "converted" in changes:
        row.converted_basis = f"declared by {principal.email}"
    row.updated_at = utcnow()
    return row


# --------------------------------------------------------------------------- coverage and the report


def is_unconverted_valid(row: InventoryItem) -> bool:
    return row.legal_status == "in_force" and row.converted != "converted"


def coverage(rows: list[InventoryItem]) -> dict[str, Any]:
    """Coverage = inventoried unconverted valid / all unconverted valid, in all and by faculty."""
    universe = [r for r in rows if is_unconverted_valid(r)]

    def figure(group: list[InventoryItem]) -> dict[str, Any]:
        done = sum(1 for r in group if r.state in review.INVENTORIED)
        return {
            "inventoried": done,
            "unconverted_valid": len(group),
            "coverage": round(done / len(group), 4) if group else None,
            "conversion_unknown": sum(1 for r in group if r.converted == "unknown"),
        }

    by_faculty: dict[str, list[InventoryItem]] = {}
    for r in universe:
        by_faculty.setdefault(r.faculty or NO_FACULTY, []).append(r)
    return {
        "definition": "inventoried unconverted valid patents / all unconverted valid patents",
        **figure(universe),
        "by_faculty": [{"faculty": f, **figure(g)} for f, g in sorted(by_faculty.items())],
        "status_unknown": sum(1 for r in rows if r.legal_status == "unknown"),
        "converted": sum(1 for r in rows if r.converted == "converted"),
        "not_valid": sum(1 for r in rows if r.legal_status in ("lapsed", "pending")),
    }


def item_view(
    db: Session, principal: Principal, row: InventoryItem, *, private: bool = True
) -> dict[str, Any]:
    data = {
        "id": row.id,
        "publication_number": row.publication_number,
        "application_number": row.application_number,
        "title": row.title,
        "patent_type": row.patent_type,
        "main_ipc": row.main_ipc,
        "applicant": row.applicant,
        "faculty": row.faculty,
        "inventors": row.inventors,
        "legal_status": row.legal_status,
        "status_source": row.status_source,
        "converted": row.converted,
        "converted_basis": row.converted_basis,
        "scenario": row.scenario,
        "maturity": row.maturity,
        "grade": row.grade,
        "state": row.state,
        "state_label": review.STATES[row.state][0],
        "in_library": row.state == "in_library",
        "in_corpus": row.in_corpus,
        "source": row.source,
    }
    if private:
        data["review"] = review.history(db, row.id)
    data["feedback"] = review.feedback_for(db, principal, row)
    return data


def items_of(db: Session, inventory: Inventory) -> list[InventoryItem]:
    return list(
        db.scalars(
            select(InventoryItem).where(InventoryItem.inventory_id == inventory.id).order_by(InventoryItem.id)
        )
    )


def report(
    db: Session, principal: Principal, inventory: Inventory, corpus_dir: Path | None, data_dir: Path | None
) -> dict[str, Any]:
    """The inventory: its names, every record with its value score beside the self-assessed grade, the
    counts by state and grade, coverage by faculty, and the settings that shaped it."""
    access.require_own(principal, "inventory", inventory.organisation_id, inventory.id)
    rows = items_of(db, inventory)
    org = db.get(Organisation, inventory.organisation_id)
    keys = [r.patent_key for r in rows if r.in_corpus]
    values: dict[str, Any] = (
        patents.value_scores(corpus_dir, data_dir, keys)
        if corpus_dir is not None and keys
        else {"scenario": patents.VALUE_SCENARIO, "scores": {}, "note": "no corpus: no value scores"}
    )
    items = []
    for r in rows:
        view = item_view(db, principal, r)
        view["value"] = values["scores"].get(r.patent_key)
        items.append(view)
    grades = settings.current(db, "grades")
    return {
        "organisation": org.name if org else None,
        "inventory": {
            "id": inventory.id,
            "name": inventory.name,
            "as_of": inventory.as_of.isoformat(),
            "applicant_names": names_of(inventory),
        },
        "items": items,
        "by_state": dict(Counter(r.state for r in rows)),
        "by_grade": dict(Counter(r.grade or "（未自评）" for r in rows)),
        "coverage": coverage(rows),
        "grades": grades.to_dict(),
        "value": {k: v for k, v in values.items() if k != "scores"},
        "review_chain": review.state_table(),
    }


def export_xlsx(data: dict[str, Any], path: Path) -> Path:
    """The report in the template's layout (re-importable), figures on a second sheet."""
    rows = []
    for seq, item_data in enumerate(data["items"], start=1):
        value = item_data.get("value")
        rows.append(
            {
                **item_data,
                "seq": seq,
                "patent_type": xlsx_layout.TYPE_LABELS.get(
                    item_data["patent_type"], item_data["patent_type"]
                ),
                "legal_status": xlsx_layout.STATUS_LABELS.get(
                    item_data["legal_status"], item_data["legal_status"]
                ),
                "converted": xlsx_layout.CONVERTED_LABELS.get(item_data["converted"], item_data["converted"]),
                "state": item_data["state_label"],
                "value": value["composite"] if value else "",
                "feedback": "; ".join(
                    f"{f['enterprise']}: {f['interest_label']}" for f in item_data["feedback"]
                ),
            }
        )
    cov = data["coverage"]
    meta = {
        "organisation": data["organisation"],
        "inventory": data["inventory"]["name"],
        "as_of": data["inventory"]["as_of"],
        "applicant names": "; ".join(data["inventory"]["applicant_names"]),
        "coverage": f"{cov['inventoried']}/{cov['unconverted_valid']}",
        "coverage definition": cov["definition"],
        "value scores": data["value"].get("note", ""),
        "grades": "、".join(data["grades"]["value"]) + f" (source: {data['grades']['source']})",
    }
    for f in cov["by_faculty"]:
        meta[f"coverage · {f['faculty']}"] = f"{f['inventoried']}/{f['unconverted_valid']}"
    return xlsx_layout.write_inventory(path, rows, meta)


def library(db: Session, *, limit: int = 200) -> list[dict[str, Any]]:
    """The resource library (转化资源库) of every institution: the public part of its records."""
    rows = db.execute(
        select(InventoryItem, Organisation.name)
        .join(Organisation, Organisation.id == InventoryItem.organisation_id)
        .where(InventoryItem.state == "in_library")
        .order_by(InventoryItem.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": r.id,
            "institution": name,
            "publication_number": r.publication_number,
            "title": r.title,
            "patent_type": r.patent_type,
            "main_ipc": r.main_ipc,
            "faculty": r.faculty,
            "scenario": r.scenario,
            "maturity": r.maturity,
            "grade": r.grade,
            "legal_status": r.legal_status,
        }
        for r, name in rows
    ]


def feedback_count(db: Session, item_id: int) -> int:
    return len(list(db.scalars(select(Feedback.id).where(Feedback.item_id == item_id))))
