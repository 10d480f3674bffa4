"""The portfolio view of one organisation (by applicant name, its variants merged and shown).

Patents by status, type and year; the value distribution (GB/T 42748 scenario composites, set-wise); the
statistical 高价值 count from the stats service (a separate concept); expiries and annual-fee due dates; IPC
coverage against the top competitors in the same subclasses; clusters of its technology on a landscape map
and white-space candidates next to its clusters (IPC main groups other applicants file in, inside the
clusters where it is active, where it has nothing) for 集群式 high-value layout.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ipcenter.core.legal_status import patent_term_end
from ipcenter.core.periods import add_months, add_years, annual_fee_due
from ipcenter.errors import UserError
from ipcenter.value import landscape as land
from ipcenter.value import service, stats_link
from ipcenter.value.names import group_names, name_key
from ipcenter.value.selection import DocSet, applicant_names, by_applicant, name_key_table
from ipcenter.value.tree import find_scenario

#: Years ahead in which an expiry is listed.
EXPIRY_HORIZON_YEARS = 5
#: US maintenance fees fall due 3.5, 7.5 and 11.5 years after grant (37 CFR 1.20(e)–(g)).
US_MAINTENANCE_YEARS = (3.5, 7.5, 11.5)
FEE_RULE = (
    "CN: annual fee (年费) before each filing-date anniversary, 6-month grace with surcharge; US: maintenance"
    " fees 3.5 / 7.5 / 11.5 years after grant; other offices: the filing-date anniversary (national rules vary:"
    " UNCONFIRMED)"
)
STATUS_NAMES = {2: "in_force", 1: "pending", 0: "lapsed"}


def next_fee_due(
    country: str, filing: date | None, grant: date | None, cut_off: date
) -> tuple[date | None, str]:
    """The first fee falling due on or after ``cut_off`` and what it is. CN (and offices whose rule is not
    modelled) count from the filing date with the core's one annual-fee rule (`core.periods`: 29 February
    gives 28 February in a common year, as protection's fee calendar does)."""
    if country == "US":
        if grant is None:
            return None, "not granted"
        for years in US_MAINTENANCE_YEARS:
            due = add_months(grant, round(years * 12))
            if due >= cut_off:
                return due, f"maintenance fee at {years} years"
        return None, "no maintenance fee left"
    if filing is None:
        return None, "no filing date"
    year = max(1, cut_off.year - filing.year + 1)
    due = annual_fee_due(filing, year)
    if due < cut_off:
        year += 1
        due = annual_fee_due(filing, year)
    return due, f"annual fee for year {year}"


def _portfolio_rows(inputs: service.ValueInputs, docs: DocSet) -> list[dict[str, Any]]:
    con = inputs.corpus.connect()
    try:
        con.register("sel", docs.table())
        rel = con.sql(
            """
            SELECT p.publication_number, coalesce(p.application_number, p.publication_number) AS app, p.country,
                   p.patent_type, p.filing_date, p.grant_date, p.lapse_date, p.legal_status, p.title, p.title_en,
                   p.ipc, p.publication_date
            FROM patents p JOIN sel USING (publication_number)
            """
        )
        return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]
    finally:
        con.close()


def _competitors(
    inputs: service.ValueInputs, docs: DocSet, subclasses: list[str], top: int
) -> dict[str, Any]:
    """Other applicants (merged) with the most documents in the applicant's subclasses, and the coverage matrix."""
    con = inputs.corpus.connect()
    try:
        con.register("subs", pa.table({"subclass": pa.array(subclasses, pa.string())}))
        names = applicant_names(con)
        con.register("name_keys", name_key_table([n for n, _ in names]))
        rows = con.execute(
            """
            SELECT k.key, substr(s.symbol, 1, 4) AS subclass, count(DISTINCT p.publication_number)
            FROM patents p, unnest(p.applicants) AS t(a), unnest(p.ipc) AS s(symbol)
            JOIN name_keys k ON k.name = a.name
            WHERE substr(s.symbol, 1, 4) IN (SELECT subclass FROM subs) AND k.key <> ''
            GROUP BY 1, 2
            """
        ).fetchall()
    finally:
        con.close()
    groups = group_names(names)
    mine = docs.applicant.key if docs.applicant else ""
    totals: Counter[str] = Counter()
    grid: dict[tuple[str, str], int] = {}
    for key, sub, n in rows:
        grid[(key, sub)] = int(n)
        if key != mine:
            totals[key] += int(n)
    chosen = [k for k, _ in totals.most_common(top)]
    columns = [mine, *chosen]
    return {
        "subclasses": subclasses,
        "applicants": [{"key": k, "name": groups[k].name if k in groups else k} for k in columns],
        "matrix": [[sub, *[grid.get((k, sub), 0) for k in columns]] for sub in subclasses],
        "competitor_keys": chosen,
    }


