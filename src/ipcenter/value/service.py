"""Value services: the explained GB/T 42748 scenario score of one patent, composites of many, expert inputs.

A composite is Σ weight × percentile over the scenario's indicators that have a value (0–100). An indicator
without a value is a *blank*: it is listed with the reason and its weight is shared out over the indicators of
its dimension that have one (and a dimension with none over the other dimensions), so that the weights used
still sum to 1 and the contributions add up to the composite; ``coverage`` says how much of the scenario's
nominal weight had a value. Expert indicators score 0–100 directly (no cohort).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ipcenter.corpus.service import find_documents
from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.value import sql, stats_link, store
from ipcenter.value.indicators import IndicatorSet, compute_indicators, default_cut_off, field_label
from ipcenter.value.models import IndicatorLine, Scenario, ValueExplanation, WeightSet
from ipcenter.value.tree import find_scenario, grade_of, load_tree, load_weight_set

SCOPE_REASON = "outside GB/T 42748 scope"
#: Rounding of what is shown: percentiles 2 decimals, weights 6, contributions and composite 4.
PCT_DIGITS, WEIGHT_DIGITS, SCORE_DIGITS = 2, 6, 4


class OutsideScope(UserError):
    """A design (or plant) patent: GB/T 42748-2023 covers invention and utility-model patents only."""

    http_status = 422


@dataclass
class ValueInputs:
    """What every value computation needs, resolved once."""

    corpus: Corpus
    data_dir: Path | None
    cut_off: date
    weights: WeightSet
    store_path: Path


def open_inputs(
    corpus_dir: Path,
    data_dir: Path | None,
    *,
    cut_off: date | None = None,
    profiles: Path | None = None,
    store_path: Path | None = None,
) -> ValueInputs:
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise NotFound(f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest …)")
    return ValueInputs(
        corpus=corpus,
        data_dir=data_dir,
        cut_off=cut_off or default_cut_off(corpus),
        weights=load_weight_set(profiles),
        store_path=store.default_store(corpus_dir, store_path),
    )


@lru_cache(maxsize=2)
def _cached_indicators(root: str, version: int, cut_off: date, data_dir: str | None) -> IndicatorSet:
    return compute_indicators(Corpus(root), Path(data_dir) if data_dir else None, cut_off)


def indicator_set(inputs: ValueInputs) -> IndicatorSet:
    """The corpus's indicators as of the cut-off (computed once per corpus version in a process)."""
    return _cached_indicators(
        str(inputs.corpus.root.resolve()),
        inputs.corpus.manifest.version,
        inputs.cut_off,
        str(inputs.data_dir) if inputs.data_dir else None,
    )


def resolve_document(corpus: Corpus, number: str) -> dict[str, Any]:
    rows = find_documents(corpus, number)
    if not rows:
        raise NotFound(f"no document {number!r} in the corpus")
    return rows[0]


def check_scope(row: dict[str, Any]) -> None:
    kind = row.get("patent_type")
    if kind in ("design", "plant"):
        what = "a design patent" if kind == "design" else "a plant patent"
        raise OutsideScope(
            f"{row['publication_number']}: {SCOPE_REASON} — {what}; GB/T 42748-2023 covers invention and"
            " utility-model patents only"
        )


# --------------------------------------------------------------------------- the weights actually used


def effective_weights(scenario: Scenario, available: set[str]) -> dict[str, float]:
    """Indicator → weight used, renormalised over the ``available`` indicators (sums to 1, or empty)."""
    dims: dict[str, float] = {}
    sums: dict[str, float] = {}
    for dim, weights in scenario.indicator_weights.items():
        s = sum(w for name, w in weights.items() if name in available)
        if s > 0 and scenario.dimension_weights.get(dim, 0) > 0:
            dims[dim] = scenario.dimension_weights[dim]
            sums[dim] = s
    total = sum(dims.values())
    out: dict[str, float] = {}
    for dim, dim_weight in dims.items():
        for name, w in scenario.indicator_weights[dim].items():
            if name in available:
                out[name] = (dim_weight / total) * (w / sums[dim])
    return out


# --------------------------------------------------------------------------- one patent, explained


