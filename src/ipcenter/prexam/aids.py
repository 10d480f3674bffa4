"""Automatic aids on intake (shown to the examiner, never the decision), through the other domains' public
service functions only:

- ``formal_check``: the examine domain's checker on the claims, abstract and title;
- ``classification``: the classify domain's IPC suggestions, and the centre's scope verdict for the declared
  main class and for each suggestion;
- ``search_report``: a prior-art search of the corpus (the search domain's ``similar``) drafted as a search
  report: candidate documents with a proposed category X / Y / A, the passages that match claim 1, and the
  query used. The examiner edits and signs it.

A missing model or index does not stop intake: that aid is stored as failed with the reason (how to build
it). The proposed categories come from how much of claim 1's wording a candidate covers (character bigrams;
thresholds in `CATEGORY_THRESHOLDS` are ours, not an official rule): X alone, Y in combination, A background.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.errors import UserError
from ipcenter.platform.database import Database, utcnow
from ipcenter.prexam import centres
from ipcenter.prexam.cases import current_text
from ipcenter.prexam.tables import Aid, Case, Centre

KINDS = ("formal_check", "classification", "search_report")
CATEGORY_THRESHOLDS = {"X": 0.6, "Y": 0.35}  # share of claim 1's character bigrams a candidate covers
CANDIDATES = 8
_SENTENCE = re.compile(r"[^。；;.!?！？\n]+[。；;.!?！？]?")


@dataclass
class AidTools:
    """The heavy objects the aids need, loaded once per process (or per batch) and reused."""

    corpus_dir: Path | None
    models_dir: Path | None = None
    _loaded: dict[str, Any] = field(default_factory=dict)
    _errors: dict[str, str] = field(default_factory=dict)

    def _get(self, key: str, build: Callable[[], Any]) -> Any:
        if key in self._errors:
            raise UserError(self._errors[key])
        if key not in self._loaded:
            try:
                self._loaded[key] = build()
            except UserError as exc:
                self._errors[key] = exc.message
                raise
        return self._loaded[key]

    def classifier(self) -> Any:
        from ipcenter.classify.service import load_model

        return self._get("classifier", lambda: load_model(self.models_dir))

    def search(self) -> Any:
        from ipcenter.search.service import open_engine

        if self.corpus_dir is None:
            raise UserError("no corpus configured: the prior-art search needs one (--corpus)")
        corpus_dir = self.corpus_dir
        return self._get("search", lambda: open_engine(corpus_dir))

    def corpus(self) -> Any:
        from ipcenter.corpus.store import Corpus

        assert self.corpus_dir is not None
        corpus_dir = self.corpus_dir
        return self._get("corpus", lambda: Corpus(corpus_dir))


@dataclass
class CaseText:
    number: str
    patent_type: str
    title: str
    main_class: str
    claims: str
    abstract: str
    description: str


def case_text(db: Session, case: Case, round_: int | None = None) -> CaseText:
    return CaseText(
        case.number,
        case.patent_type,
        case.title,
        case.main_class,
        current_text(db, case, "claims", round_),
        current_text(db, case, "abstract", round_),
        current_text(db, case, "description", round_),
    )


def formal_check(text: CaseText) -> dict[str, Any]:
    from ipcenter.examine.models import Application
    from ipcenter.examine.service import check_application

    if not text.claims.strip():
        raise UserError("no claims text: upload the 权利要求书 as .docx for the formal check")
    result = check_application(Application(id=text.number, claims=text.claims, title=text.title,
                                           abstract=text.abstract or None, description=text.description or None))  # fmt: skip
    return result.to_dict("zh")


def classification(text: CaseText, tools: AidTools, scope: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    from ipcenter.classify.service import suggest

    body = "\n".join(x for x in (text.title, text.abstract, text.claims[:2000]) if x)
    declared = scope(text.main_class)
    suggestions = []
    if text.patent_type != "design":  # the classifier suggests IPC; designs carry a Locarno class
        for s in suggest(tools.classifier(), [body], top=5)[0]:
            suggestions.append({**s.to_dict(with_groups=False), "scope": scope(s.code)})
    agree = any(s["code"] == text.main_class[:4].upper() for s in suggestions[:3])
    return {"declared": {"main_class": text.main_class, "scope": declared}, "suggestions": suggestions,
            "declared_among_top3": agree}  # fmt: skip


def _bigrams(text: str) -> set[str]:
    folded = re.sub(r"\s+", "", text)
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def _first_claim(claims: str) -> str:
    from ipcenter.core.claims import split_claims

    parts = split_claims(claims)
    return parts[0][1] if parts else claims


def propose_category(coverage: float) -> str:
    if coverage >= CATEGORY_THRESHOLDS["X"]:
        return "X"
    if coverage >= CATEGORY_THRESHOLDS["Y"]:
        return "Y"
    return "A"


def passages(claim: str, candidate_text: str, limit: int = 2) -> list[dict[str, Any]]:
    """The candidate's sentences sharing the most of claim 1's bigrams, best first."""
    wanted = _bigrams(claim)
    scored = []
    for sentence in _SENTENCE.findall(candidate_text):
        grams = _bigrams(sentence)
        if len(sentence.strip()) < 8 or not grams:
            continue
        shared = len(grams & wanted)
        if shared:
            scored.append((shared / len(grams), sentence.strip()))
    scored.sort(key=lambda x: -x[0])
    return [{"text": s[:300], "overlap": round(score, 3)} for score, s in scored[:limit]]


def search_report(text: CaseText, tools: AidTools) -> dict[str, Any]:
    from ipcenter.search.service import similar

    claim = _first_claim(text.claims) if text.claims.strip() else ""
    query = "\n".join(x for x in (text.title, text.abstract, claim) if x)
    if not query.strip():
        raise UserError("no title, abstract or claims text to search with")
    result = similar(tools.search(), query, limit=CANDIDATES, label=f"{text.number} 权利要求1")
    numbers = [h.publication_number for h in result.hits]
    rows = {}
    if numbers:
        placeholders = ", ".join("?" for _ in numbers)
        for row in tools.corpus().get_rows(f"publication_number IN ({placeholders})", numbers):
            rows[row["publication_number"]] = row
    wanted = _bigrams(claim or query)
    candidates = []
    for hit in result.hits:
        row = rows.get(hit.publication_number, {})
        claims = " ".join(c.get("text", "") for c in row.get("claims") or [] if isinstance(c, dict))
        body = "\n".join(x for x in (row.get("title") or hit.title, row.get("abstract") or "", claims) if x)
        coverage = len(_bigrams(body) & wanted) / len(wanted) if wanted else 0.0
        candidates.append({
            "publication_number": hit.publication_number, "title": hit.title, "score": round(hit.score, 4),
            "publication_date": hit.publication_date, "coverage": round(coverage, 3),
            "category": propose_category(coverage), "passages": passages(claim or query, body),
            "snippet": hit.snippet,
        })  # fmt: skip
    return {
        "query": {"text": query[:1000], "mode": result.mode, "corpus_version": result.corpus_version,
                  "candidates": CANDIDATES, "took_ms": round(result.took_ms, 1)},
        "candidates": candidates,
        "category_rule": f"X: coverage ≥ {CATEGORY_THRESHOLDS['X']}, Y: ≥ {CATEGORY_THRESHOLDS['Y']}, else A "
                         "(share of claim 1's character bigrams found in the candidate; a proposal, not a finding)",
        "signed": False,
    }  # fmt: skip


def _store(db: Session, case: Case, kind: str, round_: int, result: dict[str, Any] | None, error: str) -> Aid:
    aid = db.scalar(select(Aid).where(Aid.case_id == case.id, Aid.kind == kind, Aid.round == round_))
    if aid is None:
        aid = Aid(case_id=case.id, kind=kind, round=round_)
        db.add(aid)
    aid.status = "failed" if error else "done"
    aid.result = json.dumps(result, ensure_ascii=False, default=str) if result is not None else ""
    aid.error = error
    aid.updated_at = utcnow()
    return aid


def run_case_aids(
    database: Database, case_id: int, tools: AidTools, kinds: tuple[str, ...] = KINDS
) -> dict[str, str]:
    """Run the aids of a case's current round and store each (done, or failed with its reason)."""
    with database.session() as db:
        case = db.get(Case, case_id)
        if case is None:
            raise UserError(f"no case {case_id}")
        centre = db.get(Centre, case.centre_id)
        assert centre is not None
        text = case_text(db, case)
        profile = centres.latest(db, centre)
        round_ = case.round

    def scope(code: str) -> dict[str, Any]:
        try:
            verdict = profile.check_scope(text.patent_type, code)
        except UserError as exc:
            return {"in_scope": None, "reason": exc.message}
        return {"in_scope": verdict.in_scope, "fields": list(verdict.fields), "reason": verdict.reason}

    outcomes: dict[str, tuple[dict[str, Any] | None, str]] = {}
    for kind in kinds:
        try:
            if kind == "formal_check":
                outcomes[kind] = (formal_check(text), "")
            elif kind == "classification":
                outcomes[kind] = (classification(text, tools, scope), "")
            elif kind == "search_report":
                outcomes[kind] = (search_report(text, tools), "")
        except UserError as exc:
            outcomes[kind] = (None, exc.message)
    with database.session() as db:
        case = db.get(Case, case_id)
        assert case is not None
        for kind, (result, error) in outcomes.items():
            _store(db, case, kind, round_, result, error)
    return {kind: ("failed: " + error if error else "done") for kind, (_r, error) in outcomes.items()}


