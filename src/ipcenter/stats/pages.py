"""The home page: the city dashboard of the official statistics (valid invention patents, density per 10,000
people, high-value inventions, strategic emerging industries) for a chosen as-of date and region, by
sub-region and applicant type as tables and charts, the monthly trend, the official table as XLSX/CSV, and
under every figure the line that says how it was made.

Every figure comes from `stats.api` (the same cached computation the REST API answers). The real samples
of the demo corpus hold almost no Hunan patent: when the served corpus has none in the region and the stats
demo's synthetic data set is there, the page shows that data set and says so; it never shows zeros silently.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ipcenter.accounts.policy import Public
from ipcenter.errors import InvalidValue, UserError
from ipcenter.i18n import add_labels, label
from ipcenter.platform import web
from ipcenter.platform.deps import Platform, platform
from ipcenter.stats import api
from ipcenter.stats.indicators.valid_inventions import TYPE_COLUMNS
from ipcenter.stats.models import StatsTable

router = APIRouter(include_in_schema=False)

DEFAULT_WITHIN = "湖南省"
#: The regions offered in the form (any other region can be typed into the URL's ``within``).
REGIONS = (
    "湖南省", "长沙市", "长株潭", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市",
    "益阳市", "郴州市", "永州市", "怀化市", "娄底市", "湘西土家族苗族自治州", "全国",
)  # fmt: skip
TREND_MONTHS = 12

add_labels(
    {
        "page.stats.dashboard": ("专利统计看板", "Patent statistics dashboard"),
        "page.stats.region": ("地区", "Region"),
        "page.stats.as_of": ("统计截止日", "As of"),
        "page.stats.dataset": ("数据", "Data"),
        "page.stats.dataset_corpus": ("本平台专利库", "The served corpus"),
        "page.stats.dataset_demo": ("演示数据（合成，1/100）", "Demo data (synthetic, 1/100)"),
        "page.stats.show": ("查看", "Show"),
        "page.stats.valid_inventions": ("有效发明专利", "Valid invention patents"),
        "page.stats.density": ("每万人口发明专利拥有量", "Invention patents per 10,000 people"),
        "page.stats.high_value": ("高价值发明专利", "High-value invention patents"),
        "page.stats.high_value_density": ("每万人口高价值发明专利拥有量", "per 10,000 people"),
        "page.stats.sei": ("战略性新兴产业有效发明专利", "Strategic emerging industries"),
        "page.stats.unit": ("件", ""),
        "page.stats.no_population": ("无人口数据", "no population figure"),
        "page.stats.by_region": ("按地区与申请人类型", "By region and applicant type"),
        "page.stats.by_type": ("按申请人类型", "By applicant type"),
        "page.stats.trend": ("月度趋势", "Monthly trend"),
        "page.stats.download": ("下载官方统计表", "Download the official table"),
        "page.stats.provenance": ("数据说明", "How this was made"),
        "page.stats.definition": ("口径", "definition"),
        "page.stats.unconfirmed": ("未确认设置", "UNCONFIRMED settings"),
        "page.stats.count": ("数量", "Count"),
        "page.stats.share": ("占比", "Share"),
        "page.stats.demo_notice": (
            "以下数字来自统计模块的演示数据：按湖南省 2025 年 7 月官方统计表以 1/100 规模合成的 61 列导出数据，"
            "经导入后计算；并非真实专利。本平台专利库（真实样本）中该地区在该日期的有效发明专利为 {n} 件。",
            "These figures come from the stats demo's data set: a synthetic 61-column export generated at 1/100 "
            "scale from the official Hunan table of July 2025, ingested and counted — not real patents. The "
            "served corpus (real samples) holds {n} valid invention patents in this region on this date.",
        ),
        "page.stats.demo_sub_regions": (
            "合成数据只标注到市，市内各区县的数字计入“其他”。",
            "The synthetic data places patents by city only: inside a city they fall under 其他 (other).",
        ),
        "page.stats.thin_notice": (
            "本平台专利库（真实样本）中该地区在该日期的有效发明专利为 {n} 件，数据很少。",
            "The served corpus (real samples) holds only {n} valid invention patents in this region on this date.",
        ),
        "page.stats.show_demo": ("查看演示数据", "show the demo data"),
        "page.stats.show_corpus": ("仍查看本平台专利库", "show the served corpus anyway"),
        "page.stats.trend_note": (
            "每月末的有效发明专利总量（同一专利库、同一口径）。",
            "Valid invention patents at each month-end (the same corpus and definition).",
        ),
    }
)


# --------------------------------------------------------------------------- what the page shows


def _unconfirmed(table: StatsTable) -> list[str]:
    return [k for k, s in table.config.settings().items() if not s.confirmed]


def provenance(table: StatsTable, lang: str) -> str:
    """The line under a figure: corpus version, definition, population vintage, UNCONFIRMED settings."""
    vintage = table.population_vintage
    sources = "; ".join(table.population_sources)
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    parts = [
        f"{label('corpus_version', lang)} {table.corpus_version or '—'}",
        f"{label('page.stats.definition', lang)} {label(table.indicator, lang)}"
        f"{left}{label('attribution_rule', lang)}: {table.config.attribution_rule}{right}",
        f"{label('population_vintage', lang)} {vintage if vintage is not None else '—'}"
        + (f"{left}{sources}{right}" if sources else ""),
        f"{label('page.stats.unconfirmed', lang)}: {', '.join(_unconfirmed(table)) or '—'}",
    ]
    return " · ".join(parts)


def figure(key: str, table: StatsTable, lang: str) -> dict[str, Any]:
    total = table.rows[-1]
    density = total.density_per_10k
    return {
        "key": key,
        "value": total.count("valid_invention_total"),
        "density": f"{density:.2f}" if density is not None else None,
        "provenance": provenance(table, lang),
        "notes": table.notes,
    }


def region_rows(table: StatsTable) -> list[dict[str, Any]]:
    return [{**r.to_json(), "kind": r.kind} for r in table.rows]


def type_rows(table: StatsTable) -> list[dict[str, Any]]:
    total = table.rows[-1]
    whole = total.count("valid_invention_total") or 0
    return [
        {
            "column": col,
            "count": total.count(col),
            "share": f"{100 * total.count(col) / whole:.1f}%" if whole else "—",
        }
        for col in TYPE_COLUMNS
    ]


def _chart(chart_id: str, data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    base = {
        "margin": {"t": 40, "r": 10, "b": 80, "l": 60},
        "font": {"family": "Noto Sans CJK SC, sans-serif"},
    }
    return {"id": chart_id, "data": data, "layout": {**base, **layout}}


def charts(table: StatsTable, trend: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    regions = [r for r in table.rows if r.kind in ("region", "other")]
    total = table.rows[-1]
    out = [
        _chart(
            "chart-regions",
            [
                {
                    "type": "bar",
                    "name": label(col, lang),
                    "x": [r.region for r in regions],
                    "y": [r.count(col) for r in regions],
                }
                for col in TYPE_COLUMNS
            ],
            {"barmode": "stack", "title": {"text": label("page.stats.by_region", lang)}, "height": 420},
        ),
        _chart(
            "chart-applicant-types",
            [
                {
                    "type": "pie",
                    "labels": [label(col, lang) for col in TYPE_COLUMNS],
                    "values": [total.count(col) for col in TYPE_COLUMNS],
                    "hole": 0.4,
                }
            ],
            {"title": {"text": label("page.stats.by_type", lang)}, "height": 360},
        ),
        _chart(
            "chart-trend",
            [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": [p["as_of"] for p in trend],
                    "y": [p["valid_invention_total"] for p in trend],
                }
            ],
            {"title": {"text": label("page.stats.trend", lang)}, "height": 340},
        ),
    ]
    return out


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"as_of {text!r} is not a date YYYY-MM-DD") from None


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


# --------------------------------------------------------------------------- the page


def warm(state: Platform) -> None:
    """Compute the default dashboard (its tables are cached for the corpus version) before the first visit."""
    dashboard_context(state, "zh", None, DEFAULT_WITHIN, None, None)


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    who: Public,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
    within: Annotated[str | None, Query(max_length=40)] = None,
    level: Annotated[api.Level | None, Query()] = None,
    dataset: Annotated[api.Dataset | None, Query()] = None,
) -> HTMLResponse:
    lang = web.page_language(request)
    region = (within or "").strip() or DEFAULT_WITHIN
    base = {
        "regions": REGIONS if region in REGIONS else (region, *REGIONS),
        "region": region,
        "as_of": as_of or "",
        "dataset": dataset.value if dataset else "corpus",
        "demo_available": False,
        "unavailable": None,
    }
    try:
        context = dashboard_context(platform(request), lang, as_of, region, level, dataset)
    except UserError as exc:
        # a server without a corpus yet still has a home page; a bad date or region is the visitor's error
        status = 200 if not platform(request).corpus.current().corpus.exists else exc.http_status
        return web.render(
            request, who, "stats_dashboard.html", status_code=status, **{**base, "unavailable": exc.message}
        )
    return web.render(request, who, "stats_dashboard.html", **{**base, **context})


def dashboard_context(
    state: Platform,
    lang: str,
    as_of: str | None,
    region: str,
    level: api.Level | None,
    dataset: api.Dataset | None,
) -> dict[str, Any]:
    """Everything the dashboard shows (UserError when a date, a region or the data cannot be used)."""
    cutoff = parse_date(as_of)
    region_arg = None if region == "全国" else region
    lvl = level.value if level else None
    cache = api.stats_cache(state)
    demo_available = api.has_demo_dataset(cache.corpus_dir)
    has_corpus = state.corpus.current().corpus.exists

    def served_total(on: date | None) -> int:
        if not has_corpus:
            return 0
        served = api.compute_table(cache, "valid_inventions", on, region_arg, lvl, api.Dataset.corpus)
        return served.rows[-1].count("valid_invention_total")

    chosen = dataset.value if dataset else None
    if chosen is None:  # the served corpus, unless it has nothing here and the demo data set is there
        chosen = api.Dataset.demo if demo_available and served_total(cutoff) == 0 else api.Dataset.corpus

    def table(indicator: str) -> StatsTable:
        return api.compute_table(cache, indicator, cutoff, region_arg, lvl, chosen)

    vi, hv, se = table("valid_inventions"), table("high_value"), table("sei")
    trend = api.trend(cache, vi.as_of, region_arg, lvl, chosen, TREND_MONTHS)
    figures = [
        figure("valid_inventions", vi, lang),
        figure("high_value", hv, lang),
        figure("sei", se, lang),
    ]
    specs = charts(vi, trend, lang)
    return {
        "as_of": vi.as_of.isoformat(),
        "dataset": chosen,
        "demo_available": demo_available,
        "served_total": served_total(vi.as_of),  # what the served corpus holds on the date shown
        "figures": figures,
        "vi": vi,
        "rows": region_rows(vi),
        "types": type_rows(vi),
        "trend": trend,
        "charts_json": Markup(json.dumps(specs, ensure_ascii=False).replace("</", "<\\/")),
        "download": _query(
            as_of=vi.as_of.isoformat(), within=region_arg, level=lvl, dataset=chosen, lang=lang
        ),
        "switch_to_demo": "/?" + _query(within=region, dataset="demo", lang=lang),
        "switch_to_corpus": "/?" + _query(within=region, dataset="corpus", lang=lang),
        "sub_regions_in_demo": chosen == api.Dataset.demo and vi.level == "district",
    }
