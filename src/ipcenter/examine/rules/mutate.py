"""Helpers the seeders of every family share: edit one claim of a real application without touching the rest."""

from __future__ import annotations

from dataclasses import replace

from ipcenter.examine.models import Application, ClaimNode


def claim_texts(app: Application) -> list[str]:
    """The claims of a seed base as a list of strings (one per parsed claim: see ``seeding.clean_bases``)."""
    assert isinstance(app.claims, list)
    return [c if isinstance(c, str) else c[1] for c in app.claims]


def with_claims(app: Application, claims: list[str]) -> Application:
    return replace(app, claims=claims)


def single_dependents(parsed: list[ClaimNode]) -> list[ClaimNode]:
    """Dependent claims citing exactly one claim."""
    return [
        c for c in parsed if not c.independent and len(c.references) == 1 and c.references[0].kind == "single"
    ]


def last_dependent(parsed: list[ClaimNode], *, skip_referred: bool = True) -> ClaimNode | None:
    """The last single dependent claim (by default one no other claim cites, so a seed breaks nothing else)."""
    referred = {t for c in parsed for t in c.cited}
    for c in reversed(single_dependents(parsed)):
        if not skip_referred or c.number not in referred:
            return c
    return None


def replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def end_insert(text: str, addition: str) -> str:
    """``addition`` before the claim's final '。'."""
    body = text.rstrip()
    return (body[:-1] if body.endswith("。") else body) + addition + "。"


def plain_targets(parsed: list[ClaimNode], below: int, category: str | None = None) -> list[int]:
    """Claims before ``below`` that are not multiple-dependent (safe targets of a new multiple reference), of
    ``category`` when given (a reference to claims of another category makes another independent claim)."""
    return [
        c.number
        for c in parsed
        if c.number is not None
        and c.number < below
        and not c.multiple_dependent
        and (category is None or c.category == category)
    ]
