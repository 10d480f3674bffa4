"""REST API of the stats domain: one indicator's official table (the JSON of `ipcenter stats <indicator>
--format json`), its CSV/XLSX download, and the monthly trend of valid inventions.

Statistics are computed from the served corpus version (``dataset=corpus``) or from the stats demo's synthetic
61-column export (``dataset=demo``: the 2025-07 Hunan table at 1/100 scale that `ipcenter demo` ingests into
``<demo>/stats/synthetic/corpus``), since the real samples hold almost no Hunan patent. Inputs load once per
corpus version (`CorpusVersion.shared`) and every computed table is cached with them (`StatsCache`).
"""

from __future__ import annotations

import calendar
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ipcenter import config
from ipcenter.accounts.policy import Public
from ipcenter.errors import InvalidValue, Unavailable
from ipcenter.platform.deps import Platform, platform
from ipcenter.platform.downloads import CSV, XLSX, file_responses
from ipcenter.stats import indicators, output, service
from ipcenter.stats.demo import AS_OF as DEMO_AS_OF
from ipcenter.stats.errors import MissingPopulation
from ipcenter.stats.models import StatsConfig, StatsTable

router = APIRouter(tags=["stats"])

EARLIEST = date(1985, 4, 1)  # the Patent Law in force: nothing is valid before
LATEST = date(2100, 12, 31)
CACHED_TABLES = 512  # per corpus version; a table is a few kilobytes


class IndicatorName(StrEnum):
    valid_inventions = "valid-inventions"
    high_value = "high-value"
    sei = "sei"


class Level(StrEnum):
    province = "province"
    city = "city"
    district = "district"


class Dataset(StrEnum):
    corpus = "corpus"  # the corpus this server serves
    demo = "demo"  # the stats demo's synthetic export (1/100 of the official 2025-07 Hunan table)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


AsOf = Annotated[
    date | None,
    Query(description="Cut-off date YYYY-MM-DD (default: today; the demo data set: 2025-07-31)."),
]
Within = Annotated[
    str | None,
    Query(
        max_length=40, description="Region: 湖南省, 长沙市, a district, 长株潭; empty = the whole country."
    ),
]
LevelQuery = Annotated[
    Level | None, Query(description="Rows by province, city or district (default: one below).")
]
DatasetQuery = Annotated[Dataset, Query(description="corpus (served) or demo (synthetic, 1/100 scale).")]
AllowMissingPopulation = Annotated[
    bool,
    Query(
        description="Report regions without a population figure as warnings, their density and rank left "
        "empty, instead of answering 400 (the CLI's --allow-missing-population)."
    ),
]
#: How an API caller gets past a missing population figure (the server's population file is fixed).
API_REMEDY = (
    "the server's population file has no figure for them; ask again with allow_missing_population=true to "
    "get the counts without their density and rank"
)


# --------------------------------------------------------------------------- inputs and cached tables


@dataclass
class StatsSource:
    """What one data set's statistics are computed from."""

    dataset: str
    corpus_dir: Path
    inputs: service.StatsInputs
    population_file: Path | None
    default_as_of: date


@dataclass
class StatsCache:
    """The data sets' inputs and the tables computed from them, for one served corpus version."""

    settings_data_dir: Path | None
    corpus_dir: Path
    sources: dict[Any, Any] = field(default_factory=dict)  # data set → StatsSource (a few, never evicted)
    tables: OrderedDict[Any, Any] = field(default_factory=OrderedDict)  # least recently used first
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: dict[Any, threading.Lock] = field(default_factory=dict)

    def once(self, key: Any, build: Callable[[], Any], *, store: str = "tables") -> Any:
        """``build()`` once per key even under concurrent requests (the others wait for it), then kept;
        tables beyond `CACHED_TABLES` are dropped least recently used first."""
        kept: dict[Any, Any] = getattr(self, store)
        with self.lock:
            if key in kept:
                if isinstance(kept, OrderedDict):
                    kept.move_to_end(key)
                return kept[key]
            guard = self.building.setdefault(key, threading.Lock())
        with guard:
            with self.lock:
                if key in kept:
                    return kept[key]
            value = build()
            with self.lock:
                kept[key] = value
                while len(self.tables) > CACHED_TABLES:
                    self.tables.popitem(last=False)
                self.building.pop(key, None)
            return value


def data_dir_of(state: Platform) -> Path | None:
    return state.settings.data_dir or config.data_dir()


def demo_corpus_dir(corpus_dir: Path) -> Path:
    """Where `ipcenter demo` puts the stats step's synthetic corpus: beside the demo's own corpus."""
    return corpus_dir.parent / "stats" / "synthetic" / "corpus"


def has_demo_dataset(corpus_dir: Path) -> bool:
    return (demo_corpus_dir(corpus_dir) / "manifest.json").is_file()


def stats_cache(state: Platform) -> StatsCache:
    current = state.corpus.current()
    return current.shared("stats.cache", lambda corpus: StatsCache(data_dir_of(state), corpus.root))


def source(cache: StatsCache, dataset: str) -> StatsSource:
    def load() -> StatsSource:
        data_dir = cache.settings_data_dir
        if dataset == Dataset.demo:
            root = demo_corpus_dir(cache.corpus_dir)
            if not (root / "manifest.json").is_file():
                raise Unavailable(
                    f"the demo data set is not here ({root}): `ipcenter demo` writes it beside its corpus"
                )
            default = DEMO_AS_OF
        else:
            root, default = cache.corpus_dir, date.today()
        inputs = service.load_inputs(root, data_dir, StatsConfig())
        return StatsSource(dataset, root, inputs, service.default_population_file(data_dir), default)

    found: StatsSource = cache.once(dataset, load, store="sources")
    return found


