"""Legal status (有效 in force / 失效 lapsed / 审中 pending) from status strings, events and dates. (First cut.)"""

from __future__ import annotations

IN_FORCE = "in_force"
LAPSED = "lapsed"
PENDING = "pending"
UNKNOWN = "unknown"


def status_from_raw(raw: str | None) -> str | None:
    """Map an export status string ('有权-审定授权', '无权-未缴年费', …) to a state; None when unknown."""
    return None
