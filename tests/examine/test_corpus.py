"""Checking the applications of a corpus (`service.check_corpus`, the demo's step) and `check application
NUMBER --corpus DIR`: a missing corpus, or one with no claims to check, is a clear error, never an empty
answer that reads as "checked, nothing found"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.examine.service import check_corpus
from ipcenter.examine.sources import InputError
from ipcenter.ingest.service import ingest

runner = CliRunner()
CN_XML = "cn-patent-xml-samples/CN101096965A.xml"
#: An Espacenet result list (bibliographic columns only): a real corpus holding no claims at all.
NO_CLAIMS = "wipo-manual-analytics/pizza_espacenet_20132014_274.csv"


@pytest.fixture(scope="module")
def corpora(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("examine-corpora")
    ingest([data_dir / CN_XML], root / "with-claims")
    ingest([data_dir / NO_CLAIMS], root / "no-claims")
    return {"with-claims": root / "with-claims", "no-claims": root / "no-claims", "none": root / "none"}


def test_a_corpus_is_checked(corpora: dict[str, Path]) -> None:
    (result,) = check_corpus(corpora["with-claims"])
    assert result.id == "CN101096965A" and result.claims
    # asked for numbers: those the corpus lacks are left out, as documented
    assert [r.id for r in check_corpus(corpora["with-claims"], ["CN999999999A", "CN101096965A"])] == [
        "CN101096965A"
    ]


def test_a_missing_corpus_is_an_error(corpora: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="no corpus there"):
        check_corpus(corpora["none"])
    with pytest.raises(InputError, match="no corpus there"):
        check_corpus(corpora["none"], ["CN101096965A"])


def test_a_corpus_without_claims_is_an_error(corpora: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="no application with claims"):
        check_corpus(corpora["no-claims"])


@pytest.mark.parametrize(
    ("corpus", "message"),
    [("none", "no corpus there"), ("no-claims", "CN101096965A: not in the corpus")],
)
def test_check_application_in_a_corpus_that_cannot_answer(
    corpora: dict[str, Path], corpus: str, message: str
) -> None:
    for fmt in ("text", "json"):
        result = runner.invoke(
            app, ["check", "application", "CN101096965A", "--corpus", str(corpora[corpus]), "--format", fmt]
        )
        assert result.exit_code == 2, result.output
        assert result.stdout.strip() == "" and "error: " in result.output and message in result.output
        assert "Traceback" not in result.output


def test_check_application_from_a_corpus(corpora: dict[str, Path]) -> None:
    result = runner.invoke(
        app,
        ["check", "application", "CN101096965A", "--corpus", str(corpora["with-claims"]), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert '"id": "CN101096965A"' in result.stdout