def aids_of(db: Session, case: Case) -> list[dict[str, Any]]:
    rows = db.scalars(select(Aid).where(Aid.case_id == case.id).order_by(Aid.round, Aid.id))
    return [{"id": a.id, "kind": a.kind, "round": a.round, "status": a.status, "error": a.error,
             "result": json.loads(a.result) if a.result else None, "signed": a.signed_at is not None,
             "signed_at": a.signed_at.isoformat(timespec="seconds") if a.signed_at else None}
            for a in rows]  # fmt: skip


def sign_search_report(
    db: Session, aid: Aid, user_id: int | None, candidates: list[dict[str, Any]], note: str
) -> Aid:
    """The examiner's edited search report: categories confirmed or changed, candidates kept or dropped."""
    from ipcenter.errors import Conflict, InvalidValue

    if aid.kind != "search_report" or aid.status != "done":
        raise Conflict("only a drafted search report is signed")
    draft = json.loads(aid.result)
    known = {c["publication_number"]: c for c in draft["candidates"]}
    kept = []
    for item in candidates:
        number = str(item.get("publication_number", ""))
        category = str(item.get("category", "")).upper()
        if number not in known:
            raise InvalidValue(f"{number!r} is not a candidate of this report")
        if category not in ("X", "Y", "A"):
            raise InvalidValue(f"{number}: category must be X, Y or A")
        kept.append({**known[number], "category": category, "proposed": known[number]["category"]})
    draft.update({"candidates": kept, "signed": True, "note": note.strip()})
    aid.result = json.dumps(draft, ensure_ascii=False)
    aid.signed_by, aid.signed_at = user_id, utcnow()
    return aid
