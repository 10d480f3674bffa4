"""The domain pages on a served demo of real samples: the dashboard (with the stats demo's data set, said so),
search with facets, export and saved searches, the document page, the formal check (paste and upload), classify
and scope, and the bureau admin's ingest; Chinese first, English on request; hostile input answered with 4xx."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts import service as accounts
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD
from ipcenter.errors import UserError

PASSWORD = "correct horse battery"
USPTO = "uspto-xml-samples/patentsview-db-fixtures/ipg060103.small.xml"


def csrf(client: TestClient) -> str:
    if not client.cookies.get(CSRF_COOKIE):
        client.get("/check")
    return str(client.cookies.get(CSRF_COOKIE))


def sign_in(client: TestClient, email: str) -> None:
    client.cookies.clear()
    response = client.post(
        "/signin",
        data={"email": email, "password": PASSWORD, CSRF_FIELD: csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def add_account(client: TestClient, email: str, role: str, organisation: str, kind: str) -> None:
    database = client.app.state.platform.database  # type: ignore[attr-defined]
    with contextlib.suppress(UserError), database.session() as db:
        accounts.add_organisation(db, organisation, kind)  # once; a Conflict when it exists
    with database.session() as db:
        accounts.add_user(db, email, role, PASSWORD, organisation)


@pytest.fixture(autouse=True)
def fresh_browser(served: TestClient) -> None:
    """Each test starts as a new visitor (no session, no language cookie left by another test)."""
    served.cookies.clear()


# --------------------------------------------------------------------------- the dashboard


def test_dashboard_shows_the_demo_data_set_and_says_so(served: TestClient) -> None:
    page = served.get("/?lang=zh")
    assert page.status_code == 200
    html = page.text
    assert 'data-dataset="demo"' in html and "并非真实专利" in html  # the served samples hold no Hunan patent
    api = served.get("/api/v1/stats/valid-inventions", params={"within": "湖南省", "dataset": "demo"}).json()
    total = api["rows"][-1]["valid_invention_total"]
    shown = re.search(r'id="figure-valid-inventions".*?data-testid="figure-value">([^<]*)<', html, re.S)
    assert shown and shown.group(1).strip() == f"{total:,}"
    assert html.count('data-testid="provenance"') >= 6
    provenance = re.findall(r'data-testid="provenance">([^<]*)<', html)
    assert all("v1" in p and "attribution_rule" in p and "2024" in p for p in provenance[:3])
    specs = json.loads(re.search(r'id="chart-specs">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert {s["id"] for s in specs} == {"chart-regions", "chart-applicant-types", "chart-trend"}
    assert len(specs[2]["data"][0]["x"]) == 12  # a year of month-ends
    assert 'data-region="长沙市"' in html and "row-total" in html
    link = re.search(r'id="download-xlsx" href="([^"]+)"', html).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    download = served.get(link)
    assert download.status_code == 200 and download.content[:2] == b"PK"
    english = served.get("/?lang=en").text
    assert "Valid invention patents" in english and "not real patents" in english


def test_dashboard_on_the_served_corpus_says_how_little_it_holds(served: TestClient) -> None:
    html = served.get("/", params={"dataset": "corpus", "within": "长沙市"}).text
    assert 'data-dataset="corpus"' in html and "数据很少" in html
    assert 'id="switch-demo"' in html
    demo = served.get("/", params={"dataset": "demo", "within": "长沙市"}).text
    assert "合成数据只标注到市" in demo  # districts are not in the synthetic data: said, not shown as zeros


def test_dashboard_without_a_corpus_still_answers(tmp_path: Path) -> None:
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=f"sqlite:///{tmp_path / 'a.db'}"))
    page = TestClient(app).get("/")
    assert page.status_code == 200 and 'id="stats-unavailable"' in page.text
    app.state.platform.database.dispose()


@pytest.mark.parametrize(
    ("query", "status"), [("as_of=2025-13-01", 422), ("within=火星", 400), ("level=galaxy", 422)]
)
def test_dashboard_bad_input_is_a_4xx_page(served: TestClient, query: str, status: int) -> None:
    page = served.get(f"/?{query}")
    assert page.status_code == status and "Traceback" not in page.text


# --------------------------------------------------------------------------- search and saved searches


def test_search_page_highlights_facets_pages_and_exports(served: TestClient) -> None:
    html = served.get("/search", params={"q": "TI=风机 OR IC=F04D", "size": 10}).text
    assert 'data-number="CN101096965A"' in html and "<em>" in html
    assert 'id="facet-ipc"' in html and 'data-value="F04D"' in html
    facet = re.search(r'href="([^"]+)" data-testid="facet-value" data-value="F04D"', html).group(1)  # type: ignore[union-attr]
    narrowed = served.get(facet.replace("&amp;", "&")).text
    assert "IC=F04D" in narrowed and 'data-number="CN101096965A"' in narrowed
    assert 'id="export-csv"' in html and 'id="export-xlsx"' in html
    many = served.get("/search", params={"q": "IC=C07C OR IC=A61K OR IC=H04L OR IC=G06F", "size": 10}).text
    assert 'id="page-next"' in many


def test_search_page_explains_a_malformed_query(served: TestClient) -> None:
    page = served.get("/search", params={"q": "TI=(锂电池 AND"})
    assert page.status_code == 422
    assert 'id="query-error"' in page.text and "position 12" in page.text
    hostile = served.get("/search", params={"q": '<script>alert("x")</script>'})
    assert hostile.status_code in (200, 422) and '<script>alert("x")' not in hostile.text


def test_saved_searches_belong_to_the_organisation(served: TestClient) -> None:
    add_account(served, "saver@example.cn", "member", "检索示例企业", "enterprise")
    add_account(served, "other@example.cn", "member", "另一家企业", "enterprise")
    sign_in(served, "saver@example.cn")
    token = str(served.cookies.get(CSRF_COOKIE))
    refused = served.post("/search/saved", data={"name": "风机", "query": "TI=风机"}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token
    saved = served.post(
        "/search/saved", data={"name": "风机", "query": "TI=风机", CSRF_FIELD: token}, follow_redirects=False
    )
    assert saved.status_code == 303
    page = served.get(saved.headers["location"]).text
    assert 'id="saved-notice"' in page and 'data-testid="saved-search"' in page and ">风机</a>" in page
    sign_in(served, "other@example.cn")
    assert ">风机</a>" not in served.get("/search", params={"q": "TI=风机"}).text
    served.cookies.clear()
    assert 'id="saved-searches"' not in served.get("/search", params={"q": "TI=风机"}).text


# --------------------------------------------------------------------------- the document page


def test_document_page(served: TestClient) -> None:
    html = served.get("/documents/200710112087.1").text  # an application number finds the publication
    assert 'data-number="CN101096965A"' in html and "轴流送风机" in html
    assert re.search(r'data-testid="claim" data-number="2" data-depends-on="1"', html)
    first, second = html.index('id="claim-1"'), html.index('id="claim-2"')
    assert first < second and html[first:second].count('<ul class="claim-tree">') == 1  # claim 2 nested in 1
    assert 'data-testid="legal-event"' in html and "2010-11-24" in html
    assert 'data-code="F04D29/38"' in html and "叶片" in html and "非变容式泵" in html
    assert 'id="similar" data-number="CN101096965A" data-state="loading"' in html
    # an invention links to its explained value score, and every page's navigation to the domains' pages
    assert 'id="value-link" href="/value/CN101096965A"' in html
    for link in ("/value", "/navigate", "/transfer", "/protection", "/prexam"):
        assert f'<a href="{link}" id="nav-' in html
    value_page = served.get("/value/CN101096965A")
    assert value_page.status_code == 200 and "CN101096965A" in value_page.text
    assert "Claims" in served.get("/documents/CN101096965A?lang=en").text
    missing = served.get("/documents/CN999999999A?lang=zh")
    assert missing.status_code == 404 and "CN999999999A" in missing.text


# --------------------------------------------------------------------------- the formal check


def test_formal_check_pasted_and_downloaded(served: TestClient) -> None:
    token = csrf(served)
    claims = (
        "1. 一种装置，包括壳体。\n2. 根据权利要求3所述的装置，其特征在于，优选地所述壳体为金属。\n"
        "3. 根据权利要求1所述的装置，其特征在于，所述壳体为圆形。"
    )  # claim 2 refers forward to claim 3
    page = served.post("/check", data={"claims": claims, "title": "装置", CSRF_FIELD: token})
    assert page.status_code == 200
    html = page.text
    assert 'data-rule="CLM-REF-FORWARD" data-severity="error"' in html
    assert '<mark class="sev-error"' in html and "专利法实施细则第二十五条" in html
    report = served.post(
        "/check/report?format=json", data={"claims": claims, "title": "装置", CSRF_FIELD: token}
    )
    api = served.post(
        "/api/v1/check/claims", json={"claims": claims, "title": "装置"}, headers={"X-CSRF-Token": token}
    ).json()  # a script using the browser's session echoes the CSRF token
    assert report.json() == api
    as_html = served.post("/check/report?format=html", data={"claims": claims, CSRF_FIELD: token})
    assert as_html.headers["content-type"].startswith("text/html") and "CLM-REF-FORWARD" in as_html.text
    assert served.post("/check", data={"claims": claims}).status_code == 403  # no CSRF token


def test_formal_check_uploads(served: TestClient) -> None:
    import docx

    token = csrf(served)
    document = docx.Document()
    for line in (
        "发明名称",
        "一种装置",
        "权利要求书",
        "1. 一种装置，包括壳体。",
        "2. 根据权利要求3所述的装置。",
        "3. 根据权利要求1所述的装置，其特征在于，所述壳体为圆形。",
    ):  # claim 2 refers forward to claim 3
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    page = served.post(
        "/check", data={CSRF_FIELD: token}, files={"upload": ("申请.docx", buffer.getvalue(), mime)}
    )
    assert page.status_code == 200 and 'data-rule="CLM-REF-FORWARD"' in page.text
    for name, body, status in [
        ("virus.exe", b"MZ\x90\x00", 415),
        ("fake.docx", b"not a zip at all", 415),
        ("big.txt", b"1. " + b"x" * (2 * 1024 * 1024 + 10), 413),
        ("empty.txt", b"   ", 422),
    ]:
        refused = served.post(
            "/check", data={CSRF_FIELD: token}, files={"upload": (name, body, "text/plain")}
        )
        assert refused.status_code == status, (name, refused.status_code)
        assert 'id="check-error"' in refused.text and "Traceback" not in refused.text


# --------------------------------------------------------------------------- classify and scope


def test_classify_and_scope_page(served: TestClient) -> None:
    token = csrf(served)
    text = "一种锂离子电池正极材料及其制备方法，所述正极材料包括镍钴锰三元材料。"
    page = served.post("/classify", data={"text": text, "centre": "成都知识产权保护中心", CSRF_FIELD: token})
    assert page.status_code == 200
    assert 'data-testid="suggestion" data-code="H01M"' in page.text
    assert re.search(r'id="scope-verdict" data-testid="scope-verdict" data-decision="\w+"', page.text)
    by_ipc = served.post("/classify", data={"ipc": "H01M4/13", "centre": "成都", CSRF_FIELD: token}).text
    assert 'data-decision="in_scope"' in by_ipc
    empty = served.post("/classify", data={"text": " ", CSRF_FIELD: token})
    assert empty.status_code == 422 and 'id="classify-error"' in empty.text
    unknown = served.post("/classify", data={"ipc": "H01M", "centre": "火星", CSRF_FIELD: token})
    assert unknown.status_code == 422


# --------------------------------------------------------------------------- the ingest page (its own corpus copy)


@pytest.fixture()
def own_corpus(served_dirs: dict[str, Path], data_dir: Path, tmp_path: Path) -> Any:
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    shutil.copytree(served_dirs["corpus"], tmp_path / "corpus")
    settings = Settings(
        corpus_dir=tmp_path / "corpus", database_url=f"sqlite:///{tmp_path / 'app.db'}", data_dir=data_dir
    )
    app = create_app(settings)
    yield TestClient(app)
    app.state.platform.database.dispose()


def test_ingest_page_uploads_shows_quarantine_and_updates_the_index(
    own_corpus: TestClient, data_dir: Path
) -> None:
    client = own_corpus
    add_account(client, "admin@example.cn", "bureau_admin", "市知识产权局", "bureau")
    add_account(client, "member@example.cn", "member", "企业", "enterprise")
    source = (data_dir / USPTO).read_bytes()
    last = source.rfind(b"<us-patent-grant")
    broken = source[: (last + source.find(b"</us-patent-grant>", last)) // 2]  # the last grant cut in half
    sign_in(client, "member@example.cn")
    assert client.get("/admin/ingest").status_code == 403
    sign_in(client, "admin@example.cn")
    token = str(client.cookies.get(CSRF_COOKIE))
    assert 'id="ingest-form"' in client.get("/admin/ingest").text
    refused = client.post("/admin/ingest", data={CSRF_FIELD: token}, files={"file": ("x.exe", b"MZ", "x/y")})
    assert refused.status_code == 415 and 'id="ingest-error"' in refused.text
    done = client.post(
        "/admin/ingest", data={CSRF_FIELD: token}, files={"file": ("ipg060103.xml", broken, "text/xml")},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    run = client.get(done.headers["location"]).text
    assert '<td data-count="read">25</td>' in run and '<td data-count="quarantined">1</td>' in run
    assert 'data-testid="quarantined"' in run and "document 27" in run
    assert 'data-testid="run"' in client.get("/admin/ingest").text
    found = client.get("/api/v1/search", params={"q": "PN=US6983169"}).json()
    assert found["total"] == 0  # not indexed yet
    assert (
        client.post("/admin/search-index", data={CSRF_FIELD: token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/api/v1/search", params={"q": "PN=US6983169"}).json()["total"] == 0  # the cut one
    assert (
        client.get("/api/v1/search", params={"q": 'PA="International Business Machines"'}).json()["total"] > 0
    )


def test_warm_up_builds_the_shared_objects(served: TestClient) -> None:
    from ipcenter.platform.app import warm_up

    warm_up(served.app)  # type: ignore[arg-type]
    current = served.app.state.platform.corpus.current()  # type: ignore[attr-defined]
    keys = set(current._objects)
    assert {"platform.documents", "stats.cache", "classify.scope", "transfer.matcher"} <= keys
    assert any(k.startswith("search.engine.") for k in keys)
