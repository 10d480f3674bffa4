"""Every publication number exactly as the real sample files print it finds its stored document.

The numbers are taken from the raw files with plain text matching (not through the readers), in each
file's own form — ``US`` + ``D0558629`` + ``S1`` of the USPTO XML, ``CA2731260 (A1)`` of Espacenet,
``AT 399980 B`` of Lens, ``US20090208610`` of PATENTSCOPE, ``1442058`` + ``B1`` of the EPO — and looked up
the way `ipcenter show NUMBER` does. Citations of the USPTO samples are stored in the same canonical form.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from ipcenter.core.numbers import read_number
from ipcenter.corpus.service import family_keys, find_documents, lookup_keys
from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest

DATASETS = (
    "uspto-xml-samples",
    "epo-xml-samples",
    "cn-patent-xml-samples",
    "cn-biblio-full-sample",
    "wipo-manual-analytics",
    "cnki-patent-citations-biomedical",
    "cn-ipc-title-benchmark",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Corpus:
    root = tmp_path_factory.mktemp("real-numbers") / "corpus"
    report = ingest([data_dir / d for d in DATASETS], root)
    assert report.quarantined == 0 and not report.failed_files
    return Corpus(root)


class Index:
    """Numbers → documents, exactly and by the number without its kind."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.stem: dict[str, set[str]] = {}

    def add(self, number: str, document: str) -> None:
        self.exact.setdefault(number, set()).add(document)
        self.stem.setdefault(re.sub(r"[A-Z]\d?$", "", number), set()).add(number)

    def match(self, condition: str, param: str) -> set[str]:
        if "regexp_matches" not in condition:
            return self.exact.get(param, set())
        pattern = re.compile(param)  # '^' + the number without kind + '[A-Z][0-9]?$'
        stem = param[1:].split("[A-Z]")[0].replace("\\", "")
        return {d for n in self.stem.get(stem, ()) if pattern.match(n) for d in self.exact[n]}


class Keys:
    """The corpus's keys in memory, looked up with the very conditions `show` sends to the corpus
    (``lookup_keys``, then ``family_keys``), so that thousands of numbers are checked without a query each."""

    def __init__(self, corpus: Corpus) -> None:
        con = corpus.connect()
        try:
            rows = con.execute(
                "SELECT publication_number, application_number, family_members FROM patents"
            ).fetchall()
        finally:
            con.close()
        self.documents, self.family, self.applications = Index(), Index(), Index()
        for key, app, family in rows:
            self.documents.add(key, key)
            for member in family or []:
                self.family.add(member, key)
            if app:
                self.applications.add(app, key)

    def resolve(self, number: str) -> set[str]:
        found: set[str] = set()
        for condition, param in lookup_keys(number):
            index = self.applications if condition.startswith("application") else self.documents
            found |= index.match(condition, param)
        if not found:
            for condition, param in family_keys(number):
                found |= self.family.match(condition, param)
        return found


@pytest.fixture(scope="module")
def keys(corpus: Corpus) -> Keys:
    return Keys(corpus)


