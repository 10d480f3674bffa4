"""What every rule family shares: the rule record (id, severity, message, legal basis), findings, the context a
check reads, the family record the registry collects, and the 2010↔2023 article numbering.

Article numbers follow the Implementing Regulations of the Patent Law as revised in 2023 (国务院令第769号,
in force 2024-01-20). Several public checkers still cite the 2010 numbers; ``ARTICLES_2010_TO_2023`` maps
them so a finding never carries the old number. Guidelines sections are those of the 专利审查指南 (2023).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold

#: 2010 Implementing Regulations article → 2023 article (the claims/description/abstract articles moved by 3).
ARTICLES_2010_TO_2023: dict[int, int] = {17: 20, 18: 21, 19: 22, 20: 23, 21: 24, 22: 25, 23: 26}
ARTICLES_2023_TO_2010: dict[int, int] = {v: k for k, v in ARTICLES_2010_TO_2023.items()}

_CN_NUMERALS = {
    20: "二十",
    21: "二十一",
    22: "二十二",
    23: "二十三",
    24: "二十四",
    25: "二十五",
    26: "二十六",
}
_PARAGRAPHS = {1: "一", 2: "二", 3: "三", 4: "四"}

DISCLAIMER_ZH = "本报告由程序自动生成，仅供审查员参考，不构成任何法律结论；最终意见以审查员判断为准。"
DISCLAIMER_EN = (
    "Generated automatically as an aid for the examiner; it is not a legal conclusion and does not replace "
    "the examiner's judgement."
)


def rule_article(article_2023: int, paragraph: int | None = None) -> str:
    """'专利法实施细则第二十五条第二款' for (25, 2)."""
    text = f"专利法实施细则第{_CN_NUMERALS[article_2023]}条"
    return text + (f"第{_PARAGRAPHS[paragraph]}款" if paragraph else "")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id (a contract), default severity, what it checks and its legal basis (2023 numbering)."""

    id: str
    severity: str  # default severity; some checks lower it for weaker evidence
    basis_zh: str
    basis_en: str
    article_2023: int | None  # Implementing Regulations article (None: Law or Guidelines only)
    what_zh: str
    what_en: str
    basis_us: str | None = None  # US/EP basis, cited instead for claims in English

    @property
    def article_2010(self) -> int | None:
        return ARTICLES_2023_TO_2010.get(self.article_2023) if self.article_2023 else None

    def finding(
        self,
        claim: ClaimNode | None,
        start: int,
        end: int,
        zh: str,
        en: str,
        *,
        severity: str | None = None,
        part: str = "claims",
        index: int = 0,
    ) -> Finding:
        basis = self.basis_zh
        if claim is not None and claim.lang != "zh":
            basis = self.basis_us or self.basis_en
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            claim=claim.number if claim is not None else None,
            start=start,
            end=end,
            message_zh=zh,
            message_en=en,
            basis=basis,
            part=part,
            claim_index=index,
        )


def rule(
    rid: str,
    severity: str,
    *,
    what_zh: str,
    what_en: str,
    article: int | None = None,
    paragraph: int | None = None,
    also_zh: str = "",
    also_en: str = "",
    us: str | None = None,
) -> Rule:
    """A rule whose basis is an article of the Implementing Regulations (2023) and/or other sources."""
    zh = "；".join(x for x in (rule_article(article, paragraph) if article else "", also_zh) if x)
    en_art = (
        f"Implementing Regulations (2023) Art. {article}" + (f"({paragraph})" if paragraph else "")
        if article
        else ""
    )
    en = "; ".join(x for x in (en_art, also_en) if x)
    return Rule(rid, severity, zh, en, article, what_zh, what_en, us)


#: how many claims up a reference chain the antecedent and subject checks read (besides its independent claims)
CONTEXT_CLAIMS = 100


