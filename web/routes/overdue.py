"""«Просрочено»: the overdue list with filters and pages, acknowledging an escalation, one item's page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep
from application import names, overdue, pairs, programmes, today
from application.overdue import OverdueFilters
from domain.actors import Role
from domain.errors import DomainError
from domain.escalation import ITEM_LABELS, LEVEL_LABELS, ItemKind, Level
from web.render import render
from web.routes.account import safe_next
from web.session import CsrfChecked, PageSignedIn
from web.views import item_views

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25


def _choice(value: str | None, allowed: type[Level] | type[ItemKind]) -> str | None:
    return value if value in {member.value for member in allowed} else None


def overdue_context(
    session: SessionDep,
    signed: PageSignedIn,
    values: dict[str, str],
    page: int,
) -> dict[str, object]:
    actor = signed.actor
    level, kind = _choice(values.get("level"), Level), _choice(values.get("kind"), ItemKind)
    filters = OverdueFilters(
        organisation_id=values.get("organisation_id") or None,
        programme_id=values.get("programme_id") or None,
        pair_id=values.get("pair_id") or None,
        level=Level(level) if level else None,
        kind=ItemKind(kind) if kind else None,
    )
    found = overdue.overdue_page(
        session=session, actor=actor, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    visible_programmes = programmes.list_programmes(session=session, actor=actor, limit=200).items
    visible_pairs = pairs.list_pairs(session=session, actor=actor, limit=500).items
    pair_names = names.pair_titles(session, (p.id for p in visible_pairs))
    schools = today.district_schools(session=session, actor=actor) if actor.role is Role.COORDINATOR else []
    query = {k: v for k, v in values.items() if v}
    pages = max(1, -(-found.total // PAGE_SIZE))
    return {
        "title": "Просрочено",
        "rows": item_views(session, found.items),
        "total": found.total,
        "page": page,
        "pages": pages,
        "prev_url": f"/cabinet/overdue?{urlencode({**query, 'page': page - 1})}" if page > 1 else None,
        "next_url": f"/cabinet/overdue?{urlencode({**query, 'page': page + 1})}" if page < pages else None,
        "back": f"/cabinet/overdue?{urlencode({**query, 'page': page})}",
        "values": values,
        "level_options": [(lvl.value, LEVEL_LABELS[lvl]) for lvl in Level],
        "kind_options": [(k.value, ITEM_LABELS[k]) for k in ItemKind],
        "programme_options": [(p.id, f"{p.title} ({p.academic_year})") for p in visible_programmes],
        "pair_options": sorted(((p.id, pair_names.get(p.id, "")) for p in visible_pairs), key=lambda o: o[1]),
        "school_options": [(s.organisation_id, s.name) for s in schools],
        "can_acknowledge": actor.role in (Role.CURATOR, Role.HEAD, Role.COORDINATOR),
    }


@router.get("/cabinet/overdue", response_class=HTMLResponse)
def overdue_list(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    level: str = "",
    kind: str = "",
    programme_id: str = "",
    pair_id: str = "",
    organisation_id: str = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    values = {
        "level": level,
        "kind": kind,
        "programme_id": programme_id,
        "pair_id": pair_id,
        "organisation_id": organisation_id,
    }
    return render(request, "cabinet/overdue.html", overdue_context(session, signed, values, page))


@router.post(
    "/cabinet/overdue/{item_id}/acknowledge", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def acknowledge(
    request: Request,
    item_id: str,
    signed: PageSignedIn,
    session: SessionDep,
    back: Annotated[str, Form(max_length=2000)] = "/cabinet/overdue",
) -> Response:
    try:
        overdue.acknowledge(session=session, actor=signed.actor, item_id=item_id)
    except DomainError as refused:
        if refused.status == 404:
            raise
        context = overdue_context(session, signed, {}, 1) | {"refusal": refused}
        return render(request, "cabinet/overdue.html", context, status_code=refused.status)
    return RedirectResponse(safe_next(back) or "/cabinet/overdue", status_code=303)


@router.get("/cabinet/overdue/{item_id}")
def item_page(item_id: str, signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    """Where a notification about an item leads: the page of what it is about (404 if not visible)."""
    row = overdue.item_in_scope(session, signed.actor, item_id)
    view = item_views(session, [overdue.overdue_read(row)])[0]
    return RedirectResponse(view.link, status_code=303)