def _uspto_printed(data_dir: Path) -> list[tuple[str, str, str]]:
    """(country, doc-number, kind) of every document of the USPTO samples, as the files print them."""
    out = []
    v4 = re.compile(
        r"<us-bibliographic-data-(?:grant|application)[^>]*>\s*<publication-reference>\s*<document-id>\s*"
        r"<country>(\w+)</country>\s*"
        r"<doc-number>(\w+)</doc-number>\s*<kind>(\w+)</kind>"
    )
    v25 = re.compile(r"<B110>\s*<DNUM>\s*<PDAT>(\w+)</PDAT>.*?<B130>\s*<PDAT>(\w+)</PDAT>", re.S)
    pap = re.compile(
        r"<subdoc-bibliographic-information>\s*<document-id>\s*<doc-number>(\w+)</doc-number>\s*"
        r"<kind-code>(\w+)</kind-code>"
    )
    for path in sorted((data_dir / "uspto-xml-samples").rglob("*.xml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [(m[0], m[1], m[2]) for m in v4.findall(text)]
        out += [("US", m[0], m[1]) for m in v25.findall(text)]
        out += [("US", m[0], m[1]) for m in pap.findall(text)]
    with open(data_dir / "uspto-xml-samples/grants.jsonl", encoding="utf-8") as fh:
        out += [("US", o["doc_number"], o["kind"]) for o in map(json.loads, fh)]
    return out


def test_uspto_numbers_as_printed(keys: Keys, data_dir: Path) -> None:
    printed = _uspto_printed(data_dir)
    # 426 v4 documents (the weekly files' sequence listings are no patent documents), 3 PATDOC, 3 pap, and
    # the 415 lines of grants.jsonl
    assert len(printed) == 426 + 3 + 3 + 415
    assert ("US", "D0586076", "S1") in printed  # patentsview-db-fixtures/2009_1.xml
    missing = []
    for cc, number, kind in printed:
        key = read_number(f"{cc}{number}{kind}").canonical
        for form in (
            f"{cc}{number}{kind}",
            f"{cc} {number} {kind}",
            f"{cc}{number}",
            f"{cc}-{number}-{kind}",
        ):
            if key not in keys.resolve(form):
                missing.append(form)
    assert missing == []


def test_a_design_in_every_form(corpus: Corpus) -> None:
    # issue 17's example USD0558629S1 is not in the samples; 2009_1.xml prints D0586076 with kind S1
    for form in ("USD0586076S1", "USD586076S1", "USD586076S", "USD586076", "US D0586076 S1", "US-D586076-S"):
        rows = find_documents(corpus, form)
        assert [r["publication_number"] for r in rows] == ["USD586076S"], form
    assert rows[0]["extra"] and dict(rows[0]["extra"])["kind_source"] == "S1"


def test_epo_and_cn_xml_numbers_as_printed(keys: Keys, data_dir: Path) -> None:
    found = 0
    for path in sorted((data_dir / "epo-xml-samples").rglob("*.xml")):
        head = path.read_text(encoding="utf-8", errors="replace")[:3000]
        root = re.search(r"<ep-patent-document[^>]*>", head)
        assert root, path
        cc, number, kind = (re.search(f'{a}="(\\w+)"', root[0])[1] for a in ("country", "doc-number", "kind"))  # type: ignore[index]
        assert keys.resolve(f"{cc}{number}{kind}"), path
        assert keys.resolve(f"{cc} {number} {kind}"), path
        found += 1
    for path in sorted((data_dir / "cn-patent-xml-samples").glob("*.xml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<publication-reference.*?<country>(\w+)</country>\s*<doc-number>(\w+)</doc-number>"
                      r"\s*<kind>(\w+)</kind>", text, re.S)  # fmt: skip
        assert m, path
        assert keys.resolve(f"{m[1]}{m[2]}{m[3]}"), path
        found += 1
    assert found > 30


def test_export_and_analytics_numbers_as_printed(corpus: Corpus, keys: Keys, data_dir: Path) -> None:
    printed: list[str] = []
    export = json.loads(
        (data_dir / "cn-biblio-full-sample/patentsemantix_10_records.json").read_text("utf-8")
    )
    printed += [row[col] for row in export for col in ("公开号", "授权公告号") if row.get(col)]
    for path in sorted((data_dir / "wipo-manual-analytics").glob("*.csv")):
        text = path.read_bytes().decode("latin-1")  # the numbers are ASCII whatever the file's encoding
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        column = next(c for c in rows[0] if c.strip().lower() == "publication number")
        # a cell may list several publications of one family; the first is the row's own document
        printed += [row[column].split(";")[0].strip() for row in rows]
    assert len(printed) == 10 + 8 + 5884 + 319 + 366 + 355 + 428 + 239 + 10000  # rows of each file
    missing = [n for n in printed if not keys.resolve(n)]
    assert missing == []
    assert find_documents(corpus, "DE000019826114")[0]["publication_number"] == "DE19826114"  # PATENTSCOPE


def test_cnki_and_title_benchmark_numbers_as_printed(keys: Keys, data_dir: Path) -> None:
    cnki = data_dir / "cnki-patent-citations-biomedical/cnki_citations_parsed.tsv"
    with open(cnki, encoding="utf-8-sig", newline="") as fh:
        printed = [
            r["publication_number"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
    titles = data_dir / "cn-ipc-title-benchmark/cn_title_ipc_subclass_folds1-4.tsv"
    with open(titles, encoding="utf-8-sig", newline="") as fh:
        printed += [r["publication_number"] for r in csv.DictReader(fh, delimiter="\t")]
    assert len(printed) == 12829 + 7798
    assert [n for n in printed if not keys.resolve(n)] == []


def test_uspto_citations_are_canonical(corpus: Corpus) -> None:
    con = corpus.connect()
    try:
        cited = [
            n
            for (n,) in con.execute(
                "SELECT c.number FROM patents, unnest(citations) AS t(c)"
                " WHERE country = 'US' AND c.number IS NOT NULL"
            ).fetchall()
        ]
        uspc = dict(
            con.execute(
                "SELECT publication_number, extra['uspc_main'] FROM patents WHERE country = 'US'"
            ).fetchall()
        )
    finally:
        con.close()
    wo = [n for n in cited if n.startswith("WO") and not n.startswith("WODM")]
    assert "WO2003066704A1" in wo and not [n for n in wo if "/" in n or not re.fullmatch(r"WO\d{10}\w*", n)]
    assert not [n for n in cited if "S1" in n and n.startswith("USD")]
    # fixed-width USPC: class 52 subclass 716.8 keeps its blank; class 2 subclass 16 keeps both
    assert uspc["US8087209B2"] == " 527168"
    assert uspc["US6857133B2"] == "  2 16"
