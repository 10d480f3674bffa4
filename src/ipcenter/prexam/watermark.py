"""Watermarks on downloaded application documents: who downloaded it and when, on every copy.

- ``.docx``: a header line on every section and a first paragraph (Word shows both);
- ``.pdf``: a free-text annotation across every page (pypdf, no re-rendering of the content);
- images: the text drawn along the bottom edge (Pillow).

The mark is visible, not a secret: its purpose is that a leaked copy names its reader.
"""

from __future__ import annotations

import io
from datetime import datetime

from ipcenter.errors import UserError


def mark_text(email: str, at: datetime, case_number: str) -> str:
    return f"CONFIDENTIAL / 机密 · {case_number} · {email} · {at.strftime('%Y-%m-%d %H:%M UTC')}"


def watermark(content: bytes, media_type: str, text: str) -> bytes:
    if media_type.endswith("wordprocessingml.document"):
        return _docx(content, text)
    if media_type == "application/pdf":
        return _pdf(content, text)
    if media_type.startswith("image/"):
        return _image(content, text, media_type)
    raise UserError(f"no watermark for {media_type}")


def _docx(content: bytes, text: str) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(content))
    for section in document.sections:
        section.header.is_linked_to_previous = False
        section.header.add_paragraph(text)
    if document.paragraphs:
        document.paragraphs[0].insert_paragraph_before(text)
    else:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(content: bytes, text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText
    from pypdf.generic import NameObject, NumberObject

    reader = PdfReader(io.BytesIO(content))
    writer = PdfWriter()
    ascii_text = text.encode("ascii", "replace").decode("ascii")  # the standard PDF fonts have no CJK glyphs
    for number, page in enumerate(reader.pages):
        writer.add_page(page)
        width = float(page.mediabox.width)
        annotation = FreeText(text=ascii_text, rect=(20, 10, max(width - 20, 40), 30), font_size="9pt",
                              font_color="b22222", border_color=None, background_color=None)  # fmt: skip
        annotation[NameObject("/F")] = NumberObject(4)  # "print": the mark is on paper copies too
        writer.add_annotation(page_number=number, annotation=annotation)
    if not reader.pages:
        raise UserError("the PDF has no pages to mark")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(content: bytes, text: str, media_type: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(content)).convert("RGB")
    draw = ImageDraw.Draw(image)
    ascii_text = text.encode("ascii", "replace").decode("ascii")  # the default bitmap font has no CJK glyphs
    draw.rectangle((0, max(image.height - 14, 0), image.width, image.height), fill=(255, 255, 255))
    draw.text((4, max(image.height - 13, 0)), ascii_text, fill=(178, 34, 34))
    out = io.BytesIO()
    image.save(
        out, format="PNG" if media_type == "image/png" else "JPEG" if media_type == "image/jpeg" else "TIFF"
    )
    return out.getvalue()
