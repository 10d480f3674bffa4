"""Address → administrative division (province / city / district, with codes). (First cut.)"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Division:
    country: str | None  # ISO alpha-2; 'CN' mainland, 'HK', 'MO', 'TW', foreign codes; None unknown
    province: str | None = None
    city: str | None = None
    district: str | None = None
    code: str | None = None  # 6-digit adcode of the finest level resolved


def resolve_address(address: str | None, country_hint: str | None = None) -> Division:
    """Resolve an address (with or without postcode) and/or a 国省代码 hint like '河南(41)' or '美国(US)'."""
    return Division(country=None)
