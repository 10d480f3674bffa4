"""Value indicators as SQL, computed set-wise over the whole corpus (no per-record Python).

Three stages:

1. **Flatten** (DuckDB, over the corpus view ``patents``): one flat table per nested field — ``v_doc`` (one row
   per document, dates as day numbers since 1970-01-01), ``v_ipc``, ``v_cite``, ``v_family``, ``v_member``.
   A Spark deployment writes the same five tables with ``explode``; they hold only flat columns.
2. **Indicators** (:data:`INDICATORS_SQL`, portable SQL that DuckDB and Spark SQL both run: ``max_by``,
   ``coalesce``, ``CASE``, integer day arithmetic, ``count(DISTINCT)``; no lambdas, no list functions, no
   dialect-specific date functions): one row per application (its A and B documents together) with every
   automatic indicator's raw value and its cohort (WIPO technology field of the main IPC × filing year).
3. **Percentiles** (:data:`PERCENTILES_SQL`, portable window functions): the indicators in long form, each
   with its mid-rank percentile inside its cohort and the cohort's size (applications with a value).

``{cut}`` is the cut-off as a day number: documents published after it are not seen (so a score "as of" a
past date uses only what was published by then), ages and remaining terms are measured to it.
"""

from __future__ import annotations

from datetime import date

EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    return (d - EPOCH).days


# --------------------------------------------------------------------------- stage 1: flatten (DuckDB)

#: Legal-event texts that count as invalidation / litigation history (matched case-insensitively).
INVALIDATION_PATTERN = "无效|invalidat|revocation|revoked|opposition|异议"
LITIGATION_PATTERN = "诉讼|litigation|lawsuit|保全"
#: Citation origins that are the office's (examiner, search report).
EXAMINER_ORIGINS = ("examiner", "search_report", "international_search")


def _days(column: str) -> str:
    return f"CAST(datediff('day', DATE '1970-01-01', {column}) AS INTEGER)"


FLATTEN_DOC = f"""
SELECT p.publication_number,
       coalesce(p.application_number, p.publication_number) AS app,
       regexp_replace(p.publication_number, '[A-Z][0-9]?$', '') AS root,
       p.country, p.patent_type,
       {_days("p.filing_date")} AS filing_day,
       CAST(year(p.filing_date) AS INTEGER) AS filing_year,
       CAST(year(list_min(list_transform(p.priorities, lambda x: x.date))) AS INTEGER) AS priority_year,
       {_days("p.publication_date")} AS pub_day,
       {_days("p.grant_date")} AS grant_day,
       {_days("p.lapse_date")} AS lapse_day,
       {_days("t.term_end")} AS term_end_day,
       p.legal_status,
       p.family_size, p.cited_by_count, p.transfer_count, p.licence_count, p.pledge_count,
       -- CNIPA bibliographic exports carry the main claim (主权项) only: their claim counts are unknown
       CASE WHEN len(p.sources) > 0
                 AND len(list_filter(p.sources, lambda s: s.source_format <> 'cn-export-json')) = 0 THEN 0
            ELSE CAST(len(p.claims) AS INTEGER) END AS claim_count,
       CAST(len(list_filter(p.claims, lambda c: len(c.depends_on) = 0)) AS INTEGER) AS indep_claim_count,
       CAST(len(p.legal_events) AS INTEGER) AS event_count,
       CAST(len(list_filter(p.legal_events, lambda e: regexp_matches(lower(concat_ws(' ', e.code, e.description)),
            '{INVALIDATION_PATTERN}'))) AS INTEGER) AS invalidation_events,
       CAST(len(list_filter(p.legal_events, lambda e: regexp_matches(lower(concat_ws(' ', e.code, e.description)),
            '{LITIGATION_PATTERN}'))) AS INTEGER) AS litigation_events,
       CAST(len(p.citations) > 0 AS INTEGER) AS has_citations,
       CAST(len(p.family_members) > 0 AS INTEGER) AS has_family_list,
       CAST(len(p.family_members) AS INTEGER) AS family_member_count,
       -- the latest document wins for per-document fields: a grant outranks any publication, then the later
       -- publication, then the publication number (so that no two documents tie and every engine picks the same)
       CAST(row_number() OVER (ORDER BY p.grant_date IS NOT NULL, p.publication_date NULLS FIRST,
                                        p.publication_number) AS BIGINT) AS pub_order
FROM patents p
LEFT JOIN lk_term t ON t.patent_type = p.patent_type AND t.filing_date = p.filing_date
"""

