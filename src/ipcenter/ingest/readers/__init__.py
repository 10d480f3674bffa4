"""Readers, one module (or package, for a family of formats) per source. Add a reader: write a module
exposing ``READERS`` and list it here.

Order matters only for sniffing: the first reader whose ``sniff`` accepts a file reads it.
"""

from __future__ import annotations

from ipcenter.ingest.readers import (
    analytics_csv,
    cn_export,
    cn_xml,
    cnki,
    epo_xml,
    kppatent,
    title_ipc,
    uspto,
)
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile

ALL_READERS: list[Reader] = [
    *uspto.XML_READERS,
    *epo_xml.READERS,
    *cn_xml.READERS,
    *cn_export.READERS,
    *kppatent.READERS,
    *uspto.JSONL_READERS,
    *cnki.READERS,
    *title_ipc.READERS,
    *analytics_csv.READERS,
]

__all__ = ["ALL_READERS", "ReadItem", "Reader", "UnreadableFile"]
