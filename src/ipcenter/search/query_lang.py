"""The CNIPA-style field-code query language: lexer, parser and syntax tree (pure; no index here).

Grammar (NOT binds tighter than AND, AND tighter than OR; adjacent terms are joined by AND)::

    query   := or
    or      := and (("OR" | "或") and)*
    and     := unary (("AND" | "与")? unary | ("NOT" | "非") unary)*
    unary   := ("NOT" | "非") unary | primary
    primary := "(" or ")" | FIELD OP value | TERM | PHRASE
    value   := "(" or ")" | TERM | PHRASE | DATE | DATE ":" DATE

Operators are the upper-case words AND / OR / NOT or the stand-alone characters 与 / 或 / 非 (so 与门 stays a
word and lower-case "and" stays an English word). Field codes are case-insensitive. Positions in errors are
1-based character columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ipcenter.errors import InvalidValue

#: field code → what it searches (documented in docs/search.md)
TEXT_FIELDS = {"TI", "AB", "CL", "DE", "TX", "PA", "IN"}
CODE_FIELDS = {"IC", "CPC", "PN", "AN", "PT", "LS", "AR"}
DATE_FIELDS = {"AD", "PD", "GD"}
FIELD_CODES = TEXT_FIELDS | CODE_FIELDS | DATE_FIELDS
COMPARISONS = ("=", ">=", "<=", ">", "<")
#: Brackets and NOTs nested deeper than this are refused (a clear error instead of exhausting the stack).
MAX_DEPTH = 64
#: PT= values people type → the stored patent type
TYPE_ALIASES = {
    "发明": "invention",
    "发明专利": "invention",
    "i": "invention",
    "实用新型": "utility_model",
    "实用": "utility_model",
    "u": "utility_model",
    "外观设计": "design",
    "外观": "design",
    "d": "design",
    "植物": "plant",
    "utility": "utility_model",
    "utility-model": "utility_model",
}
#: LS= values people type → the stored legal status
STATUS_ALIASES = {
    "有效": "in_force",
    "有权": "in_force",
    "授权": "in_force",
    "失效": "lapsed",
    "无权": "lapsed",
    "审中": "pending",
    "未知": "unknown",
    "active": "in_force",
    "inforce": "in_force",
    "in-force": "in_force",
    "dead": "lapsed",
    "expired": "lapsed",
}

_OPS = {"AND": "AND", "与": "AND", "OR": "OR", "或": "OR", "NOT": "NOT", "非": "NOT"}


class QuerySyntaxError(InvalidValue):
    """A malformed query: ``reason`` says what was expected, ``position`` is the 1-based column where the
    problem starts; ``message`` (what users see) is "malformed query: <reason> at position <n>"."""

    def __init__(self, reason: str, position: int, query: str) -> None:
        self.reason = reason
        self.position = position
        self.query = query
        super().__init__(f"malformed query: {reason} at position {position}")

    def pointer(self, width: int = 60) -> str:
        """The query with a caret under the position (for people); a long query is cut to ``width``
        characters either side of the position."""
        start = max(0, self.position - 1 - width)
        end = min(len(self.query), self.position - 1 + width)
        before = "…" if start > 0 else ""
        after = "…" if end < len(self.query) else ""
        line = before + self.query[start:end] + after
        return f"{line}\n{' ' * (len(before) + self.position - 1 - start)}^"


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class Term:
    text: str
    field: str = "TX"
    phrase: bool = False  # quoted: the words in this order

    @property
    def truncated(self) -> bool:
        return not self.phrase and self.text.endswith("*")


@dataclass(frozen=True)
class DateRange:
    field: str
    low: date | None  # inclusive
    high: date | None  # inclusive


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | DateRange | And | Or | Not


def terms(node: Node) -> list[Term]:
    """Every positive term of the tree (for highlighting)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, And | Or):
        return [t for c in node.children for t in terms(c)]
    return []


# --------------------------------------------------------------------------- lexer


@dataclass(frozen=True)
class Token:
    kind: str  # FIELD, OP(=,>=..), LPAREN, RPAREN, AND, OR, NOT, PHRASE, WORD, END
    text: str
    pos: int  # 1-based


_FIELD_RE = re.compile(r"([A-Za-z]{2,3})\s*(>=|<=|=|>|<)")
_WORD_STOP = set(' \t\r\n()"=<>（）“”')


