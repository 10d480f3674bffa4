"""Data of the value domain: the GB/T 42748 indicator tree, scenario profiles and what a score explains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNCONFIRMED = "UNCONFIRMED"

#: The first level of GB/T 42748-2023 (fixed by the standard; docs/value.md).
DIMENSIONS = ("legal", "technical", "economic")


@dataclass(frozen=True)
class TreeNode:
    """A second- or third-level indicator of the standard; its name is None until transcribed."""

    id: str
    parent: str | None
    name_zh: str | None
    name_en: str | None

    def display(self, lang: str = "zh") -> str:
        name = self.name_en if lang == "en" else self.name_zh
        return name or UNCONFIRMED


@dataclass(frozen=True)
class IndicatorDef:
    """An indicator ipcenter scores: an extension indicator (扩展指标) under a first-level dimension."""

    key: str
    dimension: str  # one of DIMENSIONS
    name_zh: str
    name_en: str
    source: str  # 'auto' (computed from the corpus) or 'expert' (entered by a person)
    fields: tuple[str, ...]
    scale: str
    evidence: str
    blank_when: str
    extension: bool = True
    unit: str | None = None

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class IndicatorTree:
    profile: str  # e.g. 'GB/T 42748-2023'
    version: str
    first_level: tuple[dict[str, str], ...]
    second_level: tuple[TreeNode, ...]
    third_level: tuple[TreeNode, ...]
    indicators: dict[str, IndicatorDef]
    scope_patent_types: tuple[str, ...]
    sources: tuple[str, ...] = ()
    extension_note: str = ""

    def dimension_name(self, key: str, lang: str = "zh") -> str:
        for d in self.first_level:
            if d["key"] == key:
                return d["name_en"] if lang == "en" else d["name_zh"]
        return key

    def unconfirmed(self) -> list[str]:
        """Ids of the standard's indicators whose names are not transcribed."""
        return [n.id for n in (*self.second_level, *self.third_level) if n.name_zh is None]


@dataclass(frozen=True)
class Scenario:
    key: str  # 'licensing', …
    name_zh: str  # '许可转让', …
    name_en: str
    purpose: str
    dimension_weights: dict[str, float]
    indicator_weights: dict[str, dict[str, float]]  # dimension → indicator → weight (each sums to 1)

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def nominal_weight(self, indicator: str) -> float:
        for dim, weights in self.indicator_weights.items():
            if indicator in weights:
                return self.dimension_weights[dim] * weights[indicator]
        return 0.0


@dataclass(frozen=True)
class GradeBand:
    grade: str
    minimum: float


@dataclass(frozen=True)
class WeightSet:
    """A versioned set of scenario profiles (the shipped one is illustrative)."""

    version: str
    status: str  # 'illustrative, not from the standard' or the official source's reference
    tree_version: str
    scenarios: dict[str, Scenario]
    default_scenario: str
    grade_bands: tuple[GradeBand, ...]
    grade_bands_status: str
    note: str = ""
    path: str | None = None

    def label(self) -> str:
        return f"{self.version} ({self.status})"


@dataclass
class IndicatorLine:
    """One line of an explanation: what the indicator was, where it stands, what it adds."""

    name: str
    dimension: str
    raw: float | None
    percentile: float | None
    cohort_size: int | None
    weight: float
    contribution: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dimension": self.dimension,
            "raw": self.raw,
            "percentile": self.percentile,
            "cohort_size": self.cohort_size,
            "weight": self.weight,
            "contribution": self.contribution,
        }


@dataclass
class ValueExplanation:
    """The score of one patent in one scenario, line by line (the `ipcenter value` JSON contract)."""

    publication_number: str
    application: str
    patent_type: str | None
    scenario: Scenario
    composite: float
    lines: list[IndicatorLine]
    blanks: list[dict[str, Any]]
    weight_set: WeightSet
    cut_off: str
    corpus_version: str
    cohort: dict[str, Any]
    coverage: float  # share of the scenario's nominal weight that had a value
    grade: str | None
    dimensions: list[dict[str, Any]]
    tree: IndicatorTree
    descriptive: list[IndicatorLine] = field(default_factory=list)  # values shown, weight 0
    stats_attributes: dict[str, Any] = field(default_factory=dict)
    expert_inputs: list[dict[str, Any]] = field(default_factory=list)
    external_attributes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "publication_number": self.publication_number,
            "scenario": self.scenario.name_zh,
            "composite": self.composite,
            "indicators": [line.to_json() for line in (*self.lines, *self.descriptive)],
            "blanks": self.blanks,
            "weight_set": self.weight_set.label(),
            "cut_off": self.cut_off,
            # beyond the contract's keys: what a reader needs to trust the number
            "scenario_key": self.scenario.key,
            "application": self.application,
            "patent_type": self.patent_type,
            "title": self.title,
            "corpus_version": self.corpus_version,
            "cohort": self.cohort,
            "coverage": self.coverage,
            "grade": {"grade": self.grade, "bands": self.weight_set.grade_bands_status},
            "dimensions": self.dimensions,
            "standard": {
                "profile": self.tree.profile,
                "tree_version": self.tree.version,
                "unconfirmed_indicators": len(self.tree.unconfirmed()),
            },
            "stats_attributes": self.stats_attributes,
            "expert_inputs": self.expert_inputs,
            "external_attributes": self.external_attributes,
            "notes": self.notes,
        }
