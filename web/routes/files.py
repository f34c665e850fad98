"""Downloads and the base import in the cabinet: the same application functions as the API's routes.

Programme page → the order(s) fixing its pairs, the mentor registry order, the bases (template, export,
import); pair page → its order, plan and the members' consents; participants page → the templates and
the exports. Errors come back as the cabinet's pages (web/errors.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.routes.documents import file_response
from api.routes.files import MAX_UPLOAD_BYTES
from application import documents, exports
from application.base_import import RowsInvalid, import_base
from documents.bases import BASE_TITLES, Base
from documents.sheets import Format
from domain.errors import InvalidInput
from domain.pair import ConsentKind
from web.render import render
from web.session import CsrfChecked, PageActor

router = APIRouter(include_in_schema=False)
Exported = Literal["pairs", "meetings", "overdue"]


@router.get("/cabinet/programmes/{programme_id}/documents/order", response_model=None)
def programme_order(
    request: Request, programme_id: str, session: SessionDep, actor: PageActor, number: str | None = None
) -> Response:
    """One order: the file. Several: a page to choose from (the programme fixed pairs more than once)."""
    if number is None:
        numbers = documents.order_numbers(session=session, actor=actor, programme_id=programme_id)
        if len(numbers) > 1:
            return render(
                request,
                "cabinet/files/orders.html",
                {"programme_id": programme_id, "numbers": numbers},
            )
    return file_response(
        documents.programme_order(session=session, actor=actor, programme_id=programme_id, number=number)
    )


@router.get("/cabinet/programmes/{programme_id}/documents/mentor-registry")
def mentor_registry(
    programme_id: str,
    session: SessionDep,
    actor: PageActor,
    number: Annotated[str | None, Query(max_length=64)] = None,
    signed_on: date | None = None,
) -> Response:
    return file_response(
        documents.mentor_registry(
            session=session,
            actor=actor,
            programme_id=programme_id,
            number=number or None,
            signed_on=signed_on,
        )
    )


@router.get("/cabinet/pairs/{pair_id}/documents/order")
def pair_order(pair_id: str, session: SessionDep, actor: PageActor) -> Response:
    return file_response(documents.pair_order(session=session, actor=actor, pair_id=pair_id))


@router.get("/cabinet/pairs/{pair_id}/documents/plan")
def individual_plan(pair_id: str, session: SessionDep, actor: PageActor) -> Response:
    return file_response(documents.individual_plan(session=session, actor=actor, pair_id=pair_id))


@router.get("/cabinet/participants/{participant_id}/documents/consent")
def consent_form(
    participant_id: str,
    session: SessionDep,
    actor: PageActor,
    kind: ConsentKind,
    programme_id: str | None = None,
) -> Response:
    return file_response(
        documents.consent_form(
            session=session, actor=actor, participant_id=participant_id, kind=kind, programme_id=programme_id
        )
    )


@router.get("/cabinet/bases/{base}/template")
def base_template(base: Base, actor: PageActor) -> Response:
    sheet = exports.template_sheet(base)
    return file_response(exports.table_file(sheet, "xlsx", f"Шаблон — {BASE_TITLES[base].lower()}"))


@router.get("/cabinet/programmes/{programme_id}/bases/{base}/export")
def export_base(
    programme_id: str, base: Base, session: SessionDep, actor: PageActor, format: Format = "xlsx"
) -> Response:
    sheet = exports.base_sheet(session, actor, programme_id, base)
    return file_response(exports.table_file(sheet, format, BASE_TITLES[base]))


@router.get("/cabinet/exports/{what}")
def export_table(
    what: Exported,
    session: SessionDep,
    actor: PageActor,
    format: Format = "xlsx",
    programme_id: str | None = None,
) -> Response:
    build = {
        "pairs": exports.pairs_sheet,
        "meetings": exports.meetings_sheet,
        "overdue": exports.overdue_sheet,
    }
    names = {"pairs": "Пары", "meetings": "Встречи", "overdue": "Просрочено"}
    return file_response(exports.table_file(build[what](session, actor, programme_id), format, names[what]))


@router.post(
    "/cabinet/programmes/{programme_id}/bases/{base}/import",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def import_base_file(
    request: Request,
    programme_id: str,
    base: Base,
    session: SessionDep,
    actor: PageActor,
    file: Annotated[UploadFile, File()],
    accept_valid_rows: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    """The result as a page: what was stored, or every error by row and column (nothing stored)."""
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInput("file_too_large", "Файл больше 5 МБ: разделите его.", "file")
    context: dict[str, object] = {
        "programme_id": programme_id,
        "title": BASE_TITLES[base],
        "filename": file.filename,
    }
    try:
        context["result"] = import_base(
            session=session,
            actor=actor,
            programme_id=programme_id,
            base=base,
            content=content,
            accept_valid_rows=accept_valid_rows == "yes",
        )
    except RowsInvalid as refused:
        context["refused"] = refused
        return render(request, "cabinet/files/import.html", context, status_code=422)
    return render(request, "cabinet/files/import.html", context)