def _landscape_and_white_spaces(
    inputs: service.ValueInputs, docs: DocSet, competitor_keys: list[str], subclasses: list[str], limit: int
) -> tuple[land.Landscape, list[dict[str, Any]], list[dict[str, Any]]]:
    con = inputs.corpus.connect()
    try:
        names = applicant_names(con)
        con.register("name_keys", name_key_table([n for n, _ in names]))
        con.register("mine", docs.table())
        con.register("comp", pa.table({"key": pa.array(competitor_keys, pa.string())}))
        con.register("subs", pa.table({"subclass": pa.array(subclasses, pa.string())}))
        rel = con.sql(
            """
            WITH others AS (
              SELECT DISTINCT p.publication_number FROM patents p, unnest(p.applicants) AS t(a), unnest(p.ipc) AS s(symbol)
              JOIN name_keys k ON k.name = a.name
              WHERE k.key IN (SELECT key FROM comp) AND substr(s.symbol, 1, 4) IN (SELECT subclass FROM subs))
            SELECT p.publication_number, concat_ws(' ', coalesce(p.title, p.title_en), p.abstract) AS text,
                   p.publication_number IN (SELECT publication_number FROM mine) AS own,
                   list_transform(p.ipc, lambda x: regexp_extract(x, '^([A-H][0-9][0-9][A-Z][0-9]+)', 1)) AS groups,
                   list_transform(p.applicants, lambda a: a.name) AS applicants,
                   CAST(year(p.publication_date) AS INTEGER) AS year
            FROM patents p
            WHERE p.publication_number IN (SELECT publication_number FROM mine)
               OR p.publication_number IN (SELECT publication_number FROM others)
            """
        )
        rows = [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]
    finally:
        con.close()
    key_of = {n: name_key(n) for n, _ in names}
    own = [r for r in rows if r["own"]]
    others = [r for r in rows if not r["own"]]
    # every own document is on the map; competitors' documents fill the rest
    room = max(limit - len(own), 0)
    sample = own[:limit] + sorted(others, key=lambda r: r["publication_number"])[:room]
    landscape = land.build([(r["publication_number"], r["text"] or "") for r in sample], limit=limit)
    by_number = {r["publication_number"]: r for r in rows}
    cluster_of = {p["publication_number"]: p["cluster"] for p in landscape.points}
    clusters = []
    for c in landscape.clusters:
        members = [by_number[n] for n, k in cluster_of.items() if k == c["cluster"]]
        own_n = sum(1 for m in members if m["own"])
        clusters.append(
            {**c, "own_documents": own_n, "share": round(own_n / len(members), 3) if members else 0}
        )
    active = {c["cluster"] for c in clusters if c["own_documents"] >= 2}
    own_groups = {g for r in own for g in (r["groups"] or []) if g}
    spaces: dict[str, dict[str, Any]] = {}
    for n, k in cluster_of.items():
        r = by_number[n]
        if k not in active or r["own"]:
            continue
        for g in {g for g in (r["groups"] or []) if g and g not in own_groups}:
            s = spaces.setdefault(
                g,
                {"main_group": f"{g}/00", "cluster": k, "documents": 0, "applicants": set(), "latest": None},
            )
            s["documents"] += 1
            s["applicants"] |= {key_of.get(a, a) for a in (r["applicants"] or [])}
            if r["year"] is not None:
                s["latest"] = max(s["latest"] or 0, r["year"])
    white = sorted(
        (
            {
                **s,
                "applicants": len(s["applicants"]),
                "cluster_label": next(c["label"] for c in clusters if c["cluster"] == s["cluster"]),
            }
            for s in spaces.values()
        ),
        key=lambda s: (s["applicants"], -(s["latest"] or 0), s["main_group"]),
    )
    return landscape, clusters, white[:30]


