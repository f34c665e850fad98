"""A monitoring round's status: who submitted, who still owes, who was released; or when it opens."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from application import monitoring_answers, names, overdue, today
from db.session import utcnow
from domain.errors import Forbidden, NotFound
from domain.labels import round_label
from domain.local_time import local_date
from web.render import render
from web.session import PageSignedIn
from web.views import item_views

router = APIRouter(include_in_schema=False)
ROUND_ID = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@router.get("/cabinet/rounds/{round_id}", response_class=HTMLResponse)
def round_page(
    request: Request, round_id: str, signed: PageSignedIn, session: SessionDep, organisation_id: str = ""
) -> HTMLResponse:
    if not ROUND_ID.match(round_id):
        raise NotFound("not_found", "Такого раунда мониторинга нет.")
    status = overdue.round_status(
        session=session, actor=signed.actor, round_id=round_id, organisation_id=organisation_id or None
    )
    schedule = today.round_schedule(session, status.organisation_id, round_id)
    time_zone = request.state.time_zone
    not_open_yet = schedule is not None and local_date(utcnow(), time_zone) < schedule.opens_on
    school = names.organisation_names(session, [status.organisation_id]).get(status.organisation_id, "")
    try:  # the answers are personal texts: the school's curator and head read them, others see who owes
        answers = monitoring_answers.round_answers(
            session=session, actor=signed.actor, round_id=round_id, organisation_id=status.organisation_id
        )
    except Forbidden:
        answers = None
    return render(
        request,
        "cabinet/round.html",
        {
            "title": round_label(round_id).capitalize(),
            "label": round_label(round_id),
            "school": school,
            "schedule": schedule,
            "not_open_yet": not_open_yet and not (status.owed or status.submitted or status.released),
            "submitted": item_views(session, status.submitted),
            "owed": item_views(session, status.owed),
            "released": item_views(session, status.released),
            "answers": answers,
        },
    )
