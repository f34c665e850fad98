"""PDF from the same HTML as the report page (WeasyPrint); fonts are the system's DejaVu/Liberation."""

from __future__ import annotations

from weasyprint import HTML


def pdf_of(html: str) -> bytes:
    document: bytes = HTML(string=html).write_pdf()
    return document
