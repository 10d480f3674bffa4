"""Settings of the transfer domain, each with where it comes from.

A setting is shipped with a default and a source; a default no source confirms is marked ``UNCONFIRMED`` and
shown so wherever it is used (reports, the fee estimator, warnings), until someone enters the value with its
source (`set_parameter`: a row of ``transfer_parameters``, the latest of a name wins, the old rows stay as
history). Sources are those of ../shared/docs/domain-cn.md §3.4 and §9 rules 17–18.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.errors import InvalidValue, NotFound

UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True)
class Setting:
    name: str
    value: Any
    source: str  # '' = no source: UNCONFIRMED
    description: str

    @property
    def confirmed(self) -> bool:
        return bool(self.source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "source": self.source or UNCONFIRMED,
            "confirmed": self.confirmed,
            "description": self.description,
        }


DEFAULTS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "grades",
            ["转化前景较好", "转化前景一般", "转化前景较差", "暂无法评估"],
            "",
            "self-assessed value grades (专利价值分级自评); only 转化前景较好 is attested (national statistic"
            " '自评转化前景较好的发明专利占30.4%'), the other categories are placeholders",
        ),
        Setting(
            "maturity_levels",
            ["实验室阶段", "小试", "中试", "工程化/样机", "产业化"],
            "",
            "technology maturity (技术成熟度) choices of the inventory template",
        ),
        Setting(
            "licence_rules",
            [
                "declaration_complete",
                "evaluation_report",
                "valid_on_date",
                "exclusive_or_sole_licence",
                "annuities_unpaid",
                "pledged_without_consent",
                "ownership_dispute",
            ],
            "domain-cn.md §9 rule 18 (configurable rule list); 细则 Art 86 wording UNCONFIRMED",
            "the rule-18 checks run before an open-licence declaration is accepted",
        ),
        Setting(
            "fee_guidance",
            {"fixed_max_wan": 2000.0, "royalty_sales_max_pct": 20.0, "royalty_profit_max_pct": 40.0},
            "",
            "fee standards above these are flagged as warnings (fixed ≤ 2000万元, royalty ≤ 20% of net sales or"
            " 40% of profit: a CNIPA notice as reproduced on https://ynhanyi.com/489865.shtml — weak source)",
        ),
        Setting(
            "annuity_reduction",
            0.15,
            "CNIPA FAQ on open licensing via https://natlawreview.com/article/cnipa-releases-third-faq-patent-"
            "open-licensing-withdrawal-patent-open-licensing",
            "annuity fees are reduced by this share while an open licence is in force",
        ),
        Setting(
            "fee_estimator",
            {
                "royalty_base_pct": 3.0,
                "royalty_value_span_pct": 4.0,
                "lump_sum_per_year_wan": 2.0,
                "lump_sum_value_factor": 2.0,
                "type_factor": {"invention": 1.0, "utility_model": 0.4, "design": 0.3},
            },
            "",
            "fee estimator: royalty % = base + span × value/100; lump sum (万元/year of remaining term) ="
            " per_year × type factor × (1 + value_factor × value/100) — our illustration, not a CNIPA formula",
        ),
        Setting(
            "match_weights",
            {
                "semantic": 0.40,
                "retrieval": 0.50,
                "ipc": 0.10,
                "ipc_predicted": 0.10,
                "region": 0.04,
                "value": 0.03,
                "status": 0.03,
            },
            "",
            "relative weights of the match score parts, normalised over the parts a need makes present; the"
            " relevance parts are the one weight set with the best mean MRR over the three kinds of need (IPC"
            " given, predicted, none) on the dev half of the citation evaluation (semantic 0.4 / retrieval 0.5 /"
            " IPC 0.1, given or predicted; docs/benchmarks.md); region, value and status are preferences set"
            " small by hand",
        ),
        Setting(
            "assessment_thresholds",
            {"duplicate": 0.85, "close": 0.70, "crowded_cohort": 50},
            "",
            "pre-application advice: top passage similarity ≥ duplicate → do not file; ≥ close → the closest"
            " documents must be distinguished; cohort (same subclass, last 5 filing years) ≥ crowded_cohort"
            " documents → crowded field",
        ),
    )
}


def current(db: Session | None, name: str) -> Setting:
    """The setting ``name``: its latest entered value (with source), else the shipped default."""
    if name not in DEFAULTS:
        raise NotFound(f"no setting {name!r}: known are {', '.join(DEFAULTS)}")
    default = DEFAULTS[name]
    if db is None:
        return default
    from ipcenter.transfer.tables import Parameter

    row = db.scalars(
        select(Parameter).where(Parameter.name == name).order_by(Parameter.id.desc()).limit(1)
    ).first()
    if row is None:
        return default
    return Setting(name, json.loads(row.value), row.source, default.description)


def all_settings(db: Session | None) -> list[dict[str, Any]]:
    return [current(db, name).to_dict() for name in DEFAULTS]


def _validate(name: str, value: Any) -> None:
    default = DEFAULTS[name].value
    if isinstance(default, list):
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise InvalidValue(f"{name} is a non-empty list of names")
        if name == "licence_rules":
            from ipcenter.transfer.rule18 import RULES

            unknown = [v for v in value if v not in RULES]
            if unknown:
                raise InvalidValue(f"unknown licence rules {unknown}: known are {', '.join(RULES)}")
    elif isinstance(default, dict):
        if not isinstance(value, dict) or set(value) != set(default):
            raise InvalidValue(f"{name} needs exactly the keys {', '.join(default)}")
        if name == "match_weights":
            if any(not isinstance(v, int | float) or v < 0 for v in value.values()):
                raise InvalidValue("match weights are numbers ≥ 0")
            if not value["semantic"] + value["retrieval"] > 0:
                raise InvalidValue("semantic or retrieval needs a weight above 0 (they are always present)")
    elif isinstance(default, float) and (not isinstance(value, int | float) or not 0 <= value <= 1):
        raise InvalidValue(f"{name} is a share between 0 and 1")


def set_parameter(
    db: Session, name: str, value: Any, source: str, set_by: str, organisation_id: int | None
) -> Setting:
    """Enter ``value`` for ``name`` with its source (required: a value without one stays UNCONFIRMED)."""
    if name not in DEFAULTS:
        raise NotFound(f"no setting {name!r}: known are {', '.join(DEFAULTS)}")
    if not source.strip():
        raise InvalidValue("give the source of the value (a document, a notice number, a URL)")
    _validate(name, value)
    from ipcenter.transfer.tables import Parameter

    db.add(
        Parameter(
            organisation_id=organisation_id,
            name=name,
            value=json.dumps(value, ensure_ascii=False),
            source=source.strip(),
            set_by=set_by,
        )
    )
    db.flush()
    return current(db, name)