def tokenize(query: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "(（":
            out.append(Token("LPAREN", ch, i + 1))
            i += 1
            continue
        if ch in ")）":
            out.append(Token("RPAREN", ch, i + 1))
            i += 1
            continue
        if ch in '"“':
            end = query.find("”" if ch == "“" else '"', i + 1)
            if end < 0:
                raise QuerySyntaxError('unclosed quotation mark: expected a closing "', i + 1, query)
            text = query[i + 1 : end].strip()
            if not text:
                raise QuerySyntaxError("empty phrase: expected words between the quotes", i + 1, query)
            out.append(Token("PHRASE", text, i + 1))
            i = end + 1
            continue
        m = _FIELD_RE.match(query, i)
        if m and (i == 0 or query[i - 1] in _WORD_STOP):
            code = m.group(1).upper()
            if code not in FIELD_CODES:
                raise QuerySyntaxError(
                    f"unknown field code {m.group(1)!r}: expected one of {', '.join(sorted(FIELD_CODES))}",
                    i + 1,
                    query,
                )
            out.append(Token("FIELD", code, i + 1))
            out.append(Token("CMP", m.group(2), m.start(2) + 1))
            i = m.end()
            continue
        if ch in "=<>":
            raise QuerySyntaxError(
                f"unexpected {ch!r}: a comparison needs a field code before it (e.g. AD>=20200101)",
                i + 1,
                query,
            )
        j = i
        while j < n and query[j] not in _WORD_STOP:
            j += 1
        if j == i:  # a stop character no branch above takes (a lone ”): never loop without progress
            raise QuerySyntaxError(
                f"unexpected {ch!r}: a closing quotation mark needs its opening one", i + 1, query
            )
        word = query[i:j]
        op = _OPS.get(word)
        out.append(Token(op, word, i + 1) if op else Token("WORD", word, i + 1))
        i = j
    out.append(Token("END", "", n + 1))
    return out


# --------------------------------------------------------------------------- parser

_DATE_RE = re.compile(r"^(\d{4})(?:[-./]?(\d{1,2})(?:[-./]?(\d{1,2}))?)?$")


@dataclass
class _Parser:
    query: str
    tokens: list[Token]
    i: int = 0
    fields: list[str] = field(default_factory=lambda: ["TX"])
    depth: int = 0  # brackets and NOTs open around the current position

    def enter(self, tok: Token) -> None:
        """One level deeper (a bracket or a NOT); refuses more than MAX_DEPTH, before Python's stack would."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(
                f"query nested too deeply: more than {MAX_DEPTH} levels of brackets and NOTs",
                tok.pos,
                self.query,
            )

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, message: str, tok: Token) -> QuerySyntaxError:
        found = "end of query" if tok.kind == "END" else repr(tok.text)
        return QuerySyntaxError(f"{message}, found {found}", tok.pos, self.query)

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise QuerySyntaxError("empty query: expected a search term", 1, self.query)
        node = self.parse_or()
        tok = self.peek()
        if tok.kind == "RPAREN":
            raise self.fail("unbalanced ')': no '(' to close", tok)
        if tok.kind != "END":
            raise self.fail("expected an operator or the end of the query", tok)
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek().kind == "OR":
            self.take()
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                self.take()
                children.append(self.parse_unary())
            elif kind == "NOT":
                self.enter(self.take())
                children.append(Not(self.parse_unary()))
                self.depth -= 1
            elif kind in ("WORD", "PHRASE", "LPAREN", "FIELD"):
                children.append(self.parse_unary())  # adjacent terms: implicit AND
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        if self.peek().kind == "NOT":
            self.enter(self.take())
            node = Not(self.parse_unary())
            self.depth -= 1
            return node
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.take()
        if tok.kind == "LPAREN":
            self.enter(tok)
            node = self.parse_or()
            close = self.take()
            if close.kind != "RPAREN":
                raise self.fail(f"expected ')' to close the '(' at position {tok.pos}", close)
            self.depth -= 1
            return node
        if tok.kind == "WORD":
            return self.term(tok, phrase=False)
        if tok.kind == "PHRASE":
            return self.term(tok, phrase=True)
        if tok.kind == "FIELD":
            cmp_tok = self.take()
            return self.field_value(tok, cmp_tok)
        raise self.fail("expected a search term, a phrase, '(' or a field code", tok)

    def term(self, tok: Token, *, phrase: bool) -> Term:
        code = self.fields[-1]
        if code in DATE_FIELDS:
            raise self.fail(f"{code} takes a date, not a term", tok)
        text = tok.text
        if not phrase and text.strip("*") == "":
            raise self.fail("expected a word before the truncation mark '*'", tok)
        if not phrase and "*" in text.rstrip("*"):
            pos = tok.pos + text.index("*")
            raise QuerySyntaxError("truncation '*' is only allowed at the end of a word", pos, self.query)
        return Term(text=text, field=code, phrase=phrase)

    def field_value(self, field_tok: Token, cmp_tok: Token) -> Node:
        code, cmp = field_tok.text, cmp_tok.text
        if code in DATE_FIELDS:
            return self.date_value(code, cmp)
        if cmp != "=":
            raise QuerySyntaxError(
                f"{code} takes '=', not {cmp!r} (only AD, PD and GD compare)", cmp_tok.pos, self.query
            )
        nxt = self.peek()
        if nxt.kind == "LPAREN":
            self.enter(self.take())
            self.fields.append(code)
            try:
                node = self.parse_or()
            finally:
                self.fields.pop()
            close = self.take()
            if close.kind != "RPAREN":
                raise self.fail(f"expected ')' to close the '(' at position {nxt.pos}", close)
            self.depth -= 1
            return node
        if nxt.kind in ("WORD", "PHRASE"):
            self.take()
            self.fields.append(code)
            try:
                return self.term(nxt, phrase=nxt.kind == "PHRASE")
            finally:
                self.fields.pop()
        raise self.fail(f"expected a value after {code}{cmp}", nxt)

    def date_value(self, code: str, cmp: str) -> DateRange:
        tok = self.take()
        if tok.kind != "WORD":
            raise self.fail(f"expected a date after {code}{cmp} (e.g. 20200101 or 2019:2021)", tok)
        if ":" in tok.text:
            if cmp != "=":
                raise QuerySyntaxError(
                    f"a range needs '=' ({code}=2019:2021), not {cmp!r}", tok.pos - len(cmp), self.query
                )
            low_text, _, high_text = tok.text.partition(":")
            low = self.parse_date(low_text, tok.pos, end=False) if low_text else None
            high = self.parse_date(high_text, tok.pos + len(low_text) + 1, end=True) if high_text else None
            if low is None and high is None:
                raise QuerySyntaxError("expected a date on at least one side of ':'", tok.pos, self.query)
            if low and high and low > high:
                raise QuerySyntaxError(f"empty range: {low} is after {high}", tok.pos, self.query)
            return DateRange(code, low, high)
        first = self.parse_date(tok.text, tok.pos, end=False)
        last = self.parse_date(tok.text, tok.pos, end=True)
        if cmp == "=":
            return DateRange(code, first, last)
        if cmp == ">=":
            return DateRange(code, first, None)
        if cmp == ">":
            return DateRange(code, date.fromordinal(last.toordinal() + 1), None)
        if cmp == "<=":
            return DateRange(code, None, last)
        return DateRange(code, None, date.fromordinal(first.toordinal() - 1))

    def parse_date(self, text: str, pos: int, *, end: bool) -> date:
        """A year, year-month or full date; ``end`` gives the last day of a year or month."""
        m = _DATE_RE.match(text)
        if not m:
            raise QuerySyntaxError(
                f"{text!r} is not a date: expected YYYY, YYYYMM or YYYYMMDD", pos, self.query
            )
        year = int(m.group(1))
        month_text, day_text = m.group(2), m.group(3)
        if month_text is not None and len(text) == 6 and day_text is None:
            pass  # YYYYMM
        try:
            if month_text is None:
                return date(year, 12, 31) if end else date(year, 1, 1)
            month = int(month_text)
            if day_text is None:
                if not end:
                    return date(year, month, 1)
                nxt = date(year + (month == 12), month % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1)
            return date(year, month, int(day_text))
        except ValueError:
            raise QuerySyntaxError(f"{text!r} is not a valid date", pos, self.query) from None


def parse(query: str) -> Node:
    """The syntax tree of ``query``; raises QuerySyntaxError naming the position."""
    return _Parser(query, tokenize(query)).parse()


# Field codes in any case (as the lexer reads them), comparisons only after a date code ("in < 5" in a pasted
# claim is prose); operators only as the lexer reads them: upper case (lower-case "and" / "or" in an English
# sentence are words), quotes, brackets, a '*' ending a word.
_FIELD_CODE_USE = re.compile(
    r"(?:^|[\s(（])(?:(?i:" + "|".join(sorted(FIELD_CODES)) + r")\s*=|(?i:AD|PD|GD)\s*(?:>=|<=|>|<))"
)
# The stand-alone 与 / 或 / 非 are operators only in a query that is already in the query language: alone they
# are keywords as often (KPPatent-ZH's keyword lists hold 非 and 与: 表面 环氧 非 离子 丙烯酸, 接触 非).
_OPERATOR_USE = re.compile(r"(?:^|\s)(?:AND|OR|NOT)(?:\s|$)|[\"“”()（）]|\w\*(?:\s|$|\))")


def has_field_codes(query: str) -> bool:
    """True when the query uses a field code (TI=…, AD>=…)."""
    return bool(_FIELD_CODE_USE.search(query))


def all_words(text: str) -> Node:
    """Plain text as a conjunction of its space-separated words (what a plain-text query sorted by date
    matches: with no relevance order, the set has to be precise)."""
    items = [i.strip("*") for i in re.findall(r"[^\s\"“”()（）]+", text)]
    items = [i for i in dict.fromkeys(items) if i.strip("*")] or [text.strip()]
    terms_ = tuple(Term(text=i) for i in items)
    return terms_[0] if len(terms_) == 1 else And(terms_)


def operator_share(query: str) -> float:
    """The share of the query's space-separated words that are operators (AND, OR, NOT, 与, 或, 非)."""
    words = query.split()
    return sum(w in _OPS for w in words) / len(words) if words else 0.0


def has_operators(query: str) -> bool:
    """True when the query uses an operator (AND/OR/NOT upper case), a phrase in quotes, brackets or a truncation
    mark. The stand-alone 与/或/非 do not count (see _OPERATOR_USE): plain text with them stays plain text."""
    return bool(_OPERATOR_USE.search(query))
