"""Tests for ipcenter.core.claims. Reference lists for the real claims were read from the texts by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipcenter.core.claims import claim_references, parse_claims, split_claims


def _kppatent(data_dir: Path, number: str) -> list[str]:
    with (data_dir / "kppatent-zh" / "kppatent_test.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["publication_number"] == number:
                claims: list[str] = rec["claims"]
                return claims
    raise AssertionError(f"{number} not in kppatent_test.jsonl")


# CN113914863A: read from the claim texts ('根据权利要求2或3所述…' etc.)
REFS_CN113914863A = {1: [], 2: [1], 3: [2], 4: [2, 3], 5: [1], 6: [1], 7: [6], 8: [2], 9: [8], 10: [6]}
# CN113132524A: claims 13/14 say '如权利要求1至8任一项…或者实现如利要求9至10任一项' (sic, '利要求')
REFS_CN113132524A = {
    1: [],
    2: [1],
    3: [1, 2],
    4: [1, 2],
    5: [3],
    6: [5],
    7: [3, 5],
    8: [1, 2],
    9: [],
    10: [9],
    11: [],
    12: [],
    13: list(range(1, 11)),
    14: list(range(1, 11)),
}


@pytest.mark.parametrize(
    ("number", "expected"), [("CN113914863A", REFS_CN113914863A), ("CN113132524A", REFS_CN113132524A)]
)
def test_real_claims_as_list(data_dir: Path, number: str, expected: dict[int, list[int]]) -> None:
    claims = parse_claims(_kppatent(data_dir, number))
    assert [c.number for c in claims] == list(expected)
    assert {c.number: c.depends_on for c in claims} == expected


@pytest.mark.parametrize(
    ("number", "expected"), [("CN113914863A", REFS_CN113914863A), ("CN113132524A", REFS_CN113132524A)]
)
def test_real_claims_as_one_block(data_dir: Path, number: str, expected: dict[int, list[int]]) -> None:
    block = "\n".join(_kppatent(data_dir, number))
    claims = parse_claims(block)
    assert {c.number: c.depends_on for c in claims} == expected


def test_steps_numbered_with_parenthesis_stay_inside_the_claim(data_dir: Path) -> None:
    first = _kppatent(data_dir, "CN113914863A")[0]  # contains '1)沿…；2)用…;3)…;4)…'
    parts = split_claims(first)
    assert len(parts) == 1 and parts[0][0] == 1
    assert parts[0][1].endswith("再采上部另一个矿块。")


def test_split_forms() -> None:
    text = "1、一种装置，包括A。2．根据权利要求1所述的装置，其特征在于B。<br/>３.根据权利要求1或2所述的装置。"
    assert split_claims(text) == [
        (1, "一种装置，包括A。"),
        (2, "根据权利要求1所述的装置，其特征在于B。"),
        (3, "根据权利要求1或2所述的装置。"),
    ]
    assert split_claims("") == []
    assert split_claims("一种没有编号的权利要求。") == [(None, "一种没有编号的权利要求。")]


def test_split_does_not_cut_on_decimals() -> None:
    text = "1.一种合金，含碳1.5%。2.根据权利要求1所述的合金，厚度为2.5 mm。"
    parts = split_claims(text)
    assert [n for n, _ in parts] == [1, 2]
    assert parts[0][1] == "一种合金，含碳1.5%。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据权利要求1所述的方法", [1]),
        ("根据权利要求1或2所述的方法", [1, 2]),
        ("根据权利要求1-3中任一项所述的方法", [1, 2, 3]),
        ("根据权利要求1至8任一项所述的方法", [1, 2, 3, 4, 5, 6, 7, 8]),
        ("如权利要求2所述的装置", [2]),
        ("根据权利要求1、3或5所述", [1, 3, 5]),
        ("根据权利要求１所述的方法", [1]),  # full-width digit
        ("根据权利要求2~4任一项", [2, 3, 4]),
        ("一种方法，包括步骤1)和步骤2)", []),
        ("The method of claim 1, wherein", [1]),
        ("The device according to any one of claims 1 to 3", [1, 2, 3]),
        ("The device of claims 1 or 2", [1, 2]),
        ("as claimed in claim 4 and claim 6", [4, 6]),
        ("A method comprising heating to 300 degrees", []),
        ("Vorrichtung nach einem der Ansprüche 1 bis 3", [1, 2, 3]),
        ("Verfahren nach Anspruch 1 oder 2", [1, 2]),
        ("Procédé selon l'une des revendications 1 à 4", [1, 2, 3, 4]),
    ],
)
def test_references(text: str, expected: list[int]) -> None:
    assert claim_references(text) == expected


def test_english_block() -> None:
    text = "1. A widget comprising a base.\n2. The widget of claim 1, wherein the base is round.\n3. The widget of any one of claims 1 to 2."
    claims = parse_claims(text)
    assert [(c.number, c.depends_on) for c in claims] == [(1, []), (2, [1]), (3, [1, 2])]


def test_reference_to_every_preceding_claim() -> None:
    # Claim 4 of CN101223695A (real text, cut): refers to all earlier claims without numbers.
    text = "如前面权利要求中任一项所述的分配机，其中所述传感器系统包括至少两个IR发射器"
    assert claim_references(text, 4) == [1, 2, 3]
    assert claim_references(text) == []  # without its own number the range is unknown
    assert claim_references("The device of any preceding claim, wherein", 3) == [1, 2]
    assert claim_references("如权利要求1所述的分配机", 5) == [1]  # explicit numbers win
    assert claim_references("一种分配机，包括外壳", 2) == []
