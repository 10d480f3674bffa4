"""CN title + IPC subclass benchmark tables (chinese-patent-ipc-classifier).

Two files describe the same records:

* ``cn_title_ipc_subclass_folds1-4.tsv`` — ``publication_number``, ``title``, ``ipc_subclasses``
  (``|``-separated, e.g. ``A01M|G06F|H02G``), ``fold``.
* ``oof_predictions.csv`` — the source's out-of-fold results: ``dataset_row``, ``fold``,
  ``publication_numbers``, ``patent_title``, ``true_subclasses_all``, ``true_subclasses_benchmark``,
  ``predicted_subclasses``.

``ipc`` holds the true subclasses, normalised, in source order (the source gives no main symbol).
``extra['fold']`` keeps the fold. From the CSV, ``predicted_subclasses`` (a TF-IDF+SVM baseline, not
ground truth) and ``true_subclasses_benchmark`` and ``dataset_row`` go to ``extra`` only — a prediction is
never stored as a classification. There are no dates, parties or texts other than the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ipcenter.core.errors import InvalidValue
from ipcenter.corpus.models import PatentRecord, Provenance
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt, mapped
from ipcenter.ingest.readers.common import ipc_list, new_record
from ipcenter.ingest.textio import detect_encoding, iter_csv_rows, iter_lines

__all__ = ["READERS", "TitleIpcReader"]


class TitleIpcReader:
    """Both files: columns are found by name, the delimiter from the header line."""

    name = "cn-title-ipc"
    description = "CN publication titles with IPC subclasses (TSV folds / oof_predictions.csv)"

    #: source column → canonical role
    NUMBER = ("publication_number", "publication_numbers")
    TITLE = ("title", "patent_title")
    IPC = ("ipc_subclasses", "true_subclasses_all")
    EXTRA = ("fold", "dataset_row", "true_subclasses_benchmark", "predicted_subclasses")

    def _header(self, line: str) -> tuple[list[str], str] | None:
        line = line.lstrip("\ufeff").rstrip("\r\n")
        delim = "\t" if line.count("\t") >= line.count(",") and "\t" in line else ","
        cells = [c.strip() for c in line.split(delim)]
        if any(c in cells for c in self.NUMBER) and any(c in cells for c in self.IPC):
            return cells, delim
        return None

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8", errors="ignore").split("\n", 1)[0]
        return self._header(first) is not None

    def read(self, path: Path) -> Iterator[ReadItem]:
        encoding = detect_encoding(path)
        header: list[str] | None = None
        delim = ","
        lines = iter_lines(path, encoding)
        for _number, text, _error in lines:
            parsed = self._header(text)
            if parsed is None:
                raise UnreadableFile(
                    "first line is not a header with publication_number(s) and IPC subclasses"
                )
            header, delim = parsed
            break
        if header is None:
            raise UnreadableFile("file is empty")
        for position, cells, errors in iter_csv_rows(lines, delim, 2):
            if errors:
                yield ReadItem(position, error="; ".join(errors), raw=excerpt(delim.join(cells)) or None)
                continue
            if len(cells) != len(header):
                yield ReadItem(
                    position,
                    error=f"{len(cells)} cells, the header has {len(header)}",
                    raw=excerpt(delim.join(cells)),
                )
                continue
            row = dict(zip(header, cells, strict=True))
            item = mapped(position, partial(self._record, row), delim.join(cells))
            if item.record is not None:
                item.record.provenance = Provenance(str(path), self.name, position)
            yield item

    def _get(self, row: dict[str, str], names: tuple[str, ...]) -> str:
        for name in names:
            if row.get(name):
                return row[name].strip()
        return ""

    def _record(self, row: dict[str, str]) -> PatentRecord:
        number = self._get(row, self.NUMBER)
        if not number:
            raise InvalidValue("publication number is missing")
        record = new_record(
            number,
            country="CN",
            language="zh",
            title=self._get(row, self.TITLE) or None,
            ipc=ipc_list([s for s in re.split(r"\s*[|;]\s*", self._get(row, self.IPC)) if s]),
        )
        for name in self.EXTRA:
            if row.get(name, "").strip():
                record.extra[name] = row[name].strip()
        return record


READERS: list[Reader] = [TitleIpcReader()]