class ClaimSet:
    """What every rule needs of one claim set, computed once: claims by number, their reference chains
    (memoised ancestor walks) and the folded text of each chain."""

    __slots__ = ("_ancestors", "_context", "_roots", "by_number", "claims")

    def __init__(self, claims: Sequence[ClaimNode]) -> None:
        self.claims = claims
        self.by_number = {c.number: c for c in claims if c.number is not None}
        self._ancestors: dict[int, list[int]] = {}
        self._context: dict[int, str] = {}
        self._roots: dict[int, set[int]] = {}

    def ancestors(self, number: int) -> list[int]:
        """Every claim ``number`` depends on, transitively, the nearest first (built from the lists of the claims
        it cites, so a long chain costs one pass)."""
        found = self._ancestors.get(number)
        if found is not None:
            return found
        by_number = self.by_number
        # the claims below it that it reaches, resolved from the lowest up (no recursion)
        pending = [number]
        order: list[int] = []
        while pending:
            n = pending.pop()
            if n in self._ancestors or n in order or n not in by_number:
                continue
            order.append(n)
            pending.extend(t for t in by_number[n].cited if t < n and t not in self._ancestors)
        for n in sorted(order):
            cited = sorted((t for t in set(by_number[n].cited) if t < n and t in by_number), reverse=True)
            if len(cited) == 1:
                self._ancestors[n] = [cited[0], *self._ancestors[cited[0]]]
                continue
            seen: set[int] = set()
            out: list[int] = []
            for t in cited:
                for a in (t, *self._ancestors[t]):
                    if a not in seen:
                        seen.add(a)
                        out.append(a)
            self._ancestors[n] = out
        return self._ancestors.get(number, [])

    def roots(self, number: int) -> set[int]:
        """The independent claims up the reference chain of claim ``number``."""
        found = self._roots.get(number)
        if found is None:
            by_number = self.by_number
            found = self._roots[number] = {a for a in self.ancestors(number) if by_number[a].independent}
        return found

    def branch(self, number: int) -> str:
        """The folded text of claim ``number`` and of every claim up its reference chain: what a claim depending
        on it (among others, in the alternative) can find an antecedent in when read with it."""
        claim = self.by_number.get(number)
        return (fold(claim.text) + " " + self.context(number)) if claim is not None else ""

    def context(self, number: int) -> str:
        """The folded text of the claims up the reference chain of claim ``number``: the nearest
        ``CONTEXT_CLAIMS`` and every independent claim of the chain (so that a chain of thousands of claims, each
        citing the one before, is not read a thousand times over)."""
        found = self._context.get(number)
        if found is None:
            by_number = self.by_number
            chain = self.ancestors(number)
            kept = chain[:CONTEXT_CLAIMS] + [a for a in chain[CONTEXT_CLAIMS:] if by_number[a].independent]
            found = " ".join(fold(by_number[a].text) for a in kept)
            self._context[number] = found
        return found


@dataclass
class CheckContext:
    """What a rule family's check reads: the parsed claims, the application they came with, shared caches."""

    claims: Sequence[ClaimNode]
    app: Application | None = None
    claim_set: ClaimSet = field(init=False)

    def __post_init__(self) -> None:
        self.claim_set = ClaimSet(self.claims)

    @property
    def office(self) -> str | None:
        return self.app.office if self.app else None

    @cached_property
    def chinese_application(self) -> Application | None:
        """The application, when its title, abstract and description are to be checked (Chinese ones only)."""
        claims, app = self.claims, self.app
        zh = (claims[0].lang == "zh") if claims else (app is not None and app.lang == "zh")
        return app if app is not None and zh else None


#: a seeder takes a clean real application and its parsed claims and returns the application with one
#: defect of its rule and the claim the finding must name (None for title, abstract and description rules),
#: or None when the claim set offers no place for that defect
Seed = tuple[Application, int | None]
Seeder = Callable[[Application, list[ClaimNode]], Seed | None]


@dataclass(frozen=True)
class Family:
    """One rule family: its rules, the check that yields their findings, and one seeder per rule."""

    name: str
    rules: tuple[Rule, ...]
    check: Callable[[CheckContext], Iterator[Finding]]
    seeders: Mapping[str, Seeder] = field(default_factory=dict)
    #: findings of another rule that a seed of this family's rule brings with it by necessity
    inherent: Mapping[str, frozenset[str]] = field(default_factory=dict)


def nums(numbers: Sequence[int]) -> str:
    """'1、2、3' (or '1–9' for a long list) for messages."""
    return "、".join(str(n) for n in numbers) if len(numbers) <= 6 else f"{numbers[0]}–{numbers[-1]}"


_SPACE = re.compile(r"\s")


def visible_chars(text: str) -> int:
    """Characters as the Guidelines count them for titles and abstracts (punctuation in, whitespace out)."""
    return len(_SPACE.sub("", text))
