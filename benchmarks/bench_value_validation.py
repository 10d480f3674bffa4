"""Does the GB/T 42748 scenario composite separate patents by outcomes it did not use? (real data)

1. **Later citations, holdout window** — the WIPO manual's pizza sets (PATENTSCOPE 10,000 + Espacenet 1,707): the
   composite is computed *as of* 2008-12-31 (only documents published by then are seen, so citations made later
   cannot leak in); the outcome is being cited, inside the corpus, by a document published 2009–2014.
2. **Forward citations counted by Lens** — the drones set (5,884 families): the outcome is being in the top quarter of
   its cohort (WIPO field × filing year) by Lens's ``Cited Count``; the composite leaves that indicator out (the
   weights are renormalised over the rest).
3. **China Patent Award listing** and **renewal to full term** — counted in the demo corpus; reported as what the
   data cannot show when the numbers are too small.

AUC (the probability that a patent with the outcome scores above one without; ties count half) with a 95 %
bootstrap interval (1,000 resamples, seed 0), sample sizes, and a baseline for each.

    PYTHONPATH=src python benchmarks/bench_value_validation.py --data ../shared/data --work /tmp/value-validation
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.value.indicators import compute_indicators, load_award_applications
from ipcenter.value.service import effective_weights
from ipcenter.value.tree import find_scenario, load_weight_set

HOLDOUT = date(2008, 12, 31)
WINDOW_END = date(2014, 12, 31)
SCENARIOS = ("管理", "许可转让", "侵权救济")


def auc(scores: np.ndarray, outcome: np.ndarray) -> float:
    pos, neg = scores[outcome], scores[~outcome]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    ranks = pd.Series(np.concatenate([pos, neg])).rank(method="average").to_numpy()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def auc_ci(scores: np.ndarray, outcome: np.ndarray, resamples: int = 1000) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    n = len(scores)
    boot = []
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        boot.append(auc(scores[idx], outcome[idx]))
    lo, hi = np.nanpercentile(boot, [2.5, 97.5])
    return {"auc": round(auc(scores, outcome), 3), "ci95": [round(float(lo), 3), round(float(hi), 3)],
            "n": int(n), "with_outcome": int(outcome.sum())}  # fmt: skip


def composites(long: pd.DataFrame, scenario_name: str, leave_out: set[str]) -> pd.Series:
    """The scenario composite per application from the percentile table, without the ``leave_out`` indicators."""
    scenario = find_scenario(load_weight_set(), scenario_name)
    wide = long[~long["indicator"].isin(leave_out)].pivot_table(
        index="app", columns="indicator", values="percentile"
    )
    out = {}
    for app, row in wide.iterrows():
        available = {k for k, v in row.items() if pd.notna(v)}
        weights = effective_weights(scenario, available)
        out[app] = sum(w * row[k] for k, w in weights.items())
    return pd.Series(out, dtype=float)


def _corpus(work: Path, data: Path, name: str, files: list[str]) -> Corpus:
    root = work / name
    if not (root / "manifest.json").exists():
        ingest([data / f for f in files], root)
    return Corpus(root)


def later_citations(work: Path, data: Path) -> dict[str, Any]:
    wipo = "wipo-manual-analytics"
    files = [f"{wipo}/pizza_medium_patentscope_10000.csv", *(f"{wipo}/{p}" for p in (
        "pizza_espacenet_20002002_319.csv", "pizza_espacenet_20032005_366.csv", "pizza_espacenet_20062008_439.csv",
        "pizza_espacenet_20092012_428.csv", "pizza_espacenet_20132014_274.csv"))]  # fmt: skip
    corpus = _corpus(work, data, "pizza", files)
    before = compute_indicators(corpus, None, HOLDOUT)
    after = compute_indicators(corpus, None, WINDOW_END)
    long = before.percentiles.to_pandas()
    f0 = before.app_ind.to_pandas().set_index("app")["forward_citations_corpus"]
    f1 = after.app_ind.to_pandas().set_index("app")["forward_citations_corpus"]
    population = f0.index[before.app_ind.to_pandas().set_index("app")["cohort_year"].fillna(0) >= 1990]
    gained = (f1.reindex(population).fillna(0) - f0.reindex(population).fillna(0)) > 0
    out: dict[str, Any] = {
        "population": "applications published by 2008-12-31, filed 1990 or later",
        "scenarios": {},
    }
    for name in SCENARIOS:
        score = composites(long, name, set()).reindex(population)
        ok = score.notna()
        out["scenarios"][name] = auc_ci(score[ok].to_numpy(), gained[ok].to_numpy())
    base = f0.reindex(population).fillna(0)
    out["baseline: citations received by 2008"] = auc_ci(base.to_numpy(), gained.to_numpy())
    return out


def lens_cited_count(work: Path, data: Path) -> dict[str, Any]:
    corpus = _corpus(work, data, "drones", ["wipo-manual-analytics/drones_lens_fulltext_families_5884.csv"])
    ind = compute_indicators(corpus, None, date(2016, 9, 24))  # the day of the Lens search
    long = ind.percentiles.to_pandas()
    wide = ind.app_ind.to_pandas().set_index("app")
    cited = wide["forward_citations_source"]
    cohort = (
        wide["field_nr"].astype(int).astype(str)
        + "-"
        + wide["cohort_year"].fillna(-1).astype(int).astype(str)
    )
    top = cited.groupby(cohort).transform(lambda s: s >= s.quantile(0.75)) & (cited > 0)
    out: dict[str, Any] = {
        "outcome": "top quarter of the cohort by Lens Cited Count (and cited at least once)",
        "scenarios": {},
    }
    for name in SCENARIOS:
        score = composites(long, name, {"forward_citations_source"}).reindex(wide.index)
        ok = score.notna() & cited.notna()
        out["scenarios"][name] = auc_ci(score[ok].to_numpy(), top[ok].to_numpy(dtype=bool))
    fam = long[long["indicator"] == "family_size"].set_index("app")["percentile"].reindex(wide.index)
    ok = fam.notna() & cited.notna()
    out["baseline: family size percentile alone"] = auc_ci(fam[ok].to_numpy(), top[ok].to_numpy(dtype=bool))
    return out


def small_outcomes(data: Path, demo_corpus: Path | None) -> dict[str, Any]:
    awards, n = load_award_applications(data)
    out: dict[str, Any] = {"award_numbers_known": n}
    if demo_corpus is not None and (demo_corpus / "manifest.json").exists():
        corpus = Corpus(demo_corpus)
        con = corpus.connect()
        try:
            con.register("awards", awards)
            apps = con.execute(
                "SELECT count(DISTINCT application_number) FROM patents WHERE application_number IN (SELECT app FROM awards)"
            ).fetchone()
            expired = con.execute(
                "SELECT count(*) FROM patents, unnest(legal_events) AS t(e) WHERE lower(e.description) LIKE '%expir%' OR e.description LIKE '%届满%'"
            ).fetchone()
        finally:
            con.close()
        out["award_winners_in_demo_corpus"] = int(apps[0]) if apps else 0
        out["documents_with_an_expiry_event_in_demo_corpus"] = int(expired[0]) if expired else 0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/value-validation"))
    parser.add_argument("--demo-corpus", type=Path, default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    result = {
        "later_citations_holdout": later_citations(args.work, args.data),
        "lens_cited_count": lens_cited_count(args.work, args.data),
        "small_outcomes": small_outcomes(args.data, args.demo_corpus),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
