"""Tests for ipcenter.core.ipc (domain-cn.md §9 rule 7)."""

from __future__ import annotations

import pytest

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import IpcPattern, IpcSymbol, matches_any, normalize_ipc, parse_ipc


@pytest.mark.parametrize(
    ("text", "normalized", "level"),
    [
        ("G06F40/30", "G06F40/30", "subgroup"),
        ("G06F 40/30", "G06F40/30", "subgroup"),
        ("g06f 40 / 30", "G06F40/30", "subgroup"),
        ("G06F0040300000", "G06F40/30", "subgroup"),
        ("G06F0040000000", "G06F40/00", "main_group"),
        ("G06F40/00", "G06F40/00", "main_group"),
        ("G06F  40/30 (2020.01)", "G06F40/30", "subgroup"),
        ("C07C  15/00        20060101CFI20081203BHCN", "C07C15/00", "main_group"),
        ("G06F", "G06F", "subclass"),
        ("G06F40", "G06F40/00", "main_group"),
        ("H01L31/0224", "H01L31/0224", "subgroup"),
        ("H01L0031022400", "H01L31/0224", "subgroup"),
        ("A01B1/100", "A01B1/10", "subgroup"),  # trailing zeros beyond two digits are not significant
        ("B64U20/80", "B64U20/80", "subgroup"),
        ("Ｇ０６Ｆ４０／３０", "G06F40/30", "subgroup"),
    ],
)
def test_parse_forms(text: str, normalized: str, level: str) -> None:
    sym = parse_ipc(text)
    assert sym.normalized == normalized == normalize_ipc(text)
    assert sym.level == level


def test_symbol_parts() -> None:
    s = parse_ipc("G06F40/30")
    assert (s.section, s.ipc_class, s.subclass, s.main_group, s.subgroup) == ("G", "G06", "G06F", "40", "30")
    assert s.main_group_symbol == "G06F40/00" and str(s) == "G06F40/30"
    assert IpcSymbol("G06F").main_group_symbol is None


@pytest.mark.parametrize("text", ["", "Z06F40/30", "G6F", "G06F40/30 extra words", "/30", "1234"])
def test_invalid(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_ipc(text)


@pytest.mark.parametrize(
    ("pattern", "symbol", "expected"),
    [
        ("G06F40*", "G06F40/30", True),
        ("G06F40*", "G06F40/00", True),
        ("G06F40*", "G06F40", True),
        ("G06F40*", "G06F400/30", False),
        ("G06F40*", "G06F4/30", False),
        ("G06F40*", "G06F41/30", False),
        ("G06F40*", "G06N40/30", False),
        ("G06F", "G06F17/30", True),
        ("G06F", "G06N3/08", False),
        ("G06F40", "G06F40/166", True),
        ("G06F40/30", "G06F40/30", True),
        ("G06F40/30", "G06F40/35", False),
        ("G06F40/00", "G06F40/30", False),
        ("G06F40/00", "G06F40/00", True),
        ("H01L31/08*", "H01L31/08", True),
        ("H01L31/08*", "H01L31/0816", True),
        ("H01L31/08*", "H01L0031080000", True),
        ("H01L31/08*", "H01L31/09", False),
        ("H01L31/08*", "H01L31/18", False),
        ("H01L31/08*", "H01L31/0224", False),
    ],
)
def test_pattern_matches(pattern: str, symbol: str, expected: bool) -> None:
    assert IpcPattern.parse(pattern).matches(symbol) is expected


def test_exclusions() -> None:
    include = [IpcPattern.parse("H01L31*")]
    exclude = [IpcPattern.parse("H01L31/08*")]
    assert matches_any("H01L31/18", include, exclude)
    assert not matches_any("H01L31/08", include, exclude)
    assert not matches_any("H01L31/0804", include, exclude)
    assert not matches_any("H01L33/00", include, exclude)
    assert matches_any(parse_ipc("H01L31/04"), include)


@pytest.mark.parametrize("text", ["", "G0", "G06F40/30/1", "X99Z"])
def test_invalid_patterns(text: str) -> None:
    with pytest.raises(InvalidValue):
        IpcPattern.parse(text)
