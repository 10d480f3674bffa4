"""The seeded-defect suite: take a real, clean claim set, introduce one defect of one rule, and see whether
the checker reports exactly that finding (at the expected claim) and no new error anywhere else.

Each seeder returns the mutated application and the claim number the finding must name (None for title,
abstract and description rules), or None when the claim set offers no place for that defect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ipcenter.examine.models import Application, CheckResult, ClaimNode
from ipcenter.examine.service import check_application

Seed = tuple[Application, int | None]


def _claims(app: Application) -> list[str]:
    assert isinstance(app.claims, list)
    return [c if isinstance(c, str) else c[1] for c in app.claims]


def _with(app: Application, claims: list[str], **changes: object) -> Application:
    return replace(app, claims=claims, **changes)  # type: ignore[arg-type]


def _dependents(parsed: list[ClaimNode]) -> list[ClaimNode]:
    return [
        c for c in parsed if not c.independent and len(c.references) == 1 and c.references[0].kind == "single"
    ]


def _last_dependent(parsed: list[ClaimNode], *, skip_referred: bool = True) -> ClaimNode | None:
    referred = {t for c in parsed for t in c.cited}
    for c in reversed(_dependents(parsed)):
        if not skip_referred or c.number not in referred:
            return c
    return None


def _replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _end_insert(text: str, addition: str) -> str:
    body = text.rstrip()
    return (body[:-1] if body.endswith("。") else body) + addition + "。"


def seed_numbering(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = _claims(app)
    n = parsed[-1].number or len(parsed)
    referred = {t for c in parsed for t in c.cited}
    if n in referred:
        return None
    cl[-1] = re.sub(r"^\s*\d+", str(n + 1), cl[-1], count=1)
    return _with(app, cl), n + 1


def seed_number_prefix(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = _claims(app)
    cl[-1] = "权利要求" + cl[-1].lstrip()
    return _with(app, cl), parsed[-1].number


def seed_forward(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = _last_dependent(parsed)
    if c is None or c.number is None:
        return None
    cl = _claims(app)
    r = c.references[0]
    k = parsed.index(c)
    cl[k] = _replace_span(c.text, r.start, r.end, re.sub(r"\d+", str(c.number), r.text))
    return _with(app, cl), c.number


def seed_missing(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = _last_dependent(parsed)
    if c is None:
        return None
    cl = _claims(app)
    r = c.references[0]
    k = parsed.index(c)
    cl[k] = _replace_span(c.text, r.start, r.end, re.sub(r"\d+", str(len(parsed) + 7), r.text))
    return _with(app, cl), c.number


def _plain_targets(parsed: list[ClaimNode], below: int) -> list[int]:
    return [
        c.number for c in parsed if c.number is not None and c.number < below and not c.multiple_dependent
    ]


def seed_not_alternative(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = _last_dependent(parsed)
    if c is None or c.number is None:
        return None
    plain = _plain_targets(parsed, c.number)
    if len(plain) < 2:
        return None
    a, b = plain[-2], plain[-1]
    cl = _claims(app)
    r = c.references[0]
    cl[parsed.index(c)] = _replace_span(c.text, r.start, r.end, f"权利要求{a}和{b}")
    return _with(app, cl), c.number


def seed_multi_on_multi(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    deps = [c for c in _dependents(parsed) if c.number is not None and c.number >= 3]
    if len(deps) < 2:
        return None
    first, second = deps[-2], deps[-1]
    # '如权利要求1或2所述的应用' citing product claims reads as a use claim of another category (independent)
    if any(re.search(r"(?:应用|用途|使用)$", c.subject) for c in (first, second)):
        return None
    referred = {t for c in parsed for t in c.cited}
    if first.number in referred or second.number in referred:
        return None
    assert first.number is not None
    plain = _plain_targets(parsed, first.number)
    if len(plain) < 2:
        return None
    cl = _claims(app)
    r1, r2 = first.references[0], second.references[0]
    cl[parsed.index(first)] = _replace_span(first.text, r1.start, r1.end, f"权利要求{plain[0]}或{plain[1]}")
    cl[parsed.index(second)] = _replace_span(
        second.text, r2.start, r2.end, f"权利要求{plain[0]}或{first.number}"
    )
    return _with(app, cl), second.number


def seed_no_independent(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    # Every claim must then depend on one: the first can only cite itself, so CLM-REF-FORWARD on claim 1
    # comes with it (inherent; the suite allows it for this rule).
    independents = [c for c in parsed if c.independent]
    if len(independents) != 1 or independents[0] is not parsed[0]:
        return None
    cl = _claims(app)
    c = parsed[0]
    # '根据权利要求1所述的X的制备方法' would read as another category's independent claim: not a clean seed
    # (so is any subject with 的 that ends in 方法/工艺: '大跨度预应力双T板的顶升就位转换施工方法')
    if re.search(r"的(?:制备|生产|制造)?方法|的.*(?:方法|工艺)$|用途|应用|制备|用于", c.subject):
        return None
    cl[0] = c.text[: c.body_start] + "根据权利要求1所述的" + c.body.removeprefix("一种")
    return _with(app, cl), None


def seed_independent_order(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    last = parsed[-1]
    if last.independent or last.number is None or parsed[0].independent is False:
        return None
    n = last.number
    cl = _claims(app)
    copy = f"{n}." + parsed[0].body
    moved = re.sub(r"^\s*\d+", str(n + 1), cl[-1], count=1)
    return _with(app, [*cl[:-1], copy, moved]), n + 1


def seed_period_inside(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = parsed[-1]
    at = c.text.find("，", c.body_start + 8)
    if at < 0:
        return None
    cl = _claims(app)
    cl[-1] = c.text[:at] + "。" + c.text[at + 1 :]
    return _with(app, cl), c.number


def seed_period_missing(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = parsed[-1]
    if not c.text.rstrip().endswith("。"):
        return None
    cl = _claims(app)
    cl[-1] = c.text.rstrip()[:-1]
    return _with(app, cl), c.number


def seed_figure(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = _claims(app)
    cl[-1] = _end_insert(parsed[-1].text, "，其结构如图2所示")
    return _with(app, cl), parsed[-1].number


_SIGN = re.compile(r"([\u4e00-\u9fff]{2})[（(](\d{1,3})[)）]")


def seed_ref_sign(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    seen: dict[tuple[str, str], int] = {}
    for c in parsed:
        for m in _SIGN.finditer(c.text):
            seen[(m.group(1), m.group(2))] = seen.get((m.group(1), m.group(2)), 0) + 1
    for k in range(len(parsed) - 1, -1, -1):
        c = parsed[k]
        for m in _SIGN.finditer(c.text, c.body_start):
            if seen[(m.group(1), m.group(2))] >= 2 and m.group(1) not in ("步骤", "工序"):
                nxt = c.text[m.end() : m.end() + 1]
                if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "个根条块片层次份倍号级":
                    cl = _claims(app)
                    cl[k] = c.text[: m.start()] + m.group(1) + m.group(2) + c.text[m.end() :]
                    return _with(app, cl), c.number
    return None


def seed_vague(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = _claims(app)
    cl[-1] = _end_insert(parsed[-1].text, "，例如采用钢材制成")
    return _with(app, cl), parsed[-1].number


def seed_antecedent(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    # a feature never introduced: none of its two-character pieces occurs in the claims
    whole = "".join(c.text for c in parsed)
    term = next(
        (
            t
            for t in ("棘轮", "蜗杆副", "光栅尺", "缓冲弹簧", "锁舌", "滤芯")
            if not any(t[k : k + 2] in whole for k in range(len(t) - 1))
        ),
        None,
    )
    if term is None:
        return None
    cl = _claims(app)
    cl[-1] = _end_insert(parsed[-1].text, f"，所述{term}可拆卸")
    return _with(app, cl), parsed[-1].number


def seed_subject(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = _last_dependent(parsed, skip_referred=False)
    if c is None or not c.subject:
        return None
    subjects = "".join(x.subject for x in parsed)
    new = next(
        (s for s in ("灌装机", "存储介质", "光纤连接器") if s[-2:] not in subjects and s not in subjects),
        None,
    )
    if new is None:
        return None
    cl = _claims(app)
    cl[parsed.index(c)] = _replace_span(c.text, c.subject_span[0], c.subject_span[1], new)
    return _with(app, cl), c.number


def seed_typo(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    for k in range(len(parsed) - 1, -1, -1):
        c = parsed[k]
        if "根据权利要求" in c.text:
            cl = _claims(app)
            cl[k] = c.text.replace("根据权利要求", "据权利要求", 1)
            return _with(app, cl), c.number
    return None


def seed_abstract_length(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.abstract or len(app.abstract) > 300:
        return None
    filler = "所述装置结构简单，使用方便。"
    text = app.abstract
    while len(re.sub(r"\s", "", text)) <= 300:
        text += filler
    return replace(app, abstract=text), None


def seed_abstract_promo(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.abstract or len(app.abstract) > 280:
        return None
    return replace(app, abstract=app.abstract.rstrip("。") + "，达到国际领先水平。"), None


def seed_title_length(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    suffix = "及其制备方法和在工业含油废水深度处理中的应用"  # 21 characters: 26..40 in all
    if not app.title or not 5 <= len(app.title) <= 19:
        return None
    return replace(app, title=app.title + suffix), None


def seed_title_forbidden(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.title or len(app.title) > 18:
        return None
    return replace(app, title="XJ-200型" + app.title.removeprefix("一种")), None


def seed_description(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    subject = parsed[0].subject or "装置"
    description = f"本发明提供一种{subject}。在一个实施例中，如权利要求1所述的{subject}具有良好的效果。"
    return replace(app, description=description), None


SEEDERS: dict[str, Callable[[Application, list[ClaimNode]], Seed | None]] = {
    "CLM-NUMBERING": seed_numbering,
    "CLM-NUMBER-PREFIX": seed_number_prefix,
    "CLM-REF-FORWARD": seed_forward,
    "CLM-REF-MISSING": seed_missing,
    "CLM-MULTI-NOT-ALTERNATIVE": seed_not_alternative,
    "CLM-MULTI-ON-MULTI": seed_multi_on_multi,
    "CLM-NO-INDEPENDENT": seed_no_independent,
    "CLM-INDEPENDENT-ORDER": seed_independent_order,
    "CLM-PERIOD-INSIDE": seed_period_inside,
    "CLM-PERIOD-MISSING": seed_period_missing,
    "CLM-FIGURE-REF": seed_figure,
    "CLM-REF-SIGN": seed_ref_sign,
    "CLM-VAGUE-TERM": seed_vague,
    "CLM-ANTECEDENT": seed_antecedent,
    "CLM-SUBJECT-MISMATCH": seed_subject,
    "CLM-REF-TYPO": seed_typo,
    "ABS-LENGTH": seed_abstract_length,
    "ABS-PROMO": seed_abstract_promo,
    "TITLE-LENGTH": seed_title_length,
    "TITLE-FORBIDDEN": seed_title_forbidden,
    "DESC-CLAIM-REF": seed_description,
}

#: errors that come with a seeded defect by necessity (see seed_no_independent)
INHERENT = {"CLM-NO-INDEPENDENT": {"CLM-REF-FORWARD"}}


@dataclass
class RuleOutcome:
    rule: str
    seeded: int = 0
    found: int = 0  # the expected finding appeared at the expected claim
    extra_errors: int = 0  # seeds after which another new error appeared
    missed: list[str] = field(default_factory=list)
    noisy: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.seeded if self.seeded else 0.0


def _keys(result: CheckResult) -> set[tuple[str, int | None]]:
    return {(f.rule, f.claim) for f in result.findings if f.severity == "error"}


def clean_bases(
    apps: list[Application], limit: int | None = None
) -> list[tuple[Application, list[ClaimNode]]]:
    """Claim sets with at least 4 claims and no error-level claim finding: the seeds' starting points."""
    out = []
    for app in apps:
        if not isinstance(app.claims, list):
            continue
        result = check_application(app)
        clean = not any(f.severity == "error" for f in result.findings)
        # numbered 1..n: a set whose start was lost (CLM-NUMBERING warning) is no base
        numbered = [c.number for c in result.claims] == list(range(1, len(result.claims) + 1))
        if len(result.claims) >= 4 and clean and numbered:
            # one list item per parsed claim, so that list positions and claim positions agree
            same = replace(app, claims=[c.text for c in result.claims])
            out.append((same, check_application(same).claims))
        if limit and len(out) >= limit:
            break
    return out


def run_suite(
    bases: list[tuple[Application, list[ClaimNode]]], rules: list[str] | None = None
) -> dict[str, RuleOutcome]:
    outcomes: dict[str, RuleOutcome] = {}
    for rule in rules or list(SEEDERS):
        outcome = outcomes.setdefault(rule, RuleOutcome(rule))
        for app, parsed in bases:
            seeded = SEEDERS[rule](app, parsed)
            if seeded is None:
                continue
            mutated, claim = seeded
            outcome.seeded += 1
            result = check_application(mutated)
            hits = [f for f in result.findings if f.rule == rule and (claim is None or f.claim == claim)]
            if hits:
                outcome.found += 1
            else:
                outcome.missed.append(app.id)
            base_errors = _keys(check_application(app))
            new = {
                k
                for k in _keys(result) - base_errors
                if k[0] != rule and k[0] not in INHERENT.get(rule, set())
            }
            if new:
                outcome.extra_errors += 1
                outcome.noisy.append(f"{app.id}: {sorted(new, key=str)}")
    return outcomes
