"""Every page in a real browser, for every role: each role signs in through the sign-in form and walks every
page of the site (the route table's page routes), seeing what it may use and being refused the rest
(anonymous: sent to the sign-in page; a role the page does not serve: 403). What a page shows is asserted
where it matters; every page is also checked for script errors (a Content-Security-Policy violation is one),
its language and a visible heading. Forms are driven as a person would: tokens, members, organisations,
the audit log, a password change, sign-out, the language switch. Chinese must render in a CJK font."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from browser.harness import ROLES, Pages, Site, sign_in
from ipcenter.accounts.demo import ORGANISATIONS
from ipcenter.accounts.policy import route_table
from ipcenter.accounts.roles import OrgKind, role_label

SIGNED_IN = frozenset(ROLES) - {"public"}
EVERYONE = frozenset(ROLES)
PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


def path_examples(site: Site) -> dict[str, str]:
    """Example values of page paths' parameters (a page route with another parameter is reported, not
    walked): a document of the corpus, the served corpus's first ingest run."""
    from ipcenter.ingest import runs

    return {"number": "CN101096965A", "run_id": runs.list_runs(site.corpus_dir)[-1]["run_id"]}


@dataclass(frozen=True)
class PageCheck:
    path: str
    roles: frozenset[str]  # who may use the page (written out here, not read from the policy module)
    heading: str  # the page's <h1> in Chinese (starts with)
    shows: Callable[[Any, Site, str], None] | None = None  # more assertions on what the page shows
    screenshot: tuple[str, str] | None = None  # (role, name): docs/screenshots/<name>.png, taken as role
    #: the page decides inside who of ``roles`` it serves (the pre-examination workbench: a centre's staff
    #: only): a role of ``roles`` may get the 403 page instead
    may_refuse: bool = False


def _dashboard(page: Any, site: Site, role: str) -> None:
    # The served samples hold no Hunan patent: the dashboard says so and shows the stats demo's data set.
    assert page.locator("[data-testid=dataset-notice]").get_attribute("data-dataset") == "demo"
    assert page.locator("[data-testid=figure]").count() == 3
    for provenance in page.locator("[data-testid=provenance]").all_inner_texts():
        assert "专利库版本 v1" in provenance
    assert page.locator("#table-regions tr[data-region=长沙市]").count() == 1
    # plotly.js (served by the app) drew every chart: no CDN, no blocked script
    page.wait_for_selector("#chart-trend[data-rendered=true]")
    assert page.locator("[data-testid=chart][data-rendered=true]").count() == 3


def _search(page: Any, site: Site, role: str) -> None:
    assert page.locator("#field-codes tr").count() > 5  # the field-code syntax, with examples
    assert page.locator("[data-testid=query-example]").count() > 0


def _document(page: Any, site: Site, role: str) -> None:
    assert page.locator("#doc-title").inner_text() == "轴流送风机"
    assert page.locator("[data-testid=claim]").count() == 3
    page.wait_for_selector("#similar[data-state=done]")
    assert page.locator("[data-testid=similar-hit]").count() > 0


def _check(page: Any, site: Site, role: str) -> None:
    assert page.locator("#check-form textarea#claims").is_visible()


def _classify(page: Any, site: Site, role: str) -> None:
    assert page.locator("#classify-form textarea#classify-text").is_visible()
    assert page.locator("#centre option").count() > 1  # the protection centres' scope lists


def _ingest(page: Any, site: Site, role: str) -> None:
    assert page.locator("#corpus-state").inner_text().startswith("专利库版本 v")
    assert page.locator("#ingest-form input[type=file]").count() == 1
    assert page.locator("[data-testid=run]").count() >= 1


def _ingest_run(page: Any, site: Site, role: str) -> None:
    assert page.locator("#run-counts [data-count=read]").inner_text().isdigit()


def _signin(page: Any, site: Site, role: str) -> None:
    assert page.locator("input#email[type=email]").is_visible()
    assert page.locator("input#password[type=password]").is_visible()


def _api_docs(page: Any, site: Site, role: str) -> None:
    # Swagger UI is a script (served by the app, no CDN): it ran and rendered the operations.
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/documents/" in p for p in paths), paths
    assert any("/api/v1/saved-searches" in p for p in paths), paths


def _account(page: Any, site: Site, role: str) -> None:
    text = page.inner_text("table.facts")
    assert site.emails[role] in text
    assert role_label(role, "zh") in text