FLATTEN_IPC = r"""
SELECT DISTINCT x.publication_number, x.app, x.pub_day, x.position, x.symbol,
       substr(x.symbol, 1, 3) AS class3, substr(x.symbol, 1, 4) AS subclass,
       -- the main group's number without leading zeros (G06F 040/30 is G06F40), by position: faster than a regex
       CASE WHEN TRY_CAST(substr(x.symbol, 5, instr(x.symbol, '/') - 5) AS INTEGER) IS NOT NULL
            THEN concat(substr(x.symbol, 1, 4),
                        CAST(TRY_CAST(substr(x.symbol, 5, instr(x.symbol, '/') - 5) AS INTEGER) AS VARCHAR))
       END AS mg_key
FROM (SELECT publication_number, coalesce(application_number, publication_number) AS app,
             {days_pub} AS pub_day, unnest(ipc) AS symbol, generate_subscripts(ipc, 1) - 1 AS position
      FROM patents WHERE len(ipc) > 0) x
WHERE regexp_matches(x.symbol, '^[A-H][0-9][0-9][A-Z]')
"""

FLATTEN_CITE = """
SELECT x.publication_number, x.app, x.pub_day, x.c.kind AS kind,
       CASE WHEN x.c.cited_by IN ('examiner', 'search_report', 'international_search') THEN 'examiner'
            WHEN x.c.cited_by = 'applicant' THEN 'applicant' ELSE 'other' END AS origin,
       CASE WHEN x.c.kind = 'patent' AND x.c.number IS NOT NULL
            THEN regexp_replace(upper(x.c.number), '[A-Z][0-9]?$', '') END AS cited_root
FROM (SELECT publication_number, coalesce(application_number, publication_number) AS app,
             {days_pub} AS pub_day, unnest(citations) AS c
      FROM patents WHERE len(citations) > 0) x
"""

FLATTEN_IPC = FLATTEN_IPC.replace("{days_pub}", _days("publication_date"))
FLATTEN_CITE = FLATTEN_CITE.replace("{days_pub}", _days("publication_date"))

FLATTEN_FAMILY = """
SELECT DISTINCT x.app, substr(upper(x.m), 1, 2) AS member_country
FROM (SELECT coalesce(application_number, publication_number) AS app, unnest(family_members) AS m
      FROM patents WHERE len(family_members) > 0) x
WHERE regexp_matches(upper(x.m), '^[A-Z]{2}')
"""

#: Roots (number without kind code) of the family members a record lists: a citation of a member counts for
#: the application that lists it (family-level citation counting).
FLATTEN_MEMBER = """
SELECT DISTINCT x.app, regexp_replace(upper(x.m), '[A-Z][0-9]?$', '') AS root
FROM (SELECT coalesce(application_number, publication_number) AS app, unnest(family_members) AS m
      FROM patents WHERE len(family_members) > 0) x
"""

#: The flat tables stage 1 writes (what a Spark job must provide to stages 2 and 3, with ``field_map`` and
#: ``awards``).
FLAT_TABLES = ("v_doc", "v_ipc", "v_cite", "v_family", "v_member")

# --------------------------------------------------------------------------- stage 2: indicators (portable)

#: Automatic indicators, in the order of the long table, with their SQL over ``app_ind``.
AUTO_INDICATORS: dict[str, str] = {
    "legal_status": "status_score",
    "remaining_term_years": "remaining_term_years",
    "patent_age_years": "patent_age_years",
    "grant_lag_years": "grant_lag_years",
    "claim_count": "claim_count",
    "independent_claim_count": "independent_claim_count",
    "invalidation_events": "invalidation_events",
    "litigation_events": "litigation_events",
    "forward_citations_corpus": "forward_citations_corpus",
    "forward_citations_source": "forward_citations_source",
    "backward_citations": "backward_citations",
    "backward_examiner_citations": "backward_examiner_citations",
    "backward_applicant_citations": "backward_applicant_citations",
    "npl_citations": "npl_citations",
    "ipc_subclasses": "ipc_subclasses",
    "ipc_main_groups": "ipc_main_groups",
    "originality": "originality",
    "generality": "generality",
    "family_size": "family_size",
    "family_countries": "family_countries",
    "overseas_family": "overseas_family",
    "transfers": "transfers",
    "licences": "licences",
    "pledges": "pledges",
    "award_listed": "award_listed",
}

