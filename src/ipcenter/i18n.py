"""User-facing labels: Chinese first, English available (``--lang en`` or ``IPCENTER_LANG=en``)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # examine (formal claims checker)
    "findings": ("形式问题", "findings"),
    "severity": ("级别", "severity"),
    "rule": ("规则", "rule"),
    "claim": ("权利要求", "claim"),
    "span": ("位置", "span"),
    "text": ("原文", "text"),
    "message": ("说明", "message"),
    "basis": ("依据", "legal basis"),
    "no_findings": ("未发现形式问题。", "No findings."),
    "independent_claims": ("独立权利要求", "independent claims"),
    "claim_tree": ("权利要求引用关系", "claim tree"),
    "rule_table": ("检查规则", "rules"),
    "check_report": ("形式审查辅助报告", "formal check report"),
    "report": ("报告", "report"),
    "description": ("说明书", "description"),
    # ingest
    "read": ("读取", "read"),
    "stored": ("入库", "stored"),
    "duplicates": ("重复", "duplicates"),
    "quarantined": ("隔离", "quarantined"),
    "file": ("文件", "file"),
    "files": ("文件数", "files"),
    "dataset": ("数据集", "dataset"),
    "format": ("格式", "format"),
    "status": ("状态", "status"),
    "error": ("原因", "reason"),
    "ok": ("成功", "ok"),
    "skipped": ("跳过", "skipped"),
    "unreadable": ("无法读取", "unreadable"),
    "failed": ("中断", "failed"),
    "total": ("合计", "total"),
    "corpus": ("专利库", "corpus"),
    "records": ("文献数", "records"),
    "applications": ("申请数", "applications"),
    "version": ("版本", "version"),
    "quarantine_file": ("隔离记录", "quarantine file"),
    # corpus info
    "by_source": ("按来源格式", "by source format"),
    "by_country": ("按国家/地区", "by country"),
    "by_type": ("按专利类型", "by patent type"),
    "by_status": ("按法律状态", "by legal status"),
    "by_year": ("按年份", "by year"),
    "count": ("数量", "count"),
    # record fields
    "publication_number": ("公开(公告)号", "publication number"),
    "application_number": ("申请号", "application number"),
    "kind": ("文献类型代码", "kind code"),
    "patent_type": ("专利类型", "patent type"),
    "title": ("名称", "title"),
    "abstract": ("摘要", "abstract"),
    "claims": ("权利要求", "claims"),
    "ipc": ("IPC分类号", "IPC"),
    "cpc": ("CPC分类号", "CPC"),
    "applicants": ("申请人", "applicants"),
    "patentees": ("当前权利人", "current patentees"),
    "inventors": ("发明人", "inventors"),
    "filing_date": ("申请日", "filing date"),
    "publication_date": ("公开日", "publication date"),
    "grant_date": ("授权公告日", "grant date"),
    "lapse_date": ("失效日", "lapse date"),
    "legal_status": ("法律状态", "legal status"),
    "citations": ("引证文献", "citations"),
    "depends_on": ("引用", "depends on"),
    # values
    "invention": ("发明", "invention"),
    "utility_model": ("实用新型", "utility model"),
    "design": ("外观设计", "design"),
    "plant": ("植物专利", "plant"),
    "in_force": ("有效", "in force"),
    "lapsed": ("失效", "lapsed"),
    "pending": ("审中", "pending"),
    "unknown": ("未知", "unknown"),
    # search
    "search": ("专利检索", "search"),
    "search_query": ("检索式", "query"),
    "search_total": ("命中", "hits"),
    "search_mode": ("方式", "mode"),
    "rank": ("序号", "rank"),
    "score": ("得分", "score"),
    "snippet": ("摘要片段", "snippet"),
    "index_build": ("检索索引", "search index"),
    "item": ("项目", "item"),
    "exported": ("已导出", "exported"),
    "facet_ipc": ("IPC小类", "IPC subclass"),
    "facet_year": ("年份", "year"),
    "facet_applicant": ("申请人", "applicant"),
    "facet_type": ("专利类型", "patent type"),
    "facet_status": ("法律状态", "legal status"),
    "facet_region": ("地区", "region"),
    # classify (IPC suggestions, pre-examination scope)
    "ipc_suggestions": ("IPC分类号推荐", "IPC suggestions"),
    "subclass": ("小类", "subclass"),
    "group": ("大组", "main group"),
    "code": ("分类号", "code"),
    "title_zh": ("中文名称", "title (zh)"),
    "title_en": ("英文名称", "title (en)"),
    "centre": ("保护中心", "centre"),
    "scheme": ("分类体系", "scheme"),
    "field": ("产业领域", "field"),
    "prefiling_scope": ("预审服务领域", "pre-examination scope"),
    "ipc_subclasses": ("IPC小类数", "IPC subclasses"),
    "loc_classes": ("洛迦诺分类数", "Locarno classes"),
    "scope_decision": ("预审范围判断", "scope decision"),
    "in_scope": ("在预审范围内", "in scope"),
    "out_of_scope": ("不在预审范围内", "out of scope"),
    "uncertain": ("无法确定", "uncertain"),
    "scope_by_text": ("按文本判断", "scope (by text)"),
    "scope_by_ipc": ("按分类号判断", "scope (by given IPC)"),
    "suggestions": ("推荐", "suggestions"),
    "classify_step": ("IPC分类推荐与预审范围核查", "IPC classification and pre-examination scope"),
    "training_quick": (
        "未找到已训练模型：现在训练一个快速模型",
        "no trained model: training a quick one now",
    ),
}


def add_labels(labels: dict[str, tuple[str, str]]) -> None:
    """Register a domain's own labels (a module-level call in the domain, next to what it labels).

    A key may be registered again only with the same pair, so two domains cannot silently disagree.
    """
    for key, pair in labels.items():
        if LABELS.setdefault(key, pair) != pair:
            raise ValueError(f"label {key!r} registered twice with different texts")


def label(key: str, lang: str = "zh") -> str:
    """Label for ``key`` in ``lang`` ('zh' or 'en'); unknown keys are shown as they are."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
