"""The centre profile: what one protection centre accepts, how it counts its deadlines and what it calls its
notices, versioned and effective-dated (domain-cn-2.md §6.A.1).

A city can have several centres (city and province) and each centre several profile versions; a case is
judged by the version in force on its date. Every parameter no source confirms is a `Setting` whose status
stays UNCONFIRMED until the centre enters its value (`SETTINGS` lists them with the source of any default).
The scope table maps IPC subclasses/groups (inventions, utility models) and Locarno classes (designs) to the
centre's industry fields, each row with the notice it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ipcenter.core.dates import parse_date, parse_optional_date
from ipcenter.core.ipc import parse_ipc
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.prexam.models import Setting
from ipcenter.prexam.scope import ScopeRow, ScopeVerdict, parse_locarno, scheme_for
from ipcenter.prexam.settings import SETTINGS, check_setting_value

# ------------------------------------------------------------------------------------------ profile


@dataclass(frozen=True)
class AgencyList:
    """The agency list a centre enforces (e.g. 专利代理机构精准服务保障名单, 中华全国专利代理师协会)."""

    name: str
    publisher: str = ""
    version: str = ""
    published: date | None = None
    members: tuple[str, ...] = ()  # agency names or their codes as the list gives them

    def lists(self, agency: str) -> bool:
        key = _name_key(agency)
        return any(_name_key(m) == key for m in self.members)


def _name_key(name: str) -> str:
    return re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class CentreProfile:
    centre_id: str  # a slug, e.g. ningbo
    centre_name: str
    version: int
    effective_from: date
    effective_to: date | None = None  # exclusive; None = until a newer version
    area_codes: tuple[str, ...] = ()  # GB/T 2260 codes of the centre's area, e.g. 330200
    area_names: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # industry fields CNIPA approved for the centre
    fields_source: str = ""
    scope: tuple[ScopeRow, ...] = ()
    scope_status: str = "UNCONFIRMED"  # confirmed once loaded from the centre's own notice
    agency_list: AgencyList | None = None
    settings: Mapping[str, Setting[Any]] = field(default_factory=dict)
    eligibility: Mapping[str, Any] = field(default_factory=dict)  # rule set, see eligibility.py
    notes: str = ""

    def setting(self, key: str) -> Setting[Any]:
        if key not in SETTINGS:
            raise InvalidValue(f"unknown centre setting {key!r}")
        return self.settings.get(key, SETTINGS[key].default)

    def value(self, key: str) -> Any:
        return self.setting(key).value

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def in_area(self, division_code: str) -> bool:
        """Whether a GB/T 2260 code (6 digits, e.g. 330212) lies in the centre's area (prefix match on the
        significant digits of each area code: 330200 → 3302)."""
        code = str(division_code).strip()
        if not re.fullmatch(r"\d{6}", code):
            raise InvalidValue(f"division code {division_code!r} must have 6 digits (GB/T 2260)")
        return any(code.startswith(_significant(area)) for area in self.area_codes)

    def check_scope(self, patent_type: str, classification: str) -> ScopeVerdict:
        """Whether the main classification falls in the centre's scope, and under which fields."""
        scheme = scheme_for(patent_type)
        rows = [r for r in self.scope if r.scheme == scheme]
        if not rows:
            raise UserError(
                f"{self.centre_name} has no {scheme} scope table loaded (UNCONFIRMED): import the centre's "
                "published list before judging cases"
            )
        if scheme == "IPC":
            symbol = parse_ipc(classification)
            code = symbol.normalized
            hits = [r for r in rows if r.ipc_pattern().matches(symbol)]
        else:
            cls_, sub = parse_locarno(classification)
            code = f"{cls_}-{sub}" if sub else cls_
            hits = [r for r in rows if r.code in (code, cls_)]
        if not hits:
            what = "IPC subclasses/groups" if scheme == "IPC" else "Locarno classes"
            return ScopeVerdict(
                False, scheme, code, (), (), f"{code} is not among {self.centre_name}'s {len(rows)} {what}"
            )
        best = max(r.specificity() for r in hits)
        chosen = tuple(r for r in hits if r.specificity() == best)
        fields = tuple(dict.fromkeys(r.field for r in chosen))
        return ScopeVerdict(
            True,
            scheme,
            code,
            fields,
            chosen,
            f"{code} falls under {', '.join(r.code for r in chosen)} ({'、'.join(fields)})",
        )

    def with_settings(self, changes: Mapping[str, Setting[Any]], effective_from: date) -> CentreProfile:
        """A new version with some settings changed, in force from ``effective_from``."""
        if effective_from <= self.effective_from:
            raise InvalidValue(
                f"a new version must start after {self.effective_from.isoformat()} (the current version's start)"
            )
        merged = dict(self.settings)
        for key, setting in changes.items():
            check_setting_value(key, setting.value)
            merged[key] = setting
        return replace(
            self, version=self.version + 1, effective_from=effective_from, effective_to=None, settings=merged
        )

    def with_scope(self, rows: Sequence[ScopeRow], status: str, effective_from: date) -> CentreProfile:
        if effective_from <= self.effective_from:
            raise InvalidValue(f"a new version must start after {self.effective_from.isoformat()}")
        fields = tuple(dict.fromkeys([*self.fields, *(r.field for r in rows)]))
        return replace(
            self,
            version=self.version + 1,
            effective_from=effective_from,
            effective_to=None,
            scope=tuple(rows),
            scope_status=status,
            fields=fields,
        )

    def unconfirmed(self) -> list[str]:
        """Keys of the settings still UNCONFIRMED (shown as such in every report)."""
        keys = [k for k in SETTINGS if not self.setting(k).confirmed]
        if self.scope_status != "confirmed":
            keys.insert(0, "scope")
        return keys

    def to_json(self) -> dict[str, Any]:
        return {
            "centre_id": self.centre_id,
            "centre_name": self.centre_name,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "area": {"codes": list(self.area_codes), "names": list(self.area_names)},
            "fields": list(self.fields),
            "fields_source": self.fields_source,
            "scope": {"status": self.scope_status, "rows": [r.to_json() for r in self.scope]},
            "agency_list": None
            if self.agency_list is None
            else {
                "name": self.agency_list.name,
                "publisher": self.agency_list.publisher,
                "version": self.agency_list.version,
                "published": self.agency_list.published.isoformat() if self.agency_list.published else None,
                "members": list(self.agency_list.members),
            },
            "settings": {k: self.setting(k).to_json() for k in SETTINGS},
            "eligibility": dict(self.eligibility),
            "unconfirmed": self.unconfirmed(),
            "notes": self.notes,
        }


