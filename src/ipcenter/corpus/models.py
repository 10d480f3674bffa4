"""The canonical patent record: one model for every source format (documented in docs/record.md).

Readers build :class:`PatentRecord`; the corpus stores it as one Parquet row (schema in ``schema.py``).
Keys: ``publication_number`` (normalised, e.g. ``CN114081026A``) identifies a document; documents of the
same application (A publication and B grant) share ``application_number``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(slots=True)
class Claim:
    number: int
    text: str
    depends_on: list[int] = field(default_factory=list)  # claims this one refers to
    lang: str | None = None


@dataclass(slots=True)
class Party:
    """An applicant, current patentee (当前权利人) or inventor."""

    name: str
    type: str | None = (
        None  # applicant type: university / research_institute / enterprise / government / individual
    )
    address: str | None = None
    country: str | None = None  # ISO 3166 alpha-2 ('CN', 'US', 'HK', 'TW', …)
    province: str | None = None  # 省 (for CN, HK, MO, TW)
    city: str | None = None  # 地级市 / 自治州
    district: str | None = None  # 区 / 县
    division_code: str | None = None  # 6-digit administrative division code (adcode)


@dataclass(slots=True)
class LegalEvent:
    date: date | None
    code: str | None  # e.g. CN 'C14', 'C17'
    description: str | None  # e.g. '授权', '专利权有效期届满'


@dataclass(slots=True)
class Citation:
    """A cited document. ``number`` is normalised when it parses, else kept as given; NPL has ``text``."""

    number: str | None = None
    kind: str | None = None  # 'patent' or 'npl'
    category: str | None = None  # X / Y / A … (search report) or USPTO 'cited by examiner' etc.
    cited_by: str | None = None  # examiner / applicant / third_party / search_report
    date: date | None = None
    text: str | None = None  # non-patent literature text


@dataclass(slots=True)
class Priority:
    country: str | None
    number: str | None
    date: date | None


@dataclass(slots=True)
class Provenance:
    source_file: str
    source_format: str
    position: str  # 'line 12', 'row 5', 'document 3 (byte 1234)'
    ingested_at: datetime | None = None


@dataclass(slots=True)
class PatentRecord:
    publication_number: str  # normalised: country + number + kind
    country: str
    kind: str | None = None
    application_number: str | None = None  # CN: '200710308494.X'; others: country + number
    patent_type: str | None = None  # invention / utility_model / design / plant
    family_id: str | None = None
    priorities: list[Priority] = field(default_factory=list)
    filing_date: date | None = None
    publication_date: date | None = None
    grant_date: date | None = None
    lapse_date: date | None = None  # 失效日期
    language: str | None = None  # main language of title/abstract/claims ('zh', 'en', 'de', 'fr')
    title: str | None = None
    title_en: str | None = None
    abstract: str | None = None
    claims: list[Claim] = field(default_factory=list)
    claims_other_languages: list[Claim] = field(default_factory=list)  # e.g. EP B claims in DE/FR
    description: str | None = None
    ipc: list[str] = field(default_factory=list)  # normalised, main symbol first
    cpc: list[str] = field(default_factory=list)
    applicants: list[Party] = field(default_factory=list)
    patentees: list[Party] = field(default_factory=list)  # current rights holders when the source says
    inventors: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    legal_status_raw: str | None = None  # as the source wrote it ('有权-审定授权', 'ACTIVE', …)
    legal_status: str | None = None  # derived now: in_force / lapsed / pending / unknown
    legal_events: list[LegalEvent] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    cited_by_count: int | None = None
    family_members: list[str] = field(default_factory=list)
    family_size: int | None = None
    transfer_count: int | None = None
    licence_count: int | None = None
    pledge_count: int | None = None
    extra: dict[str, str] = field(default_factory=dict)  # source columns with no canonical field
    provenance: Provenance | None = None

    # ------------------------------------------------------------------ conversion

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts and lists (like ``dataclasses.asdict``, without its deep copies: ~5x faster)."""
        plain: dict[str, Any] = _plain(self)
        return plain

    def content_hash(self) -> str:
        """Hash of the source content: everything except provenance and the derived ``legal_status``
        (derived as of a day, so it must not make yesterday's input look new)."""
        return content_hash_of(self.to_dict())


def content_hash_of(data: dict[str, Any]) -> str:
    """Content hash of a record's :meth:`PatentRecord.to_dict` (provenance and derived status left out)."""
    content = {k: v for k, v in data.items() if k not in ("provenance", "legal_status")}
    return hashlib.sha1(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, dict):
        return dict(value)
    return value


#: Fields whose emptiness means "this source does not know" (merge keeps the stored value).
def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}