def _tokens(page: Any, site: Site, role: str) -> None:
    assert page.locator("form[action='/account/tokens'] button").is_visible()


def _organisation(page: Any, site: Site, role: str) -> None:
    members = page.inner_text("main table")
    assert site.emails[role] in members
    assert page.locator("form[action='/org/members']").is_visible()


def _admin(page: Any, site: Site, role: str) -> None:
    text = page.inner_text("main")
    for name in ORGANISATIONS.values():
        assert name in text
    for email in site.emails.values():
        assert email in text


def _audit(page: Any, site: Site, role: str) -> None:
    total = int(re.sub(r"\D", "", page.locator("main p", has_text="共").first.inner_text()))
    assert total > 0
    assert "session.signin" in page.inner_text("main table")


PAGES: tuple[PageCheck, ...] = (
    PageCheck("/", EVERYONE, "专利统计看板 · ", _dashboard),
    PageCheck("/search", EVERYONE, "专利检索", _search),
    PageCheck("/documents/{number}", EVERYONE, "轴流送风机", _document, ("public", "document")),
    PageCheck("/check", EVERYONE, "形式审查辅助", _check),
    PageCheck("/classify", EVERYONE, "IPC 分类与预审范围", _classify),
    PageCheck("/admin/ingest", frozenset({"bureau_admin"}), "数据导入", _ingest),
    PageCheck("/admin/ingest/runs/{run_id}", frozenset({"bureau_admin"}), "导入记录", _ingest_run),
    PageCheck("/signin", EVERYONE, "登录", _signin, ("public", "signin")),
    PageCheck("/api/docs", EVERYONE, "", _api_docs, ("public", "api-docs")),
    PageCheck("/account", SIGNED_IN, "个人资料", _account, ("member", "account")),
    PageCheck("/account/tokens", SIGNED_IN, "接口令牌", _tokens, ("member", "account-tokens")),
    PageCheck(
        "/org",
        frozenset({"org_admin", "bureau_admin"}),
        "本机构",
        _organisation,
        ("org_admin", "organisation"),
    ),
    PageCheck("/admin", frozenset({"bureau_admin"}), "系统管理", _admin, ("bureau_admin", "admin")),
    PageCheck("/admin/audit", frozenset({"bureau_admin"}), "审计日志", _audit, ("bureau_admin", "audit-log")),
    PageCheck("/prexam", EVERYONE, "专利预审服务", screenshot=("public", "prexam")),
    PageCheck("/prexam/statistics", EVERYONE, "预审统计"),
    PageCheck("/prexam/register", SIGNED_IN, "主体备案"),
    PageCheck("/prexam/inbox", SIGNED_IN, "消息"),
    PageCheck("/prexam/cases/new", SIGNED_IN, "提交预审请求"),
    PageCheck("/prexam/workbench", SIGNED_IN, "", may_refuse=True),
    PageCheck("/protection", EVERYONE, "重点商标保护名录", screenshot=("public", "protection")),
    PageCheck("/value", EVERYONE, "专利价值评估"),
    PageCheck("/value/{number}", EVERYONE, "", screenshot=("member", "value")),
    PageCheck("/portfolio", EVERYONE, "专利组合", screenshot=("public", "portfolio")),
    PageCheck("/navigate", EVERYONE, "专利导航报告", screenshot=("public", "navigate")),
    PageCheck("/transfer", EVERYONE, "专利转化运用", screenshot=("public", "transfer")),
    PageCheck("/transfer/licences", EVERYONE, "", screenshot=("public", "transfer-licences")),
    PageCheck("/protection/typical-cases", EVERYONE, "典型案例"),
    PageCheck("/protection/alerts", SIGNED_IN, "风险提醒"),
    PageCheck("/admin/protection", frozenset({"bureau_admin"}), "保护与海外监测管理"),
)
NOT_PAGES = ("/api/", "/static/", "/healthz")


