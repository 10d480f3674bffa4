"""The field-code query language: trees for valid queries, positions for malformed ones."""

from __future__ import annotations

from datetime import date

import pytest

from ipcenter.search.query_lang import MAX_DEPTH, And, DateRange, Not, Or, QuerySyntaxError, Term, parse


def test_issue_example_parses_to_fields_and_a_date_bound() -> None:
    tree = parse("TI=(锂电池 AND 正极) AND IC=H01M AND AD>=20200101")
    assert tree == And(
        (
            And((Term("锂电池", "TI"), Term("正极", "TI"))),
            Term("H01M", "IC"),
            DateRange("AD", date(2020, 1, 1), None),
        )
    )


def test_chinese_operators_and_precedence() -> None:
    # NOT binds tighter than AND, AND tighter than OR; 与/或/非 are the operators only as stand-alone words
    assert parse("锂电池 与 正极 或 负极 非 隔膜") == Or(
        (And((Term("锂电池"), Term("正极"))), And((Term("负极"), Not(Term("隔膜")))))
    )
    assert parse("与门电路") == Term("与门电路")
    assert parse("method and apparatus") == And((Term("method"), Term("and"), Term("apparatus")))


def test_phrases_truncation_and_ranges() -> None:
    assert parse('TX="lithium battery"') == Term("lithium battery", "TX", phrase=True)
    t = parse("TI=bicycl*")
    assert isinstance(t, Term) and t.truncated
    assert parse("PD=2019:2021") == DateRange("PD", date(2019, 1, 1), date(2021, 12, 31))
    assert parse("AD=202002") == DateRange("AD", date(2020, 2, 1), date(2020, 2, 29))
    assert parse("GD<2000") == DateRange("GD", None, date(1999, 12, 31))
    assert parse("ad > 20201231") == DateRange("AD", date(2021, 1, 1), None)


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ("TI=(锂电池 AND 正极", 15, "expected ')'"),
        ("锂电池 AND", 8, "expected a search term"),
        ("XX=abc", 1, "unknown field code"),
        ("AD>=2020x", 5, "not a date"),
        ("AD=20201301", 4, "not a valid date"),
        ("PT>发明", 3, "PT takes '='"),
        ('TI="锂电池', 4, "unclosed quotation"),
        ("锂电池 正极)", 7, "unbalanced ')'"),
        ("TI=锂*池", 5, "only allowed at the end"),
        ("AD=2021:2019", 4, "empty range"),
        ("", 1, "empty query"),
        ("TI=", 4, "expected a value after TI="),
        ("= 锂电池", 1, "needs a field code"),
    ],
)
def test_malformed_queries_name_the_position(query: str, position: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse(query)
    assert info.value.position == position
    assert words in info.value.message
    assert info.value.pointer().splitlines()[1] == " " * (position - 1) + "^"


def test_nesting_is_refused_before_the_stack_runs_out() -> None:
    parse("(" * MAX_DEPTH + "锂电池" + ")" * MAX_DEPTH)  # deep but allowed
    parse("NOT " * MAX_DEPTH + "锂电池")
    for query in (
        "(" * 300 + "锂电池" + ")" * 300,
        "NOT " * 2000 + "锂电池",
        "TI=(" * 300 + "锂电池" + ")" * 300,
    ):
        with pytest.raises(QuerySyntaxError) as info:
            parse(query)
        assert "nested too deeply" in info.value.message
        assert info.value.exit_code == 2 and info.value.http_status == 422
        line, caret = info.value.pointer().splitlines()
        assert len(line) < 130 and line[len(caret) - 1] in "(N"  # a window around the place, caret under it


def test_wide_queries_are_fine() -> None:
    node = parse(" OR ".join(["锂电池"] * 3000))
    assert isinstance(node, Or) and len(node.children) == 3000
