"""What a report reads: the flat corpus tables, the SEI concordance, the award list and the population file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from ipcenter.corpus.store import Corpus
from ipcenter.stats import facts_cache
from ipcenter.stats.errors import StatsError
from ipcenter.stats.facts import SeiConcordance, load_awards, load_sei
from ipcenter.stats.models import StatsConfig


@dataclass
class StatsInputs:
    """The flat tables the SQL reads, with the versions of what they came from."""

    tables: dict[str, pa.Table | Path]
    corpus_version: str | None
    sei: SeiConcordance
    awards_count: int
    notes: list[str] = field(default_factory=list)
    latest_date: date | None = (
        None  # the latest date the corpus's data speaks of (filing, publication, grant, event)
    )


def load_inputs(
    corpus_dir: Path,
    data_dir: Path | None,
    config: StatsConfig,
    facts: Mapping[str, pa.Table] | None = None,
    *,
    use_cache: bool = True,
) -> StatsInputs:
    """The tables a report reads and the reference tables of ``data_dir``.

    From the corpus: the facts built once per corpus version and cached beside it (:mod:`facts_cache`);
    ``use_cache=False`` builds them in memory, flat tables included. Given ``facts`` (the flat tables), the
    derived tables are computed from them."""
    corpus = Corpus(corpus_dir)
    if facts is None and not corpus.exists:
        raise StatsError(f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest …)")
    if data_dir is None or not (data_dir / "sei-ipc-2021").is_dir():
        raise StatsError("the SEI concordance (sei-ipc-2021) was not found: give --data or IPCENTER_DATA")
    try:
        sei = load_sei(data_dir / "sei-ipc-2021")
    except FileNotFoundError as exc:
        raise StatsError(str(exc)) from None
    if facts is None:
        built, latest = facts_cache.corpus_tables(corpus, config, sei, use_cache=use_cache)
    else:
        built = {**facts, **facts_cache.derive_tables({**facts, **sei.tables})}
        latest = facts_cache.latest_date(facts.get("facts"))
    awards, n_awards = load_awards(data_dir / "china-patent-award")
    tables: dict[str, pa.Table | Path] = {**built, **sei.tables, "awards": awards}
    notes = [
        f"SEI concordance: {sei.version}; keyword rows match when a keyword term occurs in title/abstract/claims (UNCONFIRMED rule)",
        f"awards: {n_awards} award-winning patent numbers known (china-patent-award: partial lists; 国家科学技术奖 list not available)",
    ]
    version = corpus.version_label if corpus.exists else None
    return StatsInputs(tables, version, sei, n_awards, notes, latest)


def latest_date(facts: pa.Table | None) -> date | None:
    """The latest date the corpus's documents speak of: after it, the corpus knows no grant or lapse."""
    return facts_cache.latest_date(facts)


def default_population_file(data_dir: Path | None) -> Path | None:
    """The shared data set's population table (``population-hunan``), when the data directory has it."""
    if data_dir is None:
        return None
    path = data_dir / "population-hunan" / "hunan_resident_population.tsv"
    return path if path.is_file() else None
