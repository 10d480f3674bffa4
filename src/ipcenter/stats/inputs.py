"""What a report reads: the flat corpus tables, the SEI concordance, the award list and the population file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ipcenter.corpus.store import Corpus
from ipcenter.stats.errors import StatsError
from ipcenter.stats.facts import SeiConcordance, corpus_facts, load_awards, load_sei
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
    corpus_dir: Path, data_dir: Path | None, config: StatsConfig, facts: Mapping[str, pa.Table] | None = None
) -> StatsInputs:
    """The corpus flattened for the SQL (unless ``facts`` are given) and the reference tables of ``data_dir``."""
    corpus = Corpus(corpus_dir)
    if facts is None:
        if not corpus.exists:
            raise StatsError(f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest …)")
        facts = corpus_facts(corpus, config)
    if data_dir is None or not (data_dir / "sei-ipc-2021").is_dir():
        raise StatsError("the SEI concordance (sei-ipc-2021) was not found: give --data or IPCENTER_DATA")
    try:
        sei = load_sei(data_dir / "sei-ipc-2021")
    except FileNotFoundError as exc:
        raise StatsError(str(exc)) from None
    awards, n_awards = load_awards(data_dir / "china-patent-award")
    tables: dict[str, pa.Table | Path] = {**facts, **sei.tables, "awards": awards}
    notes = [
        f"SEI concordance: {sei.version}; keyword rows match when a keyword term occurs in title/abstract/claims (UNCONFIRMED rule)",
        f"awards: {n_awards} award-winning patent numbers known (china-patent-award: partial lists; 国家科学技术奖 list not available)",
    ]
    version = corpus.version_label if corpus.exists else None
    return StatsInputs(tables, version, sei, n_awards, notes, latest_date(facts.get("facts")))


#: The dates of the facts that record something that happened (a lapse date may be a term's end to come).
DATA_DATE_COLUMNS = ("filing_date", "publication_date", "grant_date", "event_lapse_date")


def latest_date(facts: pa.Table | None) -> date | None:
    """The latest date the corpus's documents speak of: after it, the corpus knows no grant or lapse."""
    if facts is None:
        return None
    found = [
        pc.max(facts[c]).as_py() for c in DATA_DATE_COLUMNS if c in facts.column_names and len(facts) > 0
    ]
    dates = [d for d in found if isinstance(d, date)]
    return max(dates) if dates else None


def default_population_file(data_dir: Path | None) -> Path | None:
    """The shared data set's population table (``population-hunan``), when the data directory has it."""
    if data_dir is None:
        return None
    path = data_dir / "population-hunan" / "hunan_resident_population.tsv"
    return path if path.is_file() else None
