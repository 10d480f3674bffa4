"""The value API and pages on the platform app, over the real test corpus: the same JSON as the CLI, reports
as downloads, design refusal as problem+json, expert inputs only for signed-in users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(
    value_corpus: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    db = tmp_path_factory.mktemp("value-db") / "app.db"
    app = create_app(Settings(corpus_dir=value_corpus, database_url=f"sqlite:///{db}", data_dir=data_dir))
    yield TestClient(app)
    app.state.platform.database.dispose()


def test_value_json_equals_the_service(client: TestClient) -> None:
    r = client.get("/api/v1/value/US6981466B2", params={"scenario": "侵权救济"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["publication_number"] == "US6981466B2" and data["scenario"] == "侵权救济"
    assert sum(i["contribution"] for i in data["indicators"]) == pytest.approx(data["composite"], abs=1e-9)


def test_design_is_refused_as_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/value/USD462507S1")
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert "outside GB/T 42748 scope" in r.json()["detail"]


def test_reports_download(client: TestClient) -> None:
    r = client.get("/api/v1/value/US6400996B1/report", params={"format": "xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get("/api/v1/navigate", params={"type": "企业经营", "applicant": "Boeing"})
    assert r.status_code == 200 and b"plotly" in r.content
    r = client.get("/api/v1/navigate", params={"type": "企业经营", "applicant": "Boeing", "ipc": "B64C"})
    assert r.status_code == 422


def test_expert_input_needs_an_account(client: TestClient) -> None:
    r = client.post("/api/v1/value/US6400996B1/expert-inputs", json={"indicator": "技术先进性", "score": 80})
    assert r.status_code == 401


def test_pages(client: TestClient) -> None:
    page = client.get("/value/US6981466B2")
    assert page.status_code == 200 and 'id="value-result"' in page.text and "UNCONFIRMED" in page.text
    assert client.get("/value/USD462507S1").status_code == 422
    # blanks say why in the page's language; indicator names follow it too
    assert "尚无专家评分" in page.text and "no expert input" not in page.text
    english = client.get("/value/US6981466B2?lang=en").text
    assert "no expert input" in english and ">remaining term<" in english and "剩余保护期" not in english

    assert 'id="navigate-form"' in client.get("/navigate").text
    portfolio = client.get("/portfolio", params={"applicant": "Boeing"})
    assert portfolio.status_code == 200 and 'id="portfolio-result"' in portfolio.text


def test_every_blank_reason_of_the_profile_has_its_chinese() -> None:
    from ipcenter.value.pages import BLANK_REASONS_ZH
    from ipcenter.value.tree import load_tree

    reasons = {i.blank_when for i in load_tree().indicators.values() if i.blank_when}
    assert reasons and reasons <= set(BLANK_REASONS_ZH)
