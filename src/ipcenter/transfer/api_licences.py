"""REST API of open licensing (declarations, the rule-18 check, announcement, withdrawal, licensees,
payments, listings, the fee estimator), patent facts and pre-application assessments (mounted by
`transfer.api` under /api/v1/transfer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.errors import InvalidValue, NotFound
from ipcenter.platform.deps import RowId, platform
from ipcenter.transfer import assessment, licensees, licensing, listings, notices, patents, service
from ipcenter.transfer.api_common import audited, corpus_of, matcher, require_corpus

router = APIRouter()
Number = Annotated[str, Path(max_length=40, description="Publication or application number.")]
Text = Annotated[str, Field(max_length=2000)]


class DeclarationIn(BaseModel):
    publication_number: str | None = Field(default=None, max_length=40)
    patentees: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=20)
    payment_method: str | None = Field(default=None, max_length=40)
    fee_fixed: float | None = Field(default=None, ge=0, le=1e9)
    royalty_sales_pct: float | None = Field(default=None, ge=0, le=100)
    royalty_profit_pct: float | None = Field(default=None, ge=0, le=100)
    fee_text: Text | None = None
    term_from: date | None = None
    term_to: date | None = None
    evaluation_report: str | None = Field(default=None, max_length=200)
    scenario: Text | None = None
    industry: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    products: Text | None = None


class DayIn(BaseModel):
    on: date


class ConsentIn(BaseModel):
    co_owner: str = Field(min_length=1, max_length=200)
    given_on: date
    document: str = Field(default="", max_length=300)


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class TakeIn(BaseModel):
    licensee_name: str = Field(default="", max_length=200)
    notified_on: date
    note: str = Field(default="", max_length=2000)


class PaymentIn(BaseModel):
    amount: float = Field(gt=0, le=1e9)
    paid_on: date
    note: str = Field(default="", max_length=2000)


class FactIn(BaseModel):
    publication_number: str = Field(min_length=1, max_length=40)
    kind: str = Field(max_length=32)
    start_on: date | None = None
    end_on: date | None = None
    detail: str = Field(default="", max_length=2000)


class AssessmentIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    disclosure: str = Field(min_length=1, max_length=50_000)
    faculty: str = Field(default="", max_length=100)
    inventors: str = Field(default="", max_length=2000)


class DecisionIn(BaseModel):
    recommendation: str = Field(max_length=32)
    reasons: list[Text] = Field(min_length=1, max_length=20)


# --------------------------------------------------------------------------- listings and the check


@router.get("/licences")
def licence_listings(
    request: Request,
    who: Public,
    ipc: Annotated[str, Query(max_length=20, description="IPC prefix, e.g. G06F or B64C39")] = "",
    scenario: Annotated[
        str, Query(max_length=100, description="Words of the application scenario/products")
    ] = "",
    industry: Annotated[str, Query(max_length=100)] = "",
    region: Annotated[str, Query(max_length=100)] = "",
    q: Annotated[str, Query(max_length=200, description="Words of the title")] = "",
    fee_max: Annotated[float | None, Query(ge=0, description="Largest lump sum (万元)")] = None,
    royalty_max: Annotated[
        float | None, Query(ge=0, le=100, description="Largest royalty (% of sales)")
    ] = None,
    value_min: Annotated[float | None, Query(ge=0, le=100, description="Smallest value score")] = None,
) -> dict[str, Any]:
    """Open-licence listings searchable by IPC, scenario, industry, region, fee and value (with the value
    score, the fee estimate and the annuity reduction of each)."""
    state = platform(request)
    corpus = corpus_of(state)
    with state.database.session() as db:
        rows = listings.search(
            db,
            ipc=ipc,
            scenario=scenario,
            industry=industry,
            region=region,
            text=q,
            fee_max=fee_max,
            royalty_max=royalty_max,
        )
        keys = [r.application_number or r.publication_number for r in rows]
        values = (
            patents.value_scores(corpus.root, state.settings.data_dir, keys)
            if corpus and keys
            else {"scores": {}}
        )
        items = []
        for r in rows:
            value = values["scores"].get(r.application_number or r.publication_number)
            if value_min is not None and (value is None or value["composite"] < value_min):
                continue
            view = licensing.view(db, who, r)
            view["value"] = value
            view["fee_estimate"] = listings.estimate_fee(
                db,
                r.patent_type,
                value["composite"] if value else None,
                _remaining(corpus, r.publication_number),
            )
            items.append(view)
        return {"total": len(items), "items": items, "annuity_reduction": listings.annuity_reduction(db)}


def _remaining(corpus: Any, number: str) -> float | None:
    if corpus is None:
        return None
    try:
        return listings.remaining_years(patents.find_patent(corpus, number, date.today()), date.today())
    except NotFound:
        return None


@router.get("/licence-check/{number}")
def licence_check(
    number: Number, request: Request, who: Public, as_of: Annotated[date | None, Query()] = None
) -> dict[str, Any]:
    """The rule-18 verdict (the JSON of `ipcenter licence check NUMBER --as-of DATE --format json`), with the
    facts the account's organisation recorded."""
    state = platform(request)
    corpus = require_corpus(state)
    with state.database.session() as db:
        verdict = licensing.check_number(
            db, corpus, number, as_of or date.today(), organisation_id=who.organisation_id
        )
    return verdict.to_dict()


