"""The one list of domains: each is named once here, with its command-line registration, its demo step,
its labels and (with the platform) its web API router. `cli.py`, `demo.py` and the web app iterate it.

A domain is a package ``ipcenter.<name>`` holding its services and thin surfaces side by side:
``cli.py`` with ``register(app)``; ``demo.py`` with ``demo_step(ctx)``; later ``api.py`` with ``router``.
Modules are named as strings and imported on use, so listing a domain costs nothing until it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipcenter.context import DemoContext, DemoStepResult


@dataclass(frozen=True)
class Domain:
    name: str  # the package under ipcenter/, e.g. "stats"
    label_zh: str
    label_en: str
    cli: bool = True  # has cli.py with register(app)
    demo: bool = True  # has demo.py with demo_step(ctx)
    api: bool = False  # has api.py with router (mounted under /api/v1 by the web app)
    pages: bool = False  # has pages.py with router (mounted at /) and templates/ (the web app)

    def module(self, surface: str) -> ModuleType:
        return importlib.import_module(f"ipcenter.{self.name}.{surface}")

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def demo_step(self) -> Callable[[DemoContext], DemoStepResult | None] | None:
        if not self.demo:
            return None
        step: Any = self.module("demo").demo_step
        return step  # type: ignore[no-any-return]


#: In order: the demo runs the steps in this order, and the CLI lists the commands in it.
DOMAINS: tuple[Domain, ...] = (
    Domain(
        "ingest", "数据导入", "ingest", api=True, pages=True
    ),  # its demo step builds the corpus every later step uses
    Domain("corpus", "专利库", "corpus", demo=False, api=True),
    Domain("numbers", "专利号规范化", "patent numbers", demo=False),
    Domain("stats", "专利统计", "statistics", api=True, pages=True),  # the home page: the dashboard
    Domain("search", "专利检索", "search", api=True, pages=True),
    Domain("classify", "分类与预审范围", "classification and scope", api=True, pages=True),
    Domain("examine", "形式审查辅助", "formal checks", api=True, pages=True),
    Domain("platform", "平台", "platform", demo=False),  # `ipcenter serve`, `ipcenter db`
    Domain(
        "accounts", "账户与机构", "accounts and organisations", api=True, pages=True
    ),  # demo: app database
    Domain("prexam", "专利预审服务", "pre-examination service", api=True, pages=True),
    Domain("value", "价值评估与专利导航", "value assessment and navigation", api=True, pages=True),
    Domain("protection", "保护与海外监测", "protection and overseas watch", api=True, pages=True),
    Domain("transfer", "专利转化运用", "turning patents into products", api=True, pages=True),
)


def by_name(name: str) -> Domain:
    for domain in DOMAINS:
        if domain.name == name:
            return domain
    raise KeyError(name)
