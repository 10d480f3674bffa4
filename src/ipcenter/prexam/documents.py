"""Checks on an uploaded application document: its type from its content (not only its name), its size.

Accepted: ``.docx`` (a Word XML package), ``.pdf`` and images (PNG, JPEG, TIFF) for drawings. The old
binary ``.doc`` is refused with the way out (save as .docx or PDF): it cannot be read safely. The largest
size is the centre setting ``max_upload_mb`` (UNCONFIRMED default 20 MB).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from ipcenter.errors import InvalidValue

#: Extension → the file type its content must show.
EXTENSIONS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
}
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
}


@dataclass(frozen=True)
class CheckedDocument:
    filename: str
    file_type: str  # docx | pdf | png | jpeg | tiff
    media_type: str
    size: int


def sniff(content: bytes) -> str | None:
    """The file type the first bytes show (None when none of the accepted ones)."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                return "docx" if "word/document.xml" in package.namelist() else "zip"
        except zipfile.BadZipFile:
            return None
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # OLE2 compound file: the old binary Word format
    return None


def check_upload(filename: str, content: bytes, max_mb: int) -> CheckedDocument:
    """The checked document, or InvalidValue saying what is wrong (type, size, name)."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if not name:
        raise InvalidValue("the uploaded file has no name")
    size = len(content)
    if size == 0:
        raise InvalidValue(f"{name} is empty")
    if size > max_mb * 1024 * 1024:
        raise InvalidValue(
            f"{name} is {size / 1024 / 1024:.1f} MB; the centre accepts at most {max_mb} MB a file"
        )
    suffix = PurePath(name).suffix.lower()
    expected = EXTENSIONS.get(suffix)
    found = sniff(content)
    if suffix == ".doc" or found == "doc":
        raise InvalidValue(f"{name} is an old binary Word file (.doc): save it as .docx or PDF")
    if expected is None:
        raise InvalidValue(
            f"{name}: {suffix or 'no extension'} is not accepted; use .docx, .pdf, .png, .jpg or .tif"
        )
    if found != expected:
        what = "unrecognised content" if found is None else f"{found} content"
        raise InvalidValue(f"{name} has the extension {suffix} but {what}: the file is damaged or misnamed")
    return CheckedDocument(name, expected, MEDIA_TYPES[expected], size)
