"""Read a generated .docx back with python-docx: its paragraphs and its tables' rows."""

from __future__ import annotations

import io

from docx import Document


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def text(content: bytes) -> str:
    return "\n".join(paragraphs(content))


def table_rows(content: bytes, index: int = 0) -> list[list[str]]:
    table = Document(io.BytesIO(content)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows]
