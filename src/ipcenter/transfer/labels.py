"""Labels of the transfer pages (Chinese first, English available), registered once."""

from __future__ import annotations

from functools import cache

from ipcenter.i18n import add_labels

LABELS: dict[str, tuple[str, str]] = {
    "page.nav.transfer": ("专利转化", "Transfer"),
    "page.transfer.title": ("专利转化运用", "Turning patents into products"),
    "page.transfer.intro": (
        "高校院所存量专利盘点与转化资源库、企业技术需求与供需对接、专利开放许可、申请前评估。每条匹配都给出理由。",
        "University stock-patent inventory and the resource library, enterprise needs and matching, open"
        " licensing, pre-application assessment. Every match says why.",
    ),
    "page.transfer.library": ("转化资源库", "Resource library"),
    "page.transfer.needs": ("企业技术需求", "Enterprise needs"),
    "page.transfer.post_need": ("发布技术需求", "Post a need"),
    "page.transfer.licences": ("开放许可", "Open licences"),
    "page.transfer.inventory": ("存量专利盘点", "Stock-patent inventory"),
    "page.transfer.assess": ("申请前评估", "Pre-application assessment"),
    "page.transfer.institution": ("高校院所", "Institution"),
    "page.transfer.number": ("公开号", "Number"),
    "page.transfer.patent_title": ("名称", "Title"),
    "page.transfer.faculty": ("院系", "Faculty"),
    "page.transfer.scenario": ("应用场景", "Application scenario"),
    "page.transfer.maturity": ("技术成熟度", "Maturity"),
    "page.transfer.grade": ("价值分级自评", "Self-assessed grade"),
    "page.transfer.value": ("价值评分（许可转让）", "Value score (licensing)"),
    "page.transfer.status": ("法律状态", "Legal status"),
    "page.transfer.converted": ("是否已转化", "Converted"),
    "page.transfer.state": ("审核状态", "Review state"),
    "page.transfer.actions": ("操作", "Actions"),
    "page.transfer.comment": ("意见", "Comment"),
    "page.transfer.coverage": ("盘点覆盖率", "Coverage"),
    "page.transfer.import": ("导入盘点清单（XLSX 模板）", "Import the list (XLSX template)"),
    "page.transfer.problem": ("需要解决的问题", "Problem to solve"),
    "page.transfer.effect": ("期望效果", "Desired effect"),
    "page.transfer.industry": ("行业", "Industry"),
    "page.transfer.region": ("地区", "Region"),
    "page.transfer.ipc": ("IPC（如已知）", "IPC (if known)"),
    "page.transfer.submit": ("提交", "Submit"),
    "page.transfer.matches": ("匹配的专利", "Matching patents"),
    "page.transfer.why": ("匹配理由", "Why"),
    "page.transfer.score": ("得分", "Score"),
    "page.transfer.part": ("分项", "Part"),
    "page.transfer.weight": ("权重", "Weight"),
    "page.transfer.contribution": ("贡献", "Contribution"),
    "page.transfer.shared_ipc": ("共有 IPC", "Shared IPC"),
    "page.transfer.holder": ("权利人（资源库）", "Holder (library)"),
    "page.transfer.search": ("检索", "Search"),
    "page.transfer.fee_max": ("入门费上限（万元）", "Largest lump sum (万元)"),
    "page.transfer.payment": ("支付方式", "Payment"),
    "page.transfer.fee": ("许可费标准", "Fee standard"),
    "page.transfer.term": ("许可期限", "Term"),
    "page.transfer.annuity": ("年费减缴", "Annuity reduction"),
    "page.transfer.estimate": ("许可费估算", "Fee estimate"),
    "page.transfer.formula": ("公式", "Formula"),
    "page.transfer.check": ("审查结果（规则18）", "Check (rule 18)"),
    "page.transfer.licensees": ("被许可人", "Licensees"),
    "page.transfer.history": ("记录", "History"),
    "page.transfer.disclosure": ("技术交底书", "Invention disclosure"),
    "page.transfer.recommendation": ("建议", "Recommendation"),
    "page.transfer.reasons": ("理由", "Reasons"),
    "page.transfer.closest": ("最接近的文献", "Closest documents"),
    "page.transfer.density": ("同领域文献密度", "Prior-art density"),
    "page.transfer.granted": ("相似的授权专利", "Similar granted patents"),
    "page.transfer.none": ("暂无", "None yet"),
    "page.transfer.reviewer": ("指定院系审核人", "Name a faculty reviewer"),
    "page.transfer.declare": ("声明开放许可", "Declare an open licence"),
    "page.transfer.fee_fixed": ("入门费/总付（万元）", "Lump sum (万元)"),
    "page.transfer.royalty": ("提成（净销售额 %）", "Royalty (% of net sales)"),
    "page.transfer.products": ("产品信息", "Products"),
    "page.transfer.evaluation_report": (
        "专利权评价报告（实用新型、外观设计）",
        "Evaluation report (UM, design)",
    ),
    "page.transfer.check_on": ("审查日期", "Check as of"),
    "page.transfer.check_run": ("运行规则18审查", "Run the rule-18 checks"),
    "page.transfer.announced_on": ("公告日", "Announced on"),
    "page.transfer.announce": ("登记公告", "Record the announcement"),
    "page.transfer.take": ("实施许可（书面通知）", "Take the licence (written notice)"),
    "page.transfer.licensee": ("被许可人", "Licensee"),
    "page.transfer.notified_on": ("通知日期", "Notice date"),
}


@cache
def register() -> None:
    add_labels(LABELS)
