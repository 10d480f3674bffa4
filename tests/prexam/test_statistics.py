"""Statistics per centre × period × type × field (domain-cn-2.md §6.A.12, 上海 2025-01…07 fixture) and the
batch report (§6.A.11, 北京 2023 fixture). Every rate carries numerator, denominator and definition."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ipcenter.core.workdays import HolidayCalendar
from ipcenter.errors import InvalidValue
from ipcenter.prexam import fixtures, service
from ipcenter.prexam.statistics import (
    ALL,
    BatchRecord,
    CaseRecord,
    EntityRecord,
    batch_report,
    centre_statistics,
    concluded_from_rate,
    rates_from_counts,
)

SH = fixtures.SHANGHAI_2025
TYPES = ("invention", "utility_model", "design")
FIELDS = ("新一代信息技术", "生物医药", "高端装备")


def shanghai_cases() -> list[CaseRecord]:
    """6947 requests received in 2025-01…07: 6449 accepted, 4911 of them qualified (the published counts)."""
    cases = []
    for i in range(SH.received):
        received = date(2025, 1, 2) + timedelta(days=i % 190)
        accepted = i < SH.accepted
        qualified = i < SH.qualified
        cases.append(
            CaseRecord(
                centre=SH.centre,
                patent_type=TYPES[i % 3],
                field=FIELDS[i % 3 if i % 7 else 0],
                received_on=received,
                accepted_on=received + timedelta(days=2) if accepted else None,
                not_accepted_on=None if accepted else received + timedelta(days=2),
                concluded_on=received + timedelta(days=9) if accepted and i < SH.accepted - 300 else None,
                qualified=qualified if accepted and i < SH.accepted - 300 else None,
            )
        )
    return cases


def test_shanghai_2025_rates_from_records(calendar: HolidayCalendar) -> None:
    rows = centre_statistics(
        shanghai_cases(),
        SH.start,
        SH.end,
        calendar=calendar,
        entities=[EntityRecord(SH.centre, date(2024, 5, 1)), EntityRecord(SH.centre, date(2025, 3, 1))],
    )
    total = rows[0]
    assert (total.patent_type, total.field) == (ALL, ALL)
    assert (total.counts["received"], total.counts["accepted"], total.counts["not_accepted"]) == (
        6947,
        6449,
        498,
    )
    assert total.counts["qualified"] == 4911
    assert (total.counts["entities_new"], total.counts["entities_total"]) == (1, 2)
    rates = total.rates
    assert rates["acceptance"].percent() == Decimal("92.83")
    assert rates["pass_rate"].percent() == Decimal("76.15")
    assert (rates["pass_rate"].numerator, rates["pass_rate"].denominator) == (4911, 6449)
    assert rates["received_to_qualified"].percent() == Decimal("70.69")
    assert all(r.definition for r in rates.values())
    assert (
        total.means["review_working_days"] is not None
        and Decimal(4) <= total.means["review_working_days"] <= 9
    )
    groups = rows[1:]
    assert {(g.patent_type, g.field) for g in groups} <= {(t, f) for t in TYPES for f in FIELDS}
    for key in ("received", "accepted", "qualified", "not_accepted"):
        assert sum(g.counts[key] or 0 for g in groups) == total.counts[key]


def test_published_counts_give_the_published_rates() -> None:
    rates = rates_from_counts(SH.received, SH.accepted, SH.qualified)
    assert [rates[k].shown() for k in ("acceptance", "pass_rate", "received_to_qualified")] == [
        "92.83%",
        "76.15%",
        "70.69%",
    ]
    with pytest.raises(InvalidValue):
        rates_from_counts(10, 11, 1)


def test_by_period_and_cnipa_events() -> None:
    case = CaseRecord(
        "c",
        "invention",
        "f",
        date(2025, 3, 3),
        accepted_on=date(2025, 3, 4),
        concluded_on=date(2025, 3, 12),
        qualified=True,
        filed_on=date(2025, 3, 18),
        cnipa_concluded_on=date(2025, 6, 16),
        cnipa_outcome="granted",
    )
    march = centre_statistics([case], date(2025, 3, 1), date(2025, 3, 31), by=())[0]
    assert march.counts["entered_fast_channel"] == 1 and march.counts["granted"] == 0
    june = centre_statistics([case], date(2025, 6, 1), date(2025, 6, 30), by=())[0]
    assert june.counts["received"] == 0 and june.counts["granted"] == 1 and june.counts["concluded"] == 1
    assert june.rates["grant_rate"].percent() == Decimal("100.00")
    assert june.means["grant_cycle_days"] == Decimal("90.0")  # filing → grant
    with pytest.raises(InvalidValue, match="before its start"):
        centre_statistics([case], date(2025, 6, 1), date(2025, 5, 1))
    with pytest.raises(InvalidValue, match="broken down"):
        centre_statistics([case], date(2025, 6, 1), date(2025, 6, 30), by=("region",))


BJ = fixtures.BEIJING_2023


def beijing_batches() -> list[BatchRecord]:
    """23 batches / 313 applications; 11 batches / 146 applications admitted; 109 granted, 5 rejected."""
    admitted_sizes = [14] * 3 + [13] * 8  # 146
    other_sizes = [14] * 11 + [13]  # 167
    outcomes: list[str | None] = ["granted"] * 109 + ["rejected"] * 5 + [None] * 32
    batches, used = [], 0
    for i, size in enumerate(admitted_sizes):
        members = tuple(outcomes[used : used + size])
        used += size
        batches.append(
            BatchRecord(f"B{i:02d}", BJ.centre, "芯片", date(2023, 3, 1) + timedelta(days=i), True, members)
        )
    for i, size in enumerate(other_sizes):
        batches.append(BatchRecord(f"N{i:02d}", BJ.centre, "环保", date(2023, 5, 1), False, (None,) * size))
    return batches


def test_beijing_2023_batch_report() -> None:
    report = batch_report(beijing_batches(), BJ.centre, 2023)
    c = report.counts
    assert (c["batches_received"], c["applications_received"]) == (23, 313)
    assert (c["batches_admitted"], c["applications_admitted"]) == (11, 146)
    assert (c["granted"], c["concluded"]) == (109, 114)
    assert report.rates["application_admission"].percent(1) == Decimal("46.6")
    assert report.rates["batch_admission"].percent(1) == Decimal("47.8")
    assert report.rates["grant_rate"].percent(0) == Decimal("96")  # the published 审结授权率
    assert report.rates["granted_of_admitted"].percent(1) == Decimal("74.7")
    assert len(report.batches) == 23 and sum(b["applications"] for b in report.batches) == 313
    assert batch_report(beijing_batches(), BJ.centre, 2024).counts["batches_received"] == 0


def test_concluded_from_the_published_rate() -> None:
    estimate, consistent = concluded_from_rate(BJ.granted, BJ.concluded_grant_rate_percent)
    assert estimate == Decimal("113.54") and consistent == [113, 114]
    figures = service.published_figures()["beijing_2023_batches"]
    assert figures["rates"]["application_admission"]["percent"] == 46.65
    assert figures["concluded_consistent_with_rate"] == [113, 114]
