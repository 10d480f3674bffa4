"""Labelled synthetic corpora in the 61-column CNIPA/incoPat export layout (`ipcenter.ingest.layouts`), whose ground truth is a given table.

Every generated file says it is synthetic (file name ``synthetic_*``, a ``SYNTHETIC.md`` beside it, titles
starting with ``【合成数据】``). The valid invention patents of each region and applicant type are exactly the
counts of the target table (e.g. 《2025年7月湖南省有效发明专利统计表》); around them the generator writes the
distractors real exports contain, none of which may be counted:

- utility models and designs; pending applications; applications lapsed before the as-of date; expired ones;
- patents granted after the as-of date (not yet valid then); lapsed after it (still valid then — counted);
- an invention's A publication and B grant as two rows of the same application (counted once);
- Hong Kong, Macao, Taiwan and foreign owners; owners in other provinces; addresses naming only the province
  (→ the 其他 row); applicant-type cells empty or written with the export's synonyms.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ipcenter.core.numbers import cn_check_character
from ipcenter.ingest.layouts import CN_EXPORT_COLUMNS
from ipcenter.stats.models import SERVICE_COLUMNS
from ipcenter.stats.regions import OFFICIAL_SHORT_NAMES

LABEL = "【合成数据】"

#: type column → (name pattern, type-cell spellings; '' = left empty, the name decides)
_TYPE_STYLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "universities": ("{city}第{i}理工大学", ("大专院校", "院校", "高校", "")),
    "research_institutes": ("{city}第{i}材料研究院", ("科研单位", "科研机构", "")),
    "enterprises": ("{city}合成{i}号科技有限公司", ("工矿企业", "企业", "")),
    "government_organisations": ("{city}第{i}人民医院", ("机关团体", "")),
    "individuals": ("", ("个人", "")),
}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
#: IPC symbols used: some in strategic emerging industries (IPC-only rows), some not.
_IPC_POOL = (
    "G06F40/30",
    "G06N3/08",
    "H01M10/0525",
    "C12N15/10",
    "A01B1/02",
    "E04B1/00",
    "B65D81/38",
    "F16H1/28",
)
_OUTSIDE = (
    ("香港九龙尖沙咀广东道1号", "香港(81)", "香港合成{i}有限公司"),
    ("澳门新口岸宋玉生广场1号", "澳门(82)", "澳门合成{i}有限公司"),
    ("台湾省台北市信义区1号", "台湾(71)", "台湾合成{i}股份有限公司"),
    ("美国加利福尼亚州圣何塞市", "美国(US)", "SYNTHETIC {i} INC."),
    ("日本国东京都港区", "日本(JP)", "合成{i}株式会社"),
)
_OTHER_PROVINCES = ("广东省深圳市南山区科技园1号", "湖北省武汉市洪山区珞喻路1号", "北京市海淀区中关村大街1号")


@dataclass
class GeneratedExport:
    files: list[Path]
    valid_rows: int  # rows that describe valid inventions inside the table's region (A+B count as 2)
    distractor_rows: int
    counts: dict[str, int] = field(default_factory=dict)  # what kinds of distractors were written


class _Numbers:
    """Unique, valid application and publication numbers."""

    def __init__(self) -> None:
        self.serial = 0

    def next(self, year: int, type_digit: str) -> tuple[str, str]:
        self.serial += 1
        digits = f"{year:04d}{type_digit}{self.serial:07d}"
        app = f"{digits}.{cn_check_character(digits)}"
        pub = f"CN{type_digit}{self.serial:08d}"
        return app, pub


def _ymd(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _full_city(name: str) -> str:
    full = {v: k for k, v in OFFICIAL_SHORT_NAMES.items()}.get(name, name)
    return full if full.endswith(("市", "州", "盟", "地区")) else full + "市"


class _Writer:
    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        self.as_of = as_of
        self.numbers = _Numbers()
        self.rows: list[dict[str, object]] = []

    def _date_between(self, start: date, end: date) -> date:
        span = (end - start).days
        return start + timedelta(days=self.rng.randint(0, max(span, 0)))

    def person(self) -> str:
        return self.rng.choice(_SURNAMES) + "".join(
            self.rng.choice(_GIVEN) for _ in range(self.rng.randint(1, 2))
        )

    def row(
        self,
        *,
        owner: str,
        address: str,
        region_hint: str,
        type_cell: str,
        patent: str,  # invention / utility_model / design
        filing: date,
        grant: date | None,
        lapse: date | None,
        status: str,
        split_ab: bool = False,
        family: str = "",
    ) -> int:
        type_digit = {"invention": "1", "utility_model": "2", "design": "3"}[patent]
        app, pub = self.numbers.next(filing.year, type_digit)
        ipc = self.rng.sample(_IPC_POOL, 2)
        inventor = self.person()
        base: dict[str, object] = dict.fromkeys(CN_EXPORT_COLUMNS, "")
        base.update(
            {
                "申请日": _ymd(filing),
                "申请人": owner,
                "发明人": inventor,
                "申请号": "CN" + app,
                "专利名称": f"{LABEL}一种合成装置{self.numbers.serial}",
                "申请摘要": f"{LABEL}本申请为统计测试生成的合成数据，不对应任何真实专利。",
                "主权项": "1.一种合成装置，其特征在于，包括壳体。",
                "申请人地址": address,
                "主分类号": ipc[0],
                "分类号": ";".join(ipc),
                "国省代码": region_hint,
                "第一发明人": inventor,
                "第一权利人": owner,
                "申请人类型": type_cell,
                "当前发明人": inventor,
                "当前权利人": owner,
                "失效日期": _ymd(lapse) or "0",
                "同族专利": family,
                "简单同族数量": "2" if family else "",
                "审查员": "合成",
            }
        )
        publication = filing + timedelta(days=540 if patent == "invention" else 180)
        if patent != "invention":
            base.update(
                {
                    "公开号": pub + ("U" if patent == "utility_model" else "S"),
                    "公开日": _ymd(grant or publication),
                    "授权公告日": _ymd(grant),
                    "专利类型": "实用新型" if patent == "utility_model" else "外观设计",
                    "法律状态": status,
                }
            )
            self.rows.append(base)
            return 1
        if grant is None:  # pending, or refused/withdrawn before grant
            base.update(
                {"公开号": pub + "A", "公开日": _ymd(publication), "专利类型": "发明公开", "法律状态": status}
            )
            self.rows.append(base)
            return 1
        if split_ab:  # the A publication and the B grant as two rows of one application
            a_row = dict(base)
            a_row.update(
                {"公开号": pub + "A", "公开日": _ymd(publication), "专利类型": "发明公开", "法律状态": status}
            )
            b_row = dict(base)
            b_row.update(
                {
                    "公开号": pub + "B",
                    "公开日": _ymd(grant),
                    "授权公告号": pub + "B",
                    "授权公告日": _ymd(grant),
                    "专利类型": "发明授权",
                    "授权名称": base["专利名称"],
                    "法律状态": status,
                }
            )
            self.rows += [a_row, b_row]
            return 2
        base.update(
            {
                "公开号": pub + "A",
                "公开日": _ymd(publication),
                "授权公告号": pub + "B",
                "授权公告日": _ymd(grant),
                "专利类型": "发明公开;发明授权",
                "授权名称": base["专利名称"],
                "法律状态": status,
            }
        )
        self.rows.append(base)
        return 1

    def valid_invention(self, owner: str, address: str, hint: str, type_cell: str) -> int:
        """One invention in force on the as-of date (some lapse later, some are two rows A + B)."""
        filing = self._date_between(
            self.as_of - timedelta(days=19 * 365), self.as_of - timedelta(days=3 * 365)
        )
        grant = self._date_between(filing + timedelta(days=400), self.as_of - timedelta(days=1))
        roll = self.rng.random()
        lapse = None
        status = "有权-审定授权"
        if roll < 0.05:  # lapsed after the as-of date: still valid then
            lapse = self.as_of + timedelta(days=self.rng.randint(1, 300))
            status = "无权-未缴年费"
        family = "US1" + f"{self.numbers.serial + 1:07d}" + "B2" if self.rng.random() < 0.1 else ""
        return self.row(
            owner=owner,
            address=address,
            region_hint=hint,
            type_cell=type_cell,
            patent="invention",
            filing=filing,
            grant=grant,
            lapse=lapse,
            status=status,
            split_ab=self.rng.random() < 0.15,
            family=family,
        )

    def distractor(self, kind: str, owner: str, address: str, hint: str, type_cell: str) -> int:
        a = self.as_of
        if kind == "utility_model" or kind == "design":
            filing = self._date_between(a - timedelta(days=8 * 365), a - timedelta(days=400))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent=kind,
                filing=filing, grant=filing + timedelta(days=200), lapse=None, status="有权-审定授权",
            )  # fmt: skip
        if kind == "pending":
            filing = self._date_between(a - timedelta(days=4 * 365), a - timedelta(days=30))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent="invention",
                filing=filing, grant=None, lapse=None, status="审中-实质审查",
            )  # fmt: skip
        if kind == "lapsed":
            filing = self._date_between(a - timedelta(days=15 * 365), a - timedelta(days=6 * 365))
            grant = filing + timedelta(days=800)
            lapse = self._date_between(grant + timedelta(days=365), a - timedelta(days=1))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent="invention",
                filing=filing, grant=grant, lapse=lapse, status="无权-未缴年费",
            )  # fmt: skip
        if kind == "expired":
            filing = date(2004, 1, 5) + timedelta(days=self.rng.randint(0, 300))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent="invention",
                filing=filing, grant=filing + timedelta(days=900), lapse=filing.replace(year=filing.year + 20),
                status="无权-期限届满",
            )  # fmt: skip
        if kind == "granted_later":
            filing = self._date_between(a - timedelta(days=4 * 365), a - timedelta(days=2 * 365))
            grant = a + timedelta(days=self.rng.randint(1, 200))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent="invention",
                filing=filing, grant=grant, lapse=None, status="有权-审定授权", split_ab=self.rng.random() < 0.5,
            )  # fmt: skip
        if kind == "rejected":
            filing = self._date_between(a - timedelta(days=6 * 365), a - timedelta(days=3 * 365))
            return self.row(
                owner=owner, address=address, region_hint=hint, type_cell=type_cell, patent="invention",
                filing=filing, grant=None, lapse=None, status="无权-驳回",
            )  # fmt: skip
        raise ValueError(kind)


DISTRACTORS = ("utility_model", "design", "pending", "lapsed", "expired", "granted_later", "rejected")


def _owners(
    rng: random.Random, writer: _Writer, column: str, city: str, i: int
) -> tuple[str, str]:  # name, type cell
    pattern, cells = _TYPE_STYLE[column]
    name = (
        writer.person() if column == "individuals" else pattern.format(city=city.removesuffix("市"), i=i % 50)
    )
    return name, rng.choice(cells)


def generate_rows(
    target: Sequence[Mapping[str, str]],
    as_of: date,
    *,
    province: str = "湖南省",
    province_hint: str = "湖南(43)",
    seed: int = 0,
    distractor_ratio: float = 0.3,
    outside_rows: int = 200,
) -> tuple[list[dict[str, object]], GeneratedExport]:
    """Rows whose valid inventions reproduce ``target`` (official-table rows: region + type columns)."""
    rng = random.Random(seed)
    w = _Writer(rng, as_of)
    info = GeneratedExport(files=[], valid_rows=0, distractor_rows=0)
    columns = (*SERVICE_COLUMNS, "individuals")
    for region_row in target:
        region = region_row["region"]
        if region in ("全省", "合计"):
            continue
        for column in columns:
            for i in range(int(region_row[column])):
                if region == "其他":
                    city = "湖南"
                    # names only the province (or only the 国省代码 hint): inside the province, no city
                    address, hint = rng.choice(
                        ((province, ""), ("", province_hint), (province + "某某路1号", ""))
                    )
                else:
                    city = _full_city(region)
                    address, hint = f"{province}{city}合成路{i % 5}号", rng.choice(("", province_hint))
                name, type_cell = _owners(rng, w, column, city, i)
                info.valid_rows += w.valid_invention(name, address, hint, type_cell)
                if rng.random() < distractor_ratio:
                    kind = rng.choice(DISTRACTORS)
                    info.counts[kind] = info.counts.get(kind, 0) + 1
                    info.distractor_rows += w.distractor(kind, name, address, hint, type_cell)
    for i in range(outside_rows):  # valid inventions of owners outside the province / the mainland
        if i % 2:
            address, hint, pattern = rng.choice(_OUTSIDE)
            name = pattern.format(i=i)
            info.counts["outside_mainland"] = info.counts.get("outside_mainland", 0) + 1
        else:
            address, hint, name = rng.choice(_OTHER_PROVINCES), "", f"外省合成{i}科技有限公司"
            info.counts["other_province"] = info.counts.get("other_province", 0) + 1
        info.distractor_rows += w.valid_invention(name, address, hint, rng.choice(("企业", "")))
    rng.shuffle(w.rows)
    for n, row in enumerate(w.rows, start=1):
        row["序号"] = n
    return w.rows, info


def write_csv(rows: Sequence[Mapping[str, object]], path: Path) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CN_EXPORT_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(rows: Sequence[Mapping[str, object]], path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("专利列表（合成数据）")
    ws.append(list(CN_EXPORT_COLUMNS))
    for row in rows:
        ws.append([row.get(c, "") for c in CN_EXPORT_COLUMNS])
    wb.save(path)
    return path


def _chunks(
    rows: list[dict[str, object]], xlsx_share: float
) -> Iterator[tuple[str, list[dict[str, object]]]]:
    cut = int(len(rows) * xlsx_share)
    yield "xlsx", rows[:cut]
    yield "csv", rows[cut:]


def generate_export(
    target: Sequence[Mapping[str, str]],
    as_of: date,
    out_dir: Path,
    *,
    seed: int = 0,
    distractor_ratio: float = 0.3,
    xlsx_share: float = 0.1,
    name: str = "export",
) -> GeneratedExport:
    """Write ``synthetic_<name>.xlsx`` (a share of the rows) and ``synthetic_<name>.csv`` (the rest)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, info = generate_rows(target, as_of, seed=seed, distractor_ratio=distractor_ratio)
    for fmt, chunk in _chunks(rows, xlsx_share):
        path = out_dir / f"synthetic_{name}.{fmt}"
        info.files.append(write_xlsx(chunk, path) if fmt == "xlsx" else write_csv(chunk, path))
    (out_dir / "SYNTHETIC.md").write_text(
        "# Synthetic data — not real patents\n\n"
        f"Generated by `ipcenter.stats.synthetic` (seed {seed}) for as-of date {as_of.isoformat()}: "
        f"{info.valid_rows} rows of valid inventions reproducing a target table, {info.distractor_rows} distractor "
        f"rows ({', '.join(f'{k}: {v}' for k, v in sorted(info.counts.items()))}). Titles start with {LABEL}.\n",
        encoding="utf-8",
    )
    return info
