"""The shared stages of the indicator SQL, which DuckDB and Spark SQL both run (one definition, two engines).

Two halves. **Built once per corpus version** (:data:`DERIVED`, run by :mod:`ipcenter.stats.facts_cache`, which
keeps them on disk beside the corpus): ``app_facts`` (one row per application), ``sei_code_rows`` (the SEI
concordance matched per distinct IPC code) and ``app_sei`` (every application's SEI hits). **Per report**: the
stages ``counted`` (valid inventions in scope with their region key and counted type) and ``sei_hits`` (the
SEI hits of those inside the region); each indicator (:mod:`ipcenter.stats.indicators`) adds its final query
over them. A report is therefore a scan, a filter and a group-by over one row per application.

Input tables (built by :mod:`ipcenter.stats.facts`, flat columns only, so that both engines read them):

- ``facts``: one row per stored document — ``application_number``, ``office_country``, ``patent_type``,
  ``filing_date``, ``grant_date``, ``lapse_date``, ``event_lapse_date`` (earliest dated lapsing legal event),
  ``raw_state`` (the export's status string through the core mapping), ``term_end`` (core
  ``patent_term_end``), ``filing_plus_maint`` / ``grant_plus_maint`` (start + maintenance years),
  ``owner_country``, ``owner_code`` (adcode), ``owner_province``/``owner_city``/``owner_district``,
  ``owner_type``, ``owner_order`` (latest document with a located owner wins), ``foreign_granted_family``,
  ``pledge_amount_10k``, ``publication_date``.
- ``fact_ipc``: ``application_number``, ``position`` (0 = main), ``subclass``, ``main_group``, ``subgroup``.
- ``fact_text``: ``application_number``, ``text`` (title, abstract, claims).
- ``sei_include`` / ``sei_exclude``: ``sei_code``, ``group_index``, ``subclass``, ``main_group``,
  ``subgroup_prefix``, ``subgroup_exact``, ``wildcard`` (the core ``IpcPattern`` fields), and join keys
  ``subclass_key`` (set for subclass-level patterns such as ``G06F*``) and ``class_key`` (class-level ``G16*``); ``sei_rows``: ``sei_code``,
  ``group_index``, ``industry``, ``has_keywords``; ``sei_keyword``: ``sei_code``, ``group_index``, ``term``.
- ``awards``: ``application_number`` of patents that won a counted award.

Only functions both dialects share are used (``max_by``, ``substr``, ``instr``, ``coalesce``, ``CASE``, date
literals); no lambdas, no list indexing, no dialect-specific joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipcenter.stats.errors import RegionError
from ipcenter.stats.models import StatsConfig

LEVEL_DIGITS = {"province": 2, "city": 4, "district": 6}
NAME_COLUMN = {"province": "owner_province", "city": "owner_city", "district": "owner_district"}


@dataclass(frozen=True)
class QueryScope:
    """What one query covers: the as-of date, the region (adcode prefixes; empty = the whole country) and level."""

    as_of: date
    prefixes: tuple[str, ...]
    level: str

    def __post_init__(self) -> None:
        if self.level not in LEVEL_DIGITS:
            raise RegionError(f"level must be one of {', '.join(LEVEL_DIGITS)}")
        for p in self.prefixes:
            if not p.isdigit() or len(p) not in (2, 4, 6):
                raise RegionError(f"region prefix {p!r} is not 2, 4 or 6 digits")


def _inside(prefixes: tuple[str, ...]) -> str:
    if not prefixes:
        return "TRUE"
    return "(" + " OR ".join(f"substr(owner_code, 1, {len(p)}) = '{p}'" for p in prefixes) + ")"


# Applications (A and B documents of one application count once) and their legal state as of the date.
# Mirrors core.legal_status.status_as_of (tests check the two agree): not filed → out; term over → lapsed;
# lapse date on/before → lapsed; granted after → pending; a grant (or an in-force status) → in force unless a
# lapsed status or a dated lapsing event says otherwise.
_VALID = """
valid AS (
  SELECT * FROM app_facts
  WHERE office_country = 'CN' AND patent_type = 'invention'
    AND filing_date <= DATE '{as_of}'
    AND (term_end IS NULL OR DATE '{as_of}' < term_end)
    AND NOT coalesce(lapse_date <= DATE '{as_of}', FALSE)
    AND NOT coalesce(grant_date > DATE '{as_of}', FALSE)
    AND (grant_date IS NOT NULL OR raw_state = 'in_force')
    AND NOT (lapse_date IS NULL AND (coalesce(event_lapse_date <= DATE '{as_of}', FALSE)
                                     OR (raw_state = 'lapsed' AND event_lapse_date IS NULL)))
),
scoped AS (
  SELECT valid.*,
         CASE WHEN owner_country = 'CN' THEN 'mainland'
              WHEN owner_country IN ('HK', 'MO', 'TW') THEN owner_country
              WHEN owner_country IS NULL THEN 'unknown'
              ELSE 'foreign' END AS owner_scope,
         CASE WHEN owner_country = 'CN' AND owner_code IS NOT NULL AND {inside} THEN 1 ELSE 0 END AS inside,
         CASE WHEN owner_code IS NULL OR length(owner_code) < 6
                   OR substr(owner_code, {key_from}, 2) = '00' THEN 'other'
              ELSE substr(owner_code, 1, {digits}) END AS sub_key,
         {name_column} AS sub_name,
         coalesce(owner_type, '{unknown_type}') AS counted_type
  FROM valid
),
counted AS (
  -- inside the region: its sub-region (or 'other'); whole country: also HK/MO/TW/foreign/unknown rows
  SELECT scoped.*,
         CASE WHEN inside = 1 THEN sub_key
              WHEN owner_scope = 'unknown' THEN 'other'
              ELSE owner_scope END AS region_key
  FROM scoped
  WHERE inside = 1 OR ({national} AND owner_scope <> 'mainland')
)"""

# ---------------------------------------------------------------- built once per corpus version (facts_cache.py)

#: One row per application: A and B documents of one application count once. What a report reads instead of
#: the per-document ``facts``, so a report is a scan, a filter and a group-by (the GROUP BY over every document
#: was most of a report's time: 8.3 of 15 s at 10 M applications).
APP_FACTS_SQL = """
SELECT application_number,
       max(office_country) AS office_country,
       max(patent_type) AS patent_type,
       min(filing_date) AS filing_date,
       max(grant_date) AS grant_date,
       max(lapse_date) AS lapse_date,
       min(event_lapse_date) AS event_lapse_date,
       max_by(raw_state, publication_order) AS raw_state,
       min(term_end) AS term_end,
       min(filing_plus_maint) AS filing_plus_maint,
       max(grant_plus_maint) AS grant_plus_maint,
       max_by(owner_country, owner_order) AS owner_country,
       max_by(owner_code, owner_order) AS owner_code,
       max_by(owner_province, owner_order) AS owner_province,
       max_by(owner_city, owner_order) AS owner_city,
       max_by(owner_district, owner_order) AS owner_district,
       max_by(owner_type, owner_order) AS owner_type,
       max(CASE WHEN foreign_granted_family THEN 1 ELSE 0 END) AS foreign_granted_family,
       max(pledge_amount_10k) AS pledge_amount_10k
