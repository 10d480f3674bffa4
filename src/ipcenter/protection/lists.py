"""Key-trademark protection lists (重点商标保护名录, domain-cn.md §5 and rule 19): import a batch as the
operator gets it, keep each entry's source, honour partner regions' lists (mutual recognition) with
provenance, check a proposed mark against what is protected.

Entries are imported as the source gives them: an empty registration number or class stays empty (the
published lists seen so far give none in text form; see trademark-protection-lists/SOURCE.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ipcenter.errors import InvalidValue, NotFound
from ipcenter.protection import characters, nice, similarity
from ipcenter.protection.tables import PartnerRegion, ProtectedMark, ProtectionList
from ipcenter.protection.tabular import SourceRow, pdf_lines, read_table, text_lines

#: Header names seen in published lists and operators' sheets → our field.
HEADERS: dict[str, tuple[str, ...]] = {
    "mark": ("商标", "商标名称", "注册商标", "商标标识", "mark", "trademark"),
    "holder": (
        "注册人",
        "商标注册人",
        "权利人",
        "企业主体",
        "企业名称",
        "申请人",
        "持有人",
        "holder",
        "owner",
    ),
    "registration_no": ("注册号", "商标注册号", "registration_no", "registration number", "reg no"),
    "classes": ("类别", "核定类别", "国际分类", "类似群", "商品类别", "class", "classes"),
    "goods": (
        "核定使用商品",
        "核定使用商品/服务",
        "商品/服务",
        "核定商品",
        "代表商品",
        "goods",
        "goods/services",
    ),
    "list_name": ("list_name", "名录", "名录名称"),
    "batch": ("batch", "批次"),
    "source": ("source", "来源"),
    "region": ("region", "地区", "发布地区"),
}
BATCH_HEADERS = {"issuer", "document_no", "published"}  # a file of batch facts (list_batches.tsv layout)
REGISTRATION_NO = re.compile(r"^\d{6,9}[A-Z]?$")
_REGION = re.compile(r"^(.{2,9}?(?:自治区|特别行政区|省|市|区|县|州|盟))")
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")


def region_of(list_name: str) -> str:
    """The issuing region a list's name starts with (上海市重点… → 上海市, 北京重点… → 北京市)."""
    for city in _MUNICIPALITIES:
        if list_name.startswith(city) and not list_name.startswith(city + "市"):
            return city + "市"
    found = _REGION.match(list_name)
    return found.group(1) if found else ""


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        for field, names in HEADERS.items():
            if name in names and field not in columns:
                columns[field] = index
    return columns


@dataclass(frozen=True)
class Entry:
    mark: str
    holder: str
    registration_no: str
    classes: list[str]
    goods: str
    source: str
    list_name: str
    batch: str
    region: str