#: Citation links between applications of the corpus (materialised as ``links`` before INDICATORS_SQL: three
#: indicators read it, and an engine may otherwise evaluate it three times).
LINKS_SQL = """
WITH roots AS (SELECT root, app FROM v_doc UNION SELECT root, app FROM v_member)
-- citing application → cited application, both in the corpus, not the same application
SELECT DISTINCT c.app AS citing_app, r.app AS cited_app
FROM v_cite c JOIN roots r ON r.root = c.cited_root
WHERE coalesce(c.pub_day, 0) <= {cut} AND c.cited_root IS NOT NULL AND r.app <> c.app
"""

INDICATORS_SQL = """
WITH vis AS (
  -- what was published by the cut-off (documents without a publication date are taken as known)
  SELECT * FROM v_doc WHERE coalesce(pub_day, 0) <= {cut}
),
apps AS (
  SELECT app,
         max_by(country, pub_order) AS country,
         max_by(patent_type, CASE WHEN patent_type IS NOT NULL THEN pub_order END) AS patent_type,
         min(filing_day) AS filing_day, min(filing_year) AS filing_year, min(priority_year) AS priority_year,
         max(grant_day) AS grant_day, min(lapse_day) AS lapse_day, min(term_end_day) AS term_end_day,
         max_by(legal_status, CASE WHEN legal_status IN ('in_force', 'pending', 'lapsed') THEN pub_order END)
           AS legal_status,
         max(family_size) AS family_size, max(cited_by_count) AS cited_by_count,
         max(transfer_count) AS transfers, max(licence_count) AS licences, max(pledge_count) AS pledges,
         max_by(claim_count, CASE WHEN claim_count > 0 THEN pub_order END) AS claim_count,
         max_by(indep_claim_count, CASE WHEN claim_count > 0 THEN pub_order END) AS independent_claim_count,
         sum(event_count) AS event_count,
         sum(invalidation_events) AS invalidation_events, sum(litigation_events) AS litigation_events,
         max(has_citations) AS has_citations, max(has_family_list) AS has_family_list,
         max(family_member_count) AS family_member_count
  FROM vis
  WHERE patent_type IS NULL OR patent_type NOT IN ('design', 'plant')
  GROUP BY app
),
vis_ipc AS (
  SELECT DISTINCT app, position, symbol, class3, subclass, mg_key
  FROM v_ipc WHERE coalesce(pub_day, 0) <= {cut}
),
main_symbol AS (
  SELECT app, min(symbol) AS symbol FROM vis_ipc WHERE position = 0 GROUP BY app
),
main_ipc AS (
  SELECT DISTINCT m.app, i.class3, i.subclass, i.mg_key
  FROM main_symbol m JOIN vis_ipc i ON i.app = m.app AND i.symbol = m.symbol AND i.position = 0
),
field AS (
  SELECT m.app, coalesce(min(f3.field_nr), min(f2.field_nr), min(f1.field_nr), 0) AS field_nr,
         min(m.subclass) AS main_subclass
  FROM main_ipc m
  LEFT JOIN field_map f3 ON f3.prefix = m.mg_key
  LEFT JOIN field_map f2 ON f2.prefix = m.subclass
  LEFT JOIN field_map f1 ON f1.prefix = m.class3
  GROUP BY m.app
),
breadth AS (
  SELECT app, count(DISTINCT subclass) AS ipc_subclasses, count(DISTINCT mg_key) AS ipc_main_groups
  FROM vis_ipc GROUP BY app
),
vis_cite AS (
  SELECT * FROM v_cite WHERE coalesce(pub_day, 0) <= {cut}
),
backward AS (
  SELECT app,
         count(DISTINCT CASE WHEN kind = 'patent' THEN cited_root END) AS backward_citations,
         count(DISTINCT CASE WHEN kind = 'patent' AND origin = 'examiner' THEN cited_root END)
           AS backward_examiner_citations,
         count(DISTINCT CASE WHEN kind = 'patent' AND origin = 'applicant' THEN cited_root END)
           AS backward_applicant_citations,
         sum(CASE WHEN kind = 'npl' THEN 1 ELSE 0 END) AS npl_citations
  FROM vis_cite GROUP BY app
),
forward AS (SELECT cited_app AS app, count(*) AS forward_citations_corpus FROM links GROUP BY cited_app),
cited_fields AS (
  SELECT l.citing_app AS app, f.main_subclass AS subclass, count(*) AS n
  FROM links l JOIN field f ON f.app = l.cited_app
  GROUP BY l.citing_app, f.main_subclass
),
citing_fields AS (
  SELECT l.cited_app AS app, f.main_subclass AS subclass, count(*) AS n
  FROM links l JOIN field f ON f.app = l.citing_app
  GROUP BY l.cited_app, f.main_subclass
),
originality AS (
  SELECT c.app, 1.0E0 - sum((CAST(c.n AS DOUBLE) / t.total) * (CAST(c.n AS DOUBLE) / t.total)) AS originality
  FROM cited_fields c JOIN (SELECT app, sum(n) AS total FROM cited_fields GROUP BY app) t ON t.app = c.app
  GROUP BY c.app
),
generality AS (
  SELECT c.app, 1.0E0 - sum((CAST(c.n AS DOUBLE) / t.total) * (CAST(c.n AS DOUBLE) / t.total)) AS generality
  FROM citing_fields c JOIN (SELECT app, sum(n) AS total FROM citing_fields GROUP BY app) t ON t.app = c.app
  GROUP BY c.app
),
family AS (
  SELECT f.app,
         max(CASE WHEN f.member_country <> a.country THEN 1 ELSE 0 END) AS overseas_family,
         count(DISTINCT CASE WHEN f.member_country <> a.country THEN f.member_country END) AS other_countries
  FROM v_family f JOIN apps a ON a.app = f.app
  GROUP BY f.app
),
any_citing AS (SELECT count(*) AS n FROM vis_cite WHERE cited_root IS NOT NULL),
status AS (
  SELECT app,
         CASE WHEN term_end_day IS NOT NULL AND term_end_day <= {cut} THEN 0
              WHEN lapse_day IS NOT NULL AND lapse_day <= {cut} THEN 0
              WHEN legal_status = 'in_force' AND grant_day IS NOT NULL AND grant_day > {cut} THEN 1
              WHEN legal_status = 'in_force' THEN 2
              WHEN legal_status = 'pending' THEN 1
              WHEN legal_status = 'lapsed' THEN 0
              WHEN grant_day IS NOT NULL AND grant_day <= {cut} AND lapse_day IS NULL
                   AND term_end_day IS NOT NULL THEN 2
         END AS status_score
  FROM apps
)
SELECT a.app, a.country, a.patent_type,
       coalesce(f.field_nr, 0) AS field_nr,
       coalesce(a.filing_year, a.priority_year) AS cohort_year,
       s.status_score,
       CASE WHEN s.status_score = 0 THEN 0.0E0
            WHEN s.status_score IS NULL OR a.term_end_day IS NULL THEN NULL
            ELSE (a.term_end_day - {cut}) / 365.25E0 END AS remaining_term_years,
       CASE WHEN a.filing_day <= {cut} THEN ({cut} - a.filing_day) / 365.25E0 END AS patent_age_years,
       CASE WHEN a.grant_day <= {cut} AND a.filing_day IS NOT NULL
            THEN (a.grant_day - a.filing_day) / 365.25E0 END AS grant_lag_years,
       CASE WHEN a.claim_count > 0 THEN a.claim_count END AS claim_count,
       CASE WHEN a.claim_count > 0 THEN a.independent_claim_count END AS independent_claim_count,
       CASE WHEN a.event_count > 0 THEN a.invalidation_events END AS invalidation_events,
       CASE WHEN a.event_count > 0 THEN a.litigation_events END AS litigation_events,
       CASE WHEN (SELECT n FROM any_citing) > 0 THEN coalesce(fw.forward_citations_corpus, 0) END
         AS forward_citations_corpus,
       a.cited_by_count AS forward_citations_source,
       CASE WHEN a.has_citations = 1 THEN coalesce(b.backward_citations, 0) END AS backward_citations,
       CASE WHEN a.has_citations = 1 THEN coalesce(b.backward_examiner_citations, 0) END
         AS backward_examiner_citations,
       CASE WHEN a.has_citations = 1 THEN coalesce(b.backward_applicant_citations, 0) END
         AS backward_applicant_citations,
       CASE WHEN a.has_citations = 1 THEN coalesce(b.npl_citations, 0) END AS npl_citations,
       br.ipc_subclasses,
       CASE WHEN br.ipc_main_groups > 0 THEN br.ipc_main_groups END AS ipc_main_groups,
       o.originality, g.generality,
       coalesce(a.family_size, CASE WHEN a.has_family_list = 1 THEN a.family_member_count END) AS family_size,
       CASE WHEN a.has_family_list = 1 THEN 1 + coalesce(fa.other_countries, 0) END AS family_countries,
       CASE WHEN a.has_family_list = 1 THEN coalesce(fa.overseas_family, 0) END AS overseas_family,
       a.transfers, a.licences, a.pledges,
       CASE WHEN aw.app IS NOT NULL THEN 1 WHEN a.country = 'CN' THEN 0 END AS award_listed
FROM apps a
LEFT JOIN status s ON s.app = a.app
LEFT JOIN field f ON f.app = a.app
LEFT JOIN breadth br ON br.app = a.app
LEFT JOIN backward b ON b.app = a.app
LEFT JOIN forward fw ON fw.app = a.app
LEFT JOIN originality o ON o.app = a.app
LEFT JOIN generality g ON g.app = a.app
LEFT JOIN family fa ON fa.app = a.app
LEFT JOIN (SELECT DISTINCT app FROM awards) aw ON aw.app = a.app
"""

