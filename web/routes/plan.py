"""The plan page of a pair: the plan in force with every part of 001 §4.8, its drafts and who agreed to them
(001 §4.13), the intermediate results (002 item 22), the mentee's proposals and petitions (003 §6.2).

Every rule, scope and message is the application's (application.plan_view, pairs, plan_agreement,
intermediate_results, pair_voices); a refused form is shown again, open, with what was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import intermediate_results, pair_voices, pairs, plan_agreement, plan_view
from application.intermediate_results import IntermediateResultBody
from application.pair_voices import PetitionBody, PetitionDecisionBody, ProposalBody
from application.plan_agreement import PlanAgreementBody
from application.schemas import PlanBody
from application.temporal import TemporalLink
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from web import labels
from web.forms import form_values, lines, parse, shown
from web.render import ddmmyyyy, render
from web.routes.pairs import iso_day
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)

FIELD_LABELS = {
    "problem": "Описание проблемы",
    "goals": "Цели и задачи",
    "content": "Содержание деятельности",
    "planned_results": "Планируемые результаты",
    "schedule": "Расписание встреч",
    "cadence_days": "Периодичность встреч, дней",
    "format": "Режим работы",
    "starts_on": "Начало",
    "ends_on": "Окончание",
    "achieved_on": "Дата",
    "text": "Текст",
    "participant_id": "Участник",
    "granted": "Решение",
    "comment": "Комментарий",
    "agreement": "Согласие",
    "kind": "Вид наставничества",
}

DONE = {
    "draft": "Проект плана сохранён: он ждёт согласия участников и утверждения куратором.",
    "plan": "Индивидуальный план утверждён.",
    "agreement": "Согласие с проектом плана внесено.",
    "approval": "Индивидуальный план утверждён.",
    "result": "Промежуточный результат внесён.",
    "proposal": "Предложение к плану отправлено.",
    "petition": "Ходатайство подано руководителю.",
    "decision": "Решение по ходатайству принято.",
}


def plan_body(values: dict[str, str]) -> PlanBody:
    return parse(
        PlanBody,
        {
            "problem": values.get("problem", "").strip(),
            "goals": lines(values.get("goals")),
            "content": values.get("content", "").strip(),
            "planned_results": values.get("planned_results", "").strip(),
            "schedule": [iso_day(d) for d in lines(values.get("schedule"))],
            "cadence_days": values.get("cadence_days"),
            "format": values.get("format"),
            "starts_on": iso_day(values.get("starts_on", "")),
            "ends_on": iso_day(values.get("ends_on", "")),
            "kind": values.get("kind"),
        },
        FIELD_LABELS,
    )


Run = Callable[[Session, Actor, TemporalLink, str, str, dict[str, str]], Awaitable[str]]


async def _draft(s: Session, a: Actor, t: TemporalLink, pair_id: str, _: str, v: dict[str, str]) -> str:
    drafts = len(plan_agreement.plan_drafts(session=s, actor=a, pair_id=pair_id))
    await pairs.approve_plan(session=s, actor=a, temporal=t, pair_id=pair_id, body=plan_body(v))
    # The curator's first plan is approved at once; anything else waits as a draft.
    waiting = len(plan_agreement.plan_drafts(session=s, actor=a, pair_id=pair_id))
    return "draft" if waiting > drafts else "plan"


async def _agree(s: Session, a: Actor, t: TemporalLink, pair_id: str, plan_id: str, v: dict[str, str]) -> str:
    body = parse(PlanAgreementBody, {"participant_id": v.get("participant_id")}, FIELD_LABELS)
    plan_agreement.agree_to_plan(session=s, actor=a, pair_id=pair_id, plan_id=plan_id, body=body)
    return "agreement"


async def _approve(
    s: Session, a: Actor, t: TemporalLink, pair_id: str, plan_id: str, _: dict[str, str]
) -> str:
    await pairs.approve_plan_draft(session=s, actor=a, temporal=t, pair_id=pair_id, plan_id=plan_id)
    return "approval"


async def _result(s: Session, a: Actor, t: TemporalLink, pair_id: str, _: str, v: dict[str, str]) -> str:
    body = parse(
        IntermediateResultBody,
        {"achieved_on": iso_day(v.get("achieved_on", "")), "text": v.get("text", "").strip()},
        FIELD_LABELS,
    )
    intermediate_results.record_intermediate_result(session=s, actor=a, pair_id=pair_id, body=body)
    return "result"


async def _proposal(s: Session, a: Actor, t: TemporalLink, pair_id: str, _: str, v: dict[str, str]) -> str:
    body = parse(ProposalBody, {"text": v.get("text", "").strip(), "participant_id": v.get("participant_id")})
    pair_voices.propose_plan_change(session=s, actor=a, pair_id=pair_id, body=body)
    return "proposal"


async def _petition(s: Session, a: Actor, t: TemporalLink, pair_id: str, _: str, v: dict[str, str]) -> str:
    body = parse(PetitionBody, {"text": v.get("text", "").strip(), "participant_id": v.get("participant_id")})
    pair_voices.file_petition(session=s, actor=a, pair_id=pair_id, body=body)
    return "petition"


async def _decision(
    s: Session, a: Actor, t: TemporalLink, _p: str, petition_id: str, v: dict[str, str]
) -> str:
    body = parse(
        PetitionDecisionBody, {"granted": v.get("granted"), "comment": v.get("comment", "")}, FIELD_LABELS
    )
    await pair_voices.decide_petition(session=s, actor=a, temporal=t, petition_id=petition_id, body=body)
    return "decision"


# form name → what it does; the path of agreement, approval and decision names the draft or petition
FORMS: dict[str, Run] = {
    "draft": _draft,
    "agreement": _agree,
    "approval": _approve,
    "result": _result,
    "proposal": _proposal,
    "petition": _petition,
    "decision": _decision,
}


def _shown(view: plan_view.PlanView, form: str) -> bool:
    """Whether the page shows this form (`agreement-<draft>`, `decision-<petition>` …) with its refusal."""
    name, _, target = form.partition("-")
    offer = view.offer
    if name in ("agreement", "approval"):
        return target in {d.id for d in view.drafts}
    if name == "decision":
        return offer.decide and target in {p.id for p in view.petitions if p.decision is None}
    return {
        "draft": offer.draft,
        "result": offer.result,
        "proposal": offer.propose,
        "petition": offer.petition,
    }.get(name, False)


async def plan_page(
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
    view = await plan_view.view_plan(session=session, actor=actor, temporal=temporal, pair_id=pair_id)
    done = request.query_params.get("done") or ""
    if open_form is not None and not _shown(view, open_form):
        open_form = None  # the refused form is not on the page (any more): its refusal goes on top
    # A change starts from the plan in force, as typed into the form.
    prefill: dict[str, str] = {"kind": view.detail.kind.value}
    if view.plan is not None:
        p = view.plan
        prefill = {
            "problem": p.problem,
            "goals": "\n".join(p.goals),
            "content": p.content,
            "planned_results": p.planned_results,
            "schedule": "\n".join(ddmmyyyy(d) for d in p.schedule),
            "cadence_days": str(p.cadence_days or ""),
            "format": p.format.value,
            "starts_on": ddmmyyyy(p.starts_on),
            "ends_on": ddmmyyyy(p.ends_on),
            "kind": view.detail.kind.value,
        }
    return render(
        request,
        "cabinet/pair/plan.html",
        {
            "title": "Индивидуальный план",
            "view": view,
            "pair": view.detail,
            "labels": labels.LABELS,
            "open_form": open_form,
            "values": values or {},
            "prefill": prefill,
            "refusal": refusal,
            "done": DONE.get(done),
        },
        status_code=status_code,
    )


@router.get("/cabinet/pairs/{pair_id}/plan", response_class=HTMLResponse)
async def plan(
    request: Request, pair_id: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return await plan_page(request, session, me.actor, temporal, pair_id)


async def _submit(
    request: Request,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    pair_id: str,
    form: str,
    target: str = "",
) -> Response:
    values = await form_values(request)
    try:
        done = await FORMS[form](session, actor, temporal, pair_id, target, values)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, actor)
        opened = f"{form}-{target}" if target else form
        return await plan_page(
            request,
            session,
            actor,
            temporal,
            pair_id,
            open_form=opened,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/pairs/{pair_id}/plan?done={done}", status_code=303)


@router.post("/cabinet/pairs/{pair_id}/plan/{form}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def plan_form(
    request: Request, pair_id: str, form: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> Response:
    """A new draft, an intermediate result, a proposal or a petition."""
    if form not in ("draft", "result", "proposal", "petition"):
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    return await _submit(request, session, me.actor, temporal, pair_id, form)


@router.post(
    "/cabinet/pairs/{pair_id}/plan/{form}/{target}", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
async def plan_target_form(
    request: Request,
    pair_id: str,
    form: str,
    target: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    """An agreement to a draft, its approval, or the head's decision on a petition."""
    if form not in ("agreement", "approval", "decision"):
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    return await _submit(request, session, me.actor, temporal, pair_id, form, target)
