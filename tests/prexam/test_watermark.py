"""Watermarks on downloads: the reader and the time appear in the copy (Word, PDF, image)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ipcenter.prexam.watermark import mark_text, watermark

from .conftest import docx_bytes

TEXT = mark_text("examiner@example.cn", datetime(2025, 12, 1, 8, 30, tzinfo=UTC), "YS-SICHUAN-2025-00001")


def test_word() -> None:
    marked = docx.Document(
        io.BytesIO(
            watermark(
                docx_bytes("1.一种机床。"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                TEXT,
            )
        )
    )
    assert marked.paragraphs[0].text == TEXT and marked.paragraphs[1].text == "1.一种机床。"
    assert TEXT in marked.sections[0].header.paragraphs[-1].text


def test_pdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    source = io.BytesIO()
    writer.write(source)
    reader = PdfReader(io.BytesIO(watermark(source.getvalue(), "application/pdf", TEXT)))
    for page in reader.pages:
        (annotation,) = [a.get_object() for a in page["/Annots"]]
        assert (
            "examiner@example.cn" in annotation["/Contents"]
            and "2025-12-01 08:30 UTC" in annotation["/Contents"]
        )


def test_image() -> None:
    source = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(source, format="PNG")
    marked = Image.open(io.BytesIO(watermark(source.getvalue(), "image/png", TEXT)))
    assert marked.size == (400, 200)
    bottom = marked.crop((0, 186, 400, 200)).convert("L")
    assert bottom.getextrema()[0] < 200  # something dark is drawn there: the mark
