"""Pre-application assessment (申请前评估) of an invention disclosure.

The disclosure is searched against the corpus (the closest documents, each with the passage that comes
closest), classified (IPC suggestions from the classify domain), compared with similar *granted* patents and
their value scores, and placed in its cohort (documents of the suggested subclass filed in the five years
before) to measure how crowded the field is. A recommendation follows from stated rules:

1. the closest passage's similarity ≥ ``duplicate`` → **do not file** (the disclosure is already published);
2. ≥ ``close`` in a crowded cohort → **publish defensively** (patentability doubtful; publishing keeps the
   technique free to use);
3. a method or process is disclosed → **file as invention** (a utility model protects products' shape and
   structure only, 专利法 Art 2);
4. a product or structure only: close prior art (≥ ``close``) → **utility model** (lower inventive step),
   else **invention**.

Thresholds are a setting, UNCONFIRMED until a source is entered. The assessor may change the recommendation
and its reasons; each decision is recorded (who, when), the system's advice is kept beside it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, InvalidValue, UserError
from ipcenter.platform.database import utcnow
from ipcenter.transfer import access, patents, settings
from ipcenter.transfer.matching import Matcher
from ipcenter.transfer.tables import Assessment, AssessmentEdit

RECOMMENDATIONS: dict[str, tuple[str, str]] = {
    "invention": ("申请发明专利", "file as an invention"),
    "utility_model": ("申请实用新型", "file as a utility model"),
    "do_not_file": ("不建议申请", "do not file"),
    "publish_defensively": ("防御性公开", "publish defensively"),
}
METHOD_WORDS = re.compile(r"方法|工艺|步骤|用途|制备|method|process|step|use of", re.IGNORECASE)
PRODUCT_WORDS = re.compile(
    r"装置|结构|设备|器|机|系统|组件|device|apparatus|structure|assembly|system", re.IGNORECASE
)
GRANTED_KINDS = ("B", "C", "U", "Y", "S", "B1", "B2", "E")
COHORT_YEARS = 5


def cohort_size(matcher: Matcher, subclass: str, year: int) -> int:
    """Documents of ``subclass`` (any of their IPC symbols) filed in the five years up to ``year``."""
    con = matcher.corpus.connect()
    try:
        found = con.execute(
            "SELECT count(DISTINCT coalesce(application_number, publication_number)) FROM patents"
            " WHERE list_contains(list_transform(ipc, lambda x: left(x, 4)), ?)"
            " AND year(filing_date) BETWEEN ? AND ?",
            [subclass, year - COHORT_YEARS + 1, year],
        ).fetchone()
    finally:
        con.close()
    return int(found[0]) if found else 0


def assess_text(
    matcher: Matcher, title: str, text: str, on: date, thresholds: dict[str, Any]
) -> dict[str, Any]:
    """Everything the assessment shows, computed from the disclosure (no database)."""
    from ipcenter.search import service as search_service

    body = f"{title}\n{text}".strip()
    if len(body) < 20:
        raise InvalidValue(
            "the disclosure is too short to assess: give the technical content (≥ 20 characters)"
        )
    need_vec = matcher.vectors([body[:512]])[0]
    hits = search_service.similar(matcher.backend, body, limit=30).hits
    rows = patents.rows_by_number(matcher.corpus, [h.publication_number for h in hits])
    closest: list[dict[str, Any]] = []
    for h in hits:
        if h.publication_number not in rows:
            continue
        facts = patents.facts_of(rows[h.publication_number], on)
        semantic, shown = matcher.semantic(facts, need_vec)
        closest.append(
            {
                "publication_number": facts.publication_number,
                "title": facts.title,
                "similarity": round(semantic.value, 4),
                "passage": shown[0] if shown else None,
                "patent_type": facts.patent_type,
                "legal_status": facts.status,
                "granted": rows[h.publication_number].get("grant_date") is not None
                or (rows[h.publication_number].get("kind") or "") in GRANTED_KINDS,
                "ipc": facts.ipc[:3],
                "key": facts.key,
            }
        )
    closest.sort(key=lambda c: -c["similarity"])
    ipc_codes, ipc_note = [], ""
    try:
        from ipcenter.classify import service as classify_service

        suggestions = classify_service.classify_text(body, top=5, models=matcher.models_dir).suggestions
        ipc_codes = [s.to_dict(with_groups=False) for s in suggestions]
    except UserError as exc:
        ipc_note = f"no IPC suggestions: {exc.message}"
    granted = [c for c in closest if c["granted"]][:5]
    values = patents.value_scores(matcher.corpus_dir, matcher.data_dir, [c["key"] for c in granted])
    for c in granted:
        c["value"] = values["scores"].get(c["key"])
    subclass = (
        ipc_codes[0]["code"][:4]
        if ipc_codes
        else (closest[0]["ipc"][0][:4] if closest and closest[0]["ipc"] else "")
    )
    cohort = cohort_size(matcher, subclass, on.year) if subclass else 0
    close = [c for c in closest if c["similarity"] >= thresholds["close"]]
    top = closest[0]["similarity"] if closest else 0.0
    system, reasons = recommend(body, top, cohort, closest[0] if closest else None, thresholds)
    return {
        "closest": closest[:10],
        "ipc": ipc_codes,
        "ipc_note": ipc_note,
        "similar_granted": granted,
        "value_note": values.get("note", ""),
        "density": {
            "subclass": subclass,
            "years": f"{on.year - COHORT_YEARS + 1}–{on.year}",
            "cohort": cohort,
            "close_documents": len(close),
            "searched": len(closest),
            "crowded": cohort >= thresholds["crowded_cohort"],
        },
        "recommendation": system,
        "reasons": reasons,
        "thresholds": thresholds,
    }


def recommend(
    text: str, top: float, cohort: int, closest: dict[str, Any] | None, t: dict[str, Any]
) -> tuple[str, list[str]]:
    """The rule-based recommendation and its reasons (module docstring)."""
    crowded = cohort >= t["crowded_cohort"]
    name = f"{closest['publication_number']} ({closest['title'][:40]})" if closest else ""
    method = bool(METHOD_WORDS.search(text))
    product = bool(PRODUCT_WORDS.search(text))
    if top >= t["duplicate"]:
        return "do_not_file", [
            f"the closest document {name} has a passage at similarity {top:.2f} ≥"
            f" {t['duplicate']}: the content looks already published"
        ]
    reasons = [f"closest document {name}: similarity {top:.2f}" if closest else "no close document found"]
    reasons.append(
        f"cohort: {cohort} documents in its subclass over {COHORT_YEARS} years"
        f" ({'crowded' if crowded else 'not crowded'}, threshold {t['crowded_cohort']})"
    )
    if top >= t["close"] and crowded:
        return "publish_defensively", [
            *reasons,
            "close prior art in a crowded field: patentability is doubtful;"
            " a defensive publication keeps the technique free to use",
        ]
    if method:
        return "invention", [*reasons, "a method/process is disclosed: only an invention patent protects it"]
    if product and top >= t["close"]:
        return "utility_model", [
            *reasons,
            f"a product structure with close prior art (≥ {t['close']}): a utility"
            " model needs a lower inventive step and is granted faster",
        ]
    return "invention", [*reasons, "no close prior art: an invention patent gives the broadest protection"]


def create(
    db: Session,
    principal: Principal,
    matcher: Matcher,
    title: str,
    disclosure: str,
    faculty: str = "",
    inventors: str = "",
    on: date | None = None,
) -> Assessment:
    if principal.organisation_id is None:
        raise Conflict("an assessment is kept for an organisation, and this account has none")
    title = " ".join(title.split())
    if not 1 <= len(title) <= 200:
        raise InvalidValue("an assessment's title has 1 to 200 characters")
    thresholds = settings.current(db, "assessment_thresholds")
    result = assess_text(matcher, title, disclosure, on or date.today(), dict(thresholds.value))
    result["thresholds_source"] = thresholds.source or settings.UNCONFIRMED
    row = Assessment(
        organisation_id=principal.organisation_id,
        title=title,
        disclosure=disclosure.strip(),
        faculty=faculty.strip(),
        inventors=inventors.strip(),
        result=json.dumps(result, ensure_ascii=False, default=str),
        system_recommendation=result["recommendation"],
        recommendation=result["recommendation"],
        reasons=json.dumps(result["reasons"], ensure_ascii=False),
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    return row


def get(db: Session, principal: Principal, assessment_id: int) -> Assessment:
    return access.require_assessment(principal, db.get(Assessment, assessment_id), assessment_id)


def decide(
    db: Session, principal: Principal, row: Assessment, recommendation: str, reasons: list[str]
) -> Assessment:
    """The assessor's decision (may differ from the system's): recorded with who and when."""
    access.require_assessment(principal, row, row.id)
    if recommendation not in RECOMMENDATIONS:
        raise InvalidValue(f"recommendation must be one of {', '.join(RECOMMENDATIONS)}")
    cleaned = [r.strip() for r in reasons if r.strip()]
    if not cleaned:
        raise InvalidValue("state the reasons for the decision")
    db.add(
        AssessmentEdit(
            organisation_id=row.organisation_id,
            assessment_id=row.id,
            recommendation=recommendation,
            reasons=json.dumps(cleaned, ensure_ascii=False),
            user_id=principal.user_id,
            actor=principal.email,
            at=utcnow(),
        )
    )
    row.recommendation = recommendation
    row.reasons = json.dumps(cleaned, ensure_ascii=False)
    row.state = "decided"
    return row


def view(db: Session, row: Assessment) -> dict[str, Any]:
    edits = db.scalars(
        select(AssessmentEdit).where(AssessmentEdit.assessment_id == row.id).order_by(AssessmentEdit.id)
    )
    return {
        "id": row.id,
        "title": row.title,
        "disclosure": row.disclosure,
        "faculty": row.faculty,
        "inventors": row.inventors,
        "result": json.loads(row.result or "{}"),
        "system_recommendation": row.system_recommendation,
        "recommendation": row.recommendation,
        "recommendation_label": RECOMMENDATIONS[row.recommendation][0],
        "reasons": json.loads(row.reasons or "[]"),
        "state": row.state,
        "created_at": row.created_at.isoformat(timespec="seconds"),
        "decisions": [
            {
                "recommendation": e.recommendation,
                "reasons": json.loads(e.reasons),
                "by": e.actor,
                "at": e.at.isoformat(timespec="seconds"),
            }
            for e in edits
        ],
    }


def mine(db: Session, principal: Principal) -> list[Assessment]:
    statement = select(Assessment).where(Assessment.organisation_id == principal.organisation_id)
    return list(db.scalars(statement.order_by(Assessment.id.desc()).limit(200)))
