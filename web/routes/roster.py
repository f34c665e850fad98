"""The curator marks the school year's list of teachers who need a mentor as refreshed (000 §6.5.3.1)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import (
    roster,
)
from db.session import utcnow
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from domain.local_time import local_date
from domain.monitoring import academic_year_of
from web.forms import shown
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


@router.get("/cabinet/roster", response_class=HTMLResponse)
def roster_view(request: Request, me: PageSignedIn) -> HTMLResponse:
    return _roster_page(request, me.actor)


def _roster_page(
    request: Request, actor: Actor, *, refusal: DomainError | None = None, status_code: int = 200
) -> HTMLResponse:
    school_year = academic_year_of(local_date(utcnow(), request.state.time_zone))
    return render(
        request,
        "cabinet/roster.html",
        {
            "title": "Перечень педагогов, которым нужен наставник",
            "school_year": school_year,
            "refreshes": roster.refreshes_roster(actor, actor.organisation_id or ""),
            "refusal": refusal,
            "done": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@router.post("/cabinet/roster", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def refresh_roster(
    request: Request, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    try:
        refreshed = await roster.refresh_mentee_roster(
            session=session,
            actor=me.actor,
            temporal=temporal,
            organisation_id=me.actor.organisation_id or "",
            today=local_date(utcnow(), request.state.time_zone),
        )
    except NotFound:
        raise
    except DomainError as refused:
        return _roster_page(
            request, me.actor, refusal=shown(session, refused, me.actor), status_code=refused.status
        )
    return RedirectResponse(f"/cabinet/roster?done={refreshed.school_year}", status_code=303)


# The school's calendar, deadlines and monitoring dates (application.school_policy; the ladder is kept).
