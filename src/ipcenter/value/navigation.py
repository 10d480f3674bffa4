"""Patent navigation reports (专利导航, GB/T 39551-2020) on any set of documents.

One service function, :func:`navigate`, selects the documents (query, IPC list, applicant, region), computes
every table of :mod:`ipcenter.value.nav_tables` and the landscape map, and returns them with what makes the
report reproducible: the selector, the corpus version and its update day, the navigation type and the command.
The five types (区域规划, 产业规划, 企业经营, 研发活动, 人才管理) share the tables; each orders them for its
decision and names its analysis model (domain-cn-2.md §5; the models are third-party descriptions).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue
from ipcenter.value import landscape as land
from ipcenter.value import nav_tables
from ipcenter.value.nav_tables import NavData
from ipcenter.value.selection import DocSet, select


@dataclass(frozen=True)
class NavType:
    key: str
    name_zh: str
    name_en: str
    decision: str
    model: str
    sections: tuple[str, ...]  # section keys in the order this type shows them


SECTIONS = (
    "trend",
    "composition",
    "geography",
    "applicants",
    "life_cycle",
    "effects",
    "citations",
    "inventors",
    "landscape",
)
NAV_TYPES = {
    t.key: t
    for t in (
        NavType(
            "regional",
            "区域规划",
            "regional planning",
            "区域发展定位、创新资源配置 / regional positioning and allocation of innovation resources",
            "竞争力—匹配度 (regional competitiveness against industry match)",
            (
                "geography",
                "trend",
                "composition",
                "applicants",
                "life_cycle",
                "landscape",
                "effects",
                "citations",
                "inventors",
            ),
        ),
        NavType(
            "industrial",
            "产业规划",
            "industrial planning",
            "产业创新发展规划 / industrial innovation and development planning",
            "方向—定位—路径 (direction: technology history and layout; positioning: strengths and gaps; path: route, layout, 招商引资 targets)",
            (
                "trend",
                "life_cycle",
                "composition",
                "geography",
                "applicants",
                "landscape",
                "effects",
                "citations",
                "inventors",
            ),
        ),
        NavType(
            "enterprise",
            "企业经营",
            "enterprise operation",
            "投资并购、上市、技术创新、产品开发 / investment, M&A, listing, product development",
            "patent strength, competitor benchmarking, layout strategy, risk warning",
            (
                "applicants",
                "composition",
                "trend",
                "landscape",
                "citations",
                "effects",
                "geography",
                "life_cycle",
                "inventors",
            ),
        ),
        NavType(
            "rd",
            "研发活动",
            "R&D activity",
            "研发立项与过程决策 / R&D project approval and in-process decisions",
            "technology life cycle, 技术功效矩阵, citation analysis, white spaces",
            (
                "effects",
                "life_cycle",
                "landscape",
                "citations",
                "composition",
                "trend",
                "applicants",
                "inventors",
                "geography",
            ),
        ),
        NavType(
            "talent",
            "人才管理",
            "talent management",
            "人才遴选与评价 / talent selection and evaluation",
            "inventor and team analysis (details UNCONFIRMED)",
            (
                "inventors",
                "trend",
                "applicants",
                "composition",
                "landscape",
                "geography",
                "effects",
                "citations",
                "life_cycle",
            ),
        ),
    )
}
#: Which tables belong to which section (the XLSX has every table; the HTML shows them by section).
SECTION_TABLES = {
    "trend": ("trend",),
    "composition": ("types", "offices", "ipc_subclasses", "ipc_main_groups", "applicant_types"),
    "geography": ("countries", "provinces", "cities"),
    "applicants": ("applicants", "concentration"),
    "life_cycle": ("life_cycle",),
    "effects": ("effect_matrix", "effects"),
    "citations": ("most_cited", "citation_edges"),
    "inventors": ("inventors", "teams"),
    "landscape": ("landscape_clusters",),
}
SECTION_TITLES = {
    "trend": "申请趋势 / trend",
    "composition": "构成 / composition",
    "geography": "地域分布 / geography",
    "applicants": "申请人与集中度 / applicants and concentration",
    "life_cycle": "生命周期 / life cycle",
    "effects": "技术功效 / technology and effect",
    "citations": "引证网络 / citation network",
    "inventors": "发明人与团队 / inventors and teams",
    "landscape": "技术地图 / landscape map",
}


def find_type(name: str) -> NavType:
    wanted = (name or "").strip().removesuffix("类")
    for t in NAV_TYPES.values():
        if wanted in (t.key, t.name_zh, t.name_en) or wanted.lower() == t.key:
            return t
    raise InvalidValue(
        f"unknown navigation type {name!r}: choose one of {', '.join(f'{t.name_zh} ({t.key})' for t in NAV_TYPES.values())}"
    )


@dataclass
class NavReport:
    nav_type: NavType
    docs: DocSet
    data: NavData
    landscape: land.Landscape
    meta: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def about(self) -> list[tuple[str, Any]]:
        return [(k, v) for k, v in self.meta.items()]


def compute_tables(corpus: Corpus, docs: DocSet) -> NavData:
    data = NavData()
    con = corpus.connect()
    try:
        con.register("sel", docs.table())
        nav_tables.prepare(con)
        nav_tables.basic_tables(con, data)
        nav_tables.applicant_tables(con, data)
        nav_tables.geography(con, data)
        nav_tables.effect_matrix(con, data)
        nav_tables.citation_network(con, data)
        nav_tables.inventor_tables(con, data)
        data.summary["documents"] = len(set(docs.numbers))
        apps = con.execute("SELECT count(DISTINCT app) FROM nd").fetchone()
        data.summary["applications"] = int(apps[0]) if apps else 0
    finally:
        con.close()
    return data


def landscape_rows(corpus: Corpus, numbers: list[str]) -> list[tuple[str, str]]:
    import pyarrow as pa

    con = corpus.connect()
    try:
        con.register("sel", pa.table({"publication_number": pa.array(sorted(set(numbers)), pa.string())}))
        rows = con.execute(
            """
            SELECT p.publication_number, concat_ws(' ', coalesce(p.title, p.title_en), p.abstract)
            FROM patents p JOIN sel USING (publication_number)
            """
        ).fetchall()
    finally:
        con.close()
    return [(str(p), str(t or "")) for p, t in rows]


def add_landscape_table(data: NavData, landscape: land.Landscape) -> None:
    data.add(
        "landscape_clusters",
        "技术聚类 / landscape clusters (labelled by their most distinctive terms)",
        ["cluster", "documents on the map", "label"],
        [[c["cluster"], c["size"], c["label"]] for c in landscape.clusters],
        note=landscape.note,
    )
    data.add(
        "landscape_points",
        "技术地图坐标 / landscape map coordinates",
        ["publication number", "x", "y", "cluster", "title"],
        [
            [p["publication_number"], round(p["x"], 4), round(p["y"], 4), p["cluster"], p["title"]]
            for p in landscape.points
        ],
    )


def navigate(
    corpus_dir: Path,
    nav_type: str,
    *,
    query: str | None = None,
    ipc: str | None = None,
    applicant: str | None = None,
    region: str | None = None,
    map_points: int = land.MAX_POINTS,
    command: str | None = None,
) -> NavReport:
    """The navigation report of the selected documents."""
    kind = find_type(nav_type)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    docs = select(corpus_dir, query=query, ipc=ipc, applicant=applicant, region=region)
    timings["select"] = time.perf_counter() - started
    corpus = Corpus(corpus_dir)
    started = time.perf_counter()
    data = compute_tables(corpus, docs)
    timings["tables"] = time.perf_counter() - started
    started = time.perf_counter()
    landscape = land.build(landscape_rows(corpus, docs.numbers), limit=map_points)
    add_landscape_table(data, landscape)
    timings["landscape"] = time.perf_counter() - started
    meta = {
        "navigation type": f"{kind.name_zh} ({kind.key}) — GB/T 39551-2020",
        "decision supported": kind.decision,
        "analysis model": kind.model,
        "documents": docs.description,
        "selector": f"--{docs.selector} {docs.value}",
        "document count": data.summary.get("documents"),
        "corpus": str(corpus.root),
        "corpus version": corpus.version_label,
        "generated at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command or f"ipcenter navigate --{docs.selector} {docs.value!r} --type {kind.name_zh}",
        "landscape": f"{landscape.shown} of {landscape.documents} documents, encoder {landscape.encoder or '-'}, PCA + k-means (seed 0)",
    }
    for note in docs.notes:
        meta.setdefault("notes", "")
        meta["notes"] = (meta["notes"] + "; " if meta["notes"] else "") + note
    return NavReport(kind, docs, data, landscape, meta, timings)
