"""Bases, pairs, meetings and the overdue list as XLSX or CSV; the bases' template and their import.

Issue 9 point 7; the bases are those the curator keeps (004 §5.2). Downloads are scoped like the lists
they copy; the import is the curator's and checks every row with the API's own rules.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, UploadFile

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from api.routes.documents import file_response
from application import exports
from application.base_import import ImportResult, import_base
from documents.bases import BASE_TITLES, Base
from documents.sheets import CSV, XLSX, Format, Sheet
from domain.errors import InvalidInput

router = APIRouter(tags=["import and export"], responses=PROBLEM_RESPONSES)
BINARY = {"type": "string", "format": "binary"}
TABLE_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {
        "content": {XLSX: {"schema": BINARY}, CSV: {"schema": BINARY}},
        "description": "Таблица XLSX или CSV",
    }
}
FormatQuery = Annotated[Format, Query(description="xlsx — Excel; csv — UTF-8 с BOM, разделитель «;»")]
ProgrammeFilter = Annotated[str | None, Query(description="Только пары этой программы")]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _download(sheet: Sheet, fmt: Format, name: str) -> Response:
    return file_response(exports.table_file(sheet, fmt, name))


@router.get("/bases/{base}/template", response_class=Response, responses=TABLE_RESPONSE)
def base_template(base: Base, actor: CurrentActor) -> Response:
    """An empty base to fill in Excel: the columns the import reads, and a «Справка» sheet on each."""
    return _download(exports.template_sheet(base), "xlsx", f"Шаблон — {BASE_TITLES[base].lower()}")


@router.post("/programmes/{programme_id}/bases/{base}/import", response_model=ImportResult)
async def import_base_file(
    programme_id: str,
    base: Base,
    file: UploadFile,
    session: SessionDep,
    actor: CurrentActor,
    accept_valid_rows: Annotated[
        bool, Query(description="Сохранить верные строки, а строки с ошибками пропустить (они перечислены)")
    ] = False,
) -> ImportResult:
    """Import the base from XLSX or CSV: every error named by row, column and reason (422), nothing stored;
    or, with `accept_valid_rows`, the valid rows stored and the others listed. Rows are matched by
    «Табельный номер», so the same file imported twice changes nothing the second time."""
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInput("file_too_large", "Файл больше 5 МБ: разделите его.", "file")
    return import_base(
        session=session,
        actor=actor,
        programme_id=programme_id,
        base=base,
        content=content,
        accept_valid_rows=accept_valid_rows,
    )


@router.get(
    "/programmes/{programme_id}/bases/{base}/export", response_class=Response, responses=TABLE_RESPONSE
)
def export_base(
    programme_id: str, base: Base, session: SessionDep, actor: CurrentActor, format: FormatQuery = "xlsx"
) -> Response:
    """The programme's base in the template's columns (an edited export imports back)."""
    sheet = exports.base_sheet(session, actor, programme_id, base)
    return _download(sheet, format, BASE_TITLES[base])


@router.get("/exports/pairs", response_class=Response, responses=TABLE_RESPONSE)
def export_pairs(
    session: SessionDep,
    actor: CurrentActor,
    format: FormatQuery = "xlsx",
    programme_id: ProgrammeFilter = None,
) -> Response:
    return _download(exports.pairs_sheet(session, actor, programme_id), format, "Пары")


@router.get("/exports/meetings", response_class=Response, responses=TABLE_RESPONSE)
def export_meetings(
    session: SessionDep,
    actor: CurrentActor,
    format: FormatQuery = "xlsx",
    programme_id: ProgrammeFilter = None,
) -> Response:
    return _download(exports.meetings_sheet(session, actor, programme_id), format, "Встречи")


@router.get("/exports/overdue", response_class=Response, responses=TABLE_RESPONSE)
def export_overdue(
    session: SessionDep,
    actor: CurrentActor,
    format: FormatQuery = "xlsx",
    programme_id: ProgrammeFilter = None,
) -> Response:
    return _download(exports.overdue_sheet(session, actor, programme_id), format, "Просрочено")
