"""Render a .docx template with docxtpl: the school's own template when it put one in place, else ours."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docxtpl import DocxTemplate

from config import settings

SHIPPED = Path(__file__).resolve().parent / "templates"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_path(name: str, override_dir: Path | None = None) -> Path:
    """`NASTAVNIK_DOCUMENTS_TEMPLATES_DIR/<name>` when it exists (the school's letterhead), else shipped."""
    directory = override_dir if override_dir is not None else settings.documents_templates_dir
    if directory is not None and (Path(directory) / name).is_file():
        return Path(directory) / name
    return SHIPPED / name


def render_docx(name: str, context: dict[str, Any], override_dir: Path | None = None) -> bytes:
    template = DocxTemplate(str(template_path(name, override_dir)))
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def attachment(filename: str) -> dict[str, str]:
    """Content-Disposition with a Russian file name (RFC 6266 filename*) and an ASCII fallback."""
    fallback = filename.encode("ascii", "ignore").decode() or "document"
    fallback = "".join(c if c.isalnum() or c in ".-_" else "_" for c in fallback)
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"}
