"""Programme pages: the list, one programme (its stage and what blocks the next, configuration and the
head's approval of the roadmap, the mentor and mentee bases, matching, completion) and a matching
proposal (every pair's score and reasons, every unmatched mentee's reason, edit and accept by the order).
Every rule and message is application.programmes' and application.matching's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import (
    assessments,
    matching,
    pairs,
    participants,
    programmes,
    records,
    swot,
    today,
)
from application.matching_schemas import AcceptBody, PairChoice
from application.names import pair_titles
from application.programme_schemas import (
    CompletionBody,
    FeedbackBody,
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
from domain.labels import round_label
from domain.local_time import local_date
from domain.monitoring import academic_year_of
from domain.programme import Award, CompletionFact
from domain.stages import Stage
from web.forms import form_values, lines, parse, shown
from web.labels import RIBBON
from web.render import render
from web.routes.pairs import iso_day
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
    # Entry against exit over the programme's pairs (004 §8.2): the API's comparison, pooled per parameter.
    comparison = assessments.programme_comparison(session=session, actor=actor, programme_id=programme_id)
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
            "comparison": comparison.by_parameter,
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