FROM facts
-- only an application with an invention document can be a valid invention (patent_type is the max over the
-- application's documents, as before: the rows kept are exactly the ones the indicators could count)
WHERE application_number IN (SELECT application_number FROM facts WHERE patent_type = 'invention')
GROUP BY application_number"""

#: A symbol's code key: the concordance is matched once per distinct (subclass, main group, subgroup), and
#: every symbol carrying that code shares the result. Written out so that a missing main group joins too.
_CODE_KEY = "concat({t}subclass, '|', coalesce({t}main_group, '~'), '|', coalesce({t}subgroup, '~'))"

#: The concordance matched per distinct IPC code (a few thousand codes instead of tens of millions of symbols):
#: the rows whose patterns a code matches and none of whose exclusions (不含…) it meets. Three equi-joins, one
#: per pattern level (group / subclass / class), so no pattern meets a code it cannot match.
SEI_CODE_ROWS_SQL = (
    """
WITH codes AS (
  SELECT DISTINCT class3, subclass, main_group, subgroup FROM fact_ipc
),
candidates AS (
  SELECT p.sei_code, p.group_index, i.class3, i.subclass, i.main_group, i.subgroup
  FROM codes i
  JOIN sei_include p ON p.subclass = i.subclass AND p.main_group = i.main_group
  WHERE p.subgroup_prefix IS NULL
     OR (p.wildcard AND substr(i.subgroup, 1, length(p.subgroup_prefix)) = p.subgroup_prefix)
     OR (NOT p.wildcard AND i.subgroup = p.subgroup_exact)
  UNION
  SELECT p.sei_code, p.group_index, i.class3, i.subclass, i.main_group, i.subgroup
  FROM codes i JOIN sei_include p ON p.subclass_key = i.subclass
  UNION
  SELECT p.sei_code, p.group_index, i.class3, i.subclass, i.main_group, i.subgroup
  FROM codes i JOIN sei_include p ON p.class_key = i.class3
),
excluded AS (
  SELECT c.sei_code, c.group_index, c.subclass, c.main_group, c.subgroup
  FROM candidates c
  JOIN sei_exclude x ON x.sei_code = c.sei_code AND x.group_index = c.group_index
                    AND x.subclass = c.subclass AND x.main_group = c.main_group
  WHERE x.subgroup_prefix IS NULL
     OR (x.wildcard AND substr(c.subgroup, 1, length(x.subgroup_prefix)) = x.subgroup_prefix)
     OR (NOT x.wildcard AND c.subgroup = x.subgroup_exact)
  UNION
  SELECT c.sei_code, c.group_index, c.subclass, c.main_group, c.subgroup
  FROM candidates c
  JOIN sei_exclude x ON x.sei_code = c.sei_code AND x.group_index = c.group_index AND x.subclass_key = c.subclass
  UNION
  SELECT c.sei_code, c.group_index, c.subclass, c.main_group, c.subgroup
  FROM candidates c
  JOIN sei_exclude x ON x.sei_code = c.sei_code AND x.group_index = c.group_index AND x.class_key = c.class3
)
-- (the anti-join compares main_group and subgroup with '=', as the per-symbol version did: a code without a
-- main group is never removed by an exclusion)
SELECT DISTINCT """
    + _CODE_KEY.format(t="c.")
    + """ AS code_key, c.sei_code, c.group_index
FROM candidates c
LEFT JOIN excluded e
  ON e.sei_code = c.sei_code AND e.group_index = c.group_index AND e.subclass = c.subclass
 AND e.main_group = c.main_group AND e.subgroup = c.subgroup
WHERE e.sei_code IS NULL"""
)

#: Every application's SEI hits (sub-field, industry), whatever the date or region: keyword rows need a symbol
#: matching the row and a keyword term in title/abstract/claims; the other rows need the symbol only.
#: ``on_main`` = 1 when the main symbol (position 0) alone gives the hit (setting ``sei_ipc_scope`` = main).
APP_SEI_SQL = (
    """
WITH app_rows AS (
  SELECT i.application_number, m.sei_code, m.group_index,
         max(CASE WHEN i.position = 0 THEN 1 ELSE 0 END) AS on_main
  FROM fact_ipc i
  JOIN sei_code_rows m ON m.code_key = """
    + _CODE_KEY.format(t="i.")
    + """
  GROUP BY i.application_number, m.sei_code, m.group_index
),
keyword_hits AS (
  SELECT DISTINCT r.application_number, r.sei_code, r.group_index
  FROM app_rows r
  JOIN sei_keyword k ON k.sei_code = r.sei_code AND k.group_index = r.group_index
  JOIN fact_text t ON t.application_number = r.application_number
  WHERE instr(t.text, k.term) > 0
)
SELECT r.application_number, r.sei_code, s.industry, max(r.on_main) AS on_main
FROM app_rows r
JOIN sei_rows s ON s.sei_code = r.sei_code AND s.group_index = r.group_index
LEFT JOIN keyword_hits h
  ON h.application_number = r.application_number AND h.sei_code = r.sei_code AND h.group_index = r.group_index
WHERE NOT s.has_keywords OR h.application_number IS NOT NULL
GROUP BY r.application_number, r.sei_code, s.industry"""
)

#: The derived tables in build order (name, SQL): the flat ``facts`` / ``fact_ipc`` / ``fact_text`` and the
#: concordance tables in, one row per application and its SEI hits out.
DERIVED: tuple[tuple[str, str], ...] = (
    ("app_facts", APP_FACTS_SQL),
    ("sei_code_rows", SEI_CODE_ROWS_SQL),
    ("app_sei", APP_SEI_SQL),
)
DERIVED_TABLES = tuple(name for name, _ in DERIVED)


def _params(scope: QueryScope, unknown_type: str) -> dict[str, str]:
    digits = LEVEL_DIGITS[scope.level]
    return {
        "as_of": scope.as_of.isoformat(),
        "inside": _inside(scope.prefixes),
        "digits": str(digits),
        "key_from": str(digits - 1),
        "name_column": NAME_COLUMN[scope.level],
        "unknown_type": unknown_type,
        "national": "TRUE" if not scope.prefixes else "FALSE",
    }


def counted_sql(scope: QueryScope, unknown_type: str) -> str:
    """Stage 1, materialised as table ``counted``: valid inventions with their region key and counted type."""
    return "WITH " + _VALID.format(**_params(scope, unknown_type)) + "\nSELECT * FROM counted"


def sei_hits_sql(main_only: bool) -> str:
    """Stage 2 (reads ``counted`` and ``app_sei``), materialised as ``sei_hits``: (application, sub-field,
    industry) of the valid inventions inside the region."""
    main = " AND h.on_main = 1" if main_only else ""
    return (
        "SELECT h.application_number, h.sei_code, h.industry FROM app_sei h\n"
        "JOIN (SELECT application_number FROM counted WHERE inside = 1) c\n"
        f"  ON c.application_number = h.application_number{main}"
    )


#: The stages in the order they build on each other (an indicator names the ones its final query reads).
STAGES = ("counted", "sei_hits")


def stage_sql(stage: str, scope: QueryScope, config: StatsConfig) -> str:
    """The SQL of one stage, for the scope and settings of a report."""
    if stage == "counted":
        return counted_sql(scope, config.unknown_owner_type_as)
    if stage == "sei_hits":
        return sei_hits_sql(config.sei_ipc_scope == "main")
    raise KeyError(f"unknown stage {stage!r}: expected one of {', '.join(STAGES)}")
