"""The curator's SWOT analysis of a programme for a monitoring round (004 §8.1): the answers' aggregates and
suggestions beside the four quadrants; versioned, a save over an older version is shown as a conflict."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import (
    programmes,
    swot,
)
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from domain.labels import round_label
from web.forms import form_values, lines, parse, shown
from web.render import render
from web.routes.rounds import ROUND_ID
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


QUADRANTS = {
    "strengths": "Сильные стороны",
    "weaknesses": "Слабые стороны",
    "opportunities": "Возможности",
    "threats": "Угрозы",
}


def _swot_page(
    request: Request,
    session: Session,
    actor: Actor,
    programme_id: str,
    round_id: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if not ROUND_ID.match(round_id):
        raise NotFound("not_found", "Такого раунда мониторинга нет.")
    view = swot.read_swot(session=session, actor=actor, programme_id=programme_id, round_id=round_id)
    programme = programmes.visible_programme(session, actor, programme_id)
    version_text = request.query_params.get("version", "")
    older = (
        swot.read_swot_version(
            session=session,
            actor=actor,
            programme_id=programme_id,
            round_id=round_id,
            version=int(version_text),
        )
        if version_text.isdigit() and view.current is not None and int(version_text) != view.current.version
        else None
    )
    if values is None:  # the form starts from the newest version, or from the suggestions
        if view.current is not None:
            values = {q: "\n".join(getattr(view.current, q)) for q in QUADRANTS}
        else:
            values = {
                "strengths": "\n".join(view.suggestions.strengths),
                "weaknesses": "\n".join(view.suggestions.weaknesses),
            }
    return render(
        request,
        "cabinet/programme/swot.html",
        {
            "title": f"SWOT-анализ: {round_label(round_id)}",
            "programme": programme,
            "round_label": round_label(round_id),
            "view": view,
            "older": older,
            "quadrants": QUADRANTS,
            "writes": swot.writes_swot(actor, programme),
            # a conflict is shown with the newest version beside what was typed; the next save is over it
            "base_version": view.current.version if view.current else "",
            "values": values,
            "refusal": refusal,
            "done": "SWOT-анализ сохранён." if request.query_params.get("done") else None,
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/swot/{round_id}", response_class=HTMLResponse)
def swot_view(
    request: Request, programme_id: str, round_id: str, me: PageSignedIn, session: SessionDep
) -> HTMLResponse:
    return _swot_page(request, session, me.actor, programme_id, round_id)


@router.post(
    "/cabinet/programmes/{programme_id}/swot/{round_id}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def write_swot(
    request: Request, programme_id: str, round_id: str, me: PageSignedIn, session: SessionDep
) -> Response:
    if not ROUND_ID.match(round_id):
        raise NotFound("not_found", "Такого раунда мониторинга нет.")
    values = await form_values(request)
    try:
        body = parse(
            swot.SwotBody,
            {"base_version": values.get("base_version", "")} | {q: lines(values.get(q)) for q in QUADRANTS},
            {"base_version": "Версия", **QUADRANTS},
        )
        swot.save_swot(
            session=session, actor=me.actor, programme_id=programme_id, round_id=round_id, body=body
        )
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _swot_page(
            request,
            session,
            me.actor,
            programme_id,
            round_id,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}/swot/{round_id}?done=1", status_code=303)


# What the curator adds to the programme's final report (001 §4.15): awards, best practices, conclusions.
