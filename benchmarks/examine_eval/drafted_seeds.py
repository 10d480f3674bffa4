"""A second seeder, written from how real claims are drafted (not from the checker's patterns): each defect is
made of pieces mined from *other* real KPPatent claim sets — their reference openings ('根据权利要求N所述的一种…',
'如权利要求N或N所述…', '根据权利要求N至N中任一项所述…', '按照权利要求N所述…', '权利要求N所述…'), their '所述…'
clauses, their vague clauses, their subject names — and put into a clean real claim set the way a drafter would
have written it. Per rule: recall (the defect is reported at the seeded claim) and precision (of the new findings
of that rule, the share at the seeded claim).

    python benchmarks/examine_eval/drafted_seeds.py [--bases N] [--seed S] [--misses]

Bases: KPPatent claim sets outside both hand-labelled samples (since 2026-12 the fresh held-out sample too) with no
error finding and claims numbered 1..n; each rule is seeded once per base where the base offers a place for it.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from fresh_sample import fresh_sample
from sample import sample

from ipcenter.config import data_dir
from ipcenter.examine.models import Application, CheckResult, ClaimNode
from ipcenter.examine.seeding import clean_bases
from ipcenter.examine.service import check_application
from ipcenter.examine.sources import kppatent_applications

# how a dependent claim opens, up to the subject, in real claims: the label and the reference phrase
_OPENING = re.compile(
    r"^(\s*(?:\d+\s*[.、．]\s*)?)((?:根据|如|按照|依据)?权利要求[^，,：:；;。]{0,30}?(?:所述的一种|所述的|所述|的))"
)
_NUMBER = re.compile(r"\d+")
_CLAUSE = re.compile(r"所述[^，,。；;：:]{2,40}")
_VAGUE_CLAUSE = re.compile(
    r"[^，,。；;：:]{0,20}(?:例如|优选|最好|尤其|必要时|左右|或类似物)[^，,。；;：:]{0,30}"
)
_FIGURE = re.compile(r"[^，,。；;：:]{0,20}(?:如图|附图)\s*\d+[^，,。；;：:]{0,10}")


def _texts(app: Application) -> list[str]:
    assert isinstance(app.claims, list)
    return [c if isinstance(c, str) else c[1] for c in app.claims]


class Mine:
    """Pieces of real drafting from the claim sets that are neither bases nor labelled."""

    def __init__(self, apps: list[Application]) -> None:
        self.openings: Counter[str] = Counter()  # reference phrase with the numbers as {}
        self.clauses: list[str] = []
        self.vague: list[str] = []
        self.figures: list[str] = []
        self.subjects: dict[str, list[str]] = defaultdict(list)
        for app in apps:
            result = check_application(app)
            for c in result.claims:
                m = _OPENING.match(c.text)
                if m:
                    self.openings[_NUMBER.sub("{}", m.group(2))] += 1
                self.clauses.extend(x for x in _CLAUSE.findall(c.body) if "权利要求" not in x)
                self.vague.extend(_VAGUE_CLAUSE.findall(c.body))
                self.figures.extend(_FIGURE.findall(c.body))
                if c.independent and c.subject and "权利要求" not in c.text[:40]:
                    self.subjects[c.category].append(c.subject)

    def opening(self, rng: random.Random, slots: int) -> str:
        """A real opening with ``slots`` numbers ('根据权利要求{}至{}中任一项所述的'), drawn by frequency."""
        forms = [(f, n) for f, n in self.openings.items() if f.count("{}") == slots and n >= 3]
        return rng.choices([f for f, _ in forms], weights=[n for _, n in forms])[0]


def _set_opening(c: ClaimNode, new: str) -> str | None:
    m = _OPENING.match(c.text)
    if m is None:
        return None
    return c.text[: m.start(2)] + new + c.text[m.end(2) :]


def _end_insert(text: str, addition: str) -> str:
    body = text.rstrip()
    return (body[:-1] if body.endswith("。") else body) + "，" + addition + "。"


def _dependents(parsed: list[ClaimNode]) -> list[ClaimNode]:
    return [c for c in parsed if not c.independent and len(c.depends_on) == 1 and _OPENING.match(c.text)]


def seed(rule: str, app: Application, parsed: list[ClaimNode], mine: Mine, rng: random.Random):
    texts = _texts(app)
    whole = "".join(texts)
    deps = _dependents(parsed)
    referred = {t for c in parsed for t in c.cited}
    free = [c for c in deps if c.number not in referred]
    if rule == "CLM-REF-FORWARD" and free:
        c = free[-1]
        new = _set_opening(c, mine.opening(rng, 1).format(c.number))
    elif rule == "CLM-MULTI-NOT-ALTERNATIVE" and free:
        c = free[-1]
        same = [x.number for x in parsed if x.number and x.number < c.number and x.category == c.category]
        if len(same) < 2 or any(len(x.depends_on) > 1 for x in parsed if x.number in same[-2:]):
            return None
        a, b = same[-2:]
        joiner = rng.choice(
            ["和", "及", "以及"]
        )  # the cumulative forms real claims use ('根据权利要求1和2所述')
        new = _set_opening(
            c, rng.choice(["根据权利要求{}{}{}所述的", "如权利要求{}{}{}所述的"]).format(a, joiner, b)
        )
    elif rule == "CLM-MULTI-ON-MULTI" and len(free) >= 1:
        c = free[-1]
        same = [x for x in parsed if x.number and x.number < c.number and x.category == c.category]
        multi = [x for x in same if len(x.depends_on) > 1]
        if not multi:
            return None
        m = multi[-1]
        lower = [x.number for x in same if x.number < m.number][-1:]
        if not lower:
            return None
        new = _set_opening(c, mine.opening(rng, 2).format(lower[0], m.number))
    elif rule == "CLM-ANTECEDENT":
        clauses = [x for x in mine.clauses if re.match(r"所述([\u4e00-\u9fff]{2,})", x)]
        rng.shuffle(clauses)
        for clause in clauses[:200]:
            term = re.match(r"所述([\u4e00-\u9fff]{2,12})", clause).group(1)  # type: ignore[union-attr]
            if term[:4] not in whole and term not in whole:
                c = parsed[-1]
                new = _end_insert(c.text, clause)
                break
        else:
            return None
    elif rule == "CLM-VAGUE-TERM" and mine.vague:
        c = parsed[-1]
        new = _end_insert(c.text, rng.choice(mine.vague))
    elif rule == "CLM-FIGURE-REF" and mine.figures:
        c = parsed[-1]
        new = _end_insert(c.text, rng.choice(mine.figures))
    elif rule == "CLM-PERIOD-INSIDE" and mine.clauses:
        c = parsed[-1]
        at = c.text.rstrip().rfind("，")
        if at <= c.body_start:
            return None
        new = c.text[:at] + "。" + c.text[at + 1 :]
    elif rule == "CLM-REF-TYPO" and deps:
        c = deps[-1]
        typo = rng.choice(
            ["据权利要求", "根椐权利要求", "根据权力要求", "根据权利要", "根据利要求", "根据权利权利"]
        )
        new = re.sub(r"(?:根据|如|按照|依据)?权利要求", typo, c.text, count=1)
    elif rule == "CLM-SUBJECT-MISMATCH" and free:
        c = free[-1]
        others = [s for s in mine.subjects.get(c.category, []) if s[-2:] not in whole and 2 < len(s) < 20]
        if not others or not c.subject:
            return None
        s0, s1 = c.subject_span
        new = c.text[:s0] + rng.choice(others) + c.text[s1:]
    elif rule == "CLM-NUMBERING":
        c = parsed[-1]
        if c.number is None or c.number in referred:
            return None
        new = re.sub(r"^\s*\d+", str(c.number - 1), c.text, count=1)  # a number written twice
    else:
        return None
    if new is None or new == c.text:
        return None
    texts[parsed.index(c)] = new
    # a repeated number is reported at the claim as numbered (the repeat)
    return replace(app, claims=texts), (c.number - 1 if rule == "CLM-NUMBERING" and c.number else c.number)


RULES = [
    "CLM-REF-FORWARD",
    "CLM-MULTI-NOT-ALTERNATIVE",
    "CLM-MULTI-ON-MULTI",
    "CLM-ANTECEDENT",
    "CLM-VAGUE-TERM",
    "CLM-FIGURE-REF",
    "CLM-PERIOD-INSIDE",
    "CLM-REF-TYPO",
    "CLM-SUBJECT-MISMATCH",
    "CLM-NUMBERING",
]


def _keys(result: CheckResult, rule: str) -> set[int | None]:
    return {f.claim for f in result.findings if f.rule == rule}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--misses", action="store_true", help="list the seeds a rule did not report")
    args = parser.parse_args()
    data = data_dir()
    # neither labelled sample (the first round's, now development data, nor the fresh held-out one) is used
    labelled = {i for i, _, _ in sample(data)} | {i for i, _, _ in fresh_sample(data)}
    apps = [a for a in kppatent_applications(data) if a.id not in labelled]
    rng = random.Random(args.seed)
    rng.shuffle(apps)
    mine_apps, base_apps = apps[: len(apps) // 2], apps[len(apps) // 2 :]
    mine = Mine(mine_apps)
    bases = clean_bases(base_apps, limit=args.bases)
    print(f"{len(bases)} clean bases; pieces mined from {len(mine_apps)} other claim sets")
    print("| rule | seeded | found | recall | new findings of the rule | at the seeded claim | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    misses: list[str] = []
    for rule in RULES:
        seeded = found = new_total = new_right = 0
        for app, parsed in bases:
            seeded_app = seed(rule, app, parsed, mine, rng)
            if seeded_app is None:
                continue
            mutated, claim = seeded_app
            before = _keys(check_application(app), rule)
            if claim in before:
                continue  # the base already has a finding of this rule there: a hit would say nothing
            seeded += 1
            after = _keys(check_application(mutated), rule)
            found += claim in after
            if args.misses and claim not in after:
                misses.append(
                    f"{rule} {app.id} claim {claim}: …{_texts(mutated)[parsed.index(next(c for c in parsed if c.number == claim))][-50:]}"
                )
            new = after - before
            new_total += len(new)
            new_right += claim in new
        recall = found / seeded if seeded else 0.0
        precision = new_right / new_total if new_total else 0.0
        print(f"| {rule} | {seeded} | {found} | {recall:.3f} | {new_total} | {new_right} | {precision:.3f} |")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