def _significant(area_code: str) -> str:
    code = str(area_code).strip()
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def profile_from_json(data: Mapping[str, Any]) -> CentreProfile:
    """A profile from its JSON form (as `CentreProfile.to_json` writes it); InvalidValue on bad input."""
    try:
        settings: dict[str, Setting[Any]] = {}
        for key, raw in (data.get("settings") or {}).items():
            setting = Setting.from_json(raw)
            settings[key] = Setting(check_setting_value(key, setting.value), setting.status, setting.source)
        scope = data.get("scope") or {}
        rows = tuple(
            ScopeRow.make(
                r["scheme"],
                r["code"],
                r["field"],
                r.get("title", ""),
                r.get("source", ""),
                parse_optional_date(r.get("source_date")),
            )
            for r in scope.get("rows", [])
        )
        agency = data.get("agency_list")
        area = data.get("area") or {}
        return CentreProfile(
            centre_id=str(data["centre_id"]),
            centre_name=str(data["centre_name"]),
            version=int(data.get("version", 1)),
            effective_from=parse_date(data["effective_from"]),
            effective_to=parse_optional_date(data.get("effective_to")),
            area_codes=tuple(str(c) for c in area.get("codes", [])),
            area_names=tuple(area.get("names", [])),
            fields=tuple(data.get("fields", [])),
            fields_source=str(data.get("fields_source", "")),
            scope=rows,
            scope_status=str(scope.get("status", "UNCONFIRMED")),
            agency_list=None
            if not agency
            else AgencyList(
                agency["name"],
                agency.get("publisher", ""),
                agency.get("version", ""),
                parse_optional_date(agency.get("published")),
                tuple(agency.get("members", [])),
            ),
            settings=settings,
            eligibility=dict(data.get("eligibility") or {}),
            notes=str(data.get("notes", "")),
        )
    except KeyError as exc:
        raise InvalidValue(f"centre profile: {exc.args[0]} is missing") from None
    except (TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, InvalidValue):
            raise
        raise InvalidValue(f"centre profile: {exc}") from None


def select_profile(profiles: Iterable[CentreProfile], centre: str, on: date) -> CentreProfile:
    """The version of ``centre`` (id or name) in force on ``on``."""
    own = [p for p in profiles if centre in (p.centre_id, p.centre_name)]
    if not own:
        raise NotFound(f"no centre profile {centre!r}")
    for profile in sorted(own, key=lambda p: p.effective_from, reverse=True):
        if profile.in_force(on):
            return profile
    first = min(p.effective_from for p in own)
    raise NotFound(
        f"centre {centre!r} has no profile in force on {on.isoformat()} (its first starts {first})"
    )


def close_versions(versions: Sequence[CentreProfile]) -> list[CentreProfile]:
    """Versions of one centre ordered by start, each ending where the next begins."""
    ordered = sorted(versions, key=lambda p: p.effective_from)
    closed = []
    for current, following in zip(ordered, [*ordered[1:], None], strict=True):
        end = following.effective_from if following else current.effective_to
        if end is not None and end <= current.effective_from:
            raise InvalidValue(f"profile version {current.version} ends before it starts")
        closed.append(replace(current, effective_to=end))
    return closed