def explain(
    inputs: ValueInputs, number: str, scenario_name: str | None = None, *, with_stats: bool = True
) -> ValueExplanation:
    """The scenario score of one invention or utility-model patent, line by line."""
    tree = load_tree()
    scenario = find_scenario(inputs.weights, scenario_name)
    row = resolve_document(inputs.corpus, number)
    check_scope(row)
    app = row.get("application_number") or row["publication_number"]
    ind = indicator_set(inputs)
    wide, long = ind.rows_for(app)
    if wide is None:
        raise NotFound(
            f"{row['publication_number']} is not among the documents published by the cut-off"
            f" {inputs.cut_off.isoformat()}"
        )
    by_name = {r["indicator"]: r for r in long}
    experts = store.latest_expert_inputs(inputs.store_path, {app})
    values: dict[str, tuple[float, float, int | None]] = {}  # name → (raw, percentile, cohort size)
    for name, r in by_name.items():
        values[name] = (float(r["raw"]), round(float(r["percentile"]), PCT_DIGITS), int(r["cohort_size"]))
    for (_, name), entry in experts.items():
        values[name] = (float(entry["score"]), round(float(entry["score"]), PCT_DIGITS), None)

    selected = [name for weights in scenario.indicator_weights.values() for name in weights]
    weights_used = effective_weights(scenario, {n for n in selected if n in values})
    lines: list[IndicatorLine] = []
    for name in selected:
        if name not in weights_used:
            continue
        raw, pct, size = values[name]
        w = weights_used[name]
        lines.append(
            IndicatorLine(
                name=name,
                dimension=tree.indicators[name].dimension,
                raw=_raw(raw),
                percentile=pct,
                cohort_size=size,
                weight=round(w, WEIGHT_DIGITS),
                contribution=round(w * pct, SCORE_DIGITS),
            )
        )
    composite = round(sum(line.contribution for line in lines), SCORE_DIGITS)
    blanks = [
        {
            "name": name,
            "dimension": tree.indicators[name].dimension,
            "reason": tree.indicators[name].blank_when,
            "nominal_weight": round(scenario.nominal_weight(name), WEIGHT_DIGITS),
        }
        for name in selected
        if name not in values
    ]
    descriptive = [
        IndicatorLine(name, tree.indicators[name].dimension, _raw(v[0]), v[1], v[2], 0.0, 0.0)
        for name, v in values.items()
        if name not in weights_used and name in tree.indicators
    ]
    coverage = round(sum(scenario.nominal_weight(n) for n in selected if n in values), WEIGHT_DIGITS)
    dims = []
    for dim, dim_weight in scenario.dimension_weights.items():
        mine = [line for line in lines if line.dimension == dim]
        used = sum(line.weight for line in mine)
        contribution = round(sum(line.contribution for line in mine), SCORE_DIGITS)
        dims.append(
            {
                "dimension": dim,
                "name": tree.dimension_name(dim),
                "nominal_weight": dim_weight,
                "weight": round(used, WEIGHT_DIGITS),
                "score": round(contribution / used, PCT_DIGITS) if used else None,
                "contribution": contribution,
            }
        )
    notes = [
        f"cohort: WIPO field of the main IPC × filing year; percentiles are mid-rank within the cohort"
        f" ({ind.rules_version})",
        f"weights: {inputs.weights.label()}",
        f"forward citations count only citing documents in this corpus ({ind.citing_documents} documents carry"
        " resolvable patent citations)",
        f"award list: {ind.awards_known} award-winning application numbers known (partial lists)",
    ]
    small = sorted({line.name for line in lines if line.cohort_size is not None and line.cohort_size < 10})
    if small:
        notes.append(
            f"{len(small)} weighted indicator(s) rank in a cohort of fewer than 10 applications ({', '.join(small)}):"
            " their percentiles say little (a cohort of one puts every value at 50)"
        )
    if not lines:
        notes.append("no indicator of this scenario has a value: the composite is 0 and means nothing")
    stats_attrs: dict[str, Any] = {}
    if with_stats:
        try:
            stats_inputs = stats_link.load_stats_inputs(inputs.corpus.root, inputs.data_dir)
            stats_attrs = stats_link.flags_of_one(stats_inputs, app, inputs.cut_off)
        except UserError as exc:
            stats_attrs = {"available": False, "reason": exc.message, "concept": stats_link.CONCEPT_NOTE}
    cohort_year = wide.get("cohort_year")
    return ValueExplanation(
        publication_number=row["publication_number"],
        application=app,
        patent_type=row.get("patent_type"),
        scenario=scenario,
        composite=composite,
        lines=lines,
        blanks=blanks,
        weight_set=inputs.weights,
        cut_off=inputs.cut_off.isoformat(),
        corpus_version=inputs.corpus.version_label,
        cohort={
            "field_nr": wide.get("field_nr"),
            "field": field_label(wide.get("field_nr"), "en"),
            "field_zh": field_label(wide.get("field_nr"), "zh"),
            "filing_year": int(cohort_year) if cohort_year is not None else None,
        },
        coverage=coverage,
        grade=grade_of(inputs.weights, composite) if lines else None,
        dimensions=dims,
        tree=tree,
        descriptive=descriptive,
        stats_attributes=stats_attrs,
        expert_inputs=store.expert_history(inputs.store_path, app),
        external_attributes=store.external_attributes(inputs.store_path, app),
        notes=notes,
        title=row.get("title") or row.get("title_en"),
    )