# --------------------------------------------------------------------------- stage 3: percentiles (portable)


def long_sql() -> str:
    """``app_ind`` (wide) → one row per (application, indicator) that has a value. Values are rounded to 9
    decimals, so that two mathematically equal values (1 − Σ s² summed in another order) tie in every engine."""
    parts = [
        f"SELECT app, field_nr, cohort_year, coalesce(cohort_year, -1) AS cohort_key, '{key}' AS indicator,"
        f" round(CAST({column} AS DOUBLE), 9) AS raw"
        f" FROM app_ind WHERE {column} IS NOT NULL"
        for key, column in AUTO_INDICATORS.items()
    ]
    return "\nUNION ALL\n".join(parts)


#: Mid-rank percentile: 100 × (values below + half the equal values) / cohort size, so a value shared by the
#: whole cohort sits at 50 and ties never decide a rank. The cohort is the WIPO field × filing year.
#: Computed on the distinct values of each cohort (far fewer rows than applications: counts are small
#: integers) and joined back, instead of two window sorts over every (application, indicator) row.
PERCENTILES_SQL = """
WITH vals AS (
  SELECT indicator, field_nr, cohort_key, raw, count(*) AS n_eq
  FROM ind_long GROUP BY indicator, field_nr, cohort_key, raw
),
ranked AS (
  SELECT indicator, field_nr, cohort_key, raw, n_eq,
         sum(n_eq) OVER (PARTITION BY indicator, field_nr, cohort_key ORDER BY raw) - n_eq AS n_below,
         sum(n_eq) OVER (PARTITION BY indicator, field_nr, cohort_key) AS cohort_size
  FROM vals
)
SELECT l.app, l.indicator, l.raw, l.field_nr, l.cohort_year,
       100.0E0 * (r.n_below + 0.5E0 * r.n_eq) / r.cohort_size AS percentile,
       r.cohort_size
FROM ind_long l
JOIN ranked r ON r.indicator = l.indicator AND r.field_nr = l.field_nr AND r.cohort_key = l.cohort_key
             AND r.raw = l.raw
"""

