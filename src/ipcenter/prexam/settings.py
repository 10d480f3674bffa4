"""Centre settings: every parameter of a centre profile, with its default and the source of that default.

A parameter no source confirms stays UNCONFIRMED (shown so in every report) until the centre enters its own
value; some carry a working default meanwhile (10 days to file after a pass, from IP Australia), others have
none and must be entered before the step that needs them (answer period, rounds, overdue outcome).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipcenter.core.workdays import DAY_TYPES
from ipcenter.errors import InvalidValue
from ipcenter.prexam.models import PATENT_TYPES, Setting, confirmed, unconfirmed

IP_AUSTRALIA = "IP Australia, Pre-examination option (domain-cn.md §2.4)"


@dataclass(frozen=True)
class SettingSpec:
    label_zh: str
    label_en: str
    kind: str  # int | bool | day_type | types | outcome | text | quota_table | rate
    default: Setting[Any]


#: Every centre parameter, with its default and the source of that default (none is an official rule
#: unless its status is confirmed).
SETTINGS: dict[str, SettingSpec] = {
    "accepted_types": SettingSpec(
        "受理的专利类型",
        "accepted patent types",
        "types",
        unconfirmed(list(PATENT_TYPES), "domain-cn.md §2.3: all three types have fast-track grant times"),
    ),
    "agency_list_enforced": SettingSpec(
        "执行代理机构保障名单", "agency list enforced", "bool", unconfirmed(False, "")
    ),
    "quota_table": SettingSpec(
        "预审额度表",
        "quota table",
        "quota_table",
        unconfirmed(None, "广东 quota rules: table values not captured (domain-cn-2.md §1.2)"),
    ),
    "default_quota": SettingSpec("默认年度额度", "default yearly quota", "int", unconfirmed(None)),
    "incremental_requests": SettingSpec(
        "增量额度申请次数",
        "incremental-quota requests per year",
        "int",
        confirmed(
            1, "广东省知识产权保护中心备案主体专利申请预审额度管理办法（试行）, http://im168.com/159111.html"
        ),
    ),
    "batch_pilot": SettingSpec("批量预审试点", "batch pre-examination pilot", "bool", unconfirmed(False)),
    "batch_quota_exempt": SettingSpec(
        "批量预审不占额度",
        "batch cases exempt from quota",
        "bool",
        unconfirmed(True, "北京 batch pilot 2024 (domain-cn-2.md §1.8, weak source)"),
    ),
    "batch_types": SettingSpec(
        "批量预审专利类型",
        "patent types of a batch",
        "types",
        unconfirmed(["invention"], "CNIPA pilot 发明专利申请批量预审审查 (domain-cn-2.md §1.8)"),
    ),
    "response_days": SettingSpec("答复期限", "response period", "int", unconfirmed(None, "no source")),
    "response_day_type": SettingSpec(
        "答复期限计日方式", "response period counted in", "day_type", unconfirmed("working", "no source")
    ),
    "max_rounds": SettingSpec(
        "审查意见最多轮次", "maximum opinion rounds", "int", unconfirmed(None, "no source")
    ),
    "overdue_outcome": SettingSpec(
        "逾期未答复的结果",
        "outcome of an overdue answer",
        "outcome",
        unconfirmed(None, "no source (视为放弃 or 预审不合格)"),
    ),
    "formal_filing_days": SettingSpec(
        "合格后正式递交期限", "formal-filing period after a pass", "int", unconfirmed(10, IP_AUSTRALIA)
    ),
    "formal_filing_day_type": SettingSpec(
        "正式递交期限计日方式",
        "formal-filing period counted in",
        "day_type",
        unconfirmed("calendar", IP_AUSTRALIA),
    ),
    "review_target_days": SettingSpec(
        "预审目标时长",
        "pre-examination target",
        "int",
        unconfirmed(7, IP_AUSTRALIA + ": about 7 working days"),
    ),
    "review_target_day_type": SettingSpec(
        "预审目标计日方式", "target counted in", "day_type", unconfirmed("working", IP_AUSTRALIA)
    ),
    "registration_review_days": SettingSpec(
        "备案审核时长",
        "registration review target",
        "int",
        unconfirmed(10, "5–10 working days, Shenzhen centre Q&A (weak, domain-cn.md §2.2)"),
    ),
    "cnipa_first_action_days": SettingSpec(
        "快速通道首次答复期限", "fast-track first office-action period", "int", unconfirmed(10, IP_AUSTRALIA)
    ),
    "suspension_pass_rate_floor": SettingSpec(
        "暂停备案的合格率下限",
        "pass-rate floor for suspension",
        "rate",
        unconfirmed(None, "资格复核 triggers not captured (domain-cn-2.md §1.3)"),
    ),
    "max_upload_mb": SettingSpec(
        "单个文件大小上限(MB)",
        "largest document (MB)",
        "int",
        unconfirmed(20, "ours: no centre limit captured"),
    ),
    "notice_title.acceptance": SettingSpec(
        "受理通知书名称",
        "acceptance notice title",
        "text",
        unconfirmed("预审受理通知书", "our label (domain-cn-2.md §1.6)"),
    ),
    "notice_title.non_acceptance": SettingSpec(
        "不予受理通知书名称",
        "non-acceptance notice title",
        "text",
        unconfirmed("预审不予受理通知书", "our label (domain-cn-2.md §1.6)"),
    ),
    "notice_title.opinion": SettingSpec(
        "审查意见通知书名称",
        "opinion notice title",
        "text",
        unconfirmed("预审意见通知书", "our label (domain-cn-2.md §1.6)"),
    ),
    "notice_title.qualified": SettingSpec(
        "合格通知书名称",
        "qualification notice title",
        "text",
        confirmed("预审合格通知书", "resistancess.com/en/news-id-58.html (domain-cn-2.md §1.6)"),
    ),
    "notice_title.not_qualified": SettingSpec(
        "不合格通知书名称",
        "non-qualification notice title",
        "text",
        unconfirmed("预审不合格通知书", "our label (domain-cn-2.md §1.6)"),
    ),
}

OUTCOMES = ("deemed_abandoned", "not_qualified")


def check_setting_value(key: str, value: Any) -> Any:
    """The value in its stored form, or InvalidValue saying what the setting expects."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise InvalidValue(f"unknown centre setting {key!r}; known: {', '.join(SETTINGS)}")
    if value is None:
        return None
    kind = spec.kind
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValue(f"{key} must be a whole number ≥ 0, got {value!r}")
    elif kind == "bool":
        if not isinstance(value, bool):
            raise InvalidValue(f"{key} must be true or false, got {value!r}")
    elif kind == "day_type":
        if value not in DAY_TYPES:
            raise InvalidValue(f"{key} must be one of {', '.join(DAY_TYPES)}, got {value!r}")
    elif kind == "types":
        if not isinstance(value, list) or not value or any(v not in PATENT_TYPES for v in value):
            raise InvalidValue(f"{key} must be a non-empty list of {', '.join(PATENT_TYPES)}, got {value!r}")
    elif kind == "outcome":
        if value not in OUTCOMES:
            raise InvalidValue(f"{key} must be one of {', '.join(OUTCOMES)}, got {value!r}")
    elif kind == "rate":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise InvalidValue(f"{key} must be a percentage between 0 and 100, got {value!r}")
    elif kind == "quota_table":
        return [QuotaBand.from_json(band).to_json() for band in _as_list(key, value)]
    elif kind == "text" and (not isinstance(value, str) or not value.strip()):
        raise InvalidValue(f"{key} must be non-empty text, got {value!r}")
    return value


def _as_list(key: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidValue(f"{key} must be a list, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class QuotaBand:
    """One line of a quota table: last year's pass rate and passed count at least these → this quota."""

    quota: int
    min_pass_rate: float | None = None  # percent
    min_passed: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> QuotaBand:
        if not isinstance(data, dict) or "quota" not in data:
            raise InvalidValue(
                f"quota band must be an object with quota (and min_pass_rate/min_passed): {data!r}"
            )
        quota, rate, passed = data["quota"], data.get("min_pass_rate"), data.get("min_passed")
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
            raise InvalidValue(f"quota band: quota must be a whole number ≥ 0, got {quota!r}")
        if rate is not None and (
            isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 100
        ):
            raise InvalidValue(f"quota band: min_pass_rate must be a percentage, got {rate!r}")
        if passed is not None and (isinstance(passed, bool) or not isinstance(passed, int) or passed < 0):
            raise InvalidValue(f"quota band: min_passed must be a whole number ≥ 0, got {passed!r}")
        return cls(quota, None if rate is None else float(rate), passed)

    def to_json(self) -> dict[str, Any]:
        return {"quota": self.quota, "min_pass_rate": self.min_pass_rate, "min_passed": self.min_passed}
