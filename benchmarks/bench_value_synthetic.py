"""A labelled SYNTHETIC corpus for the value/navigation benchmark, written straight as corpus Parquet parts.

Every title starts with 【合成数据】, every row's source format is ``synthetic``, and the corpus directory holds
a SYNTHETIC.md. Shapes follow the real samples loosely: CN/US/EP/WO documents; A publications and B grants of
one application; 1–20 claims with dependencies; 1–5 IPC symbols across the WIPO fields; patent and NPL
citations with their origin, half of them to documents of the corpus (so forward citations, originality and
generality have something to count); family members abroad for a third; applicants from a pool with name
variants; Chinese and English titles and abstracts with effect phrases (提高…, reduce …).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ipcenter.corpus.schema import PATENT_SCHEMA, SCHEMA_VERSION

LABEL = "【合成数据】"
SUBCLASSES = [
    "A21D",
    "A23L",
    "A47J",
    "A61B",
    "A61K",
    "B01D",
    "B60L",
    "B65D",
    "C07D",
    "C08L",
    "C12N",
    "E04B",
    "F16H",
    "G01N",
    "G06F",
    "G06Q",
    "G06T",
    "H01L",
    "H01M",
    "H04L",
    "H04N",
    "H04W",
]
EFFECTS_ZH = (
    "提高效率",
    "降低成本",
    "减少能耗",
    "提高精度",
    "延长寿命",
    "简化结构",
    "提升安全性",
    "降低噪音",
)
EFFECTS_EN = (
    "improve efficiency",
    "reduce cost",
    "reduce energy consumption",
    "improve accuracy",
    "extend life",
)
WORDS_ZH = [
    "电池",
    "电极",
    "图像",
    "传感器",
    "控制",
    "数据",
    "网络",
    "食品",
    "面团",
    "包装",
    "车辆",
    "电机",
    "材料",
    "涂层",
    "算法",
    "信号",
    "结构",
    "模块",
    "阀门",
    "芯片",
]
WORDS_EN = [
    "battery",
    "electrode",
    "image",
    "sensor",
    "control",
    "data",
    "network",
    "food",
    "dough",
    "package",
    "vehicle",
    "motor",
    "material",
    "coating",
]
COMPANIES = (
    "华星科技有限公司",
    "ACME CORP",
    "Acme Corporation",
    "长沙智造股份有限公司",
    "NOVA GMBH",
    "Nova GmbH",
)


def _dates(rng: np.random.Generator, n: int, start: date, end: date) -> np.ndarray:
    lo, hi = (start - date(1970, 1, 1)).days, (end - date(1970, 1, 1)).days
    return rng.integers(lo, hi, n).astype("datetime64[D]")


def _list(offsets: np.ndarray, values: pa.Array | pa.ChunkedArray) -> pa.ListArray:
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), _one(values))


def _arr(values: object, type_: pa.DataType | None = None) -> pa.Array:
    return _one(pa.array(values, type_))


def _one(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """pyarrow makes a chunked array of a large string input: the list and struct builders need one array."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _lengths_to_offsets(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def generate(n: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    # applications: 15 % of inventions have an A publication and a B grant (two documents)
    kinds = rng.choice(["invention", "utility_model", "design"], n, p=[0.55, 0.40, 0.05])
    office = rng.choice(["CN", "US", "EP", "WO"], n, p=[0.8, 0.1, 0.06, 0.04])
    serial = np.arange(n)
    twin = (kinds == "invention") & (rng.random(n) < 0.15) & (serial > 0)
    app_serial = np.where(twin, serial - 1, serial)  # a twin shares the previous document's application
    kind_code = np.where(
        kinds == "invention", np.where(twin, "B", "A"), np.where(kinds == "utility_model", "U", "S")
    )
    pub = np.char.add(
        np.char.add(office.astype(str), (100000000 + serial).astype(str)), kind_code.astype(str)
    )
    app = np.char.add(office.astype(str), (2000000000 + app_serial).astype(str))
    filing = _dates(rng, n, date(2000, 1, 1), date(2024, 6, 30))
    filing[twin] = filing[np.flatnonzero(twin) - 1]
    publication = filing + rng.integers(180, 900, n).astype("timedelta64[D]")
    granted = twin | (kinds != "invention") & (rng.random(n) < 0.9)
    grant = np.where(
        granted, filing + rng.integers(300, 1500, n).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    status = rng.choice(["in_force", "lapsed", "pending", "unknown"], n, p=[0.45, 0.3, 0.1, 0.15])

    # claims: 1–20, claim 1 and about a fifth of the others independent
    n_claims = np.where(kinds == "design", 0, np.clip(rng.geometric(0.12, n), 1, 20))
    total = int(n_claims.sum())
    offsets = _lengths_to_offsets(n_claims)
    claim_no = np.arange(total) - np.repeat(offsets[:-1], n_claims) + 1
    dependent = (claim_no > 1) & (rng.random(total) > 0.2)
    dep_values = _arr(np.ones(int(dependent.sum()), dtype=np.int32))
    dep_lists = _list(_lengths_to_offsets(dependent.astype(np.int64)), dep_values)
    claims = pa.StructArray.from_arrays(
        [
            _arr(claim_no.astype(np.int32)),
            _arr(np.full(total, "一种合成权利要求"), pa.string()),
            dep_lists,
            pa.nulls(total, pa.string()),
        ],
        fields=list(PATENT_SCHEMA.field("claims").type.value_type),
    )

    # IPC: 1–5 symbols
    n_ipc = np.where(kinds == "design", 0, rng.integers(1, 6, n))
    sym = np.char.add(
        np.char.add(
            rng.choice(SUBCLASSES, int(n_ipc.sum())).astype(str),
            rng.integers(1, 40, int(n_ipc.sum())).astype(str),
        ),
        np.char.add("/", rng.choice(["00", "02", "10", "12", "30"], int(n_ipc.sum())).astype(str)),
    )
    ipc = _list(_lengths_to_offsets(n_ipc), _arr(sym, pa.string()))

    # citations: 0–15; half to documents of the corpus (published earlier numbers), the rest outside
    n_cit = np.where(rng.random(n) < 0.7, rng.integers(0, 16, n), 0)
    total_c = int(n_cit.sum())
    citing = np.repeat(serial, n_cit)
    inside = rng.random(total_c) < 0.5
    target = np.where(inside, (citing * rng.random(total_c)).astype(np.int64), 0)
    cited = np.where(
        inside, np.char.add(np.char.add(office[target].astype(str), (100000000 + target).astype(str)), "A"),
        np.char.add("JP", (5000000 + rng.integers(0, 10**6, total_c)).astype(str)),
    )  # fmt: skip
    npl = rng.random(total_c) < 0.1
    citations = pa.StructArray.from_arrays(
        [
            _arr(np.where(npl, None, cited), pa.string()),
            _arr(np.where(npl, "npl", "patent"), pa.string()),
            pa.nulls(total_c, pa.string()),
            _arr(rng.choice(["examiner", "applicant", "search_report"], total_c), pa.string()),
            pa.nulls(total_c, pa.date32()),
            _arr(np.where(npl, "J. Synth. 1 (2020)", None), pa.string()),
        ],
        fields=list(PATENT_SCHEMA.field("citations").type.value_type),
    )
    # family members abroad for a third
    n_fam = np.where(rng.random(n) < 0.33, rng.integers(1, 5, n), 0)
    fam = np.char.add(
        rng.choice(["US", "EP", "JP", "KR", "CN"], int(n_fam.sum())).astype(str),
        rng.integers(10**6, 10**7, int(n_fam.sum())).astype(str),
    )
    # applicants: one from a pool of 20,000 (a few with name variants), inventors 1–4 from 100,000
    owner = rng.integers(0, 20000, n)
    names = np.where(
        owner < 6, np.array(COMPANIES)[np.minimum(owner, 5)], np.char.add("合成申请人", owner.astype(str))
    )
    party_type = list(PATENT_SCHEMA.field("applicants").type.value_type)
    applicants = _list(
        np.arange(n + 1),
        pa.StructArray.from_arrays(
            [_arr(names, pa.string()), _arr(np.full(n, "enterprise"), pa.string()), pa.nulls(n, pa.string()),
             _arr(np.where(office == "CN", "CN", office), pa.string()),
             _arr(np.where(office == "CN", rng.choice(["湖南省", "广东省", "北京市"], n), None), pa.string()),
             _arr(np.where(office == "CN", rng.choice(["长沙市", "深圳市", "北京市"], n), None), pa.string()),
             pa.nulls(n, pa.string()), pa.nulls(n, pa.string())],
            fields=party_type,
        ),
    )  # fmt: skip
    n_inv = rng.integers(1, 5, n)
    inventors = _list(
        _lengths_to_offsets(n_inv),
        _arr(np.char.add("发明人", rng.integers(0, 100000, int(n_inv.sum())).astype(str))),
    )
    zh = office == "CN"
    w1, w2 = rng.choice(WORDS_ZH, n), rng.choice(WORDS_ZH, n)
    e1, e2 = rng.choice(WORDS_EN, n), rng.choice(WORDS_EN, n)
    title = np.where(
        zh,
        np.char.add(np.char.add(LABEL + "一种", np.char.add(w1, w2)), "装置"),
        np.char.add(np.char.add(LABEL + "Synthetic ", np.char.add(e1, " ")), e2),
    )
    abstract = np.where(
        zh, np.char.add(np.char.add("本发明涉及", w1), np.char.add("，能够", rng.choice(EFFECTS_ZH, n))),
        np.char.add(np.char.add("A synthetic ", e1), np.char.add(" that can ", rng.choice(EFFECTS_EN, n))),
    )  # fmt: skip
    counts = rng.random(n) < 0.05
    source = pa.StructArray.from_arrays(
        [_arr(np.full(n, "synthetic"), pa.string()), _arr(np.full(n, "synthetic"), pa.string()),
         _arr(np.char.add("row ", serial.astype(str))), pa.nulls(n, pa.timestamp("us", tz="UTC")), pa.nulls(n, pa.string())],
        fields=list(PATENT_SCHEMA.field("sources").type.value_type),
    )  # fmt: skip
    columns = {
        "publication_number": _arr(pub, pa.string()),
        "country": _arr(office, pa.string()),
        "kind": _arr(kind_code, pa.string()),
        "application_number": _arr(app, pa.string()),
        "patent_type": _arr(kinds, pa.string()),
        "filing_date": _arr(filing, pa.date32()),
        "publication_date": _arr(publication, pa.date32()),
        "grant_date": _arr(grant, pa.date32()),
        "title": _arr(title, pa.string()),
        "abstract": _arr(abstract, pa.string()),
        "claims": _list(offsets, claims),
        "ipc": ipc,
        "applicants": applicants,
        "inventors": inventors,
        "legal_status": _arr(status, pa.string()),
        "citations": _list(_lengths_to_offsets(n_cit), citations),
        "cited_by_count": _arr(np.where(rng.random(n) < 0.3, rng.integers(0, 50, n), None), pa.int32()),
        "family_members": _list(_lengths_to_offsets(n_fam), _arr(fam, pa.string())),
        "family_size": _arr(np.where(n_fam > 0, n_fam + 1, None), pa.int32()),
        "transfer_count": _arr(np.where(counts, rng.integers(0, 3, n), None), pa.int32()),
        "licence_count": _arr(np.where(counts, rng.integers(0, 2, n), None), pa.int32()),
        "pledge_count": _arr(np.where(counts, rng.integers(0, 2, n), None), pa.int32()),
        "sources": _list(np.arange(n + 1), source),
    }
    arrays = [columns[f.name] if f.name in columns else pa.nulls(n, f.type) for f in PATENT_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=PATENT_SCHEMA)


def write_corpus(root: Path, n: int, parts: int = 10, seed: int = 0) -> Path:
    """A corpus directory (manifest + parts) holding ``n`` synthetic documents."""
    (root / "parts").mkdir(parents=True, exist_ok=True)
    table = generate(n, seed)
    names = []
    step = -(-n // parts)
    for i in range(parts):
        name = f"parts/part-synthetic-{i:03d}.parquet"
        pq.write_table(table.slice(i * step, step), root / name, compression="zstd")
        names.append(name)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "version": 1,
        "parts": names,
        "records": n,
        "updated_at": datetime(2025, 12, 31, tzinfo=UTC).isoformat(),
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (root / "SYNTHETIC.md").write_text(
        f"# SYNTHETIC corpus\n\n{n} generated documents (benchmarks/bench_value_synthetic.py, seed {seed});"
        " titles start with 【合成数据】. Not real patents.\n",
        encoding="utf-8",
    )
    return root
