"""The monitoring reports in the cabinet (004 §7–§8; 001 §4.15): the page shows the same HTML as the
download, inside the cabinet's layout, with links to its XLSX and PDF. Scope is the reports' own: another
school's report is the not-found page."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from documents.render import DOCX
from domain.monitoring import MonitoringSettings, academic_year_of, rounds_of_year
from domain.school_calendar import SchoolCalendar
from reports.district import build_district_report
from reports.docx import programme_docx
from reports.html import TEMPLATES, district_html, programme_html, school_html
from reports.pdf import pdf_of
from reports.programme import build_programme_report
from reports.school import build_school_report
from reports.xlsx import district_xlsx, school_xlsx
from web.render import render
from web.session import PageActor

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
CSS = Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUND = Query(default=None, pattern=r"^\d{4}-\d{2}$")


def last_round(today: date) -> str:
    """The latest round already due (this school year's or the last one's): what a curator reports on."""
    for year in (academic_year_of(today), academic_year_of(today - timedelta(days=365))):
        due = [r for r in rounds_of_year(year, MonitoringSettings(), SchoolCalendar()) if r.due_on <= today]
        if due:
            return due[-1].round_id
    return rounds_of_year(academic_year_of(today), MonitoringSettings(), SchoolCalendar())[0].round_id


def _file(content: bytes, media_type: str, name: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def _page(
    request: Request, title: str, body: str, base: str, xlsx: bool = True, docx: bool = False
) -> HTMLResponse:
    links = {
        "xlsx": f"{base}&format=xlsx" if xlsx else None,
        "pdf": f"{base}&format=pdf",
        "docx": f"{base}&format=docx" if docx else None,
    }
    return render(
        request, "cabinet/reports/report.html", {"title": title, "css": CSS, "body": Markup(body)} | links
    )


@router.get("/cabinet/reports/school", response_class=HTMLResponse)
async def school_page(
    request: Request,
    actor: PageActor,
    session: SessionDep,
    organisation_id: str | None = None,
    round_id: str | None = ROUND,
    format: str = "html",
) -> Response:
    """The half-year report of the curator's (or head's) school; a coordinator names the school."""
    organisation = organisation_id or actor.organisation_id or ""
    round_ = round_id or last_round(date.today())
    report = build_school_report(session, actor, organisation, round_)
    name = f"Мониторинг {report.school} {round_}"
    if format == "xlsx":
        return _file(school_xlsx(report), XLSX, f"{name}.xlsx")
    html = school_html(report, standalone=format == "pdf")
    if format == "pdf":
        return _file(await run_in_threadpool(pdf_of, html), "application/pdf", f"{name}.pdf")
    base = f"/cabinet/reports/school?organisation_id={quote(organisation)}&round_id={round_}"
    return _page(request, "Отчёт о мониторинге", html, base)


@router.get("/cabinet/reports/district", response_class=HTMLResponse)
async def district_page(
    request: Request,
    actor: PageActor,
    session: SessionDep,
    round_id: str | None = ROUND,
    format: str = "html",
) -> Response:
    """The coordinator's roll-up of their district."""
    round_ = round_id or last_round(date.today())
    report = build_district_report(session, actor, actor.district or "", round_)
    name = f"Мониторинг {report.district} {round_}"
    if format == "xlsx":
        return _file(district_xlsx(report), XLSX, f"{name}.xlsx")
    html = district_html(report, standalone=format == "pdf")
    if format == "pdf":
        return _file(await run_in_threadpool(pdf_of, html), "application/pdf", f"{name}.pdf")
    return _page(request, "Сводный отчёт района", html, f"/cabinet/reports/district?round_id={round_}")


@router.get("/cabinet/reports/programme/{programme_id}", response_class=HTMLResponse)
async def programme_page(
    request: Request, programme_id: str, actor: PageActor, session: SessionDep, format: str = "html"
) -> Response:
    """The programme's final analytical report, for publication."""
    report = build_programme_report(session, actor, programme_id)
    name = f"Итоговый отчёт {report.programme}"
    if format == "docx":
        return _file(await run_in_threadpool(programme_docx, report), DOCX, f"{name}.docx")
    html = programme_html(report, standalone=format == "pdf")
    if format == "pdf":
        return _file(await run_in_threadpool(pdf_of, html), "application/pdf", f"{name}.pdf")
    base = f"/cabinet/reports/programme/{programme_id}?"
    return _page(request, "Итоговый отчёт программы", html, base, xlsx=False, docx=True)