@router.get("/fee-estimate/{number}")
def fee_estimate(
    number: Number, request: Request, who: Public, as_of: Annotated[date | None, Query()] = None
) -> dict[str, Any]:
    """The fee estimator: formula and parameters visible, UNCONFIRMED until a source is entered."""
    state = platform(request)
    with state.database.session() as db:
        return service.fee_estimate(
            db, require_corpus(state), number, as_of or date.today(), state.settings.data_dir
        )


# --------------------------------------------------------------------------- declarations


@router.post("/licences", status_code=201)
def declare(body: DeclarationIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """A draft open-licence declaration of the account's organisation (checked before acceptance)."""
    fields = body.model_dump(exclude_none=True, exclude={"publication_number"})
    if not body.publication_number:
        raise InvalidValue("give the patent's publication_number")
    state = platform(request)
    with audited(request, who, "licence.declare", "licence") as event, state.database.session() as db:
        row = licensing.declare(db, who, corpus_of(state), body.publication_number, fields)
        event.object_id = row.id
        return licensing.view(db, who, row)


@router.get("/licences/{licence_id}")
def get_licence(licence_id: RowId, request: Request, who: Public) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return licensing.view(db, who, licensing.get(db, who, licence_id))


@router.patch("/licences/{licence_id}")
def edit_licence(licence_id: RowId, body: DeclarationIn, request: Request, who: SignedIn) -> dict[str, Any]:
    fields = body.model_dump(exclude_none=True, exclude={"publication_number"})
    with (
        audited(request, who, "licence.edit", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.edit(db, who, licensing.get(db, who, licence_id), fields)
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/check")
def check_licence(licence_id: RowId, body: DayIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Run the rule-18 checks on the declaration: accepted when nothing blocks, refused with the reasons."""
    state = platform(request)
    with (
        audited(request, who, "licence.check", "licence", licence_id) as event,
        state.database.session() as db,
    ):
        row = licensing.get(db, who, licence_id)
        verdict = licensing.run_check(db, who, corpus_of(state), row, body.on)
        event.detail = (
            "allowed" if verdict.allowed else "refused: " + "; ".join(f.rule for f in verdict.reasons)
        )
        return {**licensing.view(db, who, row), "verdict": verdict.to_dict()}


@router.post("/licences/{licence_id}/announce")
def announce(licence_id: RowId, body: DayIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Record the announcement date (the checks run again on that day)."""
    state = platform(request)
    with audited(request, who, "licence.announce", "licence", licence_id), state.database.session() as db:
        row = licensing.announce(db, who, corpus_of(state), licensing.get(db, who, licence_id), body.on)
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/consents", status_code=201)
def add_consent(licence_id: RowId, body: ConsentIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """A co-owner's written consent to withdraw the declaration."""
    with (
        audited(request, who, "licence.consent", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.get(db, who, licence_id)
        licensing.add_consent(db, who, row, body.co_owner, body.given_on, body.document)
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/withdrawal")
def request_withdrawal(licence_id: RowId, body: ReasonIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Ask to withdraw (a reason; with co-owners, every one's consent)."""
    with (
        audited(request, who, "licence.withdraw", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.request_withdrawal(db, who, licensing.get(db, who, licence_id), body.reason)
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/withdrawal/cancel")
def cancel_withdrawal(licence_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with (
        audited(request, who, "licence.withdraw_cancel", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.cancel_withdrawal(db, who, licensing.get(db, who, licence_id))
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/withdrawal/announce")
def announce_withdrawal(licence_id: RowId, body: DayIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """The withdrawal takes effect on its announcement; licences taken before stay in force."""
    with (
        audited(request, who, "licence.withdrawn", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.announce_withdrawal(db, who, licensing.get(db, who, licence_id), body.on)
        return licensing.view(db, who, row)


@router.post("/licences/{licence_id}/licensees", status_code=201)
def take_licence(licence_id: RowId, body: TakeIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """A licensee's written notice (专利法 Art 51); the patentee is notified in the inbox."""
    with (
        audited(request, who, "licence.take", "licence", licence_id) as event,
        platform(request).database.session() as db,
    ):
        row = licensing.get(db, who, licence_id)
        taken = licensees.take(db, who, row, body.licensee_name, body.notified_on, body.note)
        notices.tell_organisations(
            db,
            [row.organisation_id],
            who.organisation_id,
            f"开放许可实施通知: {taken.licensee_name} → {row.publication_number}",
            f"/transfer/licences/{row.id}",
        )
        event.detail = f"licensee #{taken.id}"
        return licensees.licensee_view(db, taken)


@router.get("/licensees/{licensee_id}")
def get_licensee(licensee_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return licensees.licensee_view(db, licensees.licensee_of(db, who, licensee_id))


@router.post("/licensees/{licensee_id}/payments", status_code=201)
def pay(licensee_id: RowId, body: PaymentIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """A licence-fee payment (万元): the licence is active from the first one."""
    with (
        audited(request, who, "licence.payment", "licensee", licensee_id),
        platform(request).database.session() as db,
    ):
        row = licensees.licensee_of(db, who, licensee_id)
        licensees.pay(db, who, row, body.amount, body.paid_on, body.note)
        return licensees.licensee_view(db, row)


# --------------------------------------------------------------------------- facts


@router.get("/facts")
def list_facts(
    request: Request, who: SignedIn, number: Annotated[str, Query(min_length=1, max_length=40)]
) -> list[dict[str, Any]]:
    """The facts the account's organisation recorded about a patent (and the kinds there are)."""
    from sqlalchemy import select

    from ipcenter.transfer.tables import PatentFact

    with platform(request).database.session() as db:
        rows = db.scalars(
            select(PatentFact).where(
                PatentFact.organisation_id == who.organisation_id,
                PatentFact.publication_number == number.strip().upper(),
            )
        )
        return [licensing.fact_view(r) for r in rows]


@router.post("/facts", status_code=201)
def add_fact(body: FactIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Record a fact for the checks (kinds: `rule18.FACT_KINDS`, e.g. exclusive_licence, pledge)."""
    state = platform(request)
    with audited(request, who, "fact.add", "patent_fact") as event, state.database.session() as db:
        row = licensing.add_fact(
            db,
            who,
            corpus_of(state),
            body.publication_number,
            body.kind,
            body.start_on,
            body.end_on,
            body.detail,
        )
        event.object_id = row.id
        return licensing.fact_view(row)


# --------------------------------------------------------------------------- assessments


@router.get("/assessments")
def list_assessments(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    with platform(request).database.session() as db:
        return [assessment.view(db, a) for a in assessment.mine(db, who)]


@router.post("/assessments", status_code=201)
def assess(body: AssessmentIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Assess a disclosure: closest documents with passages, IPC, similar granted patents with values,
    cohort density and a recommendation with reasons (recorded)."""
    state = platform(request)
    with audited(request, who, "assessment.create", "assessment") as event, state.database.session() as db:
        row = assessment.create(
            db, who, matcher(state), body.title, body.disclosure, body.faculty, body.inventors
        )
        event.object_id = row.id
        return assessment.view(db, row)


@router.get("/assessments/{assessment_id}")
def get_assessment(assessment_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return assessment.view(db, assessment.get(db, who, assessment_id))


@router.post("/assessments/{assessment_id}/decision")
def decide(assessment_id: RowId, body: DecisionIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """The assessor's recommendation and reasons (may differ from the system's; recorded with who/when)."""
    with (
        audited(request, who, "assessment.decide", "assessment", assessment_id),
        platform(request).database.session() as db,
    ):
        row = assessment.decide(
            db, who, assessment.get(db, who, assessment_id), body.recommendation, list(body.reasons)
        )
        return assessment.view(db, row)
