"""Programme pages: the list, one programme (its stage and what blocks the next, configuration and the
head's approval of the roadmap, the mentor and mentee bases, matching, completion) and a matching
proposal (every pair's score and reasons, every unmatched mentee's reason, edit and accept by the order).
Every rule and message is application.programmes' and application.matching's."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import (
    coverage_settings,
    matching,
    pairs,
    participants,
    programme_report,
    programmes,
    records,
    roster,
    school_policy,
    swot,
    today,
)
from application.coverage_settings import CoverageBody, CoverageRead
from application.matching_schemas import AcceptBody, PairChoice
from application.names import pair_titles
from application.programme_schemas import (
    CompletionBody,
    FeedbackBody,
    HeadApprovalBody,
    MenteeRequestBody,
    MentorProfileBody,
    ProgrammeConfigure,
    ProgrammeCreate,
    ProgrammeTransition,
)
from application.temporal import TemporalLink
from db.session import utcnow
from domain.actors import Actor
from domain.bounds import MAX_OFFSET
from domain.errors import DomainError, InvalidInput, NotFound
from domain.escalation import EscalationPolicy
from domain.labels import round_label
from domain.local_time import local_date
from domain.monitoring import MonitoringSettings, academic_year_of
from domain.programme import Award, CompletionFact, HeadAct, HeadApproval
from domain.school_calendar import SchoolCalendar
from domain.stages import Stage
from web.forms import form_values, lines, parse, shown
from web.labels import RIBBON
from web.render import render
from web.routes.pairs import iso_day
from web.routes.rounds import ROUND_ID
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
PAGE_SIZE = 20

COMPLETION_LABELS = {
    CompletionFact.FINAL_GROUP_MEETING: "итоговая встреча всех пар",
    CompletionFact.AWARDS: "награждение («Наставник года», «Лучшая пара»)",
    CompletionFact.BEST_PRACTICES: "лучшие практики опубликованы",
    CompletionFact.ALUMNI_OFFERED: "выпускникам предложено стать наставниками",
}

FIELD_LABELS = {
    "title": "Название",
    "academic_year": "Учебный год",
    "forms": "Формы",
    "roadmap": "Дорожная карта",
    "participant_id": "Участник",
    "competences": "Компетенции",
    "capacity": "Сколько наставляемых",
    "questionnaire_on": "Анкета",
    "interview_on": "Собеседование",
    "trained_on": "Обучение",
    "training_required": "Обучение этому наставнику",
    "requests": "Запросы",
    "mentors_needed": "Сколько наставников",
    "form": "Форма",
    "fact": "Что сделано",
    "answers": "Ответы",
    "to_stage": "Этап",
    "order": "Приказ",
    "planned_start": "Начало",
    "planned_end": "Окончание",
    "add": "Пары",
    "award": "Награда",
    "participant_ids": "Кого касается",
    "pair_ids": "Пары",
    "joined_ids": "Вошли в базу наставников",
}
AWARD_LABELS = {Award.MENTOR_OF_THE_YEAR: "«Наставник года»", Award.BEST_PAIR: "«Лучшая пара»"}

DONE = {
    "created": "Программа создана.",
    "configure": "Настройки программы сохранены.",
    "mentor": "База наставников обновлена.",
    "mentee": "База наставляемых обновлена.",
    "completion": "Завершающее действие отмечено.",
    "feedback": "Анкета обратной связи внесена.",
    "transition": "Этап программы изменён.",
    "accepted": "Пары закреплены приказом: их процессы начаты.",
    "rejected": "Предложение отклонено.",
}


def _list_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    stage: str = "",
    page: int = 1,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chosen = Stage(stage) if stage in {s.value for s in Stage} else None
    listed = programmes.list_programmes(
        session=session, actor=actor, stage=chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return render(
        request,
        "cabinet/programme/list.html",
        {
            "title": "Программы",
            "listed": listed,
            "page": page,
            "pages": max(1, -(-listed.total // PAGE_SIZE)),
            "filters": {"stage": stage},
            "current_year": academic_year_of(local_date(utcnow(), request.state.time_zone)),
            "values": values or {},
            "refusal": refusal,
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes", response_class=HTMLResponse)
def programme_list(
    request: Request,
    me: PageSignedIn,
    session: SessionDep,
    stage: str = "",
    page: int = Query(default=1, ge=1),
) -> HTMLResponse:
    return _list_page(request, session, me.actor, stage=stage, page=page)


@router.post("/cabinet/programmes", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def create_programme(
    request: Request, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    values = await form_values(request)
    try:
        body = parse(
            ProgrammeCreate,
            {
                "title": values.get("title", "").strip(),
                "academic_year": values.get("academic_year", "").strip(),
                "forms": lines(values.get("forms")),
                "training_required": values.get("training_required") == "yes",
            },
            FIELD_LABELS,
        )
        created = await programmes.create_programme(
            session=session, actor=me.actor, temporal=temporal, body=body
        )
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _list_page(
            request, session, me.actor, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse(f"/cabinet/programmes/{created.id}?done=created", status_code=303)


async def programme_page(
    request: Request,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    programme_id: str,
    *,
    open_form: str | None = None,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail = await programmes.read_programme(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id
    )
    programme = programmes.visible_programme(session, actor, programme_id)
    pages = {name: _page_number(request, name) for name in LISTS}
    mentors = programmes.mentor_base(
        session=session, actor=actor, programme_id=programme_id, **_window(pages["mentors_page"])
    )
    mentees = programmes.mentee_base(
        session=session, actor=actor, programme_id=programme_id, **_window(pages["mentees_page"])
    )
    proposals = matching.list_proposals(
        session=session, actor=actor, programme_id=programme_id, **_window(pages["proposals_page"])
    )
    feedback = records.programme_feedback(
        session=session, actor=actor, programme_id=programme_id, **_window(pages["feedback_page"])
    )
    runs = programmes.runs_programme(actor, programme)
    people = (
        [
            p
            for p in participants.list_participants(
                session=session, actor=actor, limit=1000, by_name=True
            ).items
            if p.erased_at is None
        ]
        if runs
        else []
    )
    names = records.participant_names(
        session, {m.participant_id for m in mentors.items} | {m.participant_id for m in mentees.items}
    )
    closing = runs and programme.stage in (Stage.REFLECTIVE.value, Stage.RESULT.value)
    in_bases = (
        {
            m.participant_id
            for m in programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
        }
        | {
            m.participant_id
            for m in programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)
        }
        if closing
        else set()
    )
    programme_pairs = (
        pairs.list_pairs(session=session, actor=actor, programme_id=programme_id, limit=MAX_PAIRS_SHOWN).items
        if closing
        else []
    )
    rounds = [
        (r, swot.swot_versions(session, programme_id, r.round_id)[:1])
        for r in today.school_rounds(session, programme.organisation_id, programme.academic_year)
    ]
    return render(
        request,
        "cabinet/programme/page.html",
        {
            "title": detail.title,
            "programme": detail,
            "curator_name": records.user_names(
                session, {detail.curator_id} if detail.curator_id else set()
            ).get(detail.curator_id or "", "—"),
            "mentors": mentors,
            "mentees": mentees,
            "names": names,
            "people": people,
            "runs": runs,
            "configures": programmes.runs_programme(actor, programme, head_too=True),
            "proposals": proposals,
            "completion_labels": COMPLETION_LABELS,
            "feedback": feedback,
            "pages": pages,
            "pages_of": dict(
                zip(LISTS, (_pages(x.total) for x in (mentors, mentees, proposals, feedback)), strict=True)
            ),
            "rounds": rounds,
            "acts_as_head": programmes.acts_as_head(actor, programme),
            "award_labels": AWARD_LABELS,
            "base_people": sorted(
                records.participant_names(session, in_bases).items(), key=lambda item: item[1]
            ),
            "pair_choices": sorted(
                pair_titles(session, (p.id for p in programme_pairs)).items(), key=lambda item: item[1]
            ),
            "round_label": round_label,
            "ribbon": RIBBON,
            "open_form": open_form,
            "values": values or {},
            "refusal": refusal,
            "done": DONE.get(request.query_params.get("done") or ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}", response_class=HTMLResponse)
async def programme_view(
    request: Request, programme_id: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return await programme_page(request, session, me.actor, temporal, programme_id)


MAX_PAIRS_SHOWN = 500  # a programme's pairs offered to name the best one (the command's own bound)
LISTS = ("mentors_page", "mentees_page", "proposals_page", "feedback_page")  # a page number each


def _page_number(request: Request, name: str) -> int:
    """A list's page from the query (1 when absent or not a positive number)."""
    text = request.query_params.get(name, "")
    return max(1, min(int(text), MAX_OFFSET // PAGE_SIZE)) if text.isdigit() else 1


def _window(page: int) -> dict[str, int]:
    return {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def scores_answers(text: str) -> dict[str, str]:
    """«вопрос: ответ» a line → the feedback's answers; a line without «:» is refused."""
    answers: dict[str, str] = {}
    for line in lines(text):
        question, colon, answer = line.partition(":")
        if not colon or not question.strip() or not answer.strip():
            raise InvalidInput("answers_format", "«Ответы»: пишите «вопрос: ответ» в строке.", "answers")
        answers[question.strip()] = answer.strip()
    if not answers:
        raise InvalidInput("answers_format", "«Ответы»: заполните поле.", "answers")
    return answers


def _dates(values: dict[str, str], *names: str) -> dict[str, str]:
    return {name: iso_day(values.get(name, "")) for name in names}


@router.post(
    "/cabinet/programmes/{programme_id}/{command}", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
async def programme_command(
    request: Request,
    programme_id: str,
    command: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    values = await form_values(request)
    actor = me.actor
    keys: dict[str, Any] = {"session": session, "actor": actor, "programme_id": programme_id}
    try:
        if command == "configure":
            roadmap = None
            if values.get("roadmap_document") or values.get("roadmap_approved_on"):
                roadmap = {
                    "document_id": values.get("roadmap_document", "").strip(),
                    "approved_on": iso_day(values.get("roadmap_approved_on", "")),
                }
            body = parse(
                ProgrammeConfigure,
                {
                    "forms": lines(values.get("forms")) or None,
                    "training_required": values.get("training_required") == "yes",
                    "roadmap": roadmap,
                },
                FIELD_LABELS,
            )
            await programmes.configure_programme(**keys, temporal=temporal, body=body)
        elif command == "mentor":
            profile = parse(
                MentorProfileBody,
                {
                    "competences": lines(values.get("competences")),
                    "capacity": values.get("capacity"),
                    **_dates(values, "questionnaire_on", "interview_on", "trained_on"),
                    "training_required": {"yes": True, "no": False}.get(values.get("training_required", "")),
                },
                FIELD_LABELS,
            )
            programmes.put_mentor(**keys, participant_id=values.get("participant_id", ""), body=profile)
        elif command == "mentee":
            request_body = parse(
                MenteeRequestBody,
                {
                    "requests": lines(values.get("requests")),
                    "mentors_needed": values.get("mentors_needed"),
                    "form": values.get("form"),
                },
                FIELD_LABELS,
            )
            programmes.put_mentee(**keys, participant_id=values.get("participant_id", ""), body=request_body)
        elif command == "matching":
            proposal = await matching.run_matching(**keys, temporal=temporal)
            return RedirectResponse(
                f"/cabinet/programmes/{programme_id}/proposals/{proposal.id}", status_code=303
            )
        elif command == "feedback":
            answers = scores_answers(values.get("answers", ""))
            feedback = parse(
                FeedbackBody,
                {"participant_id": values.get("participant_id"), "answers": answers},
                FIELD_LABELS,
            )
            programmes.record_feedback(**keys, body=feedback)
        elif command == "completion":
            fact = parse(
                CompletionBody,
                {
                    "fact": values.get("fact"),
                    "comment": values.get("comment", "").strip(),
                    "award": values.get("award"),
                    "participant_ids": lines(values.get("participant_ids")),
                    "pair_ids": lines(values.get("pair_ids")),
                    "joined_ids": lines(values.get("joined_ids")),
                },
                FIELD_LABELS,
            )
            await programmes.record_completion(**keys, temporal=temporal, body=fact)
        elif command == "transition":
            move = parse(ProgrammeTransition, values, FIELD_LABELS)
            await programmes.transition(**keys, temporal=temporal, body=move)
        else:
            raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return await programme_page(
            request,
            session,
            actor,
            temporal,
            programme_id,
            open_form=command,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}?done={command}", status_code=303)


def _proposal_page(
    request: Request,
    session: Session,
    actor: Actor,
    programme_id: str,
    proposal_id: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    proposal = matching.read_proposal(
        session=session, actor=actor, programme_id=programme_id, proposal_id=proposal_id
    )
    programme = programmes.visible_programme(session, actor, programme_id)
    mentors = programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
    names = records.participant_names(session, {m.participant_id for m in mentors})
    return render(
        request,
        "cabinet/programme/proposal.html",
        {
            "title": "Предложение пар",
            "programme": programme,
            "proposal": proposal,
            "mentor_choices": sorted(names.items(), key=lambda item: item[1]),
            "runs": programmes.runs_programme(actor, programme),
            "values": values or {},
            "refusal": refusal,
            "done": DONE.get(request.query_params.get("done") or ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/proposals/{proposal_id}", response_class=HTMLResponse)
def proposal_view(
    request: Request, programme_id: str, proposal_id: str, me: PageSignedIn, session: SessionDep
) -> HTMLResponse:
    return _proposal_page(request, session, me.actor, programme_id, proposal_id)


@router.post(
    "/cabinet/programmes/{programme_id}/proposals/{proposal_id}/{decision}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def decide(
    request: Request,
    programme_id: str,
    proposal_id: str,
    decision: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    values = await form_values(request)
    keys: dict[str, Any] = {
        "session": session,
        "actor": me.actor,
        "programme_id": programme_id,
        "proposal_id": proposal_id,
    }
    try:
        if decision == "accept":
            left_out = [
                PairChoice(mentee_id=m, mentor_id=t)
                for m, _, t in (x.partition("|") for x in lines(values.get("exclude")))
            ]
            added = []
            if values.get("add_mentee") and values.get("add_mentor"):
                added = [PairChoice(mentee_id=values["add_mentee"], mentor_id=values["add_mentor"])]
            body = parse(
                AcceptBody,
                {
                    "order": {
                        "number": values.get("order_number", "").strip(),
                        "signed_on": iso_day(values.get("order_signed_on", "")),
                    },
                    "planned_start": iso_day(values.get("planned_start", "")),
                    "planned_end": iso_day(values.get("planned_end", "")),
                    "form": values.get("form") or None,
                    "exclude": left_out,
                    "add": added,
                },
                FIELD_LABELS,
            )
            await matching.accept_proposal(**keys, temporal=temporal, body=body)
            return RedirectResponse(f"/cabinet/programmes/{programme_id}?done=accepted", status_code=303)
        if decision == "reject":
            matching.reject_proposal(**keys)
            return RedirectResponse(
                f"/cabinet/programmes/{programme_id}/proposals/{proposal_id}?done=rejected", status_code=303
            )
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _proposal_page(
            request,
            session,
            me.actor,
            programme_id,
            proposal_id,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )


# The head's approvals (001 §3.8; 002 item 12): what awaits the head, and the head's acts from the page.
HEAD_ACTS = {
    "curator": "Куратор назначен.",
    "roadmap": "Утверждение дорожной карты внесено.",
    HeadAct.MENTOR_REGISTRY.value: "Реестр наставников утверждён.",
    HeadAct.MENTEES.value: "Отобранные наставляемые утверждены.",
}
APPROVAL_LABELS = {
    "curator_id": "Куратор",
    "roadmap": "Дорожная карта",
    "number": "Номер приказа",
    "signed_on": "Дата приказа",
    "act": "Что утверждается",
}
SHOWN_NAMES = 50  # names of a base listed for approval; the rest are counted, the base table pages them


def _approval_base(session: Session, approved: HeadApproval | None, everyone: list[str]) -> dict[str, Any]:
    """A base as the head approves it: who is in it now (names, the first few), and who came after the
    last approval (the base changed: it awaits the head again)."""
    added = [pid for pid in everyone if approved is None or pid not in approved.participant_ids]
    left = [pid for pid in approved.participant_ids if pid not in everyone] if approved else []
    names = records.participant_names(
        session, set(everyone[:SHOWN_NAMES]) | set(added[:SHOWN_NAMES]) | set(left[:SHOWN_NAMES])
    )
    return {
        "approval": approved,
        "total": len(everyone),
        "names": [names.get(pid, "—") for pid in everyone[:SHOWN_NAMES]],
        "added": [names.get(pid, "—") for pid in added[:SHOWN_NAMES]] if approved else [],
        "added_total": len(added) if approved else 0,
        "left": [names.get(pid, "—") for pid in left[:SHOWN_NAMES]],
        "waits": approved is None or bool(added) or bool(left),
    }


async def _approvals_page(
    request: Request,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    programme_id: str,
    *,
    open_form: str | None = None,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail = await programmes.read_programme(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id
    )
    programme = programmes.visible_programme(session, actor, programme_id)
    mentors = [
        m.participant_id
        for m in programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
    ]
    mentees = [
        m.participant_id
        for m in programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)
    ]
    acts = programmes.acts_as_head(actor, programme)
    curators = (
        programmes.curators_of_school(session=session, actor=actor, programme_id=programme_id) if acts else []
    )
    approvals = detail.head_approvals
    return render(
        request,
        "cabinet/programme/approvals.html",
        {
            "title": f"Утверждения руководителя: {detail.title}",
            "programme": detail,
            "curator_name": records.user_names(
                session, {detail.curator_id} if detail.curator_id else set()
            ).get(detail.curator_id or "", ""),
            "curators": [(u.id, u.display_name) for u in curators],
            "acts_as_head": acts,
            "registry": _approval_base(session, approvals.get(HeadAct.MENTOR_REGISTRY), mentors),
            "selected": _approval_base(session, approvals.get(HeadAct.MENTEES), mentees),
            "approver_names": records.user_names(session, {a.by_user_id for a in approvals.values()}),
            "open_form": open_form,
            "values": values or {},
            "refusal": refusal,
            "done": HEAD_ACTS.get(request.query_params.get("done") or ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/approvals", response_class=HTMLResponse)
async def approvals_view(
    request: Request, programme_id: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return await _approvals_page(request, session, me.actor, temporal, programme_id)


@router.post(
    "/cabinet/programmes/{programme_id}/approvals/{act}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def approve(
    request: Request,
    programme_id: str,
    act: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    if act not in HEAD_ACTS:
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    values = await form_values(request)
    keys: dict[str, Any] = {"session": session, "actor": me.actor, "programme_id": programme_id}
    try:
        if act == "curator":
            if not values.get("curator_id"):
                raise InvalidInput("missing", "«Куратор»: выберите куратора.", "curator_id")
            body = parse(ProgrammeConfigure, {"curator_id": values["curator_id"]}, APPROVAL_LABELS)
            await programmes.configure_programme(**keys, temporal=temporal, body=body)
        elif act == "roadmap":
            roadmap = {
                "document_id": values.get("roadmap_document", "").strip(),
                "approved_on": iso_day(values.get("roadmap_approved_on", "")),
            }
            body = parse(
                ProgrammeConfigure, {"roadmap": {k: v for k, v in roadmap.items() if v}}, APPROVAL_LABELS
            )
            await programmes.configure_programme(**keys, temporal=temporal, body=body)
        else:
            approval = parse(
                HeadApprovalBody,
                {
                    "act": act,
                    "number": values.get("number", "").strip(),
                    "signed_on": iso_day(values.get("signed_on", "")),
                },
                APPROVAL_LABELS,
            )
            await programmes.approve_as_head(**keys, temporal=temporal, body=approval)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return await _approvals_page(
            request,
            session,
            me.actor,
            temporal,
            programme_id,
            open_form=act,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}/approvals?done={act}", status_code=303)


# The school's numbers of pupils and teachers and its coverage targets for an academic year (004 §7).
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
AWARD_ROWS_ADDED = 2  # empty award rows the form offers
NOTES_LABELS = {
    "base_version": "Версия",
    "awards": "Награды",
    "best_practices": "Лучшие практики",
    "conclusions": "Выводы",
}
AWARD_TITLES = ("Наставник года", "Лучшая пара")


def _notes_values(notes: programme_report.ReportNotesRead | None) -> dict[str, str]:
    if notes is None:
        return {}
    values = {"best_practices": "\n".join(notes.best_practices), "conclusions": notes.conclusions}
    for i, award in enumerate(notes.awards):
        values |= {
            f"awards.{i}.title": award.title,
            f"awards.{i}.participant_id": award.participant_id or "",
            f"awards.{i}.whom": award.whom or "",
        }
    return values


def _notes_page(
    request: Request,
    session: Session,
    actor: Actor,
    programme_id: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    programme = programmes.visible_programme(session, actor, programme_id)
    notes = programme_report.read_notes(session=session, actor=actor, programme_id=programme_id)
    in_bases = {
        m.participant_id
        for m in programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
    }
    in_bases |= {
        m.participant_id
        for m in programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)
    }
    shown_values = values if values is not None else _notes_values(notes)
    rows = 1 + max([int(k.split(".")[1]) for k in shown_values if k.startswith("awards.")] or [-1])
    names = records.participant_names(session, in_bases)
    return render(
        request,
        "cabinet/programme/notes.html",
        {
            "title": f"Итоговый отчёт: {programme.title}",
            "programme": programme,
            "notes": notes,
            "people": sorted(names.items(), key=lambda item: item[1]),
            "names": names,
            "award_titles": AWARD_TITLES,
            "award_rows": range(rows + AWARD_ROWS_ADDED),
            "writes": programme_report.writes_notes(actor, programme),
            "base_version": notes.version if notes else "",
            "values": shown_values,
            "refusal": refusal,
            "done": "Итоговый отчёт дополнен." if request.query_params.get("done") else None,
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/final-report/notes", response_class=HTMLResponse)
def notes_view(request: Request, programme_id: str, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _notes_page(request, session, me.actor, programme_id)


def _awards(values: dict[str, str]) -> list[dict[str, str]]:
    """The award rows as typed; a row with nothing in it is not an award."""
    rows = sorted({int(k.split(".")[1]) for k in values if k.startswith("awards.") and k.count(".") == 2})
    awards = []
    for i in rows:
        row = {f: values.get(f"awards.{i}.{f}", "").strip() for f in ("title", "participant_id", "whom")}
        if any(row.values()):
            awards.append({k: v for k, v in row.items() if v})
    return awards


@router.post(
    "/cabinet/programmes/{programme_id}/final-report/notes",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def write_notes(request: Request, programme_id: str, me: PageSignedIn, session: SessionDep) -> Response:
    values = await form_values(request)
    try:
        body = parse(
            programme_report.ReportNotesBody,
            {
                "base_version": values.get("base_version", ""),
                "awards": _awards(values),
                "best_practices": lines(values.get("best_practices")),
                "conclusions": values.get("conclusions", "").strip(),
            },
            NOTES_LABELS,
        )
        programme_report.save_notes(session=session, actor=me.actor, programme_id=programme_id, body=body)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _notes_page(
            request,
            session,
            me.actor,
            programme_id,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}/final-report/notes?done=1", status_code=303)


# The yearly list of teachers who need a mentor (000 §6.5.3.1): the curator marks it refreshed.
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
POLICY_LABELS = {
    "time_zone": "Часовой пояс",
    "working_weekdays": "Рабочих дней в неделе",
    "holidays": "Каникулы и перерывы школы",
    "recurring": "Ежегодные перерывы",
    "preparatory_days": "Подготовительный этап пары, дней",
    "meeting_grace_days": "Отсрочка встречи по плану, дней",
    "assessment_days": "Итоговая диагностика после рефлексии, дней",
    "deadlines": "Сроки мониторинга",
    "opens_days_before": "Анкеты открываются за, дней",
}
TIME_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)
_SPAN = re.compile(r"^\s*(\S+)\s*[-–—]\s*(\S+)\s*$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


def _spans(text: str, field: str, example: str) -> list[tuple[str, str]]:
    found = [_SPAN.match(line) for line in lines(text)]
    if not all(found):
        raise InvalidInput("span_format", f"«{POLICY_LABELS[field]}»: пишите «{example}» в строке.", field)
    return [(m[1], m[2]) for m in found if m]


def _month_day(text: str, field: str) -> str:
    found = _DAY_MONTH.match(text.strip())
    if not found:
        raise InvalidInput("day_format", f"«{POLICY_LABELS[field]}»: пишите день и месяц как «20.12».", field)
    return f"{int(found[2]):02d}-{int(found[1]):02d}"


def _day_month(mmdd: str) -> str:
    month, day = mmdd.split("-")
    return f"{day}.{month}"


def _policy_values(policy: school_policy.PolicyBody) -> dict[str, str]:
    escalation, calendar = policy.escalation, policy.escalation.calendar
    return {
        "time_zone": escalation.time_zone,
        "working_weekdays": str(calendar.working_weekdays),
        "official": "yes" if calendar.official else "",
        "holidays": "\n".join(
            f"{h.starts.strftime('%d.%m.%Y')} — {h.ends.strftime('%d.%m.%Y')}" for h in calendar.holidays
        ),
        "recurring": "\n".join(f"{_day_month(r.starts)} — {_day_month(r.ends)}" for r in calendar.recurring),
        "preparatory_days": str(escalation.preparatory_days),
        "meeting_grace_days": str(escalation.meeting_grace_days),
        "assessment_days": str(escalation.assessment_days),
        "deadlines": "\n".join(_day_month(d) for d in policy.monitoring.deadlines),
        "opens_days_before": str(policy.monitoring.opens_days_before),
    }


def _policy_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    organisation_id = actor.organisation_id or ""
    policy = school_policy.read_policy(session=session, actor=actor, organisation_id=organisation_id)
    return render(
        request,
        "cabinet/policy.html",
        {
            "title": "Календарь и сроки школы",
            "time_zones": [(z, z) for z in TIME_ZONES],
            "writes": school_policy.sets_policy(actor, organisation_id),
            "values": values if values is not None else _policy_values(policy),
            "refusal": refusal,
            "done": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@router.get("/cabinet/policy", response_class=HTMLResponse)
def policy_view(request: Request, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _policy_page(request, session, me.actor)


@router.post("/cabinet/policy", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def set_policy(request: Request, me: PageSignedIn, session: SessionDep) -> Response:
    values = await form_values(request)
    organisation_id = me.actor.organisation_id or ""
    try:
        stored = school_policy.read_policy(session=session, actor=me.actor, organisation_id=organisation_id)
        calendar = parse(
            SchoolCalendar,
            stored.escalation.calendar.model_dump(mode="json")
            | {
                "holidays": [
                    {"starts": iso_day(a), "ends": iso_day(b)}
                    for a, b in _spans(values.get("holidays", ""), "holidays", "дд.мм.гггг — дд.мм.гггг")
                ],
                "recurring": [
                    {"starts": _month_day(a, "recurring"), "ends": _month_day(b, "recurring")}
                    for a, b in _spans(values.get("recurring", ""), "recurring", "дд.мм — дд.мм")
                ],
                "working_weekdays": values.get("working_weekdays"),
                "official": values.get("official") == "yes",
            },
            POLICY_LABELS,
        )
        fields = ("time_zone", "preparatory_days", "meeting_grace_days", "assessment_days")
        escalation = parse(
            EscalationPolicy,
            stored.escalation.model_dump(mode="json")
            | {"calendar": calendar.model_dump(mode="json")}
            | {name: values.get(name, "").strip() for name in fields},
            POLICY_LABELS,
        )
        monitoring = parse(
            MonitoringSettings,
            {
                "deadlines": [_month_day(d, "deadlines") for d in lines(values.get("deadlines"))],
                "opens_days_before": values.get("opens_days_before", "").strip(),
            },
            POLICY_LABELS,
        )
        school_policy.put_policy(
            session=session,
            actor=me.actor,
            organisation_id=organisation_id,
            body=school_policy.PolicyBody(escalation=escalation, monitoring=monitoring),
        )
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _policy_page(
            request, session, me.actor, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse("/cabinet/policy?done=1", status_code=303)
