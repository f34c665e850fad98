"""«Район»: the coordinator's schools with their figures, and what reached the district."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from application import overdue, today
from application.overdue import OverdueFilters
from domain.actors import Role
from domain.errors import Forbidden
from domain.escalation import Level
from web.render import render
from web.session import PageSignedIn
from web.views import item_views

router = APIRouter(include_in_schema=False)


@router.get("/cabinet/district", response_class=HTMLResponse)
def district_page(request: Request, signed: PageSignedIn, session: SessionDep) -> HTMLResponse:
    actor = signed.actor
    if actor.role not in (Role.COORDINATOR, Role.ADMIN):
        raise Forbidden("coordinator_only", "Страница района — для координатора.")
    schools = today.district_schools(session=session, actor=actor)
    escalated = overdue.overdue_page(
        session=session, actor=actor, filters=OverdueFilters(level=Level.COORDINATOR), limit=100, offset=0
    )
    return render(
        request,
        "cabinet/district.html",
        {
            "title": "Район",
            "district": actor.district or "",
            "schools": schools,
            "pairs_active": sum(s.pairs_active for s in schools),
            "pairs_done": sum(s.pairs_completed for s in schools),
            "overdue_total": sum(s.overdue for s in schools),
            "escalated": item_views(session, escalated.items),
            "escalated_total": escalated.total,
        },
    )
