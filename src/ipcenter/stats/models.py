"""Data of the stats domain: configuration, population figures, table rows.

Parameters that no official source publishes are configuration, marked ``UNCONFIRMED`` in every report
(domain-cn.md §9 rule 6); they are never silently hard-coded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ipcenter.stats.errors import StatsError

UNCONFIRMED = "UNCONFIRMED"

#: The official table's applicant-type columns, in order (service types, then individuals).
SERVICE_COLUMNS = ("universities", "research_institutes", "enterprises", "government_organisations")
COUNT_COLUMNS = ("valid_invention_total", *SERVICE_COLUMNS, "service_total", "individuals")
#: core.applicant_types value → official column
TYPE_COLUMN = {
    "university": "universities",
    "research_institute": "research_institutes",
    "enterprise": "enterprises",
    "government": "government_organisations",
    "individual": "individuals",
}
#: The row keys of `stats valid-inventions --format json`, exactly as the issue writes them.
ROW_KEYS = (
    "region",
    "valid_invention_total",
    "universities",
    "research_institutes",
    "enterprises",
    "government_organisations",
    "service_total",
    "individuals",
    "resident_population_10k",
    "density_per_10k",
    "rank",
)

OTHER_REGION = "其他"  # patents inside the region that cannot be placed in a sub-region


@dataclass(frozen=True)
class Setting:
    """One configuration value and whether an official source fixes it."""

    value: Any
    confirmed: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "status": "confirmed" if self.confirmed else UNCONFIRMED,
            "note": self.note,
        }


@dataclass
class StatsConfig:
    """Every parameter of the indicators. Defaults follow domain-cn.md §1; UNCONFIRMED ones are flagged."""

    #: Which party places a patent in a region: 'first_patentee' (falls back to the first applicant when the
    #: patentee has no resolvable location) or 'first_applicant'.
    attribution_rule: str = "first_patentee"
    #: A year-end bulletin of year Y is taken as published this many months after Y's year-end.
    population_lag_months: int = 3
    #: Owners whose type cannot be classified are counted in this column (total = 职务总计 + 个人 must hold).
    unknown_owner_type_as: str = "enterprise"
    #: High-value criterion 3: maintenance counted from 'filing_date' or 'grant_date'.
    maintenance_start: str = "filing_date"
    maintenance_years: int = 10
    #: High-value criterion 4: pledge amount (万元) at or above which a pledge counts; None = not evaluated.
    pledge_threshold_10k_yuan: float | None = None
    #: High-value criterion 2: which family the source gives ('simple family as exported').
    family_definition: str = "simple family as exported (同族专利); a member counts when it is a granted document of another office"
    #: High-value criterion 5: award levels counted.
    award_levels: str = "all levels (金奖/银奖/优秀奖 and design awards)"
    #: SEI: classify on the main IPC only ('main') or on any IPC symbol ('any').
    sei_ipc_scope: str = "any"

    def settings(self) -> dict[str, Setting]:
        return {
            "attribution_rule": Setting(
                self.attribution_rule,
                False,
                "first patentee's address (else first applicant's); no written CNIPA rule found (domain-cn.md §1.1)",
            ),
            "population_lag_months": Setting(
                self.population_lag_months,
                False,
                "year-end bulletin taken as published N months after year-end; fits the Hunan tables (2021-02 → 2019 vintage, 2025-07 → 2024)",
            ),
            "unknown_owner_type_as": Setting(
                self.unknown_owner_type_as, False, "column for owners whose type cannot be classified"
            ),
            "maintenance_start": Setting(self.maintenance_start, False, "start of 'maintained > 10 years'"),
            "maintenance_years": Setting(self.maintenance_years, True, "维持年限超过10年"),
            "pledge_threshold_10k_yuan": Setting(
                self.pledge_threshold_10k_yuan,
                False,
                "no official threshold published; None = criterion not evaluated (counts 0)",
            ),
            "family_definition": Setting(
                self.family_definition, False, "simple vs extended family not published"
            ),
            "award_levels": Setting(self.award_levels, False, "the definition names no award level"),
            "sei_ipc_scope": Setting(self.sei_ipc_scope, False, "main IPC only vs any IPC: not published"),
        }

    def to_dict(self) -> dict[str, Any]:
        return {k: s.to_dict() for k, s in self.settings().items()}


@dataclass(frozen=True)
class PopulationFigure:
    """A year-end resident population (常住人口, 万人) of one region, with its vintage and source."""

    region: str  # as the file writes it (张家界市, 张家界, 湖南省, 全省)
    resident_population_10k: Decimal
    year: int
    source: str
    code: str | None = None  # the region's adcode prefix once resolved ('43', '4308', '430104'; '' = country)
    level: str | None = None  # 'province', 'city' or 'district' when the file says (column region_level)


@dataclass
class RegionRow:
    """One row of the official table layout."""

    region: str
    code: str | None = None  # adcode prefix, for ordering; None for 其他 / total / outside rows
    kind: str = "region"  # 'region', 'other', 'total', 'outside' (HK/MO/TW/foreign: no density)
    counts: dict[str, int] = field(default_factory=dict)
    resident_population_10k: Decimal | None = None
    population_year: int | None = None
    population_source: str | None = None
    density_per_10k: Decimal | None = None
    rank: int | None = None

    def count(self, column: str) -> int:
        return self.counts.get(column, 0)

    def to_json(self) -> dict[str, Any]:
        """The row with exactly the keys of the CLI contract (numbers as JSON numbers)."""
        out: dict[str, Any] = {"region": self.region}
        for col in COUNT_COLUMNS:
            out[col] = self.count(col)
        out["resident_population_10k"] = (
            float(self.resident_population_10k) if self.resident_population_10k is not None else None
        )
        out["density_per_10k"] = float(self.density_per_10k) if self.density_per_10k is not None else None
        out["rank"] = self.rank
        return out


@dataclass
class StatsTable:
    """A computed table and everything a reader needs to trust it."""

    indicator: str
    as_of: date
    within: str | None
    level: str
    rows: list[RegionRow]
    population_vintage: int | None
    population_sources: list[str]
    corpus_version: str | None
    engine: str
    config: StatsConfig
    notes: list[str] = field(default_factory=list)  # how the numbers were made, warnings included
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # also shown apart (stderr) by the CLI

    def metadata(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "as_of": self.as_of.isoformat(),
            "within": self.within,
            "level": self.level,
            "population_vintage": self.population_vintage,
            "population_sources": self.population_sources,
            "corpus_version": self.corpus_version,
            "engine": self.engine,
            "attribution_rule": self.config.attribution_rule,
            "config": self.config.to_dict(),
            "notes": self.notes,
        }


#: Settings whose value must be one of a few words (anything else would silently count something else).
CONFIG_CHOICES: dict[str, tuple[str, ...]] = {
    "attribution_rule": ("first_patentee", "first_applicant"),
    "unknown_owner_type_as": tuple(TYPE_COLUMN),
    "maintenance_start": ("filing_date", "grant_date"),
    "sei_ipc_scope": ("any", "main"),
}


def config_from_dict(data: dict[str, Any]) -> StatsConfig:
    """Settings from a JSON object; unknown keys and values outside :data:`CONFIG_CHOICES` are refused."""
    known = set(asdict(StatsConfig()))
    unknown = set(data) - known
    if unknown:
        raise StatsError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
    for key, choices in CONFIG_CHOICES.items():
        if key in data and data[key] not in choices:
            raise StatsError(f"{key} {data[key]!r}: expected one of {', '.join(choices)}")
    return StatsConfig(**data)
