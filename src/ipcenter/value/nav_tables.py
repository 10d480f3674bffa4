"""The tables of a patent navigation report (GB/T 39551), computed in DuckDB over the selected documents.

The connection holds the corpus view ``patents`` and the selection ``sel(publication_number)``. Counts are of
documents (publications) unless a column says applications (A and B documents of one application together).
Applicant counts use the merged names (:mod:`ipcenter.value.names`); the year of an application is its filing
year, else its earliest priority year.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from ipcenter.core.regions import resolve_address
from ipcenter.value.names import group_names, name_key
from ipcenter.value.selection import name_key_table

#: Effect phrases (技术功效): a verb of change and what it changes, in Chinese and English.
EFFECT_VERBS_ZH = (
    "提高|提升|降低|减少|减小|增加|增强|改善|改进|简化|节约|节省|避免|防止|延长|缩短|加快|保证|保持|便于"
)
EFFECT_PATTERN_ZH = rf"({EFFECT_VERBS_ZH})了?([^，。；、,.;:：（）()\s的了和及与并且或等]{{2,6}})"
EFFECT_PATTERN_EN = (
    r"\b(improv|reduc|increas|decreas|lower|enhanc|prevent|minimi[sz]|maximi[sz]|simplif|extend|avoid)\w*"
    r"\s+(?:the\s+|a\s+|an\s+|its\s+)?([a-z]{3,}(?:\s+[a-z]{3,})?)"
)
EN_VERBS = {
    "improv": "improve",
    "reduc": "reduce",
    "increas": "increase",
    "decreas": "decrease",
    "lower": "lower",
    "enhanc": "enhance",
    "prevent": "prevent",
    "minimis": "minimise",
    "minimiz": "minimise",
    "maximis": "maximise",
    "maximiz": "maximise",
    "simplif": "simplify",
    "extend": "extend",
    "avoid": "avoid",
}
EN_STOP = frozenset(
    [
        "that",
        "which",
        "this",
        "these",
        "those",
        "from",
        "with",
        "into",
        "and",
        "for",
        "the",
        "are",
        "was",
        "been",
        "being",
        "such",
    ]
)


@dataclass
class NavTable:
    """A table of the report: key (sheet name), title, columns, rows."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""


@dataclass
class NavData:
    tables: dict[str, NavTable] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def add(
        self, key: str, title: str, columns: list[str], rows: list[list[Any]], note: str = ""
    ) -> NavTable:
        t = NavTable(key, title, columns, [list(r) for r in rows], note)
        self.tables[key] = t
        return t


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """``nd``: one flat row per selected document (the columns every table needs)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE nd AS
        SELECT p.publication_number, coalesce(p.application_number, p.publication_number) AS app,
               p.country AS office, coalesce(p.patent_type, 'unknown') AS patent_type,
               CAST(coalesce(year(p.filing_date), year(list_min(list_transform(p.priorities, lambda x: x.date))))
                    AS INTEGER) AS app_year,
               CAST(year(p.publication_date) AS INTEGER) AS pub_year,
               CAST(year(p.grant_date) AS INTEGER) AS grant_year,
               p.ipc, p.applicants, p.inventors, p.citations, p.family_members,
               map_extract_value(p.extra, 'region') AS region_hint,
               concat_ws(' ', p.title, p.title_en, p.abstract,
                         array_to_string(list_transform(p.claims[1:3], lambda c: c.text), ' ')) AS text
        FROM patents p JOIN sel s ON s.publication_number = p.publication_number
        """
    )


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[list[Any]]:
    return [list(r) for r in con.execute(query).fetchall()]


