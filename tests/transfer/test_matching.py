"""The match score's parts on constructed patents: availability, region, the IPC weight by its source, one
answer per patent, passages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ipcenter.transfer.matching import (
    Match,
    Part,
    one_per_patent,
    part_weight,
    passages,
    region_part,
    status_part,
)
from ipcenter.transfer.needs import query_of
from ipcenter.transfer.patents import PatentFacts, ipc_agreement


def facts(**changes: Any) -> PatentFacts:
    values: dict[str, Any] = {
        "publication_number": "CN115883397B",
        "application_number": "202211359874.7",
        "title": "一种web端数据通用采集方法",
        "patent_type": "invention",
        "country": "CN",
        "ipc": ["H04L43/02"],
        "applicants": [],
        "patentees": [],
        "inventors": [],
        "province": "河南省",
        "city": "郑州市",
        "as_of": date(2025, 6, 1),
        "status": "in_force",
        "status_reason": "granted",
        "converted": "unconverted",
        "converted_basis": "",
        "abstract": "本发明公开了一种数据采集方法。它通用；简单！",
        "claims": ["1. 一种方法。"],
    }
    values.update(changes)
    return PatentFacts(**values)


@pytest.mark.parametrize(
    ("changes", "holder", "credit"),
    [
        ({}, None, 1.0),
        ({"converted": "unknown"}, None, 0.8),
        ({"converted": "unknown"}, {"converted": "unconverted"}, 1.0),  # the library record says so
        ({"status": "unknown"}, None, 0.5),
        ({"status": "pending"}, None, 0.3),
        ({"converted": "converted"}, None, 0.2),
        ({"status": "lapsed"}, None, 0.0),
    ],
)
def test_availability(changes: dict[str, Any], holder: dict[str, Any] | None, credit: float) -> None:
    assert status_part(facts(**changes), holder).value == credit


def test_region_credit() -> None:
    assert region_part(query_of("数据采集的需求", None, "郑州市"), facts()).value == 1.0
    assert region_part(query_of("数据采集的需求", None, "河南省"), facts()).value == 0.6
    assert region_part(query_of("数据采集的需求", None, "长沙市"), facts()).value == 0.2
    assert (
        region_part(query_of("数据采集的需求", None, "长沙市"), facts(province=None, city=None)).value == 0.0
    )
    assert (
        region_part(
            query_of("数据采集的需求", None, "长沙市"), facts(country="US", province=None, city="X")
        ).value
        == 0.0
    )


def test_ipc_credit_and_its_weight_by_source() -> None:
    assert ipc_agreement(["H04L43/08"], ["H04L43/02"])[:2] == (1.0, "group")
    assert ipc_agreement(["H04L"], ["H04L43/02"])[:2] == (0.7, "subclass")
    assert ipc_agreement(["G06F"], ["H04L43/02"])[:2] == (0.0, None)
    weights = {"ipc": 0.6, "ipc_predicted": 0.05}
    assert part_weight(weights, "ipc", "given") == 0.6 and part_weight(weights, "ipc", "predicted") == 0.05


def test_one_answer_per_patent() -> None:
    def match(number: str, app: str | None, score: float) -> Match:
        return Match(
            facts(publication_number=number, application_number=app),
            score,
            {"semantic": Part("semantic", score, "")},
            {"semantic": 1.0},
            [],
            {},
        )

    found = one_per_patent(
        [
            match("US6077553A", None, 0.9),
            match("US6077553", None, 0.8),
            match("CN115883397A", "202211359874.7", 0.7),
            match("CN115883397B", "202211359874.7", 0.6),
            match("US4539213", None, 0.5),
        ]
    )
    assert [m.facts.publication_number for m in found] == ["US6077553A", "CN115883397A", "US4539213"]


def test_passages_split_abstract_and_claims() -> None:
    got = passages(facts())
    assert got[0] == ("title", "一种web端数据通用采集方法")
    assert ("abstract", "本发明公开了一种数据采集方法。") in got and ("claim 1", "1. 一种方法。") in got
    assert len(passages(facts(claims=["x" * 1000] * 9))[-1][1]) <= 240
