"""Subject names: a dependent claim names the subject of the claim it refers to (Implementing Regulations
Art. 25(1): '根据权利要求1所述的摄像机调焦装置')."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.analysis import first_clause
from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, last_dependent, replace_span, with_claims

SUBJECT_MISMATCH = rule(
    "CLM-SUBJECT-MISMATCH",
    "warning",
    article=25,
    paragraph=1,
    what_zh="从属权利要求的主题名称与被引用权利要求不一致",
    what_en="dependent claim's subject name differs from the claim it refers to",
    us="35 U.S.C. 112(d); EPC Rule 43(4)",
)


_NAME_NOISE = re.compile(r"[（(\[][^）)\]]*[)）\]]|所述|根据|一种|的|\s")
# what a dependent claim's opening may leave before its subject name ('根据权利要求14述的方法', '…所得的钴基永磁体')
_NAME_LEAD = re.compile(r"^(?:述|所得|所制得|所制备|制得|得到)+")
# a name for a product and its method at once ('…电镀铜浴及方法', '火车专业散粮袋及其制备方法'): either part is named
_NAME_PARTS = re.compile(r"及其|以及|及|和|与")


def norm_name(s: str) -> str:
    return _NAME_LEAD.sub("", _NAME_NOISE.sub("", s)).lower()


def names_of(c: ClaimNode) -> set[str]:
    """What a claim calls its subject: the subject name the parser cut, and its whole first clause (a name
    with 具有/为 in it, '用于食品包装的具有持久高表面张力的聚酯薄膜', is cut short by the parser), each also split
    into the parts of a name of two things."""
    names = {norm_name(c.subject), norm_name(first_clause(c))}
    for name in list(names):
        parts = _NAME_PARTS.split(name)
        if len(parts) > 1:
            names.update(parts)
            names.add(_NAME_PARTS.sub("", name))
    return {n for n in names if n}


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_thing(own: str, cited: str) -> bool:
    """Whether a dependent claim's name ``own`` names the cited claim's ``cited``: the same name; the name
    shortened by leaving words out before its head ('所述的处理设备' for '一种…烟气处理设备', '非铅双钙钛矿材料' for
    '三维非铅铟铋混合双钙钛矿黄光材料': Chinese names end in their head, and the head stays); or a narrower name
    of the same thing ('InP量子点' for '量子点'). Not a longer name of something else ('无人机的机架组件' under
    '无人机'), another head ('…催化剂' under '…催化剂载体') nor another name with the same head ('钻孔设备' under
    '建筑设备')."""
    return own.endswith(cited) or shortened(own, cited)


def shortened(own: str, cited: str) -> bool:
    """Whether ``own`` is ``cited`` or ``cited`` with words left out before its head (the same last two
    characters)."""
    return own == cited or (len(own) >= 2 and own[-2:] == cited[-2:] and _subsequence(own, cited))


def _compatible(own: set[str], cited: set[str]) -> bool:
    if not own or not cited:
        return True
    return any(same_thing(a, b) for a in own for b in cited)


def _up_the_chain(targets: list[ClaimNode], cache: ClaimSet) -> Iterator[ClaimNode]:
    """The claims a dependent claim refers to, each followed by the claims it depends on up to its independent
    claim (lazily: the first compatible subject ends the search). Not beyond an independent claim into the claims
    it cites: '根据权利要求8所述的黑色涂层' under '一种基于权利要求1-7…所述的黑色涂层的制备方法' names the coating of
    claims 1-7, not the method it limits."""
    seen: set[int] = set()
    todo = list(reversed(targets))
    while todo:
        t = todo.pop()
        if t.number in seen:
            continue
        seen.add(t.number or 0)
        yield t
        todo.extend(
            cache.by_number[a]
            for a in reversed(t.depends_on)
            if a in cache.by_number and a < (t.number or 0) and a not in seen
        )


def check_subjects(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    cache = cache or ClaimSet(claims)
    by_number = cache.by_number
    for i, c in enumerate(claims):
        if c.independent or c.lang not in ("zh", "en"):
            continue
        targets = [by_number[t] for t in c.depends_on if t in by_number]
        if not targets:
            continue
        if c.lang == "zh" and not _NAME_NOISE.sub("", first_clause(c)):
            # '根据权利要求1，步骤(1)所述，…', '权利要求2所述，…': the reference part names no subject at all
            opening = c.references[0]
            yield SUBJECT_MISMATCH.finding(
                c,
                opening.start,
                opening.end,
                f"从属权利要求未写明主题名称（应写明所引用的权利要求{opening.targets[0]}的主题名称）",
                f"the dependent claim names no subject (it should name claim {opening.targets[0]}'s subject)",
                index=i,
            )
            continue
        if not c.subject and not first_clause(c):
            continue

        if c.lang == "en":
            # English drafting abbreviates freely ('The PCD of claim 1', 'The method' for 'A process'):
            # only a change of category (method ↔ product) is reported
            if any(n.category == c.category or not n.subject for n in _up_the_chain(targets, cache)):
                continue
        elif any(_compatible(names_of(c), names_of(n)) for n in _up_the_chain(targets, cache)):
            continue
        ref = targets[0]
        name = c.subject or first_clause(c)
        zh = f"主题名称“{name}”与被引用的权利要求{ref.number}“{ref.subject}”不一致"
        en = f"subject '{name}' differs from claim {ref.number}'s '{ref.subject}'"
        # a product named after the method it limits ('根据权利要求5所述的正极活性材料' under '正极活性材料的制备方法')
        # cites the right claim under the wrong name: no other claim to suggest
        misnamed = ref.category != c.category and any(n in norm_name(ref.subject) for n in names_of(c))
        namesake = _namesake(c, claims, cache) if c.lang == "zh" and not misnamed else None
        if namesake is not None:
            zh += f"（权利要求{namesake}的主题名称与之相同，是否应引用权利要求{namesake}）"
            en += f" (claim {namesake} has that subject; was claim {namesake} meant?)"
        yield SUBJECT_MISMATCH.finding(c, c.subject_span[0], c.subject_span[1], zh, en, index=i)


def _namesake(c: ClaimNode, claims: Sequence[ClaimNode], cache: ClaimSet) -> int | None:
    """The nearest earlier claim, not up the claim's chain, whose subject the claim names: the claim it was
    probably meant to cite ('根据权利要求1所述分子筛的制备方法' where claim 4 is that method)."""
    chain = set(cache.ancestors(c.number or 0))
    own = names_of(c)
    for e in reversed(claims):
        if e.number is None or c.number is None or e.number >= c.number or e.number in chain:
            continue
        theirs = names_of(e)
        if not (own and theirs and e.category == c.category and _compatible(own, theirs)):
            continue
        # a claim that bears the name rightly: independent, or named as its own chain is (not a sibling
        # written on the same wrong claim)
        targets = [cache.by_number[t] for t in e.depends_on if t in cache.by_number]
        if e.independent or any(_compatible(theirs, names_of(x)) for x in _up_the_chain(targets, cache)):
            return e.number
    return None


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_subjects(ctx.claims, ctx.claim_set)


def seed_subject(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """The subject name of the last single dependent claim replaced by one used nowhere in the set."""
    c = last_dependent(parsed, skip_referred=False)
    if c is None or not c.subject:
        return None
    subjects = "".join(x.subject for x in parsed)
    new = next(
        (s for s in ("灌装机", "存储介质", "光纤连接器") if s[-2:] not in subjects and s not in subjects),
        None,
    )
    if new is None:
        return None
    cl = claim_texts(app)
    cl[parsed.index(c)] = replace_span(c.text, c.subject_span[0], c.subject_span[1], new)
    return with_claims(app, cl), c.number


FAMILY = Family("subject", (SUBJECT_MISMATCH,), check, {SUBJECT_MISMATCH.id: seed_subject})
