"""«Сегодня» for the curator, the head and the coordinator: what needs them now."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import names, overdue, programmes, today
from application.overdue import OverdueFilters
from domain.actors import Role
from domain.escalation import Level
from domain.labels import round_label
from domain.stages import Stage
from web.nav import start_page
from web.render import render
from web.session import PageSignedIn
from web.views import item_views, with_names

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)

ESCALATED_SHOWN = 10  # per level; the rest is on «Просрочено»
# Blockers of a programme's next stage that the head resolves (appoints, approves, signs the order).
HEAD_DECIDES = frozenset(
    {"curator_appointed", "roadmap_approved", "mentor_registry_approved", "mentees_approved", "pairs_fixed"}
)
# Escalated means past the owner's own reminder: the curator's, the head's and the district's steps.
LEVELS_TOP_DOWN = (Level.COORDINATOR, Level.HEAD, Level.CURATOR)


def _escalated(session: SessionDep, signed: PageSignedIn, *levels: Level) -> dict[str, object]:
    """Escalated items by level, top level first: the first few of each and how many there are."""
    by_level: list[dict[str, object]] = []
    total = 0
    for level in levels or LEVELS_TOP_DOWN:
        page = overdue.overdue_page(
            session=session,
            actor=signed.actor,
            filters=OverdueFilters(level=level),
            limit=ESCALATED_SHOWN,
            offset=0,
        )
        if page.total:
            by_level.append({"level": level, "rows": item_views(session, page.items), "total": page.total})
            total += page.total
    return {"escalated_total": total, "escalated_by_level": by_level}


def _rounds(session: SessionDep, signed: PageSignedIn) -> list[dict[str, object]]:
    rounds = today.open_rounds(session=session, actor=signed.actor)
    owed_ids = [i for r in rounds for i in r.owed]
    views = {v.item_id: v for v in item_views(session, owed_ids)}
    schools = names.organisation_names(session, (r.organisation_id for r in rounds))
    return [
        {
            "round_id": r.round_id,
            "label": round_label(r.round_id),
            "school": schools.get(r.organisation_id, ""),
            "organisation_id": r.organisation_id,
            "submitted": len(r.submitted),
            "released": len(r.released),
            "owed": [views[i.item_id] for i in r.owed],
            "due_on": min((i.due_on for i in r.owed), default=None),
        }
        for r in rounds
    ]


@router.get("/cabinet/today", response_class=HTMLResponse)
async def today_page(
    request: Request, signed: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    actor = signed.actor
    if actor.role is Role.CURATOR:
        blocked = await today.blocked_pairs(session=session, actor=actor, temporal=temporal)
        titles = names.pair_titles(session, (b.pair.id for b in blocked))
        context = {
            "blocked": [
                (
                    b,
                    titles.get(b.pair.id, ""),
                    with_names(b.step.blocked_by.message, b.pair) if b.step.blocked_by else "",
                )
                for b in blocked
            ],
            "rounds": _rounds(session, signed),
            **_escalated(session, signed),
        }
        return render(request, "cabinet/today_curator.html", {"title": "Сегодня", **context})
    if actor.role is Role.HEAD:
        listed = programmes.list_programmes(session=session, actor=actor, limit=50)
        details = [
            await programmes.read_programme(
                session=session, actor=actor, temporal=temporal, programme_id=p.id
            )
            for p in listed.items
        ]
        approvals = [
            d
            for d in details
            if d.next_step and d.next_step.blocked_by and d.next_step.blocked_by.rule in HEAD_DECIDES
        ]
        context = {
            "programmes": details,
            "approvals": approvals,
            "by_stage": today.pairs_by_stage(session=session, actor=actor),
            "stages": list(Stage),
            **_escalated(session, signed, Level.HEAD),
        }
        return render(request, "cabinet/today_head.html", {"title": "Сегодня", **context})
    if actor.role is Role.COORDINATOR:
        context = {
            "schools": today.district_schools(session=session, actor=actor),
            **_escalated(session, signed, Level.COORDINATOR),
        }
        return render(request, "cabinet/today_coordinator.html", {"title": "Сегодня", **context})
    return RedirectResponse(start_page(actor), status_code=303)
