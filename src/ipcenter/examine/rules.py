"""The rule table: ids (a contract), default severity, legal basis (2023 numbering) and the 2010 mapping.

Article numbers follow the Implementing Regulations of the Patent Law as revised in 2023 (国务院令第769号,
in force 2024-01-20). Several public checkers still cite the 2010 numbers; ``ARTICLES_2010_TO_2023`` maps
them so a finding never carries the old number. Guidelines sections are those of the 专利审查指南 (2023).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def rule_article(article_2023: int, paragraph: int | None = None) -> str:
    """'专利法实施细则第二十五条第二款' for (25, 2)."""
    text = f"专利法实施细则第{_CN_NUMERALS[article_2023]}条"
    return text + (f"第{_PARAGRAPHS[paragraph]}款" if paragraph else "")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str  # default severity; some checks lower it for weaker evidence
    basis_zh: str  # 2023 numbering
    basis_en: str
    article_2023: int | None  # Implementing Regulations article (None: Law or Guidelines only)
    what_zh: str
    what_en: str

    @property
    def article_2010(self) -> int | None:
        return ARTICLES_2023_TO_2010.get(self.article_2023) if self.article_2023 else None


def _r(
    rid: str, sev: str, art: int | None, par: int | None, extra_zh: str, extra_en: str, wz: str, we: str
) -> Rule:
    zh = "；".join(x for x in (rule_article(art, par) if art else "", extra_zh) if x)
    en_art = f"Implementing Regulations (2023) Art. {art}" + (f"({par})" if par else "") if art else ""
    en = "; ".join(x for x in (en_art, extra_en) if x)
    return Rule(rid, sev, zh, en, art, wz, we)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _r(
            "CLM-NUMBERING",
            "error",
            22,
            1,
            "",
            "",
            "权利要求未用阿拉伯数字从1起连续编号",
            "claims not numbered 1..n in Arabic numerals",
        ),
        _r(
            "CLM-NUMBER-PREFIX",
            "error",
            22,
            1,
            "专利审查指南第一部分第一章4.4节",
            "Guidelines Part I Ch.1 §4.4",
            "编号前冠以“权利要求”“权项”等词",
            "'权利要求'/'权项' written before the claim number",
        ),
        _r(
            "CLM-REF-FORWARD",
            "error",
            25,
            2,
            "",
            "",
            "从属权利要求引用自身或在后的权利要求",
            "a claim refers to itself or a later claim",
        ),
        _r(
            "CLM-REF-MISSING",
            "error",
            25,
            2,
            "专利法第二十六条第四款",
            "Patent Law Art. 26(4)",
            "引用了不存在的权利要求",
            "reference to a claim that does not exist",
        ),
        _r(
            "CLM-MULTI-NOT-ALTERNATIVE",
            "error",
            25,
            2,
            "",
            "",
            "多项从属权利要求未以择一方式引用",
            "multiple dependency not in the alternative",
        ),
        _r(
            "CLM-MULTI-ON-MULTI",
            "error",
            25,
            2,
            "",
            "",
            "多项从属权利要求作为另一项多项从属权利要求的基础",
            "a multiple-dependent claim serves as basis for another multiple-dependent claim",
        ),
        _r(
            "CLM-NO-INDEPENDENT",
            "error",
            23,
            1,
            "",
            "",
            "权利要求书中没有独立权利要求",
            "no independent claim",
        ),
        _r(
            "CLM-INDEPENDENT-ORDER",
            "warning",
            24,
            3,
            "",
            "",
            "从属权利要求未紧随其独立权利要求（被另一独立权利要求隔开）",
            "dependent claims separated from their independent claim by another independent claim",
        ),
        _r(
            "CLM-PERIOD-INSIDE",
            "error",
            None,
            None,
            "专利审查指南第二部分第二章3.3节；专利法第二十六条第四款",
            "Guidelines Part II Ch.2 §3.3; Patent Law Art. 26(4)",
            "句号出现在权利要求中间",
            "a full stop inside a claim",
        ),
        _r(
            "CLM-PERIOD-MISSING",
            "warning",
            None,
            None,
            "专利审查指南第二部分第二章3.3节",
            "Guidelines Part II Ch.2 §3.3",
            "权利要求结尾没有句号",
            "no full stop at the end of a claim",
        ),
        _r(
            "CLM-FIGURE-REF",
            "error",
            22,
            3,
            "",
            "",
            "权利要求中使用“如图……所示”“如说明书……所述”",
            "'as shown in figure …' / 'as described in the description' in a claim",
        ),
        _r(
            "CLM-REF-SIGN",
            "warning",
            22,
            4,
            "",
            "",
            "附图标记未置于括号内",
            "a reference sign not in parentheses",
        ),
        _r(
            "CLM-VAGUE-TERM",
            "error",
            None,
            None,
            "专利审查指南第二部分第二章3.2.2节；专利法第二十六条第四款",
            "Guidelines Part II Ch.2 §3.2.2; Patent Law Art. 26(4)",
            "使保护范围不清楚的用语",
            "wording that makes the scope unclear",
        ),
        _r(
            "CLM-ANTECEDENT",
            "warning",
            None,
            None,
            "专利法第二十六条第四款（缺乏引用基础）",
            "Patent Law Art. 26(4) (lack of antecedent basis); 35 U.S.C. 112(b) / EPC Art. 84 for US/EP",
            "“所述X”在本权利要求及其引用的权利要求中没有在先记载",
            "'所述X' / 'said X' without antecedent",
        ),
        _r(
            "CLM-SUBJECT-MISMATCH",
            "warning",
            25,
            1,
            "",
            "",
            "从属权利要求的主题名称与被引用权利要求不一致",
            "dependent claim's subject name differs from the claim it refers to",
        ),
        _r(
            "CLM-REF-TYPO",
            "error",
            25,
            1,
            "专利法第二十六条第四款",
            "Patent Law Art. 26(4)",
            "引用部分用语有误（如“据权利要求”）",
            "malformed reference phrase",
        ),
        _r(
            "ABS-LENGTH",
            "error",
            26,
            None,
            "专利审查指南第二部分第二章2.4节",
            "Guidelines Part II Ch.2 §2.4",
            "摘要文字部分超过300字",
            "abstract over 300 characters",
        ),
        _r(
            "ABS-PROMO",
            "warning",
            26,
            None,
            "专利审查指南第二部分第二章2.4节",
            "Guidelines Part II Ch.2 §2.4",
            "摘要中使用商业性宣传用语",
            "promotional wording in the abstract",
        ),
        _r(
            "TITLE-LENGTH",
            "warning",
            None,
            None,
            "专利审查指南第一部分第一章4.1.1节",
            "Guidelines Part I Ch.1 §4.1.1",
            "发明名称超过25个字（特殊情况不超过40个字）",
            "title over 25 characters (40 with a stated reason)",
        ),
        _r(
            "TITLE-FORBIDDEN",
            "warning",
            None,
            None,
            "专利审查指南第一部分第一章4.1.1节",
            "Guidelines Part I Ch.1 §4.1.1",
            "发明名称含人名、商标、型号或“等”",
            "title contains a person name, trademark, model number or '等'",
        ),
        _r(
            "DESC-CLAIM-REF",
            "error",
            20,
            3,
            "",
            "",
            "说明书中使用“如权利要求……所述”的引用语",
            "the description refers to claims ('如权利要求…所述')",
        ),
    )
}

#: US and EP bases, used instead of the Chinese ones for English claims.
US_BASIS: dict[str, str] = {
    "CLM-NUMBERING": "37 CFR 1.126",
    "CLM-REF-FORWARD": "35 U.S.C. 112(d); 37 CFR 1.75(c); EPC Rule 43(4)",
    "CLM-REF-MISSING": "35 U.S.C. 112(d); EPC Rule 43(4)",
    "CLM-MULTI-NOT-ALTERNATIVE": "37 CFR 1.75(c)",
    "CLM-MULTI-ON-MULTI": "37 CFR 1.75(c)",
    "CLM-NO-INDEPENDENT": "35 U.S.C. 112(b); EPC Rule 43(1)",
    "CLM-ANTECEDENT": "35 U.S.C. 112(b); EPC Art. 84",
    "CLM-SUBJECT-MISMATCH": "35 U.S.C. 112(d); EPC Rule 43(4)",
    "CLM-INDEPENDENT-ORDER": "37 CFR 1.75(g)",
}

DISCLAIMER_ZH = "本报告由程序自动生成，仅供审查员参考，不构成任何法律结论；最终意见以审查员判断为准。"
DISCLAIMER_EN = (
    "Generated automatically as an aid for the examiner; it is not a legal conclusion and does not replace "
    "the examiner's judgement."
)
