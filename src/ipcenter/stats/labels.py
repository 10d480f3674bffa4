"""Labels every stats table shares (its columns and provenance); each indicator registers its own beside it."""

from __future__ import annotations

from ipcenter.i18n import add_labels

add_labels(
    {
        "as_of": ("统计截止日", "as of"),
        "corpus_version": ("专利库版本", "corpus version"),
        "attribution_rule": ("地区归属规则", "attribution rule"),
        "population_vintage": ("人口数据年份", "population vintage"),
        "engine": ("计算引擎", "engine"),
        "stats_report": ("专利统计报告", "patent statistics report"),
        "country": ("全国", "whole country"),
        "region": ("地区", "region"),
        "valid_invention_total": ("有效发明专利量", "valid invention patents"),
        "universities": ("大专院校", "universities"),
        "research_institutes": ("科研单位", "research institutes"),
        "enterprises": ("工矿企业", "enterprises"),
        "government_organisations": ("机关团体", "government and organisations"),
        "service_total": ("职务总计", "service total"),
        "individuals": ("个人", "individuals"),
        "resident_population_10k": ("常住人口(万人)", "resident population (10k)"),
        "density_per_10k": ("专利密度(件/万人)", "per 10,000 people"),
        "density_rank": ("排名", "rank"),
        "chart_trend": ("有效发明专利量趋势", "valid inventions over time"),
    }
)
