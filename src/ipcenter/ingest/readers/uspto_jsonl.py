"""The old path of the USPTO JSONL reader, kept only while ``classify/data.py`` still imports it; that
import is being replaced by ``ingest.service.read_records`` (issue 10), and this module goes with it."""

from ipcenter.ingest.readers.uspto.jsonl import UsptoJsonlReader

__all__ = ["UsptoJsonlReader"]
