"""Seeded defects on real claim sets: each rule finds the defect introduced, at the right claim, and no
other new error appears (a sample of the clean KPPatent sets keeps the test fast; the benchmark runs all)."""

from __future__ import annotations

import pytest

from ipcenter.examine.models import Application
from ipcenter.examine.seeding import SEEDERS, clean_bases, run_suite


@pytest.fixture(scope="module")
def bases(kppatent: dict[str, Application]):
    return clean_bases(list(kppatent.values()), limit=40)


@pytest.mark.parametrize("rule", list(SEEDERS))
def test_seeded_rule(bases, rule: str) -> None:
    outcome = run_suite(bases, [rule])[rule]
    assert outcome.seeded >= 5, f"too few places to seed {rule}"
    assert outcome.recall >= 0.9, (rule, outcome.missed)
    assert outcome.extra_errors <= 0.05 * outcome.seeded, outcome.noisy
