"""The domain pages driven as a person would in a real browser: the dashboard's filters, charts and downloads;
a search with highlighted snippets, facets, a syntax error and a saved search; a document's claim tree,
IPC titles, legal events and similar documents; a formal check pasted and uploaded, with its reports; IPC
suggestions and a scope verdict; an upload on the admin's ingest page, its run, its quarantined record and
the new document served at once. Screenshots for docs/screenshots are taken here (``IPCENTER_SCREENSHOTS``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser.harness import Pages, Site

Shot = Callable[[Any, str], None]
CLAIMS = (
    "1. 一种轴流送风机，包括轴毂部和多个旋转叶片，其特征在于，所述叶片的前倾角为30°～45°。\n"
    "2. 根据权利要求3所述的轴流送风机，其特征在于，所述轴毂部为塑料。\n"
    "3. 根据权利要求1所述的轴流送风机，其特征在于，所述叶片优选为铝合金。"
)


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_dashboard_filters_charts_and_downloads(pages: Pages, site: Site, screenshot_to: Shot) -> None:
    page = pages.as_role("statistician")
    page.goto("/")
    page.wait_for_selector("#chart-regions[data-rendered=true]")
    screenshot_to(page, "dashboard")
    province = int(
        page.locator("#figure-valid-inventions [data-testid=figure-value]")
        .inner_text()
        .split()[0]
        .replace(",", "")
    )
    assert province > 0
    page.select_option("#within", "长沙市")
    _submit(page, "#dashboard-submit")
    assert page.locator("#dashboard-title").inner_text() == "专利统计看板 · 长沙市"
    changsha = int(
        page.locator("#figure-valid-inventions [data-testid=figure-value]")
        .inner_text()
        .split()[0]
        .replace(",", "")
    )
    assert 0 < changsha < province
    page.wait_for_selector("#chart-regions[data-rendered=true]")
    # the official table as CSV carries the figure the page shows
    csv = page.context.request.get(site.url(str(page.locator("#download-csv").get_attribute("href"))))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert str(changsha) in csv.text()
    xlsx = page.context.request.get(site.url(str(page.locator("#download-xlsx").get_attribute("href"))))
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"  # an XLSX is a zip
    page.fill("#as_of", "2024-12-31")  # an earlier date: fewer valid inventions, said in the provenance
    _submit(page, "#dashboard-submit")
    earlier = int(
        page.locator("#figure-valid-inventions [data-testid=figure-value]")
        .inner_text()
        .split()[0]
        .replace(",", "")
    )
    assert 0 < earlier <= changsha
    assert page.locator("#as_of").input_value() == "2024-12-31"


def test_search_snippets_facets_errors_and_saved_searches(
    pages: Pages, site: Site, screenshot_to: Shot
) -> None:
    page = pages.as_role("member")
    page.goto("/search")
    page.fill("#q", "送风机")
    _submit(page, "#search-submit")
    results = page.locator("#results")
    assert int(str(results.get_attribute("data-total"))) >= 1
    first = page.locator("[data-testid=hit]").first
    assert first.get_attribute("data-number") == "CN101096965A"
    assert "送风机" in first.locator(".snippet em").first.inner_text()  # highlighted in the snippet
    assert page.locator("#facets [data-testid=facet-value]").count() > 0
    assert "专利库版本 v1" in page.inner_text("#result-summary")
    screenshot_to(page, "search")
    export = page.context.request.get(site.url(str(page.locator("#export-csv").get_attribute("href"))))
    assert export.status == 200 and "送风机" in export.text() and "CN101096965A" in export.text()

    page.fill("#save-name", "送风机检索")  # a saved search belongs to the member's organisation
    _submit(page, "#save-submit")
    assert page.locator("#saved-notice").is_visible()
    saved = page.locator("[data-testid=saved-search]", has_text="送风机检索")
    assert saved.count() == 1
    _submit(page, "[data-testid=saved-search]:has-text('送风机检索') button")
    assert page.locator("[data-testid=saved-search]", has_text="送风机检索").count() == 0

    page.goto("/search?q=送风机")  # deleting went back to the empty search page
    with page.expect_navigation():  # a facet narrows the search
        page.locator("#facets [data-testid=facet-value]").first.click()
    assert "q=" in page.url and int(str(page.locator("#results").get_attribute("data-total"))) >= 1

    page.goto("/search?q=" + "TI%3D%28%E9%80%81%E9%A3%8E%E6%9C%BA")  # TI=(送风机 — unbalanced
    assert page.locator("#query-error").is_visible()
    assert "Traceback" not in page.content()

    page.goto("/search?q=送风机")
    with page.expect_navigation():  # from a hit to its document page
        page.locator("[data-testid=hit] h3 a").first.click()
    assert page.locator("#doc-title").get_attribute("data-number") == "CN101096965A"


def test_document_page_shows_claim_tree_ipc_titles_legal_events_and_similar(pages: Pages) -> None:
    page = pages.as_role("public")
    page.goto("/documents/200710112087.1")  # the application number finds the publication
    assert page.locator("#doc-title").get_attribute("data-number") == "CN101096965A"
    claim_1 = page.locator("li:has(> #claim-1)")
    assert claim_1.locator("#claim-2").count() == 1 and claim_1.locator("#claim-3").count() == 1
    assert page.locator("#claim-2").get_attribute("data-depends-on") == "1"
    ipc = page.locator("[data-testid=ipc-code][data-code='F04D29/38']")
    assert "叶片" in ipc.inner_text()  # the IPC code with its title
    events = page.locator("[data-testid=legal-event]").all_inner_texts()
    assert len(events) == 4 and "C02" in events[-1]
    assert page.locator("#legal-status").get_attribute("data-status") == "lapsed"
    page.wait_for_selector("#similar[data-state=done]")
    similar = page.locator("[data-testid=similar-hit] a").first
    number = similar.get_attribute("href")
    with page.expect_navigation():
        similar.click()
    assert page.url.endswith(str(number))
    assert page.goto("/documents/CN000000000A").status == 404


def test_formal_check_pasted_and_uploaded(pages: Pages, tmp_path: Path, screenshot_to: Shot) -> None:
    page = pages.as_role("pre_examiner")
    page.goto("/check")
    page.fill("#title", "轴流送风机")
    page.fill("#claims", CLAIMS)
    _submit(page, "#check-submit")
    rules = {f.get_attribute("data-rule"): f for f in page.locator("[data-testid=finding]").all()}
    assert {"CLM-REF-FORWARD", "CLM-VAGUE-TERM"} <= set(rules)
    assert "专利法实施细则第二十五条" in rules["CLM-REF-FORWARD"].locator(".basis").inner_text()
    marked = page.locator("[data-testid=marked-claim][data-number='3'] mark")
    assert marked.inner_text() == "优选" and "CLM-VAGUE-TERM" in str(marked.get_attribute("data-rules"))
    screenshot_to(page, "check")
    with page.expect_download() as download:
        page.click("#download-json-submit")
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {f["rule"] for f in report["findings"]} >= {"CLM-REF-FORWARD", "CLM-VAGUE-TERM"}

    upload = tmp_path / "claims.txt"
    upload.write_text(CLAIMS, encoding="utf-8")
    page.goto("/check")
    page.set_input_files("#upload", str(upload))
    _submit(page, "#check-submit")
    assert page.locator("[data-testid=finding][data-rule=CLM-REF-FORWARD]").count() == 1
    binary = tmp_path / "claims.docx"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n not a docx")
    page.goto("/check")
    page.set_input_files("#upload", str(binary))
    _submit(page, "#check-submit")
    assert page.locator("#check-error").is_visible()  # a clear refusal, not a 500


def test_classify_suggestions_and_scope_verdict(pages: Pages, screenshot_to: Shot) -> None:
    page = pages.as_role("pre_examiner")
    page.goto("/classify")
    page.fill("#classify-text", "一种锂离子电池正极材料及其制备方法，包括磷酸铁锂和导电碳黑。")
    centre = page.locator("#centre option").nth(1).get_attribute("value")
    page.select_option("#centre", str(centre))
    page.fill("#scope-ipc", "H01M4/13")
    _submit(page, "#classify-submit")
    codes = [s.get_attribute("data-code") for s in page.locator("[data-testid=suggestion]").all()]
    assert codes[0] == "H01M"
    assert "电池" in page.locator("[data-testid=suggestion][data-code=H01M]").inner_text()  # with its title
    verdict = page.locator("[data-testid=scope-verdict]")
    assert verdict.get_attribute("data-decision") in ("in_scope", "out_of_scope", "uncertain")
    assert str(centre) in verdict.locator("h2").inner_text()
    screenshot_to(page, "classify")
    page.goto("/classify")
    _submit(page, "#classify-submit")  # nothing entered: the page says what to do
    assert page.locator("#classify-error").is_visible()


def test_admin_ingest_upload_run_quarantine_and_the_new_document(
    pages: Pages, site: Site, data_dir: Path, tmp_path: Path, screenshot_to: Shot
) -> None:
    """A real USPTO weekly file cut inside its last grant: 24 grants stored, the cut one quarantined with its
    reason, and the server serves the new corpus version at once."""
    source = (data_dir / "uspto-xml-samples" / "patentsview-db-fixtures" / "ipg060103.small.xml").read_bytes()
    last = source.rfind(b"<us-patent-grant")
    cut = (last + source.find(b"</us-patent-grant>", last)) // 2
    upload = tmp_path / "ipg060103.truncated.xml"
    upload.write_bytes(source[:cut])
    page = pages.as_role("bureau_admin")
    page.goto("/admin/ingest")
    version = int(re.search(r"v(\d+)", page.inner_text("#corpus-state")).group(1))  # type: ignore[union-attr]
    screenshot_to(page, "admin-ingest")
    page.set_input_files("#ingest-file", str(upload))
    _submit(page, "#ingest-submit")
    assert "/admin/ingest/runs/" in page.url
    counts = {
        k: int(page.locator(f"#run-counts [data-count={k}]").inner_text())
        for k in ("read", "stored", "quarantined")
    }
    assert counts == {"read": 25, "stored": 24, "quarantined": 1}
    quarantined = page.locator("[data-testid=quarantined]")
    assert quarantined.count() == 1 and quarantined.locator("td").nth(1).inner_text().strip()
    screenshot_to(page, "ingest-run")
    run_id = page.url.split("/admin/ingest/runs/")[1].split("?")[0]
    page.goto("/admin/ingest")
    assert f"v{version + 1}" in page.inner_text("#corpus-state")
    assert page.locator(f"[data-testid=run][data-run='{run_id}']").count() == 1
    runs = page.context.request.get(site.url("/api/v1/ingest/runs"))  # the API lists the same runs
    assert runs.status == 200 and run_id in runs.text()
    assert page.goto("/documents/USD0513425").status == 200  # the first grant of the file, served at once
    assert str(page.locator("#doc-title").get_attribute("data-number")).startswith("USD")
