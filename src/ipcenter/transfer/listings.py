"""Open-licence listings searchable by what licensees ask for (IPC, scenario, industry, region, fee), the
annuity reduction shown with them, and the fee estimator with its formula and parameters visible."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ipcenter.transfer import patents, settings
from ipcenter.transfer.licensees import OPEN_FOR_LICENSEES
from ipcenter.transfer.tables import LicenceDeclaration


def annuity_reduction(db: Session | None) -> dict[str, Any]:
    s = settings.current(db, "annuity_reduction")
    return {
        "share": s.value,
        "text": f"年费减缴 {s.value:.0%} during the open licence",
        "source": s.source or settings.UNCONFIRMED,
    }


def search(
    db: Session,
    *,
    ipc: str = "",
    scenario: str = "",
    industry: str = "",
    region: str = "",
    text: str = "",
    fee_max: float | None = None,
    royalty_max: float | None = None,
    limit: int = 100,
) -> list[LicenceDeclaration]:
    """Announced declarations (and those whose withdrawal is not yet announced) matching every filter given:
    IPC prefix (any of the patent's symbols), words in the scenario/products, industry, region, the largest
    lump sum (万元) and royalty (% of net sales) a licensee accepts."""
    statement = select(LicenceDeclaration).where(LicenceDeclaration.state.in_(sorted(OPEN_FOR_LICENSEES)))
    if ipc.strip():
        code = ipc.strip().upper().replace(" ", "")
        statement = statement.where(LicenceDeclaration.ipc.contains(code, autoescape=True))
    if scenario.strip():
        words = scenario.strip()
        statement = statement.where(
            or_(
                LicenceDeclaration.scenario.contains(words, autoescape=True),
                LicenceDeclaration.products.contains(words, autoescape=True),
            )
        )
    if industry.strip():
        statement = statement.where(LicenceDeclaration.industry.contains(industry.strip(), autoescape=True))
    if region.strip():
        statement = statement.where(LicenceDeclaration.region.contains(region.strip(), autoescape=True))
    if text.strip():
        statement = statement.where(LicenceDeclaration.title.contains(text.strip(), autoescape=True))
    if fee_max is not None:
        statement = statement.where(
            or_(LicenceDeclaration.fee_fixed.is_(None), LicenceDeclaration.fee_fixed <= fee_max)
        )
    if royalty_max is not None:
        statement = statement.where(
            or_(
                LicenceDeclaration.royalty_sales_pct.is_(None),
                LicenceDeclaration.royalty_sales_pct <= royalty_max,
            )
        )
    return list(db.scalars(statement.order_by(LicenceDeclaration.announced_on.desc()).limit(limit)))


def estimate_fee(
    db: Session | None, patent_type: str | None, value: float | None, remaining_years: float | None
) -> dict[str, Any]:
    """The fee estimator: its formula and parameters are shown, and marked UNCONFIRMED until a source is entered
    (`settings.set_parameter('fee_estimator', …, source)`)."""
    s = settings.current(db, "fee_estimator")
    p = s.value
    v = 50.0 if value is None else max(0.0, min(100.0, float(value)))
    years = max(0.0, float(remaining_years or 0.0))
    type_factor = float(p["type_factor"].get(patent_type or "", 1.0))
    royalty = p["royalty_base_pct"] + p["royalty_value_span_pct"] * v / 100
    lump = p["lump_sum_per_year_wan"] * type_factor * (1 + p["lump_sum_value_factor"] * v / 100) * years
    return {
        "formula": "royalty % = royalty_base_pct + royalty_value_span_pct × value/100; lump sum (万元) ="
        " lump_sum_per_year_wan × type_factor × (1 + lump_sum_value_factor × value/100) × remaining years",
        "parameters": p,
        "source": s.source or settings.UNCONFIRMED,
        "inputs": {
            "value": v,
            "value_given": value is not None,
            "remaining_years": round(years, 2),
            "patent_type": patent_type,
            "type_factor": type_factor,
        },
        "royalty_pct": round(royalty, 2),
        "lump_sum_wan": round(lump, 2),
    }


def remaining_years(facts: patents.PatentFacts | None, on: date) -> float | None:
    if facts is None or facts.term_end is None:
        return None
    return max(0.0, (facts.term_end - on).days / 365.25)
