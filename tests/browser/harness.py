"""What the real-browser tests share: the site under test, pages opened as a role, signing in."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("IPCENTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "browser test password 1"
ROLES = ("public", "member", "org_admin", "pre_examiner", "statistician", "bureau_admin")


@dataclass
class Site:
    base: str
    corpus_dir: Path
    database_url: str
    emails: dict[str, str]  # role → sign-in e-mail
    records: int
    password: str = PASSWORD
    app: Any = None  # an in-process app over the same settings, for its route table

    def url(self, path: str) -> str:
        return self.base + path


@dataclass
class Pages:
    """Opens pages as a role (each role its own browser context: its own cookies) and remembers them, so a
    failing test can screenshot what it saw."""

    browser: Any
    site: Site
    opened: list[Any] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def as_role(self, role: str, *, lang: str = "zh") -> Any:
        context = self.browser.new_context(
            base_url=self.site.base, viewport={"width": 1280, "height": 900}, locale="zh-CN"
        )
        context.set_default_timeout(30_000)
        self.contexts.append(context)
        page = context.new_page()
        self.opened.append(page)
        if role != "public":
            sign_in(page, self.site.emails[role], self.site.password)
        if lang == "en":
            page.goto("/?lang=en")
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(page: Any, email: str, password: str, *, next_path: str = "/", base: str = "") -> None:
    """Sign in through the form (``base``: the site's address when the page's context has no base URL)."""
    page.goto(f"{base}/signin?next={next_path}")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert "/signin" not in page.url, f"sign-in as {email} failed: {page.inner_text('main')}"


@contextlib.contextmanager
def walk_page(browser: Any, failure_dir: Path, **context_options: Any) -> Iterator[Any]:
    """A page in a context of its own (its own cookies) for a walk-through; a screenshot of where the walk
    stopped is saved as ``failure.png`` in ``failure_dir`` when it fails."""
    context = browser.new_context(locale="zh-CN", **context_options)
    page = context.new_page()
    try:
        yield page
    except Exception:
        page.screenshot(path=str(failure_dir / "failure.png"), full_page=True)
        raise
    finally:
        context.close()
