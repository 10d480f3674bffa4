"""How a route that answers a file declares it in the OpenAPI document: its media types, so clients (and
schemathesis, which checks every response against the document) know a CSV or an XLSX is the answer."""

from __future__ import annotations

from typing import Any

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_LINES = "application/x-ndjson"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ANY_FILE = "application/octet-stream"


def file_responses(*media_types: str, description: str = "The file.") -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route answering a file of one of ``media_types`` (use with
    ``response_class=Response`` so the JSON default is not declared as well)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": description, "content": {media: binary for media in media_types}}}