def _cell(row: SourceRow, columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return row.cells[index].strip() if index is not None and index < len(row.cells) else ""


def entries_from_table(rows: Iterable[SourceRow], list_name: str, batch: str, region: str) -> Iterator[Entry]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise InvalidValue("the file is empty")
    columns = _columns(header.cells)
    if "mark" not in columns:
        raise InvalidValue(
            f"no mark column in the header ({', '.join(c for c in header.cells if c)}); name it 商标 or mark"
        )
    for row in iterator:
        mark = _cell(row, columns, "mark")
        if not mark:
            continue
        registration_no = _cell(row, columns, "registration_no").replace(" ", "")
        if registration_no and not REGISTRATION_NO.match(registration_no):
            raise InvalidValue(f"{row.where}: registration number {registration_no!r} is not 6–9 digits")
        named_list = _cell(row, columns, "list_name") or list_name
        source = _cell(row, columns, "source")
        yield Entry(
            mark=mark,
            holder=_cell(row, columns, "holder"),
            registration_no=registration_no,
            classes=nice.parse_codes(_cell(row, columns, "classes")),
            goods=_cell(row, columns, "goods"),
            source=f"{row.where}" + (f" — {source}" if source else ""),
            list_name=named_list,
            batch=_cell(row, columns, "batch") or batch,
            region=_cell(row, columns, "region") or region or region_of(named_list),
        )


_PDF_ROW = re.compile(
    r"^(?:\d{1,5}[.、\s]\s*)?(?P<mark>\S+)\s+(?P<reg>\d{6,9})\s+(?:第)?(?P<cls>\d{1,2})(?:类)?\s+(?P<holder>\S.*)$"
)


def entries_from_text(rows: Iterable[SourceRow], list_name: str, batch: str, region: str) -> Iterator[Entry]:
    """Rows of a list's PDF text: ``[序号] 商标 注册号 类别 注册人`` on one line (the attachments' layout);
    a line that does not read so is skipped (headers, titles, page numbers)."""
    for row in rows:
        found = _PDF_ROW.match(row.cells[0])
        if found is None:
            continue
        yield Entry(
            mark=found["mark"],
            holder=found["holder"].strip(),
            registration_no=found["reg"],
            classes=nice.parse_codes(found["cls"]),
            goods="",
            source=row.where,
            list_name=list_name,
            batch=batch,
            region=region or region_of(list_name),
        )


def read_entries(path: Path, list_name: str, batch: str = "", region: str = "") -> list[Entry]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return list(entries_from_text(pdf_lines(path), list_name, batch, region))
    if suffix == ".txt" and not _looks_tabular(path):
        return list(entries_from_text(text_lines(path), list_name, batch, region))
    return list(entries_from_table(read_table(path), list_name, batch, region))


def _looks_tabular(path: Path) -> bool:
    head = path.read_bytes()[:2000]
    return b"\t" in head.split(b"\n", 1)[0]


def _list_row(db: Session, name: str, batch: str, region: str, organisation_id: int | None) -> ProtectionList:
    found = db.scalar(
        select(ProtectionList).where(ProtectionList.name == name, ProtectionList.batch == batch)
    )
    if found is None:
        found = ProtectionList(name=name, batch=batch, region=region, organisation_id=organisation_id)
        db.add(found)
        db.flush()
    elif region and not found.region:
        found.region = region
    return found


def import_entries(
    db: Session,
    path: Path,
    list_name: str,
    *,
    batch: str = "",
    region: str = "",
    year: int | None = None,
    organisation_id: int | None = None,
) -> dict[str, Any]:
    """Import a batch file; entries already in the same list (same mark, holder, registration number) are
    not duplicated. Returns counts per list and what was left empty in the source."""
    list_name = " ".join(list_name.split())
    if not list_name:
        raise InvalidValue("give the list's name (--list), e.g. 上海市重点商标保护名录")
    entries = read_entries(path, list_name, batch, region)
    if not entries:
        raise InvalidValue(
            f"{path.name}: no list entries found (a mark column, or PDF lines of 商标 注册号 类别 注册人)"
        )
    added = skipped = 0
    per_list: dict[str, int] = {}
    for entry in entries:
        target = _list_row(db, entry.list_name, entry.batch, entry.region, organisation_id)
        if year is not None and target.year is None:
            target.year = year
        exists = db.scalar(
            select(ProtectedMark.id).where(
                ProtectedMark.list_id == target.id,
                ProtectedMark.mark == entry.mark,
                ProtectedMark.holder == entry.holder,
                ProtectedMark.registration_no == entry.registration_no,
            )
        )
        if exists is not None:
            skipped += 1
            continue
        db.add(
            ProtectedMark(
                list_id=target.id, mark=entry.mark, mark_normal=characters.normalise(entry.mark),
                holder=entry.holder, registration_no=entry.registration_no, classes=" ".join(entry.classes),
                goods=entry.goods, source=entry.source,
            )
        )  # fmt: skip
        added += 1
        key = f"{entry.list_name} {entry.batch}".strip()
        per_list[key] = per_list.get(key, 0) + 1
    db.flush()
    return {
        "file": path.name,
        "read": len(entries),
        "added": added,
        "already_listed": skipped,
        "lists": per_list,
        "without_registration_no": sum(1 for e in entries if not e.registration_no),
        "without_classes": sum(1 for e in entries if not e.classes),
    }


def import_batches(db: Session, path: Path, organisation_id: int | None = None) -> dict[str, Any]:
    """Register batch facts (list_batches.tsv layout: list_name, issuer, batch, published, document_no, marks,
    holders, notes, source) without entries."""
    rows = iter(read_table(path))
    header = next(rows, None)
    if header is None or not {c.strip() for c in header.cells} >= BATCH_HEADERS:
        raise InvalidValue(
            f"{path.name}: a batch file has the columns list_name, issuer, batch, published, document_no"
        )
    index = {c.strip(): i for i, c in enumerate(header.cells)}

    def cell(row: SourceRow, name: str) -> str:
        i = index.get(name)
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    count = 0
    for row in rows:
        name = cell(row, "list_name")
        if not name:
            continue
        target = _list_row(db, name, cell(row, "batch"), region_of(name), organisation_id)
        target.issuer = cell(row, "issuer") or target.issuer
        target.published = cell(row, "published") or target.published
        target.document_no = cell(row, "document_no") or target.document_no
        year = re.match(r"^(\d{4})", target.published or "")
        target.year = int(year.group(1)) if year else target.year
        marks = cell(row, "marks")
        target.declared_marks = int(marks) if marks.isdigit() else target.declared_marks
        target.source = "; ".join(p for p in (cell(row, "source"), f"{row.where}", cell(row, "notes")) if p)
        count += 1
    db.flush()
    return {"file": path.name, "batches": count}


# --------------------------------------------------------------------------- mutual recognition


def add_partner(
    db: Session, home: str, partner: str, basis: str = "", organisation_id: int | None = None
) -> dict[str, Any]:
    home, partner = home.strip(), partner.strip()
    if not home or not partner or home == partner:
        raise InvalidValue(
            "give two different regions: the home region and the partner whose lists it honours"
        )
    row = db.scalar(
        select(PartnerRegion).where(
            PartnerRegion.home_region == home, PartnerRegion.partner_region == partner
        )
    )
    if row is None:
        row = PartnerRegion(
            home_region=home, partner_region=partner, basis=basis, organisation_id=organisation_id
        )
        db.add(row)
    elif basis:
        row.basis = basis
    db.flush()
    return partner_view(row)


def partner_view(row: PartnerRegion) -> dict[str, Any]:
    return {"home_region": row.home_region, "partner_region": row.partner_region, "basis": row.basis}


def partners(db: Session, home: str | None = None) -> list[dict[str, Any]]:
    statement = select(PartnerRegion).order_by(PartnerRegion.home_region, PartnerRegion.partner_region)
    if home:
        statement = statement.where(PartnerRegion.home_region == home)
    return [partner_view(r) for r in db.scalars(statement)]


def _provenance(listed: ProtectionList, home: str | None, basis: dict[str, str]) -> dict[str, Any]:
    view: dict[str, Any] = {"list": listed.name, "batch": listed.batch, "region": listed.region,
                            "year": listed.year, "document_no": listed.document_no}  # fmt: skip
    if home:
        if listed.region == home:
            view["recognised"] = "local list"
        else:
            view["recognised"] = f"mutual recognition: {listed.region} → {home}"
            view["basis"] = basis.get(listed.region, "")
    return view


def honoured_lists(db: Session, home: str | None) -> tuple[list[ProtectionList], dict[str, str]]:
    """The lists honoured in ``home`` (its own and its partners'), or every list when no region is given."""
    every = list(db.scalars(select(ProtectionList).order_by(ProtectionList.name, ProtectionList.batch)))
    if not home:
        return every, {}
    basis = {
        r.partner_region: r.basis
        for r in db.scalars(select(PartnerRegion).where(PartnerRegion.home_region == home))
    }
    return [item for item in every if item.region == home or item.region in basis], basis


def entry_view(mark: ProtectedMark, listed: ProtectionList, home: str | None = None,
               basis: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "id": mark.id,
        "mark": mark.mark,
        "holder": mark.holder,
        "registration_no": mark.registration_no,
        "classes": mark.classes.split() if mark.classes else [],
        "goods": mark.goods,
        "source": mark.source,
        "provenance": _provenance(listed, home, basis or {}),
    }


def search(
    db: Session, text: str = "", *, region: str | None = None, page: int = 1, size: int = 50
) -> dict[str, Any]:
    """The public search: entries whose mark or holder contains ``text`` in the lists honoured in ``region``."""
    lists, basis = honoured_lists(db, region)
    by_id = {item.id: item for item in lists}
    if not by_id:
        return {"total": 0, "page": page, "size": size, "items": [], "region": region}
    statement = select(ProtectedMark).where(ProtectedMark.list_id.in_(by_id))
    needle = text.strip()
    if needle:
        normal = characters.normalise(needle)
        statement = statement.where(
            or_(ProtectedMark.mark_normal.contains(normal, autoescape=True),
                ProtectedMark.holder.contains(needle, autoescape=True))
        )  # fmt: skip
    total = db.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.scalars(statement.order_by(ProtectedMark.id).offset((page - 1) * size).limit(size))
    items = [entry_view(m, by_id[m.list_id], region, basis) for m in rows]
    return {"total": total, "page": page, "size": size, "items": items, "region": region}


def lists_overview(db: Session) -> list[dict[str, Any]]:
    counts = dict(
        db.execute(select(ProtectedMark.list_id, func.count()).group_by(ProtectedMark.list_id)).all()
    )
    return [
        {"id": item.id, "name": item.name, "batch": item.batch, "issuer": item.issuer, "region": item.region,
         "year": item.year, "published": item.published, "document_no": item.document_no,
         "declared_marks": item.declared_marks, "entries": counts.get(item.id, 0), "source": item.source}
        for item in db.scalars(select(ProtectionList).order_by(ProtectionList.name, ProtectionList.batch))
    ]  # fmt: skip


def similar_marks(
    db: Session,
    mark: str,
    classes: list[str],
    *,
    region: str | None = None,
    generic_names: Iterable[str] = (),
    include_dissimilar: bool = False,
    limit: int = 50,
) -> dict[str, Any]:
    """Candidates from the protected lists for a proposed mark, scored by the word-mark rules within the
    same or similar goods; entries whose list gives no class are compared as in the same goods (flagged)."""
    if not characters.normalise(mark):
        raise InvalidValue("the mark has no letters or characters to compare")
    lists, basis = honoured_lists(db, region)
    by_id = {item.id: item for item in lists}
    names = frozenset(generic_names)
    candidates = []
    if by_id:
        for entry in db.scalars(select(ProtectedMark).where(ProtectedMark.list_id.in_(by_id))):
            goods = nice.goods_relation(classes, entry.classes.split())
            verdict = similarity.compare(mark, entry.mark, goods, generic_names=names)
            if verdict.similar or (include_dissimilar and verdict.rules):
                view = entry_view(entry, by_id[entry.list_id], region, basis)
                view.update(similar=verdict.similar, score=verdict.score,
                            rules=[r.to_dict() for r in verdict.rules],
                            goods={"relation": goods.relation, "detail": goods.detail})  # fmt: skip
                candidates.append(view)
    candidates.sort(key=lambda c: (-c["score"], c["mark"]))
    return {"mark": mark, "classes": classes, "region": region, "candidates": candidates[:limit]}


def get_list(db: Session, list_id: int) -> ProtectionList:
    found = db.get(ProtectionList, list_id)
    if found is None:
        raise NotFound(f"no protection list {list_id}")
    return found


def watch_new_marks(
    db: Session, path: Path, *, region: str | None = None, generic_names: Iterable[str] = ()
) -> dict[str, Any]:
    """Newly filed or published marks (a table with a mark column, and classes and applicant when known)
    checked against the protected lists: each new mark with the protected marks it resembles."""
    names = frozenset(generic_names)
    flagged = []
    read = 0
    for entry in entries_from_table(read_table(path), "", "", ""):
        read += 1
        found = similar_marks(db, entry.mark, entry.classes, region=region, generic_names=names, limit=10)
        if found["candidates"]:
            flagged.append({"mark": entry.mark, "applicant": entry.holder, "classes": entry.classes,
                            "source": entry.source, "protected": found["candidates"]})  # fmt: skip
    return {"file": path.name, "read": read, "flagged": flagged, "region": region}