# --------------------------------------------------------------------------- scoring many applications

#: Composite per application for one scenario (``weights``: indicator, dimension, w_dim, w_ind) over the
#: scored lines (``scored``: app, indicator, percentile — automatic and expert). Blank indicators are left
#: out and the weights renormalised inside their dimension, and over the dimensions that have a value;
#: ``coverage`` is the share of the scenario's nominal weight that had a value.
COMPOSITE_SQL = """
WITH avail AS (
  SELECT s.app, w.dimension, w.indicator, w.w_dim, w.w_ind, s.percentile
  FROM scored s JOIN weights w ON w.indicator = s.indicator
),
dim_sum AS (
  SELECT app, dimension, max(w_dim) AS w_dim, sum(w_ind) AS s_ind FROM avail GROUP BY app, dimension
),
dim_total AS (SELECT app, sum(w_dim) AS s_dim FROM dim_sum WHERE s_ind > 0 GROUP BY app)
SELECT a.app,
       sum(a.percentile * (a.w_dim / t.s_dim) * (a.w_ind / d.s_ind)) AS composite,
       sum(a.w_dim * a.w_ind) AS coverage
FROM avail a
JOIN dim_sum d ON d.app = a.app AND d.dimension = a.dimension
JOIN dim_total t ON t.app = a.app
WHERE t.s_dim > 0 AND d.s_ind > 0
GROUP BY a.app
"""
