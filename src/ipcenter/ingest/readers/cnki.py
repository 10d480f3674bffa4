"""CNKI patent citation exports (GB/T 7714 style text) and their parsed TSV form.

Raw text (``CNKI-*.txt``), one citation per line, blank lines between::

    [16]陶永光,毛超,王敏,刘双. 长链非编码RNA…的应用[P]. 湖南：CN108192973A,2018-06-22.

i.e. ``[seq]inventors. title[P]. region：publication number,publication date.`` A citation with many
inventors is sometimes broken across two or three lines by the export; a line that does not start with
``[n]`` continues the citation above and is joined to it (the derived TSV skipped these; this reader keeps
them). The encoding is detected (the real files are UTF-8 with CRLF; GB18030 and BOMs are handled).

Parsed TSV (``source_file, seq, inventors, title, region, publication_number, publication_date``).

Mapping: title, inventors (comma separated), publication number (normalised; pre-2007 numbers such as
``CN1232467`` have no kind letter and keep none), publication date. ``region`` is CNKI's 国省 field — a
Chinese province (``湖南``) for domestic applicants or the applicant's country (``美国``) — and there is no
applicant name to attach it to, so it goes to ``extra['region']``; the record's ``country`` comes from the
publication number (always CN here). No applicants, IPC, abstract or legal data exist in this source.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ipcenter.corpus.models import PatentRecord, Provenance
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt, mapped
from ipcenter.ingest.readers.common import new_record, optional_date
from ipcenter.ingest.textio import detect_encoding, iter_lines

__all__ = ["CITATION", "READERS", "CnkiCitationTextReader", "CnkiParsedTsvReader"]

CITATION = re.compile(
    r"^\[(?P<seq>\d+)\](?P<inventors>.*?)\.\s(?P<title>.*)\[P\]\.\s*(?P<region>[^：:]*)[：:]\s*"
    r"(?P<number>[A-Z]{2}[0-9A-Z]+)\s*[,，]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})\.?\s*$"
)
_START = re.compile(r"^\s*\[\d+\]")
#: a citation spread over more lines than this is not a broken line but a broken file
MAX_CONTINUATION_LINES = 5
TSV_COLUMNS = ("source_file", "seq", "inventors", "title", "region", "publication_number", "publication_date")


def _record(
    *,
    number: str,
    title: str,
    inventors: str,
    region: str,
    when: str,
    path: Path,
    source_format: str,
    position: str,
) -> PatentRecord:
    record = new_record(
        number,
        language="zh",
        title=title.strip() or None,
        publication_date=optional_date(when),
        inventors=[n.strip() for n in re.split(r"[,，;；]", inventors) if n.strip()],
    )
    if region.strip():
        record.extra["region"] = region.strip()
    record.provenance = Provenance(str(path), source_format, position)
    return record


class CnkiCitationTextReader:
    name = "cnki-citation-text"
    description = "CNKI patent citation export, GB/T 7714 text ([n]inventors. title[P]. region：number,date.)"

    def sniff(self, path: Path, head: bytes) -> bool:
        try:
            enc = detect_encoding(path, head)
        except UnreadableFile:
            return False
        text = head.decode("utf-8" if enc == "utf-8-sig" else enc, errors="ignore").lstrip("\ufeff")
        lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
        return bool(lines) and _START.match(lines[0]) is not None and "[P]." in text

    def read(self, path: Path) -> Iterator[ReadItem]:
        encoding = detect_encoding(path)
        buffer: list[str] = []
        first_line = last_line = 0
        errors: list[str] = []
        seen_start = False
        for number, text, error in iter_lines(path, encoding):
            line = text.rstrip("\r\n")
            if not line.strip():
                continue
            if _START.match(line):
                if buffer:
                    yield self._item(buffer, first_line, last_line, errors, path)
                buffer, first_line, errors = [line.strip()], number, []
                seen_start = True
            elif buffer and len(buffer) <= MAX_CONTINUATION_LINES:
                buffer.append(line.strip())  # a citation broken across lines by the export
            else:
                if buffer:
                    yield self._item(buffer, first_line, last_line, errors, path)
                    buffer = []
                yield ReadItem(
                    f"line {number}",
                    error="line is not a citation ('[n]…') and does not continue one",
                    raw=excerpt(line),
                )
                continue
            last_line = number
            if error:
                errors.append(error)
        if buffer:
            yield self._item(buffer, first_line, last_line, errors, path)
        if not seen_start:
            raise UnreadableFile("no '[n]' citation lines: not a CNKI citation export")

    def _item(self, lines: list[str], first: int, last: int, errors: list[str], path: Path) -> ReadItem:
        position = f"line {first}" if first == last else f"lines {first}-{last}"
        text = "".join(lines)
        if errors:
            return ReadItem(position, error="; ".join(errors), raw=excerpt(text))
        m = CITATION.match(text)
        if m is None:
            return ReadItem(
                position,
                error="citation is not '[n]inventors. title[P]. region：number,date.'",
                raw=excerpt(text),
            )
        position += f" [{m['seq']}]"
        return mapped(
            position,
            partial(
                _record,
                number=m["number"],
                title=m["title"],
                inventors=m["inventors"],
                region=m["region"],
                when=m["date"],
                path=path,
                source_format=self.name,
                position=position,
            ),
            text,
        )


class CnkiParsedTsvReader:
    name = "cnki-citations-tsv"
    description = "CNKI patent citations parsed to TSV (source_file, seq, inventors, title, region, …)"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0].strip("\r")
        return tuple(first.split("\t")) == TSV_COLUMNS

    def read(self, path: Path) -> Iterator[ReadItem]:
        encoding = detect_encoding(path)
        header: list[str] | None = None
        for number, text, error in iter_lines(path, encoding):
            line = text.rstrip("\r\n")
            if header is None:
                header = line.lstrip("\ufeff").split("\t")
                missing = [c for c in ("title", "publication_number") if c not in header]
                if missing:
                    raise UnreadableFile(f"TSV header lacks {', '.join(missing)}: not the CNKI citations TSV")
                continue
            if not line.strip():
                continue
            position = f"line {number}"
            if error:
                yield ReadItem(position, error=error, raw=excerpt(line))
                continue
            # one citation per line; csv quoting is not used in this file
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if len(cells) != len(header):
                yield ReadItem(
                    position, error=f"{len(cells)} cells, header has {len(header)}", raw=excerpt(line)
                )
                continue
            row = dict(zip(header, cells, strict=True))
            if row.get("seq"):
                position += f" [{row['seq']}]"
            yield mapped(
                position,
                partial(
                    _record,
                    number=row["publication_number"],
                    title=row["title"],
                    inventors=row.get("inventors", ""),
                    region=row.get("region", ""),
                    when=row.get("publication_date", ""),
                    path=path,
                    source_format=self.name,
                    position=position,
                ),
                line,
            )
        if header is None:
            raise UnreadableFile("file is empty")


READERS: list[Reader] = [CnkiParsedTsvReader(), CnkiCitationTextReader()]