def portfolio(
    inputs: service.ValueInputs,
    applicant: str,
    *,
    scenario: str | None = None,
    competitors: int = 5,
    map_points: int = 800,
    with_map: bool = True,
) -> dict[str, Any]:
    docs = by_applicant(inputs.corpus, applicant)
    rows = _portfolio_rows(inputs, docs)
    apps = sorted({r["app"] for r in rows})
    ind = service.indicator_set(inputs)
    wide = {
        r["app"]: r
        for r in ind.app_ind.filter(pc.is_in(ind.app_ind["app"], value_set=pa.array(apps))).to_pylist()
    }
    cut = inputs.cut_off
    by_status: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_year: Counter[int | str] = Counter()
    seen: set[str] = set()
    expiries, fees = [], []
    for r in sorted(rows, key=lambda r: (r["grant_date"] is None, r["publication_number"])):
        if r["app"] in seen:
            continue
        seen.add(r["app"])
        w = wide.get(r["app"])
        score = w["status_score"] if w else None
        status = (
            STATUS_NAMES.get(score, r["legal_status"] or "unknown")
            if score is not None
            else (r["legal_status"] or "unknown")
        )
        by_status[status] += 1
        by_type[r["patent_type"] or "unknown"] += 1
        year = r["filing_date"] or r["publication_date"]
        by_year[year.year if year else "unknown"] += 1
        in_force = status == "in_force" or (status == "unknown" and r["grant_date"] is not None)
        if r["filing_date"] and r["patent_type"] in ("invention", "utility_model", "design") and in_force:
            end = patent_term_end(r["patent_type"], r["filing_date"])
            if cut <= end <= add_years(cut, EXPIRY_HORIZON_YEARS):
                expiries.append(
                    {
                        "publication_number": r["publication_number"],
                        "term_end": end.isoformat(),
                        "title": r["title"] or r["title_en"],
                    }
                )
        if in_force and r["grant_date"] is not None:
            due, what = next_fee_due(r["country"], r["filing_date"], r["grant_date"], cut)
            if due is not None:
                fees.append(
                    {"publication_number": r["publication_number"], "due": due.isoformat(), "fee": what}
                )
    table = service.composites(inputs, apps, scenario)
    scores = sorted(table.to_pylist(), key=lambda r: -r["composite"])
    values = [r["composite"] for r in scores]
    pub_of: dict[str, str] = {}
    for r in rows:
        pub_of.setdefault(r["app"], r["publication_number"])
    chosen = find_scenario(inputs.weights, scenario)
    subclass_counts: Counter[str] = Counter(s[:4] for r in rows for s in set(r["ipc"] or []))
    subclasses = [s for s, _ in subclass_counts.most_common(10)]
    coverage = (
        _competitors(inputs, docs, subclasses, competitors)
        if subclasses
        else {"subclasses": [], "applicants": [], "matrix": [], "competitor_keys": []}
    )
    out: dict[str, Any] = {
        "applicant": docs.applicant.name if docs.applicant else applicant,
        "key": docs.applicant.key if docs.applicant else "",
        "variants": dict(
            sorted((docs.applicant.variants if docs.applicant else {}).items(), key=lambda kv: -kv[1])
        ),
        "similar_not_merged": docs.similar,
        "documents": len(rows),
        "applications": len(apps),
        "by_status": dict(by_status.most_common()),
        "by_type": dict(by_type.most_common()),
        "by_year": {str(k): v for k, v in sorted(by_year.items(), key=lambda kv: str(kv[0]))},
        "value": {
            "scenario": chosen.name_zh,
            "weight_set": inputs.weights.label(),
            "scored": len(values),
            "mean": round(sum(values) / len(values), 2) if values else None,
            "median": round(median(values), 2) if values else None,
            "distribution": [
                [f"{lo}–{lo + 10}", sum(1 for v in values if lo <= v < lo + 10 or (lo == 90 and v == 100))]
                for lo in range(0, 100, 10)
            ],
            "top": [
                {
                    "publication_number": pub_of.get(r["app"], r["app"]),
                    "composite": round(r["composite"], 2),
                    "coverage": round(r["coverage"], 3),
                }
                for r in scores[:10]
            ],
        },
        "expiries": sorted(expiries, key=lambda e: e["term_end"]),
        "annual_fees": sorted(fees, key=lambda f: f["due"]),
        "fee_rule": FEE_RULE,
        "ipc_coverage": {k: v for k, v in coverage.items() if k != "competitor_keys"},
        "cut_off": cut.isoformat(),
        "corpus_version": inputs.corpus.version_label,
    }
    try:
        stats_inputs = stats_link.load_stats_inputs(inputs.corpus.root, inputs.data_dir)
        out["stats_attributes"] = stats_link.stats_attributes(stats_inputs, apps, cut)
    except UserError as exc:
        out["stats_attributes"] = {
            "available": False,
            "reason": exc.message,
            "concept": stats_link.CONCEPT_NOTE,
        }
    if with_map and subclasses:
        landscape, clusters, white = _landscape_and_white_spaces(
            inputs, docs, coverage["competitor_keys"], subclasses, map_points
        )
        out["landscape"] = {
            "clusters": clusters,
            "note": landscape.note,
            "shown": landscape.shown,
            "encoder": landscape.encoder,
        }
        own = set(docs.numbers)
        out["landscape_points"] = [{**pt, "own": pt["publication_number"] in own} for pt in landscape.points]
        out["white_spaces"] = white
    return out
