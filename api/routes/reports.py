"""Monitoring reports to download (004 §7–§8; 001 §4.15): a school's half-year report, the district
roll-up, the programme's final report — HTML, XLSX with native charts, PDF from the same HTML — and the
figures they need from the school (numbers of pupils and teachers, targets) and from the curator
(awards, best practices, conclusions). Scoped: another school's report is 404."""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import CurrentActor, SessionDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application.coverage_settings import CoverageBody, CoverageRead, put_coverage, read_coverage
from application.programme_report import ReportNotesBody, ReportNotesRead, save_notes
from documents.render import DOCX
from reports.district import build_district_report
from reports.docx import programme_docx
from reports.html import district_html, programme_html, school_html
from reports.pdf import pdf_of
from reports.programme import build_programme_report
from reports.school import build_school_report
from reports.xlsx import district_xlsx, school_xlsx

router = APIRouter(tags=["reports"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)
ROUND = Query(pattern=r"^\d{4}-\d{2}$", description="Раунд мониторинга: ГГГГ-ММ, например 2026-12")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BINARY = {"schema": {"type": "string", "format": "binary"}}
REPORT_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {
        "content": {"text/html": _BINARY, XLSX: _BINARY, "application/pdf": _BINARY, DOCX: _BINARY},
        "description": "Отчёт: страница HTML, XLSX, PDF или DOCX",
    }
}


class Format(StrEnum):
    HTML = "html"
    XLSX = "xlsx"
    PDF = "pdf"


class DocumentFormat(StrEnum):
    """The final report is also a Word document: the curator edits it before publishing."""

    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


def _file(content: bytes, media_type: str, name: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


async def _deliver(html: str, fmt: str, name: str, xlsx: bytes | None = None) -> Response:
    if fmt == Format.PDF:
        return _file(await run_in_threadpool(pdf_of, html), "application/pdf", f"{name}.pdf")
    if fmt == Format.XLSX and xlsx is not None:
        return _file(xlsx, XLSX, f"{name}.xlsx")
    return HTMLResponse(html)


@router.get(
    "/reports/schools/{organisation_id}/half-year", response_class=Response, responses=REPORT_RESPONSE
)
async def school_report(
    organisation_id: str,
    session: SessionDep,
    actor: CurrentActor,
    round_id: str = ROUND,
    format: Format = Format.HTML,
) -> Response:
    """The school's half-year monitoring report for the round (20 December or 20 May): coverage against
    targets, pairs by form and stage, movement, overdue, entry/exit, questionnaires, SWOT."""
    report = build_school_report(session, actor, organisation_id, round_id)
    name = f"Мониторинг {report.school} {round_id}"
    xlsx = school_xlsx(report) if format == Format.XLSX else None
    return await _deliver(school_html(report), format, name, xlsx)


@router.get("/reports/districts/{district}/half-year", response_class=Response, responses=REPORT_RESPONSE)
async def district_report(
    district: str,
    session: SessionDep,
    actor: CurrentActor,
    round_id: str = ROUND,
    format: Format = Format.HTML,
) -> Response:
    """The coordinator's roll-up: a row per school of the district, totals, schools late with the round."""
    report = build_district_report(session, actor, district, round_id)
    xlsx = district_xlsx(report) if format == Format.XLSX else None
    return await _deliver(district_html(report), format, f"Мониторинг {district} {round_id}", xlsx)


@router.get("/reports/programmes/{programme_id}/final", response_class=Response, responses=REPORT_RESPONSE)
async def programme_report(
    programme_id: str, session: SessionDep, actor: CurrentActor, format: DocumentFormat = DocumentFormat.HTML
) -> Response:
    """The curator's final analytical report of the programme, for publication."""
    report = build_programme_report(session, actor, programme_id)
    name = f"Итоговый отчёт {report.programme}"
    if format == DocumentFormat.DOCX:
        return _file(await run_in_threadpool(programme_docx, report), DOCX, f"{name}.docx")
    return await _deliver(programme_html(report), format, name)


@router.put(
    "/programmes/{programme_id}/final-report/notes",
    status_code=201,
    response_model=ReportNotesRead,
    responses={200: {"model": ReportNotesRead, "description": "Та же версия уже сохранена"}},
)
def final_report_notes(
    programme_id: str, body: ReportNotesBody, session: SessionDep, actor: CurrentActor, response: Response
) -> ReportNotesRead:
    """Awards, best practices and conclusions of the final report: a new version over `base_version`."""
    saved, created = save_notes(session=session, actor=actor, programme_id=programme_id, body=body)
    if not created:
        response.status_code = 200
    return saved


YEAR = Path(pattern=r"^\d{4}-\d{2}$", description="Учебный год: 2026-27")


def _year(path_year: str) -> str:
    return path_year.replace("-", "/")


@router.get("/organisations/{organisation_id}/coverage/{academic_year}", response_model=CoverageRead)
def coverage_settings(
    organisation_id: str, session: SessionDep, actor: CurrentActor, academic_year: str = YEAR
) -> CoverageRead:
    return read_coverage(
        session=session, actor=actor, organisation_id=organisation_id, academic_year=_year(academic_year)
    )


@router.put("/organisations/{organisation_id}/coverage/{academic_year}", response_model=CoverageRead)
def enter_coverage_settings(
    organisation_id: str,
    body: CoverageBody,
    session: SessionDep,
    actor: CurrentActor,
    academic_year: str = YEAR,
) -> CoverageRead:
    """The school's numbers of pupils and teachers for the year and its target table (year → percent)."""
    return put_coverage(
        session=session,
        actor=actor,
        organisation_id=organisation_id,
        academic_year=_year(academic_year),
        body=body,
    )
