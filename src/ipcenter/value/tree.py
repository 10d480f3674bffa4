"""The GB/T 42748 indicator tree and the scenario weight sets, loaded from versioned files and validated.

The first level (法律价值 / 技术价值 / 经济价值) is fixed by the standard; the loader refuses a tree that changes
it. The standard's 14 second-level and 27 third-level indicators are in the file with their names left empty
(UNCONFIRMED: not transcribed) and are never scored; what is scored are extension indicators (扩展指标) that
ipcenter places under a first-level dimension. A weight set gives each scenario its dimension weights and its
indicator weights per dimension; each level must sum to 1.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from ipcenter.errors import InvalidValue, NotFound
from ipcenter.value.models import (
    DIMENSIONS,
    GradeBand,
    IndicatorDef,
    IndicatorTree,
    Scenario,
    TreeNode,
    WeightSet,
)

DATA = Path(__file__).resolve().parent / "data"
TREE_FILE = DATA / "gbt42748_2023.json"
PROFILES_FILE = DATA / "profiles_illustrative.json"
GBT_PROFILE = "GB/T 42748-2023"
GBT_FIRST_LEVEL = {"legal": "法律价值", "technical": "技术价值", "economic": "经济价值"}
GBT_COUNTS = (3, 14, 27)
#: Tolerance of "sums to 1" (weights are written with a few decimals).
WEIGHT_TOLERANCE = 1e-6


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"{what} file not found: {path}") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidValue(f"{what} file {path} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidValue(f"{what} file {path} must hold a JSON object")
    return data


def _nodes(items: list[dict[str, Any]]) -> tuple[TreeNode, ...]:
    return tuple(
        TreeNode(str(n["id"]), n.get("parent"), n.get("name_zh") or None, n.get("name_en") or None)
        for n in items
    )


def parse_tree(data: dict[str, Any]) -> IndicatorTree:
    first = tuple(data.get("first_level") or ())
    second = _nodes(data.get("second_level") or [])
    third = _nodes(data.get("third_level") or [])
    profile = str(data.get("profile") or "")
    if profile == GBT_PROFILE:
        counts = (len(first), len(second), len(third))
        if counts != GBT_COUNTS:
            raise InvalidValue(
                f"the {GBT_PROFILE} tree must have 3 / 14 / 27 indicators per level, this file has"
                f" {counts[0]} / {counts[1]} / {counts[2]}"
            )
        names = {d.get("key"): d.get("name_zh") for d in first}
        if names != GBT_FIRST_LEVEL:
            raise InvalidValue(
                f"the first level of {GBT_PROFILE} is fixed (法律价值 / 技术价值 / 经济价值); this file has {names}"
            )
    indicators: dict[str, IndicatorDef] = {}
    for item in data.get("extension") or []:
        key = str(item["key"])
        if item.get("dimension") not in DIMENSIONS:
            raise InvalidValue(f"indicator {key!r}: dimension must be one of {', '.join(DIMENSIONS)}")
        if item.get("source") not in ("auto", "expert"):
            raise InvalidValue(f"indicator {key!r}: source must be auto or expert")
        if key in indicators:
            raise InvalidValue(f"indicator {key!r} is defined twice")
        indicators[key] = IndicatorDef(
            key=key,
            dimension=item["dimension"],
            name_zh=item["name_zh"],
            name_en=item["name_en"],
            source=item["source"],
            fields=tuple(item.get("fields") or ()),
            scale=item.get("scale", ""),
            evidence=item.get("evidence", ""),
            blank_when=item.get("blank_when", ""),
            extension=bool(item.get("extension", True)),
            unit=item.get("unit"),
        )
    return IndicatorTree(
        profile=profile,
        version=str(data.get("version") or "unversioned"),
        first_level=first,
        second_level=second,
        third_level=third,
        indicators=indicators,
        scope_patent_types=tuple(data.get("scope_patent_types") or ("invention", "utility_model")),
        sources=tuple(data.get("sources") or ()),
        extension_note=str(data.get("extension_note") or ""),
    )


@lru_cache(maxsize=4)
def load_tree(path: Path = TREE_FILE) -> IndicatorTree:
    return parse_tree(_read_json(path, "indicator tree"))


def _check_sum(weights: dict[str, float], where: str) -> None:
    for name, w in weights.items():
        if not isinstance(w, int | float) or isinstance(w, bool) or not math.isfinite(w) or w < 0:
            raise InvalidValue(f"{where}: weight of {name!r} must be a number ≥ 0, not {w!r}")
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise InvalidValue(f"{where}: weights sum to {total:.6g}, not 1")


def parse_weight_set(data: dict[str, Any], tree: IndicatorTree, path: str | None = None) -> WeightSet:
    """Validate every scenario: dimensions are the tree's first level, each level sums to 1, indicators exist
    and sit under the dimension they are weighted in."""
    scenarios: dict[str, Scenario] = {}
    for item in data.get("scenarios") or []:
        key = str(item.get("key") or "")
        where = f"scenario {item.get('name_zh') or key!r}"
        dims = {str(k): v for k, v in (item.get("dimensions") or {}).items()}
        unknown = sorted(set(dims) - set(DIMENSIONS))
        if unknown:
            raise InvalidValue(f"{where}: unknown dimension(s) {', '.join(unknown)}")
        _check_sum(dims, f"{where}, first level")
        per_dim: dict[str, dict[str, float]] = {}
        for dim, weights in (item.get("indicators") or {}).items():
            if dim not in dims:
                raise InvalidValue(f"{where}: indicators given for dimension {dim!r} that has no weight")
            for name in weights:
                ind = tree.indicators.get(name)
                if ind is None:
                    raise InvalidValue(f"{where}: unknown indicator {name!r}")
                if ind.dimension != dim:
                    raise InvalidValue(
                        f"{where}: indicator {name!r} belongs to {ind.dimension}, not {dim} in this tree"
                    )
            _check_sum(dict(weights), f"{where}, {dim}")
            per_dim[dim] = {str(k): float(v) for k, v in weights.items()}
        for dim, w in dims.items():
            if w > 0 and not per_dim.get(dim):
                raise InvalidValue(f"{where}: dimension {dim} has weight {w} but no indicators")
        if key in scenarios:
            raise InvalidValue(f"{where} is defined twice")
        scenarios[key] = Scenario(
            key=key,
            name_zh=str(item.get("name_zh") or key),
            name_en=str(item.get("name_en") or key),
            purpose=str(item.get("purpose") or ""),
            dimension_weights={k: float(v) for k, v in dims.items()},
            indicator_weights=per_dim,
        )
    if not scenarios:
        raise InvalidValue("the weight set has no scenarios")
    default = str(data.get("default_scenario") or next(iter(scenarios)))
    if default not in scenarios:
        raise InvalidValue(f"default scenario {default!r} is not in the weight set")
    bands_data = data.get("grade_bands") or {}
    bands = tuple(
        sorted(
            (GradeBand(str(b["grade"]), float(b["min"])) for b in bands_data.get("bands") or []),
            key=lambda b: -b.minimum,
        )
    )
    return WeightSet(
        version=str(data.get("version") or "unversioned"),
        status=str(data.get("status") or "illustrative, not from the standard"),
        tree_version=str(data.get("tree") or tree.version),
        scenarios=scenarios,
        default_scenario=default,
        grade_bands=bands,
        grade_bands_status=str(bands_data.get("status") or "UNCONFIRMED"),
        note=str(data.get("note") or ""),
        path=path,
    )


def load_weight_set(path: Path | None = None, tree: IndicatorTree | None = None) -> WeightSet:
    """The weight set in ``path`` (default: the shipped illustrative one), validated against the tree."""
    chosen = path or PROFILES_FILE
    return parse_weight_set(_read_json(chosen, "weight set"), tree or load_tree(), str(chosen))


def find_scenario(weights: WeightSet, name: str | None) -> Scenario:
    """A scenario by key (``licensing``), Chinese name (``许可转让``) or a prefix of either; None → default."""
    if not name:
        return weights.scenarios[weights.default_scenario]
    wanted = name.strip().lower()
    for s in weights.scenarios.values():
        if wanted in (s.key.lower(), s.name_zh, s.name_en.lower()):
            return s
    matches = [
        s for s in weights.scenarios.values() if s.key.startswith(wanted) or s.name_zh.startswith(wanted)
    ]
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(f"{s.name_zh} ({s.key})" for s in weights.scenarios.values())
    raise InvalidValue(f"unknown scenario {name!r}: choose one of {choices}")


def grade_of(weights: WeightSet, composite: float) -> str | None:
    for band in weights.grade_bands:
        if composite >= band.minimum:
            return band.grade
    return None