def basic_tables(con: duckdb.DuckDBPyConnection, data: NavData, top: int = 20) -> None:
    """Trend, composition by type / office / IPC, IPC main groups."""
    data.add(
        "trend",
        "申请与授权趋势 / application and grant trend",
        ["year", "applications (filing/priority year)", "publications", "grants"],
        _rows(
            con,
            """
            WITH y AS (
              SELECT app_year AS year FROM nd WHERE app_year IS NOT NULL
              UNION SELECT pub_year FROM nd WHERE pub_year IS NOT NULL
              UNION SELECT grant_year FROM nd WHERE grant_year IS NOT NULL)
            SELECT y.year,
                   (SELECT count(DISTINCT app) FROM nd WHERE app_year = y.year),
                   (SELECT count(*) FROM nd WHERE pub_year = y.year),
                   (SELECT count(DISTINCT app) FROM nd WHERE grant_year = y.year)
            FROM y ORDER BY y.year
            """,
        ),
    )
    data.add(
        "types",
        "专利类型构成 / by patent type",
        ["patent type", "documents"],
        _rows(con, "SELECT patent_type, count(*) AS n FROM nd GROUP BY 1 ORDER BY n DESC, 1"),
    )
    data.add(
        "offices",
        "公开国家/地区 / by office of publication",
        ["office", "documents"],
        _rows(con, "SELECT office, count(*) AS n FROM nd GROUP BY 1 ORDER BY n DESC, 1"),
    )
    data.add(
        "ipc_subclasses",
        "IPC小类 / IPC subclasses (a document counts once per subclass it carries)",
        ["subclass", "documents", "as main subclass"],
        _rows(
            con,
            f"""
            WITH s AS (SELECT DISTINCT publication_number, substr(symbol, 1, 4) AS subclass
                       FROM nd, unnest(ipc) AS t(symbol)),
                 m AS (SELECT substr(ipc[1], 1, 4) AS subclass, count(*) AS n FROM nd WHERE len(ipc) > 0 GROUP BY 1)
            SELECT s.subclass, count(*) AS n, coalesce(max(m.n), 0)
            FROM s LEFT JOIN m ON m.subclass = s.subclass
            GROUP BY s.subclass ORDER BY n DESC, s.subclass LIMIT {top}
            """,
        ),
    )
    data.add(
        "ipc_main_groups",
        "IPC大组 / IPC main groups",
        ["main group", "documents"],
        _rows(
            con,
            f"""
            SELECT g, count(DISTINCT publication_number) AS n FROM (
              SELECT publication_number, regexp_extract(symbol, '^([A-H][0-9][0-9][A-Z][0-9]+)', 1) || '/00' AS g
              FROM nd, unnest(ipc) AS t(symbol)) WHERE g <> '/00'
            GROUP BY g ORDER BY n DESC, g LIMIT {top}
            """,
        ),
    )


