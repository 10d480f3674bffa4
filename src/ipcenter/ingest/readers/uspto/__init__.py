"""USPTO readers, one module per DTD family and one per other source, with the helpers they share.

Families of the full-text XML (reader ``uspto-xml``, :mod:`.xml_reader`, dispatch on each document's root):

* :mod:`.redbook_v4` — ``us-patent-grant`` / ``us-patent-application``, the ICE DTDs v4.0 … v4.5 (2005 on);
* :mod:`.patdoc_v25` — ``PATDOC``, grants 2001-2004 (ST.32 SGML-like XML v2.5);
* :mod:`.pap_v15` — ``patent-application-publication``, applications 2001-2004 (pap v1.5 / v1.6).

Other source (reader ``uspto-jsonl``): :mod:`.jsonl`, the grants as JSON Lines with PatentsView-style fields.

Shared by all of them: :mod:`.documents` (splitting the concatenated weekly files, entity handling),
:mod:`.text` (element text), :mod:`.fields` (numbers, dates, citations, IPC, parties) and :mod:`.claims`
(claim numbers and references), so a grant read from the XML and from the JSONL has equal content.
"""

from __future__ import annotations

from ipcenter.ingest.readers.base import Reader
from ipcenter.ingest.readers.uspto.documents import iter_documents, parse_document
from ipcenter.ingest.readers.uspto.fields import us_ipc, us_publication_number
from ipcenter.ingest.readers.uspto.jsonl import UsptoJsonlReader
from ipcenter.ingest.readers.uspto.xml_reader import UsptoXmlReader, record_from_tree

__all__ = [
    "JSONL_READERS",
    "XML_READERS",
    "UsptoJsonlReader",
    "UsptoXmlReader",
    "iter_documents",
    "parse_document",
    "record_from_tree",
    "us_ipc",
    "us_publication_number",
]

#: The XML reader sniffs early (XML roots); the JSONL one after the other JSON readers.
XML_READERS: list[Reader] = [UsptoXmlReader()]
JSONL_READERS: list[Reader] = [UsptoJsonlReader()]
