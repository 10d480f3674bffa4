"""The description does not refer to the claims ('如权利要求……所述', Implementing Regulations Art. 20(3))."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule

DESC_CLAIM_REF = rule(
    "DESC-CLAIM-REF",
    "error",
    article=20,
    paragraph=3,
    what_zh="说明书中使用“如权利要求……所述”的引用语",
    what_en="the description refers to claims ('如权利要求…所述')",
)

_DESC_REF = re.compile(r"(?:如|根据|按照|依据)权利要求\s*\d+[^。；，]{0,20}?所述")


def check_description(description: str) -> Iterator[Finding]:
    for m in _DESC_REF.finditer(fold(description)):
        yield DESC_CLAIM_REF.finding(
            None,
            m.start(),
            m.end(),
            f"说明书中使用引用语“{m.group(0)}”",
            f"the description refers to claims: '{m.group(0)}'",
            part="description",
        )


def check(ctx: CheckContext) -> Iterator[Finding]:
    app = ctx.chinese_application
    if app is not None and app.description:
        yield from check_description(app.description)


def seed_description(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    subject = parsed[0].subject or "装置"
    description = f"本发明提供一种{subject}。在一个实施例中，如权利要求1所述的{subject}具有良好的效果。"
    return replace(app, description=description), None


FAMILY = Family("description", (DESC_CLAIM_REF,), check, {DESC_CLAIM_REF.id: seed_description})