def _raw(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


# --------------------------------------------------------------------------- many patents


def composites(
    inputs: ValueInputs, applications: list[str] | None, scenario_name: str | None = None
) -> pa.Table:
    """(app, composite, coverage) for ``applications`` (None: every application in scope), set-wise in SQL."""
    scenario = find_scenario(inputs.weights, scenario_name)
    tree = load_tree()
    ind = indicator_set(inputs)
    weights = pa.table(
        {
            "indicator": [n for ws in scenario.indicator_weights.values() for n in ws],
            "dimension": [
                tree.indicators[n].dimension for ws in scenario.indicator_weights.values() for n in ws
            ],
            "w_dim": [
                scenario.dimension_weights[d] for d, ws in scenario.indicator_weights.items() for _ in ws
            ],
            "w_ind": [w for ws in scenario.indicator_weights.values() for w in ws.values()],
        }
    )
    experts = store.latest_expert_inputs(inputs.store_path, set(applications) if applications else None)
    expert_rows = pa.table(
        {
            "app": pa.array([k[0] for k in experts], pa.string()),
            "indicator": pa.array([k[1] for k in experts], pa.string()),
            "percentile": pa.array([float(e["score"]) for e in experts.values()], pa.float64()),
        }
    )
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        con.register("pct", ind.percentiles)
        con.register("weights", weights)
        con.register("expert_rows", expert_rows)
        wanted = ""
        if applications is not None:
            con.register("wanted", pa.table({"app": pa.array(sorted(set(applications)), pa.string())}))
            wanted = "WHERE app IN (SELECT app FROM wanted)"
        con.execute(
            f"CREATE TEMP VIEW scored AS SELECT * FROM (SELECT app, indicator, percentile FROM pct"
            f" UNION ALL SELECT app, indicator, percentile FROM expert_rows) {wanted}"
        )
        return con.sql(sql.COMPOSITE_SQL).to_arrow_table()
    finally:
        con.close()


# --------------------------------------------------------------------------- inputs people enter


def add_expert(
    inputs: ValueInputs, number: str, indicator: str, score: float, by: str, evidence: str | None
) -> dict[str, Any]:
    row = resolve_document(inputs.corpus, number)
    check_scope(row)
    return store.add_expert_input(
        inputs.store_path,
        load_tree(),
        application=row.get("application_number") or row["publication_number"],
        publication_number=row["publication_number"],
        indicator=indicator,
        score=score,
        by=by,
        evidence=evidence,
    )


def add_vendor_score(
    inputs: ValueInputs, number: str, vendor: str, attribute: str, value: str, as_of: date | None, by: str
) -> dict[str, Any]:
    row = resolve_document(inputs.corpus, number)
    return store.add_external_attribute(
        inputs.store_path,
        application=row.get("application_number") or row["publication_number"],
        publication_number=row["publication_number"],
        vendor=vendor,
        attribute=attribute,
        value=value,
        as_of=as_of,
        by=by,
    )


def parse_cut_off(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"--as-of must be a date YYYY-MM-DD, not {text!r}") from None