def applicant_tables(con: duckdb.DuckDBPyConnection, data: NavData, top: int = 20) -> dict[str, str]:
    """Top applicants (merged names), concentration (CR4, HHI), applicant types, life cycle. Returns name → key."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT a.name FROM nd, unnest(applicants) AS t(a) WHERE a.name IS NOT NULL"
        ).fetchall()
    ]
    keys = name_key_table(names)
    con.register("name_keys", keys)
    counts = _rows(
        con,
        """
        SELECT a.name, count(DISTINCT publication_number) FROM nd, unnest(applicants) AS t(a)
        WHERE a.name IS NOT NULL GROUP BY a.name
        """,
    )
    groups = group_names((str(n), int(c)) for n, c in counts)
    per_key = _rows(
        con,
        """
        SELECT k.key, count(DISTINCT nd.publication_number) AS n
        FROM nd, unnest(nd.applicants) AS t(a) JOIN name_keys k ON k.name = a.name
        WHERE k.key <> '' GROUP BY k.key ORDER BY n DESC, k.key
        """,
    )
    total = sum(int(n) for _, n in per_key)
    with_applicant = con.execute("SELECT count(*) FROM nd WHERE len(applicants) > 0").fetchone()
    data.add(
        "applicants",
        "主要申请人（名称变体已合并）/ top applicants (name variants merged)",
        ["rank", "applicant", "documents", "share of applicant-documents", "name variants"],
        [
            [
                i + 1,
                groups[k].name,
                int(n),
                round(int(n) / total, 4) if total else None,
                "; ".join(sorted(groups[k].variants)),
            ]
            for i, (k, n) in enumerate(per_key[:top])
        ],
    )
    shares = [int(n) / total for _, n in per_key] if total else []
    cr4 = round(sum(shares[:4]), 4) if shares else None
    hhi = round(sum(s * s for s in shares) * 10_000, 1) if shares else None
    data.summary.update(
        {
            "applicants": len(per_key),
            "documents_with_applicant": int(with_applicant[0]) if with_applicant else 0,
            "cr4": cr4,
            "hhi": hhi,
        }
    )
    data.add(
        "concentration",
        "集中度 / concentration",
        ["measure", "value", "definition"],
        [
            ["applicants (merged)", len(per_key), "distinct merged applicant names"],
            ["CR4", cr4, "share of the four largest applicants in applicant-documents"],
            [
                "HHI",
                hhi,
                "Σ share² × 10,000 over merged applicants (a document with n applicants counts for each)",
            ],
        ],
    )
    data.add(
        "applicant_types",
        "申请人类型 / first applicant's type",
        ["type", "documents"],
        _rows(
            con,
            "SELECT coalesce(applicants[1].type, 'unknown'), count(*) AS n FROM nd GROUP BY 1 ORDER BY n DESC, 1",
        ),
    )
    data.add(
        "life_cycle",
        "技术生命周期 / life cycle (applicants against applications per year)",
        ["year", "applications", "applicants", "new applicants"],
        _rows(
            con,
            """
            WITH ay AS (
              SELECT DISTINCT nd.app_year AS year, k.key
              FROM nd, unnest(nd.applicants) AS t(a) JOIN name_keys k ON k.name = a.name
              WHERE nd.app_year IS NOT NULL AND k.key <> ''),
            first AS (SELECT key, min(year) AS y0 FROM ay GROUP BY key),
            apps AS (SELECT app_year AS year, count(DISTINCT app) AS n FROM nd WHERE app_year IS NOT NULL GROUP BY 1)
            SELECT apps.year, apps.n,
                   (SELECT count(*) FROM ay WHERE ay.year = apps.year),
                   (SELECT count(*) FROM first WHERE first.y0 = apps.year)
            FROM apps ORDER BY apps.year
            """,
        ),
    )
    return {str(n): name_key(str(n)) for n in names}


def geography(con: duckdb.DuckDBPyConnection, data: NavData, top: int = 20) -> None:
    """Applicant countries, provinces and cities (first applicant; the source's 国省 field when no address)."""
    hints = [
        r[0]
        for r in con.execute("SELECT DISTINCT region_hint FROM nd WHERE region_hint IS NOT NULL").fetchall()
    ]
    resolved = [resolve_address(None, h) for h in hints]
    con.register(
        "hint_regions",
        pa.table(
            {
                "hint": pa.array(hints, pa.string()),
                "country": pa.array([d.country for d in resolved], pa.string()),
                "province": pa.array([d.province for d in resolved], pa.string()),
            }
        ),
    )
    base = """
        WITH g AS (
          SELECT nd.publication_number,
                 coalesce(applicants[1].country, h.country) AS country,
                 coalesce(applicants[1].province, h.province) AS province,
                 applicants[1].city AS city
          FROM nd LEFT JOIN hint_regions h ON h.hint = nd.region_hint)
    """
    for key, column, title in (
        ("countries", "country", "申请人国家/地区 / applicant country"),
        ("provinces", "province", "申请人省份 / applicant province"),
        ("cities", "city", "申请人城市 / applicant city"),
    ):
        data.add(
            key,
            title,
            [column, "documents"],
            _rows(
                con,
                f"{base} SELECT {column}, count(*) AS n FROM g WHERE {column} IS NOT NULL"
                f" GROUP BY 1 ORDER BY n DESC, 1 LIMIT {top}",
            ),
        )
    unknown = con.execute(f"{base} SELECT count(*) FROM g WHERE country IS NULL").fetchone()
    data.summary["documents_without_applicant_location"] = int(unknown[0]) if unknown else 0


def _effect(phrase: str) -> str | None:
    """A matched phrase → the effect as shown: Chinese verb + object; English verb lemma + object."""
    phrase = phrase.strip()
    m = re.match(rf"^({EFFECT_VERBS_ZH})了?(.+)$", phrase)
    if m:
        return m.group(1) + m.group(2)
    m = re.match(EFFECT_PATTERN_EN, phrase.lower())
    if m:
        words = [w for w in m.group(2).split() if w not in EN_STOP]
        if not words:
            return None
        stem = m.group(1)
        verb = next((v for k, v in EN_VERBS.items() if stem.startswith(k)), stem)
        return f"{verb} {' '.join(words)}"
    return None


def effect_matrix(
    con: duckdb.DuckDBPyConnection, data: NavData, technologies: int = 10, effects: int = 12
) -> None:
    """技术功效矩阵: technology (IPC main group) × effect (change phrases in title, abstract, first claims)."""
    found = _rows(
        con,
        f"""
        SELECT DISTINCT publication_number, unnest(regexp_extract_all(text, '{EFFECT_PATTERN_ZH}', 0)) AS phrase
        FROM nd WHERE text IS NOT NULL
        UNION
        SELECT DISTINCT publication_number, unnest(regexp_extract_all(lower(text), '{EFFECT_PATTERN_EN}', 0))
        FROM nd WHERE text IS NOT NULL
        """,
    )
    doc_effects = {(str(p), e) for p, phrase in found if (e := _effect(str(phrase)))}
    counts = Counter(e for _, e in doc_effects)
    top_effects = [e for e, _ in counts.most_common(effects)]
    con.register(
        "doc_effect",
        pa.table(
            {
                "publication_number": pa.array([p for p, e in doc_effects if e in top_effects], pa.string()),
                "effect": pa.array([e for _, e in doc_effects if e in top_effects], pa.string()),
            }
        ),
    )
    groups = [
        r[0]
        for r in con.execute(
            f"""
            SELECT g FROM (
              SELECT DISTINCT e.publication_number,
                     regexp_extract(symbol, '^([A-H][0-9][0-9][A-Z][0-9]+)', 1) || '/00' AS g
              FROM doc_effect e JOIN nd USING (publication_number), unnest(nd.ipc) AS t(symbol))
            WHERE g <> '/00' GROUP BY g ORDER BY count(*) DESC, g LIMIT {technologies}
            """
        ).fetchall()
    ]
    cells = _rows(
        con,
        """
        SELECT g, effect, count(DISTINCT publication_number) FROM (
          SELECT e.publication_number, e.effect,
                 regexp_extract(symbol, '^([A-H][0-9][0-9][A-Z][0-9]+)', 1) || '/00' AS g
          FROM doc_effect e JOIN nd USING (publication_number), unnest(nd.ipc) AS t(symbol))
        GROUP BY g, effect
        """,
    )
    grid = {(g, e): int(n) for g, e, n in cells}
    with_text = con.execute("SELECT count(*) FROM nd WHERE length(text) > 0").fetchone()
    data.summary["documents_with_effect_phrases"] = len({p for p, _ in doc_effects})
    data.summary["documents_with_text"] = int(with_text[0]) if with_text else 0
    data.add(
        "effect_matrix",
        "技术功效矩阵 / technology × effect matrix",
        ["technology (IPC main group)", *top_effects],
        [[g, *[grid.get((g, e), 0) for e in top_effects]] for g in groups],
        note="effects: phrases such as 提高…/降低…/减少… (improve/reduce …) in title, abstract and first claims",
    )
    data.add(
        "effects",
        "技术功效 / effect phrases",
        ["effect", "documents"],
        [[e, n] for e, n in counts.most_common(30)],
    )


def citation_network(con: duckdb.DuckDBPyConnection, data: NavData, top: int = 20) -> None:
    """Citations between the selected documents (a citation of a listed family member counts for it)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE nav_roots AS
        SELECT publication_number, regexp_replace(publication_number, '[A-Z][0-9]?$', '') AS root FROM nd
        UNION SELECT publication_number, regexp_replace(upper(m), '[A-Z][0-9]?$', '') FROM nd, unnest(family_members) AS t(m)
        """
    )
    edges = _rows(
        con,
        """
        SELECT DISTINCT c.publication_number AS citing, r.publication_number AS cited,
               (SELECT pub_year FROM nd WHERE nd.publication_number = c.publication_number) AS citing_year,
               (SELECT pub_year FROM nd WHERE nd.publication_number = r.publication_number) AS cited_year
        FROM (SELECT publication_number, regexp_replace(upper(x.number), '[A-Z][0-9]?$', '') AS root
              FROM nd, unnest(citations) AS t(x) WHERE x.kind = 'patent' AND x.number IS NOT NULL) c
        JOIN nav_roots r ON r.root = c.root
        WHERE r.publication_number <> c.publication_number
        ORDER BY 1, 2
        """,
    )
    data.add(
        "citation_edges",
        "引证关系（集合内）/ citations within the set",
        ["citing", "cited", "citing year", "cited year"],
        edges,
    )
    cited = Counter(e[1] for e in edges)
    data.add(
        "most_cited",
        "集合内被引最多 / most cited within the set",
        ["publication number", "cited by (in set)"],
        [[p, n] for p, n in cited.most_common(top)],
    )
    data.summary["citation_edges"] = len(edges)


