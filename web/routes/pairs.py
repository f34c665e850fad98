"""The pair page and the list of pairs: members, the stage ribbon, the next step in words, the forms of the
commands this stage and this person allow, refusals shown in place, and everything written about the pair.
Every rule, scope and message is the application's (application.pairs, records, matching, assessments)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import (
    assessments,
    matching,
    pair_voices,
    pairs,
    participants,
    plan_agreement,
    programmes,
    records,
)
from application.assessments import AssessmentBody
from application.matching_schemas import FitBody
from application.schemas import (
    ExtensionBody,
    MeetingBody,
    OrderBody,
    PairCreate,
    PlanBody,
    PlanFulfilledBody,
    ReflectionBody,
    TerminationBody,
    TransitionRequest,
)
from application.temporal import TemporalLink
from domain.actors import Actor, Role
from domain.errors import DomainError, Forbidden, InvalidInput, NotFound
from domain.forms import Form
from domain.stages import Stage
from web import labels
from web.forms import form_values, lines, parse, shown
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
PAGE_SIZE = 20
HISTORY_PAGE_SIZE = 20  # entries of a pair's history («История») a page

# The label of every field a pair's forms have, for refusals that name the field.
FIELD_LABELS = {
    "to_stage": "Этап",
    "comment": "Комментарий",
    "number": "Номер приказа",
    "signed_on": "Дата приказа",
    "goals": "Цели",
    "problem": "Описание проблемы",
    "content": "Содержание деятельности",
    "planned_results": "Планируемые результаты",
    "schedule": "График встреч",
    "cadence_days": "Периодичность, дней",
    "format": "Формат",
    "starts_on": "Начало",
    "ends_on": "Окончание",
    "kind": "Вид",
    "held_on": "Дата встречи",
    "duration_minutes": "Длительность, минут",
    "text": "Текст",
    "participant_id": "Участник",
    "phase": "Диагностика",
    "scores": "Параметры и значения",
    "reason": "Причина",
    "new_end": "Новая дата окончания",
    "mentor_agrees": "Наставник согласен",
    "mentee_agrees": "Наставляемый согласен",
    "override_reason": "Основание выйти за 3–12 месяцев",
    "fits": "Пара подходит?",
    "form": "Форма",
    "mentor_ids": "Наставники",
    "mentee_ids": "Наставляемые",
    "planned_start": "Начало",
    "planned_end": "Окончание",
    "programme_id": "Программа",
    "role_model": "Ролевая модель",
    "agreement_ids": "Дополнительные соглашения наставников",
}

_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def iso_day(text: str) -> str:
    """дд.мм.гггг (as people type it) or гггг-мм-дд (as a date input sends it) → гггг-мм-дд."""
    text = text.strip()
    found = _DAY.match(text)
    return f"{found[3]}-{int(found[2]):02d}-{int(found[1]):02d}" if found else text


def scores_of(text: str) -> dict[str, str]:
    """«параметр: значение» a line → {параметр: значение}; a line without «:» is refused."""
    scores: dict[str, str] = {}
    for line in lines(text):
        name, colon, value = line.rpartition(":")
        if not colon or not name.strip():
            raise InvalidInput(
                "scores_format", "«Параметры и значения»: пишите «параметр: значение» в строке.", "scores"
            )
        scores[name.strip()] = value.strip().replace(",", ".")
    return scores


Command = Callable[[Session, Actor, TemporalLink, str, dict[str, str]], Awaitable[Any]]


def _command(run: Callable[..., Awaitable[Any]], body: Callable[[dict[str, str]], Any]) -> Command:
    async def command(
        session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, values: dict[str, str]
    ) -> Any:
        return await run(session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body(values))

    return command


COMMANDS: dict[str, Command] = {
    "transition": _command(pairs.transition, lambda v: parse(TransitionRequest, v, FIELD_LABELS)),
    "order": _command(
        pairs.fix_order,
        lambda v: parse(
            OrderBody,
            {
                **v,
                "signed_on": iso_day(v.get("signed_on", "")),
                "agreement_ids": lines(v.get("agreement_ids")),
            },
            FIELD_LABELS,
        ),
    ),
    "plan": _command(
        pairs.approve_plan,
        lambda v: parse(
            PlanBody,
            {
                "problem": v.get("problem", "").strip(),
                "goals": lines(v.get("goals")),
                "content": v.get("content", "").strip(),
                "planned_results": v.get("planned_results", "").strip(),
                "schedule": [iso_day(d) for d in lines(v.get("schedule"))],
                "cadence_days": v.get("cadence_days"),
                "format": v.get("format"),
                "starts_on": iso_day(v.get("starts_on", "")),
                "ends_on": iso_day(v.get("ends_on", "")),
            },
            FIELD_LABELS,
        ),
    ),
    "plan_fulfilled": _command(
        pairs.mark_plan_fulfilled, lambda v: parse(PlanFulfilledBody, v, FIELD_LABELS)
    ),
    "meeting": _command(
        pairs.record_meeting,
        lambda v: parse(MeetingBody, {**v, "held_on": iso_day(v.get("held_on", ""))}, FIELD_LABELS),
    ),
    "reflection": _command(pairs.record_reflection, lambda v: parse(ReflectionBody, v, FIELD_LABELS)),
    "assessment": _command(
        assessments.submit_assessment,
        lambda v: parse(AssessmentBody, {**v, "scores": scores_of(v.get("scores", ""))}, FIELD_LABELS),
    ),
    "termination": _command(
        pairs.terminate_early, lambda v: parse(TerminationBody, {**v, "comment": v.get("comment", "")})
    ),
    "extension": _command(
        pairs.change_term,
        lambda v: parse(
            ExtensionBody,
            {
                "new_end": iso_day(v.get("new_end", "")),
                "mentor_agrees": v.get("mentor_agrees") == "yes",
                "mentee_agrees": v.get("mentee_agrees") == "yes",
                "override_reason": v.get("override_reason"),
            },
            FIELD_LABELS,
        ),
    ),
    "fit": _command(matching.answer_fit, lambda v: parse(FitBody, v, FIELD_LABELS)),
}

DONE = {
    "created": "Пара сформирована: её процесс начат на подготовительном этапе.",
    "transition": "Этап пары изменён.",
    "order": "Приказ внесён.",
    "plan": "Индивидуальный план утверждён.",
    "plan_fulfilled": "План отмечен выполненным.",
    "meeting": "Встреча отмечена.",
    "reflection": "Текст сохранён.",
    "assessment": "Диагностика внесена.",
    "termination": "Пара завершена досрочно.",
    "extension": "Срок пары изменён.",
    "fit": "Ответ о пробной встрече сохранён.",
}


def _page_number(text: str | None) -> int:
    """A page number from the query (a bad or missing one is the first page)."""
    return int(text) if text and text.isdigit() and 0 < int(text) <= 10_000 else 1


def _readable(read: Callable[..., Any], **kwargs: Any) -> Any:
    """A record the person may not read is left out of the page (the coordinator sees no texts)."""
    try:
        return read(**kwargs)
    except Forbidden:
        return None


async def pair_page(
    request: Request,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    pair_id: str,
    *,
    open_form: str | None = None,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = await pairs.view_pair(session=session, actor=actor, temporal=temporal, pair_id=pair_id)
    detail = view.detail
    keys: dict[str, Any] = {"session": session, "actor": actor, "pair_id": pair_id}
    history_page = _page_number(request.query_params.get("history"))
    timeline = pairs.pair_timeline(
        session=session,
        actor=actor,
        pair_id=pair_id,
        limit=HISTORY_PAGE_SIZE,
        offset=(history_page - 1) * HISTORY_PAGE_SIZE,
    )
    authors = records.user_names(
        session, {e.actor_id for e in timeline.items} | {m.recorded_by for m in detail.meetings}
    )
    programme = None
    if detail.programme_id:
        try:
            programme = programmes.visible_programme(session, actor, detail.programme_id)
        except NotFound:
            programme = None
    done = request.query_params.get("done")
    asked = request.query_params.get("open")  # a link straight to one form, e.g. from «Мои пары»
    open_form = open_form or (asked if asked in COMMANDS else None)
    return render(
        request,
        "cabinet/pair/page.html",
        {
            "title": "Пара",
            "pair": detail,
            "offer": view.offer,
            "programme": programme,
            "plans": _readable(records.pair_plans, **keys),
            "plan_drafts_for_me": plan_agreement.drafts_awaiting_me(**keys),
            "reflections": _readable(records.pair_reflections, **keys),
            "assessments": _readable(records.pair_assessments, **keys),
            "comparison": assessments.pair_comparison(**keys),
            "fit_answers": records.pair_fit_answers(**keys),
            "mentor_agreements": pair_voices.mentors_agreements(**keys)
            if "order" in view.offer.commands
            else [],
            "authors": authors,
            "timeline": timeline,
            "history_page": history_page,
            "history_pages": max(1, -(-timeline.total // HISTORY_PAGE_SIZE)),
            "labels": labels.LABELS,
            "ribbon": labels.RIBBON,
            "open_form": open_form,
            "values": values or {},
            "refusal": refusal,
            "done": DONE.get(done or ""),
            "back": request.query_params.get("back", ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/pairs", response_class=HTMLResponse)
def pair_list(
    request: Request,
    me: PageSignedIn,
    session: SessionDep,
    stage: str = "",
    form: str = "",
    programme_id: str = "",
    page: int = Query(default=1, ge=1),
) -> HTMLResponse:
    return _list_page(
        request, session, me.actor, stage=stage, form=form, programme_id=programme_id, page=page
    )


@router.post("/cabinet/pairs", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def form_pair(
    request: Request, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    """A pair or group formed by hand from the school's bases; its process starts at once."""
    values = await form_values(request)
    try:
        body = parse(
            PairCreate,
            {
                "form": values.get("form"),
                "kind": values.get("kind"),
                "role_model": values.get("role_model", ""),
                "programme_id": values.get("programme_id"),
                "mentor_ids": lines(values.get("mentor_ids")),
                "mentee_ids": lines(values.get("mentee_ids")),
                "planned_start": iso_day(values.get("planned_start", "")),
                "planned_end": iso_day(values.get("planned_end", "")),
            },
            FIELD_LABELS,
        )
        created = await pairs.create_pair(session=session, actor=me.actor, temporal=temporal, body=body)
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _list_page(
            request, session, me.actor, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse(f"/cabinet/pairs/{created.id}?done=created", status_code=303)


def _list_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    stage: str = "",
    form: str = "",
    programme_id: str = "",
    page: int = 1,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chosen_stage = Stage(stage) if stage in {s.value for s in Stage} else None
    chosen_form = Form(form) if form in {f.value for f in Form} else None
    listed = pairs.list_pairs(
        session=session,
        actor=actor,
        stage=chosen_stage,
        form=chosen_form,
        programme_id=programme_id or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    choices = programmes.list_programmes(session=session, actor=actor, limit=200).items
    people = (
        participants.list_participants(session=session, actor=actor, limit=1000, by_name=True).items
        if actor.role is Role.CURATOR
        else []
    )
    return render(
        request,
        "cabinet/pair/list.html",
        {
            "title": "Пары",
            "listed": listed,
            "page": page,
            "pages": max(1, -(-listed.total // PAGE_SIZE)),
            "filters": {"stage": stage, "form": form, "programme_id": programme_id},
            "programmes": choices,
            "people": [p for p in people if p.erased_at is None],
            "values": values or {},
            "refusal": refusal,
        },
        status_code=status_code,
    )


@router.get("/cabinet/pairs/{pair_id}", response_class=HTMLResponse)
async def pair(
    request: Request, pair_id: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return await pair_page(request, session, me.actor, temporal, pair_id)


def _back(values: dict[str, str], pair_id: str, command: str) -> str:
    """After a command: back to the page the form was on (a cabinet page only), else the pair."""
    back = values.get("back", "")
    if back.startswith("/cabinet/") and not back.startswith("//"):
        return back
    return f"/cabinet/pairs/{pair_id}?done={command}#{command}"


@router.post("/cabinet/pairs/{pair_id}/{command}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def pair_command(
    request: Request,
    pair_id: str,
    command: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    run = COMMANDS.get(command)
    if run is None:
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    values = await form_values(request)
    try:
        await run(session, me.actor, temporal, pair_id, values)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return await pair_page(
            request,
            session,
            me.actor,
            temporal,
            pair_id,
            open_form=command,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(_back(values, pair_id, command), status_code=303)
