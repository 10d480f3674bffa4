"""预审+PPH planning for a case granted through the fast channel (domain-cn.md §2.6).

The model (UNCONFIRMED as an official programme): a first filing fast-tracked by pre-examination is granted
early; CNIPA then acts as the office of earlier examination and the applicant requests PPH at partner offices
for the corresponding applications. The page offers the partner offices (editable data,
``prexam/data/pph_partners.tsv``, with the programme and its source), a claim correspondence table pre-filled
from the granted claims, and the request checklist.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

from ipcenter.core.claims import split_claims
from ipcenter.errors import Conflict

PARTNERS_FILE = Path(__file__).resolve().parent / "data" / "pph_partners.tsv"

#: What a PPH request usually carries (mondaq 623576 and 1693552 on CNIPA's practice; each partner office's
#: own guide decides: UNCONFIRMED per office).
CHECKLIST = (
    (
        "ole_application",
        "后续申请（OLE）的申请号及与中国申请的关联（优先权或PCT）",
        "the later application and its link to the CN application (priority or PCT)",
    ),
    (
        "allowable_claims",
        "中国授权/可授权的权利要求副本及译文",
        "copy and translation of the claims CNIPA found allowable",
    ),
    (
        "office_actions",
        "国家知识产权局全部审查意见通知书副本及译文",
        "copies and translations of CNIPA's office actions",
    ),
    ("correspondence", "权利要求对应性解释表", "the claim correspondence table"),
    (
        "citations",
        "审查员引用文献清单（及副本，如要求）",
        "the documents cited by the examiner (copies where asked)",
    ),
    ("request_form", "PPH请求表（按对方局格式）", "the PPH request form of the partner office"),
    ("timing", "后续申请尚未开始实质审查", "the later application's substantive examination has not begun"),
)


@cache
def partners(path: Path = PARTNERS_FILE) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle, delimiter="\t"))


def plan(case_view: dict[str, Any], granted_claims: str) -> dict[str, Any]:
    """The PPH plan of a granted case: partner offices, the correspondence table and the checklist."""
    if case_view["state"] != "granted":
        raise Conflict(f"PPH is planned for a granted case; {case_view['number']} is {case_view['state_zh']}")
    table = [
        {"cn_claim": n if n is not None else i, "cn_text": text, "ole_claim": "", "correspondence": "",
         "note": "相同 / 更窄 (identical / narrower) — to be filled"}
        for i, (n, text) in enumerate(split_claims(granted_claims), 1)
    ]  # fmt: skip
    return {
        "case": {k: case_view[k] for k in ("number", "title", "cnipa_application_number", "filing_date",
                                           "cnipa_concluded_on")},
        "partners": list(partners()),
        "correspondence": table,
        "checklist": [{"key": k, "zh": zh, "en": en, "done": False} for k, zh, en in CHECKLIST],
        "note": "预审+PPH is our reading of how the two combine (UNCONFIRMED as an official programme); check "
        "each partner office's PPH guide.",
    }  # fmt: skip
