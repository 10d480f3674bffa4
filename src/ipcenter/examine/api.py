"""REST API of the examine domain: the formal check of claims (with title and abstract when given), the JSON
of `ipcenter check claims --format json`. Nothing sent is stored."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ipcenter.accounts.policy import Public
from ipcenter.errors import InvalidValue
from ipcenter.examine import service
from ipcenter.examine.models import Application, CheckResult

router = APIRouter(tags=["examine"])

MAX_TEXT = 200_000  # characters of claims: a very long claim set runs to ~100,000
MAX_CLAIMS = 2_000


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class ClaimsIn(BaseModel):
    claims: str | list[Annotated[str, Field(max_length=MAX_TEXT)]] = Field(
        description="The claims as one text (numbered 1. 2. … or 1、2、…) or one string per claim.",
        max_length=MAX_TEXT,
    )
    id: str = Field(default="", max_length=200, description="Your reference, echoed back.")
    title: str | None = Field(default=None, max_length=2_000, description="发明名称 (checked when given).")
    abstract: str | None = Field(default=None, max_length=20_000, description="摘要 (checked when given).")


def application_of(body: ClaimsIn) -> Application:
    claims = body.claims
    if isinstance(claims, list):
        if len(claims) > MAX_CLAIMS:
            raise InvalidValue(f"at most {MAX_CLAIMS} claims")
        if sum(len(c) for c in claims) > MAX_TEXT:
            raise InvalidValue(f"the claims hold more than {MAX_TEXT} characters")
        empty = not any(c.strip() for c in claims)
    else:
        empty = not claims.strip()
    if empty:
        raise InvalidValue("no claims to check: the text is empty")
    return Application(id=body.id, claims=claims, title=body.title or None, abstract=body.abstract or None)


def check(app: Application) -> CheckResult:
    return service.check_application(app)


@router.post("/check/claims")
def check_claims(
    body: ClaimsIn,
    who: Public,
    lang: Annotated[Lang, Query(description="Language of each finding's `message`.")] = Lang.zh,
) -> dict[str, Any]:
    """Formal check of claims: ``{"id", "claims": [{"number", "independent", "depends_on", …}], "findings":
    [{"rule", "severity", "claim", "start", "end", "message", "basis", …}], "counts"}``."""
    return check(application_of(body)).to_dict(lang.value)
