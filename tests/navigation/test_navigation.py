"""Navigation tables on the WIPO manual's data sets against an independent pandas computation of the raw CSVs
(top applicants, counts by year and office, IPC counts), the selectors, and the report files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.value.navigation import compute_tables, find_type, navigate
from ipcenter.value.selection import DocSet, select

WIPO = "wipo-manual-analytics"
PATENTSCOPE = "pizza_medium_patentscope_10000.csv"
LENS = "drones_lens_fulltext_families_5884.csv"


@pytest.fixture(scope="module")
def nav_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("nav") / "corpus"
    ingest([data_dir / WIPO / PATENTSCOPE, data_dir / WIPO / LENS], target)
    return target


@pytest.fixture(scope="module")
def numbers(nav_corpus: Path) -> set[str]:
    con = Corpus(nav_corpus).connect()
    try:
        return {r[0] for r in con.execute("SELECT publication_number FROM patents").fetchall()}
    finally:
        con.close()


def _key(number: str) -> str:
    """PATENTSCOPE writes 'US08365981', 'USRE033508', 'kr101326617': upper case, no leading zeros. Korean
    13-digit numbers ('kr1020010067590') carry the '10' of an application number before the year, and
    Japanese numbers of the Heisei era are written without the era letter ('JP11243846' for JPH11243846):
    both sides are reduced to the bare year and serial here."""
    key = re.sub(r"^([A-Z]+?)0+(\d)", r"\1\2", number.strip().upper())
    key = re.sub(r"^KR10((?:19|20)\d{9})$", r"KR\1", key)
    return re.sub(r"^JP[HS](\d)", r"JP\1", key)


def patentscope(data_dir: Path, numbers: set[str]) -> pd.DataFrame:
    df = pd.read_csv(data_dir / WIPO / PATENTSCOPE, encoding="latin-1", dtype=str)
    by_key = {_key(n): n for n in numbers}
    df["pub"] = df["Publication Number"].map(lambda n: by_key.get(_key(n)))
    return df.dropna(subset=["pub"]).drop_duplicates("pub", keep="last")


def table(data, key: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    t = data.tables[key]
    return pd.DataFrame(t.rows, columns=t.columns)


def test_patentscope_tables_equal_pandas(nav_corpus: Path, data_dir: Path, numbers: set[str]) -> None:
    df = patentscope(data_dir, numbers)
    assert len(df) >= 9850  # MX and ZA numbers (mxPA/a/2005/008192) are left out of this simple matching
    docs = DocSet(df["pub"].tolist(), "all", "patentscope", "PATENTSCOPE pizza set")
    data = compute_tables(Corpus(nav_corpus), docs)
    assert data.summary["documents"] == len(df)
    # documents by office of publication (the number's country code)
    offices = df["pub"].str[:2].value_counts()
    ours = table(data, "offices").set_index("office")["documents"]
    assert ours.to_dict() == offices.to_dict()
    # publications by year (Publication Date dd.mm.yyyy)
    years = df["Publication Date"].dropna().str[-4:].astype(int).value_counts()
    trend = table(data, "trend").set_index("year")["publications"]
    assert trend[trend > 0].to_dict() == years.to_dict()
    # IPC subclasses: a document counts once per subclass it carries
    subs = (
        df["IPC"]
        .fillna("")
        .map(lambda s: {x.strip().replace(" ", "")[:4] for x in s.split(";") if x.strip()})
    )
    counts = Counter(s for ss in subs for s in ss)
    for subclass, n in table(data, "ipc_subclasses")[["subclass", "documents"]].itertuples(index=False):
        assert counts[subclass] == n, subclass
    assert table(data, "ipc_subclasses")["subclass"].tolist()[:5] == [s for s, _ in counts.most_common(5)]
    # applicants: each merged row counts the documents naming any of its variants
    names = df["Applicants"].fillna("").map(lambda s: {x.strip() for x in s.split(";") if x.strip()})
    for _, row in table(data, "applicants").iterrows():
        variants = set(row["name variants"].split("; "))
        assert sum(1 for ns in names if ns & variants) == row["documents"], row["applicant"]
    top = table(data, "applicants").iloc[0]
    assert top["applicant"] == "Google Inc." and set(top["name variants"].split("; ")) >= {
        "Google Inc.",
        "GOOGLE INC.",
    }
    shares = table(data, "applicants")["share of applicant-documents"].tolist()
    assert data.summary["cr4"] == pytest.approx(sum(shares[:4]), abs=1e-3)


def test_lens_counts_by_year_and_office_equal_pandas(
    nav_corpus: Path, data_dir: Path, numbers: set[str]
) -> None:
    df = pd.read_csv(data_dir / WIPO / LENS, dtype=str)
    df["pub"] = df["Publication Number"].str.replace(r"[\s/]", "", regex=True)
    # documents also in the PATENTSCOPE file carry that file's dates after the merge: compare the others
    both = set(patentscope(data_dir, numbers)["pub"])
    df = df[df["pub"].isin(numbers) & ~df["pub"].isin(both)]
    assert len(df) > 5700
    data = compute_tables(Corpus(nav_corpus), DocSet(df["pub"].tolist(), "all", "lens", "Lens drones set"))
    assert (
        table(data, "offices").set_index("office")["documents"].to_dict()
        == df["Jurisdiction"].value_counts().to_dict()
    )
    trend = table(data, "trend").set_index("year")["publications"]
    # the year of 'Publication Date' (Lens's own 'Publication Year' column disagrees with it on 66 rows)
    assert (
        trend[trend > 0].to_dict()
        == df["Publication Date"].dropna().str[:4].astype(int).value_counts().to_dict()
    )
    # one application may be written with two kind letters ('AU 1979/045475 A' and '… D'): compare without them
    filed_df = df.dropna(subset=["Application Date"]).copy()
    filed_df["application"] = (
        filed_df["Application Number"]
        .str.replace(r"[\s/]", "", regex=True)
        .str.replace(r"[A-Z]\d?$", "", regex=True)
    )
    filed = filed_df.groupby(filed_df["Application Date"].str[:4].astype(int))["application"].nunique()
    ours = table(data, "trend").set_index("year")["applications (filing/priority year)"]
    for year, n in filed.items():
        assert ours[int(year)] == n, year


def test_ipc_selector_equals_pandas(nav_corpus: Path, data_dir: Path, numbers: set[str]) -> None:
    df = patentscope(data_dir, numbers)
    expected = set(df[df["IPC"].fillna("").str.contains(r"(?:^|;)\s*A21D", regex=True)]["pub"])
    lens = pd.read_csv(data_dir / WIPO / LENS, dtype=str)
    lens_hits = lens[lens["IPCR Classifications"].fillna("").str.contains(r"(?:^|;)A21D", regex=True)]
    expected |= set(lens_hits["Publication Number"].str.replace(r"[\s/]", "", regex=True)) & numbers
    # compared on the documents the simple number matching reaches (MX and ZA numbers are left out)
    reached = set(df["pub"]) | (
        set(lens["Publication Number"].str.replace(r"[\s/]", "", regex=True)) & numbers
    )
    assert set(select(nav_corpus, ipc="A21D").numbers) & reached == expected
    group = set(select(nav_corpus, ipc="A21D13").numbers)
    assert group >= set(df[df["IPC"].fillna("").str.contains(r"(?:^|;)\s*A21D 13/", regex=True)]["pub"])


def test_applicant_selector_merges_variants_and_lists_similar_names(nav_corpus: Path) -> None:
    docs = select(nav_corpus, applicant="nestec sa")
    assert docs.applicant is not None and docs.applicant.key == "NESTEC"
    assert {"Nestec S.A.", "NESTEC S.A.", "NESTEC SA"} <= set(docs.applicant.variants)
    assert len(docs.numbers) == docs.applicant.documents or len(docs.numbers) <= docs.applicant.documents
    with pytest.raises(Exception, match="no applicant"):
        select(nav_corpus, applicant="No Such Pizza Company GmbH")


def test_every_type_and_the_report_files(nav_corpus: Path, tmp_path: Path) -> None:
    assert find_type("研发活动类").key == "rd" and find_type("talent").name_zh == "人才管理"
    report = navigate(nav_corpus, "研发活动", ipc="A21D13", map_points=300)
    assert report.data.summary["documents"] > 300
    assert report.landscape.shown == 300 and len(report.landscape.clusters) >= 2
    assert report.meta["corpus version"].startswith("v") and "--ipc" in report.meta["command"]
    from ipcenter.value import nav_output

    html_file, xlsx_file = tmp_path / "n.html", tmp_path / "n.xlsx"
    nav_output.write(report, html_file)
    page = html_file.read_text(encoding="utf-8")
    assert page.index("技术功效") < page.index("申请趋势")  # R&D type: effects first
    assert "plotly" in page and report.meta["corpus version"] in page
    nav_output.write(report, xlsx_file)
    wb = load_workbook(xlsx_file, read_only=True)
    assert {
        "about",
        "trend",
        "applicants",
        "effect_matrix",
        "citation_edges",
        "teams",
        "landscape_clusters",
    } <= set(wb.sheetnames)
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True)}
    assert about["corpus version"] == report.meta["corpus version"] and "A21D13" in about["selector"]


def test_navigate_cli_contract(nav_corpus: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ipcenter", *args],
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ,
        )

    out = tmp_path / "r.xlsx"
    result = run(
        "navigate",
        "--applicant",
        "Google Inc.",
        "--type",
        "企业经营",
        "--output",
        str(out),
        "--corpus",
        str(nav_corpus),
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"企业经营: \d+ documents", result.stdout) and out.is_file()
    bad = run(
        "navigate",
        "--ipc",
        "A21D",
        "--applicant",
        "x",
        "--type",
        "产业规划",
        "--output",
        str(out),
        "--corpus",
        str(nav_corpus),
    )
    assert bad.returncode != 0 and "exactly one of" in bad.stderr
    bad = run(
        "navigate",
        "--ipc",
        "A21D",
        "--type",
        "产业规划",
        "--output",
        str(tmp_path / "r.pdf"),
        "--corpus",
        str(nav_corpus),
    )
    assert bad.returncode != 0 and ".html or .xlsx" in bad.stderr
