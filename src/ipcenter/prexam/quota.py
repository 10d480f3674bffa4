"""Yearly pre-examination quota (预审额度) per registered entity (domain-cn-2.md §1.2, §6.A.6).

The quota for year N comes from year N−1's 预审合格量 and 预审合格率 = 合格量 / 已受理量 (the
denominator is *accepted* cases, 广东 rules) through the centre's quota table, whose values were not
captured and are therefore configuration (UNCONFIRMED until the centre enters them). After the quota is
used up an entity may file one incremental request a year (the number is a setting), reviewed by the
centre. Batch cases may be exempt (北京 rule, a setting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipcenter.errors import Conflict, InvalidValue
from ipcenter.prexam.models import Rate
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.settings import QuotaBand

PASS_RATE_DEFINITION = (
    "上年度预审合格量 / 上年度已受理预审案件总量 × 100% (广东省知识产权保护中心额度管理办法)"
)


def pass_rate(passed: int, accepted: int) -> Rate:
    """预审合格率 with its numerator, denominator and definition (80 of 100 accepted → 80.00 %)."""
    for name, value in (("passed", passed), ("accepted", accepted)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValue(f"{name} must be a whole number ≥ 0, got {value!r}")
    if passed > accepted:
        raise InvalidValue(f"passed ({passed}) cannot exceed accepted cases ({accepted})")
    return Rate("合格率", passed, accepted, PASS_RATE_DEFINITION)


@dataclass(frozen=True)
class QuotaDecision:
    year: int
    rate: Rate  # last year's pass rate
    quota: int | None  # None: the centre has not configured quotas (no limit applied, UNCONFIRMED)
    band: QuotaBand | None
    status: str  # confirmed | UNCONFIRMED (the table's status)
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "basis_year": self.year - 1,
            "pass_rate": self.rate.to_json(),
            "quota": self.quota,
            "band": None if self.band is None else self.band.to_json(),
            "status": self.status,
            "explanation": self.explanation,
        }


def yearly_quota(
    profile: CentreProfile, year: int, passed_last_year: int, accepted_last_year: int
) -> QuotaDecision:
    """The quota for ``year`` from last year's figures: the highest quota among the table's bands whose
    conditions hold, else the default quota; None when the centre has configured neither."""
    rate = pass_rate(passed_last_year, accepted_last_year)
    table_setting, default_setting = profile.setting("quota_table"), profile.setting("default_quota")
    status = "confirmed" if table_setting.confirmed and default_setting.confirmed else "UNCONFIRMED"
    bands = [QuotaBand.from_json(b) for b in table_setting.value or []]
    pct = rate.percent()
    met = [
        b
        for b in bands
        if accepted_last_year > 0
        and (b.min_pass_rate is None or (pct is not None and pct >= b.min_pass_rate))
        and (b.min_passed is None or passed_last_year >= b.min_passed)
    ]
    if met:
        band = max(met, key=lambda b: b.quota)
        return QuotaDecision(
            year,
            rate,
            band.quota,
            band,
            status,
            f"{year - 1}: {passed_last_year} passed of {accepted_last_year} accepted "
            f"({rate.shown()}) meets the band {band.to_json()}",
        )
    default = default_setting.value
    if default is not None:
        why = "no accepted case last year" if accepted_last_year == 0 else f"{rate.shown()} meets no band"
        return QuotaDecision(year, rate, int(default), None, status, f"{why}: default quota {default}")
    return QuotaDecision(
        year,
        rate,
        None,
        None,
        "UNCONFIRMED",
        "the centre has not entered a quota table or default quota (UNCONFIRMED): no limit applied",
    )


@dataclass(frozen=True)
class QuotaUsage:
    quota: int | None
    extra: int  # granted by approved incremental requests
    used: int  # cases counted against the quota this year

    @property
    def remaining(self) -> int | None:
        if self.quota is None:
            return None
        return max(0, self.quota + self.extra - self.used)

    @property
    def exhausted(self) -> bool:
        return self.remaining == 0

    def to_json(self) -> dict[str, Any]:
        return {"quota": self.quota, "extra": self.extra, "used": self.used, "remaining": self.remaining}


def counts_against_quota(profile: CentreProfile, in_batch: bool) -> bool:
    """Whether a case uses up quota: batch cases do not where the centre exempts them."""
    return not (in_batch and bool(profile.value("batch_quota_exempt")))


def check_increment_request(profile: CentreProfile, usage: QuotaUsage, requests_this_year: int) -> None:
    """Refuses an incremental-quota request that the rules do not allow (Conflict says why)."""
    if usage.quota is None:
        raise Conflict("no quota applies at this centre (not configured), so there is nothing to increase")
    if not usage.exhausted:
        raise Conflict(
            f"an incremental quota may be requested only after the quota is used up ({usage.remaining} left)"
        )
    allowed = int(profile.value("incremental_requests") or 0)
    if requests_this_year >= allowed:
        raise Conflict(
            f"only {allowed} incremental-quota request(s) a year are allowed; {requests_this_year} already filed"
        )
