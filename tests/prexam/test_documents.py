"""Upload checks: the type is read from the content, not trusted from the name; size limit; old .doc refused.
The .docx is built from a real KPPatent application (title, abstract, claims)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import docx
import pytest

from ipcenter.errors import InvalidValue
from ipcenter.prexam.documents import check_upload, sniff


@pytest.fixture(scope="module")
def claims_docx(data_dir: Path) -> bytes:
    first = json.loads(
        (data_dir / "kppatent-zh" / "kppatent_test.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    document = docx.Document()
    document.add_heading(first["title"], level=1)
    for claim in first["claims"]:
        document.add_paragraph(claim)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_accepted_types(claims_docx: bytes) -> None:
    checked = check_upload("权利要求书.docx", claims_docx, 20)
    assert (checked.file_type, checked.filename) == ("docx", "权利要求书.docx")
    assert (
        check_upload("C:\\申请\\说明书.pdf", PDF, 20).filename == "说明书.pdf"
    )  # a Windows path keeps its name only
    assert check_upload("附图1.PNG", _png(), 20).media_type == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "jpeg" and sniff(b"II*\x00rest") == "tiff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("claims.pdf", b"PK\x03\x04not really", "damaged or misnamed"),
        ("claims.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as .docx or PDF"),
        ("claims.exe", b"MZ\x90\x00", "not accepted"),
        ("claims.docx", b"", "empty"),
        ("", PDF, "no name"),
    ],
)
def test_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        check_upload(name, content, 20)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path, claims_docx: bytes) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "not word")
    with pytest.raises(InvalidValue, match="zip content"):
        check_upload("claims.docx", buffer.getvalue(), 20)
    with pytest.raises(InvalidValue, match="at most 1 MB"):
        check_upload("big.pdf", PDF + b"0" * (1024 * 1024), 1)