def _page_routes(site: Site) -> tuple[list[tuple[PageCheck, str]], list[str]]:
    """Every page the site serves, with the URL to visit: the checks above, then any other GET page route of
    the route table (a page added later is walked with the general checks: its declared policy's roles get
    the page or a proper 403 page, the others are refused)."""
    examples = path_examples(site)
    checks = list(PAGES)
    known = {check.path for check in PAGES}
    unwalked: list[str] = []
    for entry in route_table(site.app):
        if (
            entry.method != "GET"
            or entry.path in known
            or entry.path.startswith(NOT_PAGES)
            or not entry.policy
        ):
            continue
        if any(name not in examples for name in PARAMETER.findall(entry.path)):
            unwalked.append(entry.path)
            continue
        roles = frozenset(role.value for role in entry.policy.roles)
        checks.append(PageCheck(entry.path, roles, "", may_refuse=True))
        known.add(entry.path)
    return [(check, PARAMETER.sub(lambda m: examples[m.group(1)], check.path)) for check in checks], unwalked


class ScriptErrors:
    """Errors the page's scripts raise or the browser reports (CSP violations, failed loads)."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        page.on("pageerror", lambda exc: self.messages.append(f"script error: {exc}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        # A failed load is reported below with its URL (the console message does not name it).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.messages.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.messages.append(f"{response.status} loading {response.url}")

    def take(self) -> list[str]:
        messages, self.messages = self.messages, []
        return messages


def _h1(page: Any) -> str:
    return str(page.locator("h1").first.inner_text()).strip()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_walks_every_page(
    role: str, pages: Pages, site: Site, screenshot_to: Callable[[Any, str], None]
) -> None:
    page = pages.as_role(role)
    errors = ScriptErrors(page)
    checks, unwalked = _page_routes(site)
    if role != "public":  # the header names who is signed in, in every page
        assert site.emails[role] in page.inner_text("header .who")
    problems: list[str] = []
    for check, url in checks:
        response = page.goto(url)
        assert response is not None
        where = f"{role} at {url}"
        if url.startswith("/api/docs"):
            page.wait_for_load_state("networkidle")
        if role in check.roles and check.may_refuse and response.status == 403:
            assert _h1(page) == "出错了 (403)", where
        elif role in check.roles:
            if response.status != 200:
                problems.append(f"{where}: {response.status} {page.inner_text('body')[:200]}")
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue  # a download, not a page
            assert page.locator("html").get_attribute("lang") == "zh-CN", where
            heading = _h1(page) if page.locator("h1").count() else ""
            assert check.heading == "" or heading.startswith(check.heading), f"{where}: h1 {heading!r}"
            assert "Traceback" not in page.content(), where
            if check.shows is not None:
                check.shows(page, site, role)
            if check.screenshot == (role, check.screenshot[1] if check.screenshot else ""):
                screenshot_to(page, check.screenshot[1])
        elif role == "public":
            assert re.search(r"/signin\?next=", page.url), f"{where}: not sent to sign in but to {page.url}"
            assert _h1(page) == "登录"
        else:
            assert response.status == 403, f"{where}: {response.status}, expected 403"
            assert _h1(page) == "出错了 (403)", where
        problems.extend(f"{where}: {message}" for message in errors.take())
    assert not problems, "\n".join(problems)
    if unwalked:
        print(f"page routes not walked (add their parameters to PATH_EXAMPLES): {unwalked}")


def test_chinese_renders_in_a_cjk_font(pages: Pages) -> None:
    """The fonts Chromium actually drew the site's name with (DevTools' CSS.getPlatformFontsForNode): every
    glyph comes from a CJK font (fonts-noto-cjk), none from a fallback that would draw empty boxes."""
    page = pages.as_role("public")
    page.goto("/signin")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    brand = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "header a.brand"})["nodeId"]
    text = cdp.send("DOM.describeNode", {"nodeId": brand, "depth": 1})["node"]["children"][0]["nodeValue"]
    assert text == "知识产权公共服务平台"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": brand})["fonts"]
    drawn = {font["familyName"]: font["glyphCount"] for font in fonts}
    assert sum(n for name, n in drawn.items() if "CJK" in name) == len(text), f"fonts used: {drawn}"
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"'), family  # the pages name a CJK font stack first


def test_english_switch_is_remembered(pages: Pages) -> None:
    page = pages.as_role("public")
    page.goto("/")
    with page.expect_navigation():
        page.click("header a.lang")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _h1(page).startswith("Patent statistics dashboard · ")
    assert page.locator("#nav-search").inner_text() == "Search"
    page.goto("/signin")  # the choice is remembered (a cookie)
    assert _h1(page) == "Sign in"
    assert page.locator("header a.lang").inner_text() == "中文"
    with page.expect_navigation():
        page.click("header a.lang")
    assert _h1(page) == "登录"


def test_wrong_password_is_refused_on_the_page(pages: Pages, site: Site) -> None:
    page = pages.as_role("public")
    page.goto("/signin")
    page.fill("#email", site.emails["member"])
    page.fill("#password", "not the password")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert _h1(page) == "登录"
    assert page.locator("p.problem[role=alert]").is_visible()
    assert "/signin" in page.url or page.locator("#email").is_visible()
    page.goto("/account")
    assert "/signin?next=" in page.url  # still not signed in


def test_token_is_shown_once_works_and_can_be_revoked(pages: Pages, site: Site) -> None:
    page = pages.as_role("member")
    page.goto("/account/tokens")
    page.fill("#name", "browser test script")
    with page.expect_navigation():
        page.click("form[action='/account/tokens'] button")
    token = page.inner_text("#new-token").strip()
    assert token.startswith("ipc_")
    assert page.locator("p.notice").inner_text() == "请立即复制此令牌：它只显示这一次。"
    bearer = {"Authorization": f"Bearer {token}"}
    api = page.context.request
    assert api.get(site.url("/api/v1/saved-searches"), headers=bearer).status == 200
    page.goto("/account/tokens")
    assert page.locator("#new-token").count() == 0  # shown once
    row = page.locator("tr", has_text="browser test script")
    with page.expect_navigation():
        row.locator("button").click()
    assert "已撤销" in page.locator("tr", has_text="browser test script").inner_text()
    assert api.get(site.url("/api/v1/saved-searches"), headers=bearer).status == 401


def test_org_admin_adds_a_member_who_changes_password(pages: Pages, site: Site) -> None:
    admin = pages.as_role("org_admin")
    admin.goto("/org")
    email = "new.member@test.ipcenter.cn"
    admin.fill("#email", email)
    admin.fill("#display_name", "新成员")
    admin.fill("#password", "first password 1")
    admin.select_option("#role", "member")
    with admin.expect_navigation():
        admin.click("form[action='/org/members'] button")
    assert admin.locator("p.notice").inner_text() == "已保存。"
    row = admin.locator("tr", has_text=email)
    assert "新成员" in row.inner_text()
    assert row.locator("select[name=role]").input_value() == "member"

    member = pages.as_role("public")
    sign_in(member, email, "first password 1", next_path="/account")
    assert ORGANISATIONS[OrgKind.university] in member.inner_text("table.facts")
    assert member.goto("/org").status == 403  # a member does not administer the organisation
    member.goto("/account")
    member.fill("#current", "first password 1")
    member.fill("#new", "second password 2")
    with member.expect_navigation():
        member.click("form[action='/account/password'] button")
    assert "/signin" in member.url
    assert member.locator("p.notice").inner_text() == "密码已修改，请重新登录。"
    member.goto("/account")
    assert "/signin?next=" in member.url  # the password change ended the session
    sign_in(member, email, "second password 2", next_path="/account")
    assert email in member.inner_text("table.facts")

    with admin.expect_navigation():  # the admin deactivates the account
        admin.locator("tr", has_text=email).locator("button.link").click()
    member.goto("/account")
    assert "/signin?next=" in member.url


def test_bureau_admin_adds_an_organisation_and_reads_it_in_the_audit_log(pages: Pages) -> None:
    page = pages.as_role("bureau_admin")
    page.goto("/admin")
    page.fill("#org-name", "长沙浏览器测试有限公司")
    page.select_option("#org-kind", "enterprise")
    with page.expect_navigation():
        page.click("form[action='/admin/organisations'] button")
    assert page.locator("tr", has_text="长沙浏览器测试有限公司").locator("td").nth(2).inner_text() == "企业"
    page.goto("/admin/audit")
    page.fill("input[name=action]", "organisation.add")
    with page.expect_navigation():
        page.click("form.filters button")
    rows = page.locator("main table tr").all_inner_texts()[1:]
    assert rows and all("organisation.add" in row for row in rows)
    assert any("bureau_admin@test.ipcenter.cn" in row and "ok" in row for row in rows)


def test_sign_out(pages: Pages, site: Site) -> None:
    page = pages.as_role("statistician")
    assert site.emails["statistician"] in page.inner_text("header .who")
    with page.expect_navigation():
        page.click("header form[action='/signout'] button")
    assert page.locator("header .who a[href='/signin']").is_visible()
    page.goto("/account")
    assert "/signin?next=" in page.url