def _check_as_of(as_of: date) -> date:
    if not EARLIEST <= as_of <= LATEST:
        raise InvalidValue(
            f"as_of {as_of.isoformat()} is outside {EARLIEST.isoformat()}…{LATEST.isoformat()}"
        )
    return as_of


def compute_table(
    cache: StatsCache,
    indicator: str,
    as_of: date | None,
    within: str | None,
    level: str | None,
    dataset: str,
    *,
    allow_missing_population: bool = False,
) -> StatsTable:
    """One indicator's table (cached per corpus version and arguments). Regions without a population figure
    are refused (`MissingPopulation`, 400) unless ``allow_missing_population``, as at the command line."""
    src = source(cache, dataset)
    cutoff = _check_as_of(as_of or src.default_as_of)
    within = (within or "").strip() or None
    name = indicators.get(indicator).name

    def build() -> StatsTable:
        try:
            return service.compute(
                name, src.inputs, cutoff, within=within, level=level, population_file=src.population_file,
                allow_missing_population=allow_missing_population,
            )  # fmt: skip
        except MissingPopulation as exc:  # the CLI's remedy names its options: say the API's instead
            raise MissingPopulation(exc.problems, API_REMEDY) from None

    key = ("table", dataset, name, cutoff, within, level, allow_missing_population)
    table: StatsTable = cache.once(key, build)
    return table


def month_ends(as_of: date, months: int) -> list[date]:
    """``months`` month-ends ending with ``as_of`` itself (the last point is the as-of date)."""
    points = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        first = date(year, month, 1)
        previous = first - timedelta(days=1)
        year, month = previous.year, previous.month
        points.append(date(year, month, calendar.monthrange(year, month)[1]))
    return [p for p in reversed(points) if p >= EARLIEST]


def trend(
    cache: StatsCache, as_of: date | None, within: str | None, level: str | None, dataset: str, months: int
) -> list[dict[str, Any]]:
    """The total valid inventions inside the region at each month-end (`service.valid_invention_trend`)."""
    src = source(cache, dataset)
    cutoff = _check_as_of(as_of or src.default_as_of)
    within = (within or "").strip() or None
    points = []
    for d in month_ends(cutoff, months):

        def build(d: date = d) -> dict[str, Any]:
            found = service.valid_invention_trend(
                src.inputs, [d], within=within, level=level, config=StatsConfig()
            )
            return found[0]

        points.append(cache.once(("trend", dataset, d, within, level), build))
    return points


def attachment(body: bytes, filename: str, media_type: str) -> Response:
    """A download whose (possibly Chinese) file name survives every browser (RFC 6266 filename*)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


def table_download(table: StatsTable, fmt: str, lang: str) -> Response:
    stem = f"{indicators.get(table.indicator).command}-{table.within or 'CN'}-{table.as_of.isoformat()}"
    if fmt == ExportFormat.xlsx:
        with tempfile.TemporaryDirectory(prefix="ipcenter-stats-") as tmp:
            path = Path(tmp) / "table.xlsx"
            output.write_xlsx(table, path, lang)
            body = path.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return attachment(body, f"{stem}.xlsx", media)
    text = output.to_csv(table, lang)
    return attachment(("\ufeff" + text).encode("utf-8"), f"{stem}.csv", "text/csv; charset=utf-8")


# --------------------------------------------------------------------------- routes


@router.get("/stats/trend")
def get_trend(
    request: Request,
    who: Public,
    as_of: AsOf = None,
    within: Within = None,
    level: LevelQuery = None,
    dataset: DatasetQuery = Dataset.corpus,
    months: Annotated[int, Query(ge=1, le=36, description="Month-ends ending at as_of.")] = 12,
) -> list[dict[str, Any]]:
    """Valid invention patents inside the region at each month-end: ``[{"as_of", "valid_invention_total"}]``."""
    cache = stats_cache(platform(request))
    return trend(cache, as_of, within, level.value if level else None, dataset.value, months)


@router.get("/stats/{indicator}")
def get_indicator(
    indicator: IndicatorName,
    request: Request,
    who: Public,
    as_of: AsOf = None,
    within: Within = None,
    level: LevelQuery = None,
    dataset: DatasetQuery = Dataset.corpus,
    allow_missing_population: AllowMissingPopulation = False,
) -> dict[str, Any]:
    """One indicator's official table: the JSON of `ipcenter stats <indicator> --format json`."""
    table = compute_table(
        stats_cache(platform(request)), indicator.value, as_of, within, level.value if level else None,
        dataset.value, allow_missing_population=allow_missing_population,
    )  # fmt: skip
    return output.table_json(table)


@router.get("/stats/{indicator}/export", response_class=Response, responses=file_responses(CSV, XLSX))
def export_indicator(
    indicator: IndicatorName,
    request: Request,
    who: Public,
    format: Annotated[ExportFormat, Query(description="csv or xlsx (the official table layout).")],
    as_of: AsOf = None,
    within: Within = None,
    level: LevelQuery = None,
    dataset: DatasetQuery = Dataset.corpus,
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
    allow_missing_population: AllowMissingPopulation = False,
) -> Response:
    """The official table as a CSV or XLSX download, with its provenance lines."""
    table = compute_table(
        stats_cache(platform(request)), indicator.value, as_of, within, level.value if level else None,
        dataset.value, allow_missing_population=allow_missing_population,
    )  # fmt: skip
    return table_download(table, format.value, lang)
