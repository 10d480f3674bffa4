"""The claims checker against the hand labels: parse accuracy and per-rule precision and recall.

    python benchmarks/examine_eval/evaluate.py [--split dev|fresh|old-dev|old-held-out] [--details]

Two labelled samples: ``labels.txt`` (sample.py, 163 sets; since the second round all of it is development data,
``--split dev``) and ``labels_fresh.txt`` (fresh_sample.py, 160 sets labelled before the checker was run on them:
the held-out set of the second round, ``--split fresh``, run once with the code frozen). ``old-dev`` and
``old-held-out`` are the first round's split of labels.txt (sha1(id) mod 3), kept to reproduce its figures.

Parse accuracy: the share of claims whose ``independent`` and ``depends_on`` agree with the labels; a claim the
checker splits off where the labels have none (or a labelled claim it does not find) counts as wrong.
Rules: a finding (any severity) is a hit when the labels name that rule at that claim; precision and recall per
rule over (claim set, rule, claim). Defects labelled borderline (``!?``) are left out of both (a finding on one is
neither right nor wrong); ``--strict`` counts them as defects. Only claim rules are labelled (CLM-*).

Develop on ``--split dev`` (``--details`` lists the misses and false findings); the held-out figures in
docs/benchmarks.md are those of ``--split fresh``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from labels import LABELS, LabelledSet, read_labels
from sample import split_of

from ipcenter.config import data_dir
from ipcenter.examine.models import Application, CheckResult
from ipcenter.examine.service import check_application
from ipcenter.examine.sources import export_applications, kppatent_applications, xml_applications

FRESH_LABELS = LABELS.with_name("labels_fresh.txt")
SPLITS = ("dev", "fresh", "old-dev", "old-held-out")


@dataclass
class Tally:
    parse_right: int = 0
    parse_total: int = 0
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)


def applications(ids: set[str]) -> dict[str, Application]:
    data = data_dir()
    apps = {a.id: a for a in kppatent_applications(data) if a.id in ids}
    apps.update({a.id: a for a in xml_applications(data / "cn-patent-xml-samples") if a.id in ids})
    # the export names a granted document by its grant number (CN115883397B), the labels by the publication's
    for a in export_applications(data):
        for key in (a.id, a.id[:-1] + "A"):
            if key in ids:
                apps[key] = a
    return apps


def labelled_sets(split: str) -> dict[str, LabelledSet]:
    if split == "fresh":
        return read_labels(FRESH_LABELS)
    labels = read_labels()
    if split == "dev":
        return labels
    wanted = split.removeprefix("old-")
    return {i: s for i, s in labels.items() if split_of(i) == wanted}


def _parse(result: CheckResult, labelled: LabelledSet, tally: Tally) -> None:
    by_number: dict[int | None, list] = {}
    for c in result.claims:
        by_number.setdefault(c.number, []).append(c)
    for number, deps in labelled.claims.items():
        tally.parse_total += 1
        found = by_number.get(number, [])
        if len(found) == 1:
            c = found[0]
            right = c.independent if deps is None else (not c.independent and c.depends_on == deps)
            if right:
                tally.parse_right += 1
                continue
            got = "I" if c.independent else ",".join(map(str, c.depends_on))
        else:
            got = f"{len(found)} claims numbered {number}"
        want = "I" if deps is None else ",".join(map(str, deps))
        tally.details.append(f"PARSE {labelled.id} claim {number}: labelled {want}, parsed {got}")
    extra = [c for c in result.claims if c.number not in labelled.claims]
    for c in extra:
        tally.parse_total += 1
        tally.details.append(f"PARSE {labelled.id}: claim {c.number} not in the labels ({c.text[:30]!r})")


def _rules(result: CheckResult, labelled: LabelledSet, tally: Tally, strict: bool) -> None:
    definite = {(d.rule, d.claim) for d in labelled.defects if strict or not d.borderline}
    borderline = {(d.rule, d.claim) for d in labelled.defects if d.borderline and not strict}
    found = {(f.rule, f.claim) for f in result.findings if f.part == "claims"}
    texts = {c.number: c.text for c in result.claims}
    for key in sorted(found | definite, key=str):
        rule, claim = key
        if key in found and key in definite:
            tally.tp[rule] += 1
        elif key in found and key not in borderline:
            tally.fp[rule] += 1
            message = next(f.message_en for f in result.findings if (f.rule, f.claim) == key)
            tally.details.append(f"FP {labelled.id} claim {claim} {rule}: {message}")
        elif key in definite:
            tally.fn[rule] += 1
            note = next(d.note for d in labelled.defects if (d.rule, d.claim) == key)
            tally.details.append(
                f"FN {labelled.id} claim {claim} {rule}: {note} | {texts.get(claim, '')[:60]!r}"
            )


def evaluate(split: str, strict: bool = False) -> Tally:
    chosen = labelled_sets(split)
    apps = applications(set(chosen))
    tally = Tally()
    for ident, labelled in chosen.items():
        result = check_application(apps[ident])
        _parse(result, labelled, tally)
        _rules(result, labelled, tally, strict)
    return tally


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def report(split: str, tally: Tally) -> str:
    lines = [
        f"split {split}: parse accuracy {tally.parse_right}/{tally.parse_total} = "
        f"{_ratio(tally.parse_right, tally.parse_total)}",
        "| rule | labelled | found | right | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rules = sorted(set(tally.tp) | set(tally.fp) | set(tally.fn))
    for rule in rules:
        tp, fp, fn = tally.tp[rule], tally.fp[rule], tally.fn[rule]
        lines.append(
            f"| {rule} | {tp + fn} | {tp + fp} | {tp} | {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} |"
        )
    tp, fp, fn = sum(tally.tp.values()), sum(tally.fp.values()), sum(tally.fn.values())
    lines.append(f"| all | {tp + fn} | {tp + fp} | {tp} | {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--strict", action="store_true", help="count borderline labels as defects")
    parser.add_argument(
        "--details", action="store_true", help="list every parse error, miss and false finding"
    )
    args = parser.parse_args()
    tally = evaluate(args.split, args.strict)
    print(report(args.split, tally))
    if args.details:
        print("\n".join(tally.details))


if __name__ == "__main__":
    main()
