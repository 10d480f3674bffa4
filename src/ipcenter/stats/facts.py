"""Flat input tables for the indicator SQL, built from the corpus and the reference data.

The corpus rows are nested (parties, events, family lists); this step flattens them once per corpus version into
plain columns (:mod:`ipcenter.stats.sql` lists them). Every rule that is not counting — legal-status strings,
lapsing events, term end, grant kinds of family members, IPC parsing, applicant classification — comes from the
core, applied to the *distinct* values only (small lookup tables), so the step stays fast.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from ipcenter.core import legal_status as ls
from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import IpcPattern
from ipcenter.core.numbers import parse_cn_application_number, parse_publication_number
from ipcenter.corpus.store import Corpus
from ipcenter.stats.models import StatsConfig

PLEDGE_AMOUNT_COLUMN = (
    "质押金额"  # an export column some vendors add (万元); absent from the 61-column layout
)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return date(d.year + years, 3, 1)


def _owner_sql(rule: str) -> str:
    if rule == "first_applicant":
        return "applicants[1]"
    if rule == "first_patentee":
        # the current first patentee, else the first applicant when the patentee has no known location
        return "CASE WHEN len(patentees) > 0 AND patentees[1].country IS NOT NULL THEN patentees[1] ELSE applicants[1] END"
    raise ValueError(f"attribution rule {rule!r}: expected first_patentee or first_applicant")


def build_facts(con: duckdb.DuckDBPyConnection, config: StatsConfig) -> dict[str, pa.Table]:
    """``facts``, ``fact_ipc`` and ``fact_text`` from the ``patents`` view of ``con``."""
    # lookup tables from the core, over distinct values
    raws = [
        r[0]
        for r in con.sql(
            "SELECT DISTINCT legal_status_raw FROM patents WHERE legal_status_raw IS NOT NULL"
        ).fetchall()
    ]
    raw_table = pa.table({"raw": raws, "state": [ls.status_from_raw(r) for r in raws]})
    events = con.sql(
        "SELECT DISTINCT e.code, e.description FROM (SELECT unnest(legal_events) AS e FROM patents)"
    ).fetchall()
    lapsing = [
        (c, d) for c, d in events if (eff := ls.event_effect(c, d)) is not None and eff.effect == ls.LAPSED
    ]
    lapse_table = pa.table(
        {"code": [c for c, _ in lapsing], "description": [d for _, d in lapsing]},
        schema=pa.schema([("code", pa.string()), ("description", pa.string())]),
    )
    members = [r[0] for r in con.sql("SELECT DISTINCT unnest(family_members) FROM patents").fetchall()]
    foreign_granted = []
    for m in members:
        try:
            pub = parse_publication_number(m)
        except (InvalidValue, ValueError):
            continue
        if pub.country not in (None, "CN") and pub.is_grant:
            foreign_granted.append(m)
    family_table = pa.table({"member": pa.array(foreign_granted, pa.string())})
    years = config.maintenance_years
    filings = [
        r[0]
        for r in con.sql("SELECT DISTINCT filing_date FROM patents WHERE filing_date IS NOT NULL").fetchall()
    ]
    filing_table = pa.table(
        {
            "d": pa.array(filings, pa.date32()),
            "term_end": pa.array([ls.patent_term_end("invention", d) for d in filings], pa.date32()),
            "plus_maint": pa.array([_add_years(d, years) for d in filings], pa.date32()),
        }
    )
    grants = [
        r[0]
        for r in con.sql("SELECT DISTINCT grant_date FROM patents WHERE grant_date IS NOT NULL").fetchall()
    ]
    grant_table = pa.table(
        {
            "d": pa.array(grants, pa.date32()),
            "plus_maint": pa.array([_add_years(d, years) for d in grants], pa.date32()),
        }
    )
    for name, table in (
        ("lk_raw", raw_table),
        ("lk_lapse", lapse_table),
        ("lk_family", family_table),
        ("lk_filing", filing_table),
        ("lk_grant", grant_table),
    ):
        con.register(name, table)
    owner = _owner_sql(config.attribution_rule)
    facts = con.sql(
        f"""
        WITH base AS (
          SELECT publication_number, coalesce(application_number, publication_number) AS application_number,
                 country AS office_country, patent_type, filing_date, grant_date, lapse_date, publication_date,
                 legal_status_raw, legal_events, family_members, extra, {owner} AS owner
          FROM patents
        ),
        ev AS (
          SELECT x.publication_number, min(x.e.date) AS event_lapse_date
          FROM (SELECT publication_number, unnest(legal_events) AS e FROM base) x
          JOIN lk_lapse l ON l.code IS NOT DISTINCT FROM x.e.code AND l.description IS NOT DISTINCT FROM x.e.description
          WHERE x.e.date IS NOT NULL
          GROUP BY x.publication_number
        ),
        fam AS (
          SELECT DISTINCT x.publication_number
          FROM (SELECT publication_number, unnest(family_members) AS m FROM base) x
          JOIN lk_family f ON f.member = x.m
        )
        SELECT b.application_number, b.publication_number, b.office_country, b.patent_type,
               b.filing_date, b.grant_date, b.lapse_date, ev.event_lapse_date,
               r.state AS raw_state, lf.term_end, lf.plus_maint AS filing_plus_maint, lg.plus_maint AS grant_plus_maint,
               b.owner.country AS owner_country, b.owner.division_code AS owner_code,
               b.owner.province AS owner_province, b.owner.city AS owner_city, b.owner.district AS owner_district,
               b.owner.type AS owner_type,
               CAST((CASE WHEN b.owner.country IS NULL THEN 0 ELSE 100000000 END)
                    + coalesce(CAST(strftime(b.publication_date, '%Y%m%d') AS BIGINT), 0) AS BIGINT) AS owner_order,
               CAST(coalesce(CAST(strftime(b.publication_date, '%Y%m%d') AS BIGINT), 0) AS BIGINT) AS publication_order,
               (fam.publication_number IS NOT NULL) AS foreign_granted_family,
               TRY_CAST(map_extract_value(b.extra, '{PLEDGE_AMOUNT_COLUMN}') AS DOUBLE) AS pledge_amount_10k,
               b.publication_date
        FROM base b
        LEFT JOIN ev USING (publication_number)
        LEFT JOIN fam USING (publication_number)
        LEFT JOIN lk_raw r ON r.raw = b.legal_status_raw
        LEFT JOIN lk_filing lf ON lf.d = b.filing_date
        LEFT JOIN lk_grant lg ON lg.d = b.grant_date
        """
    ).to_arrow_table()
    # term_end was computed for inventions (the only type counted); other types never pass `valid`
    ipc = con.sql(
        r"""
        WITH x AS (
          SELECT coalesce(application_number, publication_number) AS application_number,
                 unnest(ipc) AS symbol, generate_subscripts(ipc, 1) - 1 AS position
          FROM patents WHERE len(ipc) > 0
        )
        SELECT DISTINCT application_number, position, substr(symbol, 1, 3) AS class3, substr(symbol, 1, 4) AS subclass,
               CAST(TRY_CAST(regexp_extract(symbol, '^[A-H][0-9][0-9][A-Z]([0-9]+)', 1) AS INTEGER) AS VARCHAR) AS main_group,
               coalesce(nullif(regexp_extract(symbol, '/([0-9]+)$', 1), ''), '00') AS subgroup
        FROM x
        """
    ).to_arrow_table()
    text = con.sql(
        """
        SELECT coalesce(application_number, publication_number) AS application_number,
               max(concat_ws(' ', title, abstract, array_to_string(list_transform(claims, lambda c: c.text), ' '))) AS text
        FROM patents GROUP BY 1
        """
    ).to_arrow_table()
    for name in ("lk_raw", "lk_lapse", "lk_family", "lk_filing", "lk_grant"):
        con.unregister(name)
    return {"facts": facts, "fact_ipc": ipc, "fact_text": text}


# --------------------------------------------------------------------------- SEI concordance


@dataclass(frozen=True)
class SeiConcordance:
    """The SEI ↔ IPC concordance as tables for the SQL, with its version and provenance."""

    version: str
    rows: int
    hierarchy: dict[str, tuple[str, str]]  # sub-field code → (name, industry code)
    tables: dict[str, pa.Table]


INDUSTRY_NAMES = {
    "1": "新一代信息技术产业",
    "2": "高端装备制造产业",
    "3": "新材料产业",
    "4": "生物产业",
    "5": "新能源汽车产业",
    "6": "新能源产业",
    "7": "节能环保产业",
    "8": "数字创意产业",
    "9": "相关服务业",
}

#: Separators of the official keyword column; each piece (≥ 2 characters, generic words removed) is one term.
#: The official matching rule is not published (domain-cn.md §1.4, UNCONFIRMED): a keyword row matches when any
#: term appears in the title, abstract or claims.
_KEYWORD_SPLIT = "；;、，,。/（）()"
_GENERIC_SUFFIXES = ("等其他", "等", "制造", "服务", "销售", "修理", "开发", "研发")


def keyword_terms(cell: str) -> list[str]:
    import re

    pieces = re.split("[" + re.escape(_KEYWORD_SPLIT) + "]|等", cell)
    terms: list[str] = []
    for piece in pieces:
        term = piece.strip()
        changed = True
        while changed and term:
            changed = False
            for suffix in _GENERIC_SUFFIXES:
                if term.endswith(suffix) and len(term) > len(suffix):
                    term = term[: -len(suffix)].strip()
                    changed = True
        term = term.removeprefix("其他").strip()
        if len(term) >= 2 and term not in terms:
            terms.append(term)
    return terms


def _pattern_rows(code: str, group: int, patterns: str) -> list[dict[str, object]]:
    out = []
    for text in patterns.split("|"):
        text = text.strip()
        if not text:
            continue
        if (
            len(text) == 4 and text.endswith("*") and text[:3].isalnum()
        ):  # a class, e.g. 'G16*' (all its subclasses)
            out.append(
                {"sei_code": code, "group_index": group, "class3": text[:3], "subclass": text[:3], "main_group": None,
                 "subgroup_prefix": None, "subgroup_exact": None, "wildcard": True, "subclass_key": None,
                 "class_key": text[:3]}
            )  # fmt: skip
            continue
        p = IpcPattern.parse(text)
        out.append(
            {
                "sei_code": code,
                "group_index": group,
                "class3": p.subclass[:3],
                "subclass": p.subclass,
                "main_group": p.main_group,
                "subgroup_prefix": p.subgroup_prefix,
                "subgroup_exact": p.subgroup_prefix.ljust(2, "0") if p.subgroup_prefix else None,
                "wildcard": p.wildcard,
                "subclass_key": p.subclass if p.main_group is None else None,
                "class_key": None,
            }
        )
    return out


_PATTERN_SCHEMA = pa.schema(
    [
        ("sei_code", pa.string()),
        ("group_index", pa.int32()),
        ("class3", pa.string()),
        ("subclass", pa.string()),
        ("main_group", pa.string()),
        ("subgroup_prefix", pa.string()),
        ("subgroup_exact", pa.string()),
        ("wildcard", pa.bool_()),
        ("subclass_key", pa.string()),
        ("class_key", pa.string()),
    ]
)


def load_sei(folder: Path) -> SeiConcordance:
    """Load ``sei_ipc_2021.tsv`` and ``sei_hierarchy.tsv`` (the sei-ipc-2021 data set layout)."""
    concordance = folder / "sei_ipc_2021.tsv"
    hierarchy_file = folder / "sei_hierarchy.tsv"
    if not concordance.is_file() or not hierarchy_file.is_file():
        raise FileNotFoundError(
            f"SEI concordance not found in {folder} (sei_ipc_2021.tsv, sei_hierarchy.tsv)"
        )
    hierarchy = {
        r["code"]: (r["name"], r["parent_code"])
        for r in csv.DictReader(hierarchy_file.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    }
    include: list[dict[str, object]] = []
    exclude: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []
    keywords: list[dict[str, object]] = []
    n = 0
    for r in csv.DictReader(concordance.read_text(encoding="utf-8").splitlines(), delimiter="\t"):
        n += 1
        code, group = r["sei_code"], int(r["group_index"])
        include += _pattern_rows(code, group, r["ipc_patterns"])
        exclude += _pattern_rows(code, group, r["exclusions"] or "")
        terms = keyword_terms(r["keywords"] or "")
        industry = hierarchy.get(code, ("", code.split(".")[0]))[1]
        rows.append(
            {"sei_code": code, "group_index": group, "industry": industry, "has_keywords": bool(terms)}
        )
        keywords += [{"sei_code": code, "group_index": group, "term": t} for t in terms]
    tables = {
        "sei_include": pa.Table.from_pylist(include, schema=_PATTERN_SCHEMA),
        "sei_exclude": pa.Table.from_pylist(exclude, schema=_PATTERN_SCHEMA),
        "sei_rows": pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("sei_code", pa.string()),
                    ("group_index", pa.int32()),
                    ("industry", pa.string()),
                    ("has_keywords", pa.bool_()),
                ]
            ),
        ),
        "sei_keyword": pa.Table.from_pylist(
            keywords,
            schema=pa.schema([("sei_code", pa.string()), ("group_index", pa.int32()), ("term", pa.string())]),
        ),
    }
    return SeiConcordance(
        version=f"sei-ipc-2021 (unofficial transcription, {n} rows)",
        rows=n,
        hierarchy=hierarchy,
        tables=tables,
    )


def load_awards(folder: Path | None) -> tuple[pa.Table, int]:
    """Application numbers of award-winning patents from china-patent-award records (partial lists)."""
    numbers: list[str] = []
    if folder is not None and (folder / "china_patent_award_records.tsv").is_file():
        text = (folder / "china_patent_award_records.tsv").read_text(encoding="utf-8")
        for r in csv.DictReader(text.splitlines(), delimiter="\t"):
            raw = (r.get("patent_number") or "").strip().upper().removeprefix("ZL").strip()
            if not raw:
                continue
            try:
                numbers.append(parse_cn_application_number(raw).canonical)
            except (InvalidValue, ValueError):
                continue
    return pa.table({"application_number": pa.array(sorted(set(numbers)), pa.string())}), len(set(numbers))


def corpus_facts(corpus: Corpus, config: StatsConfig) -> dict[str, pa.Table]:
    con = corpus.connect()
    try:
        return build_facts(con, config)
    finally:
        con.close()
