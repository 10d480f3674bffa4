"""Tests for ipcenter.core.dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ipcenter.core.dates import parse_date, parse_optional_date
from ipcenter.core.errors import InvalidValue

D = date(2018, 6, 22)


@pytest.mark.parametrize(
    "value",
    [
        20180622,
        "20180622",
        "2018-06-22",
        "2018.06.22",
        "2018/6/22",
        "2018/06/22",
        "22.06.2018",
        "22/06/2018",
        "2018年6月22日",
        "2018年06月22日",
        "2018-06-22T10:11:12",
        "2018-06-22 10:11",
        " 2018-06-22 ",
        "２０１８－０６－２２",
        D,
        datetime(2018, 6, 22, 10, 30),
    ],
)
def test_parse_date_forms(value: object) -> None:
    got = parse_date(value)
    assert got == D and type(got) is date


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2018-02-30", "does not exist"),
        ("20181301", "does not exist"),
        ("17890101", "outside"),
        ("21010101", "outside"),
        ("June 22, 2018", "known form"),
        ("2018622", "known form"),
        ("", "known form"),
        (None, "not text"),
        (True, "not text"),
        (3.5, "not text"),
    ],
)
def test_parse_date_errors(value: object, fragment: str) -> None:
    with pytest.raises(InvalidValue, match=fragment):
        parse_date(value)


@pytest.mark.parametrize("value", [None, "", 0, "0", "00000000", "-", " ", "null", "None", "NULL"])
def test_parse_optional_empty(value: object) -> None:
    assert parse_optional_date(value) is None


def test_parse_optional_value() -> None:
    assert parse_optional_date("20221202") == date(2022, 12, 2)
    assert parse_optional_date(20230328) == date(2023, 3, 28)
    with pytest.raises(InvalidValue):
        parse_optional_date("2022-13-01")
