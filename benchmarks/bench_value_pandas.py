"""The value indicators and cohort percentiles computed again with pandas, for the benchmark's comparison.

Same definitions as ``ipcenter.value.sql`` (read that module for what each indicator means): nested columns
are flattened with pyarrow's list kernels, everything relational (group-by, joins, "latest document wins",
ranking within cohorts) is pandas. Used only by benchmarks/bench_value.py, which also checks that both give
the same numbers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipcenter.core.legal_status import patent_term_end
from ipcenter.value.indicators import field_map
from ipcenter.value.sql import (
    AUTO_INDICATORS,
    EXAMINER_ORIGINS,
    INVALIDATION_PATTERN,
    LITIGATION_PATTERN,
    day_number,
)

EPOCH = np.datetime64("1970-01-01", "D")


def _days(col: pa.ChunkedArray) -> pd.Series:
    s = col.to_pandas(types_mapper=None)
    return ((pd.to_datetime(s) - pd.Timestamp("1970-01-01")).dt.days).astype("Int64")


def _flat(table: pa.Table, column: str) -> tuple[np.ndarray, pa.Array]:
    """(row index of each element, the elements) of a list column."""
    arr = table[column].combine_chunks()
    return pc.list_parent_indices(arr).to_numpy(), pc.list_flatten(arr)


def _latest(df: pd.DataFrame, value: str, order: str, keep: pd.Series | None = None) -> pd.Series:
    """Per application, ``value`` of the document with the highest ``order`` (among rows where ``keep``)."""
    sub = df if keep is None else df[keep]
    sub = sub.dropna(subset=[order]).sort_values([order], kind="stable")
    return sub.groupby("app")[value].last()


def _hhi_complement(pairs: pd.DataFrame, key: str) -> pd.Series:
    counts = pairs.groupby([key, "subclass"]).size().rename("n").reset_index()
    total = counts.groupby(key)["n"].transform("sum")
    counts["s2"] = (counts["n"] / total) ** 2
    return 1.0 - counts.groupby(key)["s2"].sum()


def indicators(
    parts: list[Path], cut_off: date, awards: set[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    cut = day_number(cut_off)
    t = pq.read_table([str(p) for p in parts])
    n = t.num_rows
    doc = pd.DataFrame(
        {
            "publication_number": t["publication_number"].to_pandas(),
            "app": pc.coalesce(t["application_number"], t["publication_number"]).to_pandas(),
            "country": t["country"].to_pandas(),
            "patent_type": t["patent_type"].to_pandas(),
            "filing_date": t["filing_date"].to_pandas(),
            "pub_day": _days(t["publication_date"]),
            "grant_day": _days(t["grant_date"]),
            "lapse_day": _days(t["lapse_date"]),
            "filing_day": _days(t["filing_date"]),
            "legal_status": t["legal_status"].to_pandas(),
            "family_size": t["family_size"].to_pandas(),
            "cited_by_count": t["cited_by_count"].to_pandas(),
            "transfers": t["transfer_count"].to_pandas(),
            "licences": t["licence_count"].to_pandas(),
            "pledges": t["pledge_count"].to_pandas(),
            "claim_len": pc.list_value_length(t["claims"]).to_pandas().fillna(0).astype(int),
            "cit_len": pc.list_value_length(t["citations"]).to_pandas().fillna(0).astype(int),
            "fam_len": pc.list_value_length(t["family_members"]).to_pandas().fillna(0).astype(int),
            "event_len": pc.list_value_length(t["legal_events"]).to_pandas().fillna(0).astype(int),
        }
    )
    doc["root"] = doc["publication_number"].str.replace(r"[A-Z][0-9]?$", "", regex=True)
    doc["filing_year"] = pd.to_datetime(doc["filing_date"]).dt.year.astype("Int64")
    # the latest document wins: grant first, then the later publication, then the publication number
    order = pd.DataFrame(
        {"g": doc["grant_day"].notna(), "p": doc["pub_day"].fillna(-(10**9)), "n": doc["publication_number"]}
    )
    doc["pub_order"] = pd.Series(np.arange(1, n + 1), index=order.sort_values(["g", "p", "n"]).index).reindex(
        doc.index
    )
    # priority year
    rows, prios = _flat(t, "priorities")
    prio = pd.DataFrame({"row": rows, "d": pd.to_datetime(pc.struct_field(prios, "date").to_pandas())})
    doc["priority_year"] = prio.groupby("row")["d"].min().dt.year.reindex(range(n)).astype("Int64").to_numpy()
    # term end (the core rule over distinct type × filing date, as the SQL's lookup table)
    pairs = doc.loc[doc["filing_date"].notna() & doc["patent_type"].isin(["invention", "utility_model", "design"]),
                    ["patent_type", "filing_date"]].drop_duplicates()  # fmt: skip
    pairs["term_end_day"] = [
        (patent_term_end(k, d) - date(1970, 1, 1)).days
        for k, d in zip(pairs["patent_type"], pairs["filing_date"], strict=True)
    ]
    doc = doc.merge(pairs, on=["patent_type", "filing_date"], how="left")
    # claims: independent = no dependency; CNIPA-export-only rows have unknown counts
    rows, claims = _flat(t, "claims")
    indep = pd.Series(
        pc.equal(pc.list_value_length(pc.struct_field(claims, "depends_on")), 0).to_numpy(
            zero_copy_only=False
        ),
        index=rows,
    )
    doc["indep"] = indep.groupby(level=0).sum().reindex(range(n), fill_value=0).to_numpy()
    rows, srcs = _flat(t, "sources")
    other = pd.Series(
        pc.not_equal(pc.struct_field(srcs, "source_format"), "cn-export-json").to_numpy(zero_copy_only=False),
        index=rows,
    )
    n_src = pd.Series(1, index=rows).groupby(level=0).sum().reindex(range(n), fill_value=0).to_numpy()
    n_other = other.groupby(level=0).sum().reindex(range(n), fill_value=0).to_numpy()
    doc["claim_count"] = np.where((n_src > 0) & (n_other == 0), 0, doc["claim_len"])
    rows, events = _flat(t, "legal_events")
    ev_text = (
        pc.struct_field(events, "code").to_pandas().fillna("")
        + " "
        + pc.struct_field(events, "description").to_pandas().fillna("")
    ).str.lower()
    for name, pattern in (
        ("invalidation_events", INVALIDATION_PATTERN),
        ("litigation_events", LITIGATION_PATTERN),
    ):
        hit = pd.Series(ev_text.str.contains(pattern, regex=True).to_numpy(), index=rows)
        doc[name] = hit.groupby(level=0).sum().reindex(range(n), fill_value=0).to_numpy()

    visible = doc[doc["pub_day"].fillna(0) <= cut]  # every visible document cites and is cited
    vis = visible[visible["patent_type"].isna() | ~visible["patent_type"].isin(["design", "plant"])]
    grp = vis.groupby("app")
    apps = pd.DataFrame(
        {
            "country": _latest(vis, "country", "pub_order"),
            "patent_type": _latest(vis, "patent_type", "pub_order", vis["patent_type"].notna()),
            "filing_day": grp["filing_day"].min(), "filing_year": grp["filing_year"].min(),
            "priority_year": grp["priority_year"].min(), "grant_day": grp["grant_day"].max(),
            "lapse_day": grp["lapse_day"].min(), "term_end_day": grp["term_end_day"].min(),
            "legal_status": _latest(vis, "legal_status", "pub_order", vis["legal_status"].isin(["in_force", "pending", "lapsed"])),
            "family_size": grp["family_size"].max(), "cited_by_count": grp["cited_by_count"].max(),
            "transfers": grp["transfers"].max(), "licences": grp["licences"].max(), "pledges": grp["pledges"].max(),
            "claim_count": _latest(vis, "claim_count", "pub_order", vis["claim_count"] > 0),
            "independent_claim_count": _latest(vis, "indep", "pub_order", vis["claim_count"] > 0),
            "event_count": grp["event_len"].sum(), "invalidation_events": grp["invalidation_events"].sum(),
            "litigation_events": grp["litigation_events"].sum(), "has_citations": grp["cit_len"].max() > 0,
            "has_family_list": grp["fam_len"].max() > 0, "family_member_count": grp["fam_len"].max(),
        }
    )  # fmt: skip
    vis_rows = visible.index
    # IPC: field of the main symbol (longest concordance prefix), breadth
    rows, syms = _flat(t, "ipc")
    ipc = pd.DataFrame({"row": rows, "symbol": syms.to_pandas()})
    ipc["position"] = ipc.groupby("row").cumcount()
    ipc = ipc[ipc["row"].isin(vis_rows) & ipc["symbol"].str.match(r"^[A-H]\d\d[A-Z]")]
    ipc["app"] = doc["app"].to_numpy()[ipc["row"]]
    ipc["subclass"] = ipc["symbol"].str[:4]
    mg = ipc["symbol"].str.extract(r"^[A-H]\d\d[A-Z](\d+)")[0]
    ipc["mg_key"] = np.where(mg.notna(), ipc["subclass"] + mg.fillna("0").astype(int).astype(str), None)
    main = ipc[ipc["position"] == 0].sort_values("symbol").groupby("app").first()
    fmap = dict(zip(field_map()["prefix"].to_pylist(), field_map()["field_nr"].to_pylist(), strict=True))
    field = (
        main["mg_key"]
        .map(fmap)
        .fillna(main["subclass"].map(fmap))
        .fillna(main["symbol"].str[:3].map(fmap))
        .fillna(0)
    )
    apps["field_nr"] = field.reindex(apps.index).fillna(0).astype(int)
    apps["main_subclass"] = main["subclass"].reindex(apps.index)
    breadth = (
        ipc.drop_duplicates(["app", "symbol"])
        .groupby("app")
        .agg(ipc_subclasses=("subclass", "nunique"), ipc_main_groups=("mg_key", "nunique"))
    )
    # citations
    rows, cits = _flat(t, "citations")
    cite = pd.DataFrame({"row": rows, "kind": pc.struct_field(cits, "kind").to_pandas(), "by": pc.struct_field(cits, "cited_by").to_pandas(),
                         "number": pc.struct_field(cits, "number").to_pandas()})  # fmt: skip
    cite = cite[cite["row"].isin(vis_rows)]
    cite["app"] = doc["app"].to_numpy()[cite["row"]]
    cite["origin"] = np.where(
        cite["by"].isin(EXAMINER_ORIGINS),
        "examiner",
        np.where(cite["by"] == "applicant", "applicant", "other"),
    )
    cite["root"] = np.where(
        (cite["kind"] == "patent") & cite["number"].notna(),
        cite["number"].str.upper().str.replace(r"[A-Z][0-9]?$", "", regex=True),
        None,
    )
    pat = cite[cite["kind"] == "patent"]
    backward = pd.DataFrame(
        {
            "backward_citations": pat.groupby("app")["root"].nunique(),
            "backward_examiner_citations": pat[pat["origin"] == "examiner"].groupby("app")["root"].nunique(),
            "backward_applicant_citations": pat[pat["origin"] == "applicant"]
            .groupby("app")["root"]
            .nunique(),
            "npl_citations": cite[cite["kind"] == "npl"].groupby("app").size(),
        }
    )
    rows, members = _flat(t, "family_members")
    mem = pd.DataFrame({"app": doc["app"].to_numpy()[rows], "m": members.to_pandas().str.upper()})
    roots = pd.concat(
        [
            doc[["root", "app"]],
            pd.DataFrame({"root": mem["m"].str.replace(r"[A-Z][0-9]?$", "", regex=True), "app": mem["app"]}),
        ]
    ).drop_duplicates()
    links = cite.dropna(subset=["root"])[["app", "root"]].merge(roots, on="root", suffixes=("", "_cited"))
    links = links[links["app_cited"] != links["app"]][["app", "app_cited"]].drop_duplicates()
    forward = links.groupby("app_cited").size()
    ms = main["subclass"]  # main subclass of every visible application (designs included, as in the SQL)
    cited_f = links.assign(subclass=links["app_cited"].map(ms)).dropna(subset=["subclass"])
    citing_f = links.assign(subclass=links["app"].map(ms)).dropna(subset=["subclass"])
    originality = _hhi_complement(cited_f, "app")
    generality = _hhi_complement(citing_f.rename(columns={"app": "citing", "app_cited": "app"}), "app")
    mem = mem[mem["m"].str.match(r"^[A-Z]{2}")]
    mem["c"] = mem["m"].str[:2]
    mem = mem.drop_duplicates(["app", "c"]).merge(apps[["country"]], left_on="app", right_index=True)
    mem["other"] = mem["c"] != mem["country"]
    fam = pd.DataFrame(
        {
            "overseas": mem.groupby("app")["other"].max(),
            "others": mem[mem["other"]].groupby("app")["c"].nunique(),
        }
    )
    # status, terms, out
    st = pd.Series(pd.NA, index=apps.index, dtype="Float64")
    ls = apps["legal_status"]
    cond = [
        (apps["term_end_day"].notna() & (apps["term_end_day"] <= cut)).fillna(False), (apps["lapse_day"].notna() & (apps["lapse_day"] <= cut)).fillna(False),
        ((ls == "in_force") & apps["grant_day"].notna() & (apps["grant_day"] > cut)).fillna(False), (ls == "in_force").fillna(False),
        (ls == "pending").fillna(False), (ls == "lapsed").fillna(False),
        (apps["grant_day"].notna() & (apps["grant_day"] <= cut) & apps["lapse_day"].isna() & apps["term_end_day"].notna()).fillna(False),
    ]  # fmt: skip
    for mask, v in reversed(list(zip(cond, (0, 0, 1, 2, 1, 0, 2), strict=True))):
        st[mask] = v
    out = pd.DataFrame(index=apps.index)
    out["field_nr"] = apps["field_nr"]
    out["cohort_year"] = apps["filing_year"].fillna(apps["priority_year"])
    out["status_score"] = st
    f = {
        c: apps[c].to_numpy(dtype=float, na_value=np.nan) for c in ("term_end_day", "filing_day", "grant_day")
    }
    stf = st.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        out["remaining_term_years"] = np.where(
            stf == 0,
            0.0,
            np.where(np.isnan(stf) | np.isnan(f["term_end_day"]), np.nan, (f["term_end_day"] - cut) / 365.25),
        )
        out["patent_age_years"] = np.where(f["filing_day"] <= cut, (cut - f["filing_day"]) / 365.25, np.nan)
        out["grant_lag_years"] = np.where(
            (f["grant_day"] <= cut) & ~np.isnan(f["filing_day"]),
            (f["grant_day"] - f["filing_day"]) / 365.25,
            np.nan,
        )
    out["claim_count"] = apps["claim_count"].where(apps["claim_count"] > 0)
    out["independent_claim_count"] = apps["independent_claim_count"].where(apps["claim_count"] > 0)
    out["invalidation_events"] = apps["invalidation_events"].where(apps["event_count"] > 0)
    out["litigation_events"] = apps["litigation_events"].where(apps["event_count"] > 0)
    out["forward_citations_corpus"] = (
        forward.reindex(apps.index).fillna(0) if len(cite.dropna(subset=["root"])) else np.nan
    )
    out["forward_citations_source"] = apps["cited_by_count"]
    for col in (
        "backward_citations",
        "backward_examiner_citations",
        "backward_applicant_citations",
        "npl_citations",
    ):
        out[col] = backward[col].reindex(apps.index).fillna(0).where(apps["has_citations"])
    out["ipc_subclasses"] = breadth["ipc_subclasses"].reindex(apps.index)
    out["ipc_main_groups"] = breadth["ipc_main_groups"].reindex(apps.index).where(lambda s: s > 0)
    out["originality"] = originality.reindex(apps.index)
    out["generality"] = generality.reindex(apps.index)
    out["family_size"] = apps["family_size"].fillna(
        apps["family_member_count"].where(apps["has_family_list"])
    )
    out["family_countries"] = (1 + fam["others"].reindex(apps.index).fillna(0)).where(apps["has_family_list"])
    out["overseas_family"] = (
        fam["overseas"].reindex(apps.index).fillna(False).astype(float).where(apps["has_family_list"])
    )
    out["transfers"], out["licences"], out["pledges"] = apps["transfers"], apps["licences"], apps["pledges"]
    out["award_listed"] = np.where(
        apps.index.isin(list(awards or ())), 1.0, np.where(apps["country"] == "CN", 0.0, np.nan)
    )
    out = out.reset_index(names="app")
    # long form and mid-rank percentiles within the cohort
    long = out.melt(
        id_vars=["app", "field_nr", "cohort_year"],
        value_vars=list(AUTO_INDICATORS.values()),
        var_name="column",
        value_name="raw",
    )
    long = long.dropna(subset=["raw"])
    long["indicator"] = long["column"].map({v: k for k, v in AUTO_INDICATORS.items()})
    long["raw"] = long["raw"].astype(float).round(9)
    grouped = long.groupby(["indicator", "field_nr", "cohort_year"], dropna=False)["raw"]
    size = grouped.transform("size")
    long["percentile"] = (grouped.rank(method="average") - 0.5) / size * 100
    long["cohort_size"] = size
    return out, long.drop(columns="column")
