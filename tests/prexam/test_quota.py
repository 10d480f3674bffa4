"""Quota from last year's 合格量 / 合格率 (domain-cn-2.md §1.2, §6.A.6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ipcenter.errors import Conflict, InvalidValue
from ipcenter.prexam.models import confirmed
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.quota import (
    QuotaUsage,
    check_increment_request,
    counts_against_quota,
    pass_rate,
    yearly_quota,
)


def test_pass_rate_80_of_100() -> None:
    rate = pass_rate(80, 100)
    assert rate.percent() == Decimal("80.00") and rate.shown() == "80.00%"
    assert (rate.numerator, rate.denominator) == (80, 100) and "已受理" in rate.definition
    assert pass_rate(2, 3).percent() == Decimal("66.67")  # half-up
    assert pass_rate(0, 0).percent() is None
    with pytest.raises(InvalidValue, match="cannot exceed"):
        pass_rate(101, 100)


def _with_table(profile: CentreProfile) -> CentreProfile:
    table = [{"quota": 60, "min_pass_rate": 80, "min_passed": 40}, {"quota": 30, "min_pass_rate": 60}]
    return profile.with_settings(
        {
            "quota_table": confirmed(table, "中心额度表 2026"),
            "default_quota": confirmed(10, "中心额度表 2026"),
        },
        date(2026, 1, 1),
    )


def test_quota_from_the_table(ningbo: CentreProfile) -> None:
    profile = _with_table(ningbo)
    assert yearly_quota(profile, 2026, 80, 100).quota == 60
    assert yearly_quota(profile, 2026, 39, 45).quota == 30  # 86.67 % but fewer than 40 passed
    low = yearly_quota(profile, 2026, 5, 10)
    assert low.quota == 10 and "meets no band" in low.explanation
    assert yearly_quota(profile, 2026, 0, 0).quota == 10  # a new entity gets the default
    assert yearly_quota(profile, 2026, 80, 100).status == "confirmed"


def test_without_a_table_no_limit_is_applied_and_it_says_unconfirmed(ningbo: CentreProfile) -> None:
    decision = yearly_quota(ningbo, 2026, 80, 100)
    assert decision.quota is None and decision.status == "UNCONFIRMED"
    assert decision.rate.percent() == Decimal("80.00")


def test_one_incremental_request_after_exhaustion(ningbo: CentreProfile) -> None:
    profile = _with_table(ningbo)
    with pytest.raises(Conflict, match="only after the quota is used up"):
        check_increment_request(profile, QuotaUsage(10, 0, 9), 0)
    check_increment_request(profile, QuotaUsage(10, 0, 10), 0)
    with pytest.raises(Conflict, match="only 1 incremental"):
        check_increment_request(profile, QuotaUsage(10, 5, 15), 1)
    assert QuotaUsage(10, 5, 12).remaining == 3


def test_batch_cases_are_exempt_where_the_centre_says_so(ningbo: CentreProfile) -> None:
    assert counts_against_quota(ningbo, in_batch=False)
    assert not counts_against_quota(
        ningbo, in_batch=True
    )  # default: exempt (北京 rule, UNCONFIRMED elsewhere)
    strict = ningbo.with_settings({"batch_quota_exempt": confirmed(False, "中心规定")}, date(2026, 1, 1))
    assert counts_against_quota(strict, in_batch=True)
