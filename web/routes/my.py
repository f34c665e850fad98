"""«Мои пары» of a mentor or mentee (phone first): my pairs, what I owe and by when, a meeting logged in
place, links to my reflection or report and the trial meeting's answer, and a round's questionnaire."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import matching, monitoring_answers, obligations, pairs, plan_agreement, records
from application.questionnaire_forms import QuestionnaireForm, questionnaire_form
from application.temporal import TemporalLink
from db.session import utcnow
from domain.actors import Actor
from domain.errors import DomainError, Forbidden
from domain.local_time import DEFAULT_TIME_ZONE
from domain.questionnaires import Question, QuestionKind
from web.forms import form_values, lines, shown
from web.render import local_day, render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)

DONE = {
    "meeting": "Встреча отмечена.",
    "questionnaire": "Анкета отправлена. Спасибо!",
}


def school_today(request: Request) -> date:
    """Today at the signed-in person's school."""
    return local_day(utcnow(), getattr(request.state, "time_zone", DEFAULT_TIME_ZONE)) or date.today()


async def _my_pairs(
    session: Session, actor: Actor, temporal: TemporalLink, today: date
) -> list[dict[str, Any]]:
    listed = pairs.list_pairs(session=session, actor=actor, limit=50)
    mine = []
    for item in listed.items:
        view = await pairs.view_pair(session=session, actor=actor, temporal=temporal, pair_id=item.id)
        try:
            plans = records.pair_plans(session=session, actor=actor, pair_id=item.id)
        except Forbidden:
            plans = []
        upcoming = [d for d in (plans[-1].schedule if plans else []) if d >= today]
        mine.append(
            {
                "pair": view.detail,
                "offer": view.offer,
                "others": [m for m in view.detail.members if m.participant_id != actor.participant_id],
                "my_role": next(
                    (m.role for m in view.detail.members if m.participant_id == actor.participant_id), ""
                ),
                "next_meeting": upcoming[0] if upcoming else None,
                "plan_drafts": plan_agreement.drafts_awaiting_me(
                    session=session, actor=actor, pair_id=item.id
                ),
            }
        )
    return mine


@router.get("/cabinet/my", response_class=HTMLResponse)
async def my_pairs(
    request: Request, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return render(
        request,
        "cabinet/my/pairs.html",
        {
            "title": "Мои пары",
            "mine": await _my_pairs(session, me.actor, temporal, school_today(request)),
            "owed": obligations.owed_by_me(session=session, actor=me.actor),
            "preference_sheets": matching.preference_programmes(
                session=session, actor=me.actor, participant_id=me.actor.participant_id
            )
            if me.actor.participant_id
            else [],
            "today": school_today(request),
            "done": DONE.get(request.query_params.get("done") or ""),
        },
    )


def _answers(questions: list[Question], values: dict[str, str]) -> dict[str, Any]:
    """The form's fields `q_<id>` as the questionnaire's answers: a scale an integer, several options a
    list; what cannot be read is passed on as typed, for the questionnaire's own rule to refuse."""
    answers: dict[str, Any] = {}
    for question in questions:
        raw = values.get(f"q_{question.id}", "")
        if question.kind is QuestionKind.SCALE:
            answers[question.id] = int(raw) if raw.strip().lstrip("-").isdigit() else (raw or None)
        elif question.kind is QuestionKind.CLOSED and question.multiple:
            answers[question.id] = lines(raw)
        else:
            answers[question.id] = raw
    return answers


def _questionnaire_page(
    request: Request,
    form: QuestionnaireForm,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "cabinet/my/questionnaire.html",
        {
            "title": form.version.title,
            "form": form,
            "values": values or {},
            "refusal": refusal,
            "today": school_today(request),
        },
        status_code=status_code,
    )


@router.get("/cabinet/my/questionnaire", response_class=HTMLResponse)
def questionnaire(
    request: Request, me: PageSignedIn, session: SessionDep, round_id: str, pair_id: str | None = None
) -> HTMLResponse:
    form = questionnaire_form(session, me.actor, round_id, pair_id or None)
    return _questionnaire_page(request, form)


@router.post("/cabinet/my/questionnaire", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def submit_questionnaire(
    request: Request, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    values = await form_values(request)
    round_id, pair_id = values.get("round_id", ""), values.get("pair_id") or None
    form = questionnaire_form(session, me.actor, round_id, pair_id)
    try:
        await monitoring_answers.submit_questionnaire(
            session=session,
            actor=me.actor,
            temporal=temporal,
            round_id=round_id,
            pair_id=pair_id,
            answers=_answers(form.version.questions, values),
        )
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _questionnaire_page(request, form, values=values, refusal=refused, status_code=refused.status)
    return RedirectResponse("/cabinet/my?done=questionnaire", status_code=303)
