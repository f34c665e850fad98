"""The school's numbers of pupils and teachers and its coverage targets by year (004 §7), on a page: the
same reading and writing as `GET|PUT /organisations/{id}/coverage/{year}`."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import (
    coverage_settings,
)
from application.coverage_settings import CoverageBody, CoverageRead
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from web.forms import form_values, parse, shown
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


YEAR_IN_PATH = re.compile(r"^(\d{4})-(\d{2})$")
COVERAGE_LABELS = {
    "pupils_total": "Обучающихся в школе",
    "teachers_total": "Педагогических работников в школе",
    "pupil_targets": "Целевые показатели: ученики",
    "teacher_targets": "Целевые показатели: педагоги",
}
COVERAGE_ROWS_ADDED = 1  # empty rows the form offers for a year not yet in the table


def _academic_year(year: str) -> str:
    found = YEAR_IN_PATH.match(year)
    if found is None or int(found[2]) != (int(found[1]) + 1) % 100:
        raise NotFound("not_found", "Такого учебного года нет.")
    return f"{found[1]}/{found[2]}"


def _coverage_values(current: CoverageRead | CoverageBody) -> dict[str, str]:
    values = {"pupils_total": str(current.pupils_total), "teachers_total": str(current.teachers_total)}
    for field in ("pupil_targets", "teacher_targets"):
        for year, percent in getattr(current, field).items():
            values[f"{field}.{year}"] = str(percent)
    return values


def _coverage_page(
    request: Request,
    session: Session,
    actor: Actor,
    year: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    academic_year = _academic_year(year)
    organisation_id = actor.organisation_id or ""
    try:
        current: CoverageRead | None = coverage_settings.read_coverage(
            session=session, actor=actor, organisation_id=organisation_id, academic_year=academic_year
        )
    except NotFound:
        if actor.organisation_id is None:
            raise
        current = None
    shown_values = (
        values
        if values is not None
        else _coverage_values(current or CoverageBody(pupils_total=0, teachers_total=0))
    )
    if current is None and values is None:
        shown_values |= {"pupils_total": "", "teachers_total": ""}
    years = sorted(
        {int(k.split(".", 1)[1]) for k in shown_values if k.count(".") == 1 and k.split(".", 1)[1].isdigit()}
    )
    start = int(academic_year[:4])
    return render(
        request,
        "cabinet/coverage.html",
        {
            "title": f"Численность и целевые показатели, {academic_year}",
            "academic_year": academic_year,
            "saved": current is not None,
            "years": years,
            "added_rows": range(COVERAGE_ROWS_ADDED),
            "previous_year": f"{start - 1}-{start % 100:02d}",
            "next_year": f"{start + 1}-{(start + 2) % 100:02d}",
            "writes": coverage_settings.enters_coverage(actor, organisation_id),
            "values": shown_values,
            "refusal": refusal,
            "done": "Численность и целевые показатели сохранены."
            if request.query_params.get("done")
            else None,
        },
        status_code=status_code,
    )


@router.get("/cabinet/coverage/{year}", response_class=HTMLResponse)
def coverage_view(request: Request, year: str, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _coverage_page(request, session, me.actor, year)


def _targets(values: dict[str, str], field: str) -> dict[str, str]:
    """The table's rows as typed: `field.YYYY` → percent, and the added rows' year and percent; a row left
    empty is not a target."""
    targets = {
        key.split(".", 1)[1]: value.strip()
        for key, value in values.items()
        if key.startswith(f"{field}.") and value.strip()
    }
    for n in range(COVERAGE_ROWS_ADDED):
        year, percent = values.get(f"new_year_{n}", "").strip(), values.get(f"new_{field}_{n}", "").strip()
        if year and percent:
            targets[year] = percent
    return targets


@router.post("/cabinet/coverage/{year}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def enter_coverage(request: Request, year: str, me: PageSignedIn, session: SessionDep) -> Response:
    academic_year = _academic_year(year)
    values = await form_values(request)
    try:
        body = parse(
            CoverageBody,
            {
                "pupils_total": values.get("pupils_total", "").strip(),
                "teachers_total": values.get("teachers_total", "").strip(),
                "pupil_targets": _targets(values, "pupil_targets"),
                "teacher_targets": _targets(values, "teacher_targets"),
            },
            COVERAGE_LABELS,
        )
        coverage_settings.put_coverage(
            session=session,
            actor=me.actor,
            organisation_id=me.actor.organisation_id or "",
            academic_year=academic_year,
            body=body,
        )
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _coverage_page(
            request, session, me.actor, year, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse(f"/cabinet/coverage/{year}?done=1", status_code=303)


# The curator's SWOT of a programme for a monitoring round (004 §8.1), versioned.