def inventor_tables(con: duckdb.DuckDBPyConnection, data: NavData, top: int = 20) -> None:
    """Top inventors and inventor teams (connected groups of co-inventors)."""
    rows = _rows(
        con,
        """
        SELECT publication_number, app_year, list_distinct(list_filter(list_transform(inventors, lambda x: trim(x)),
                                                                  lambda x: length(x) > 0))
        FROM nd WHERE len(inventors) > 0
        """,
    )
    per_inventor: Counter[str] = Counter()
    years: dict[str, list[int]] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # names without a letter or digit are the source's lost characters ('?? ??' in a Latin-1 export)
    rows = [[p, y, [n for n in names if any(ch.isalnum() for ch in n)]] for p, y, names in rows]
    for _, year, names in rows:
        for n in names:
            per_inventor[n] += 1
            if year is not None:
                years.setdefault(n, []).append(int(year))
        for other in names[1:]:
            parent[find(other)] = find(names[0])
    data.add(
        "inventors",
        "主要发明人 / top inventors",
        ["inventor", "documents", "first year", "last year"],
        [
            [n, c, min(years[n]) if years.get(n) else None, max(years[n]) if years.get(n) else None]
            for n, c in per_inventor.most_common(top)
        ],
    )
    teams: dict[str, set[str]] = {}
    for n in per_inventor:
        teams.setdefault(find(n), set()).add(n)
    team_docs: Counter[str] = Counter()
    for _, _, names in rows:
        if names:
            team_docs[find(names[0])] += 1
    ranked = sorted(teams.items(), key=lambda kv: (-team_docs[kv[0]], -len(kv[1]), kv[0]))
    data.add(
        "teams",
        "发明人团队（合作网络连通分量）/ inventor teams (connected co-inventors)",
        ["team", "inventors", "documents", "core members (most documents)"],
        [
            [
                i + 1,
                len(members),
                team_docs[root],
                "; ".join(sorted(members, key=lambda m: -per_inventor[m])[:5]),
            ]
            for i, (root, members) in enumerate(ranked[:top])
        ],
    )
    data.summary["inventors"] = len(per_inventor)
    data.summary["inventor_teams"] = len(teams)
