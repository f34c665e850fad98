"""Pairs and groups over JSON: thin routes over `application.pairs` (create, read, list, commands)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import pairs
from application.schemas import (
    AuditRead,
    ExtensionBody,
    MeetingBody,
    OrderBody,
    Page,
    PairCreate,
    PairDetail,
    PairRead,
    PlanBody,
    PlanFulfilledBody,
    ReflectionBody,
    TerminationBody,
    TransitionRequest,
)
from domain.bounds import MAX_OFFSET
from domain.forms import Form
from domain.stages import Stage

router = APIRouter(prefix="/pairs", tags=["pairs"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.post("", status_code=201, response_model=PairDetail)
async def create_pair(
    body: PairCreate, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Form a pair or group from the school's bases and start its workflow in the preparatory stage."""
    return await pairs.create_pair(session=session, actor=actor, temporal=temporal, body=body)


@router.get("", response_model=Page[PairRead])
def list_pairs(
    session: SessionDep,
    actor: CurrentActor,
    stage: Stage | None = None,
    form: Form | None = None,
    programme_id: str | None = None,
    organisation_id: str | None = None,
    participant_id: str | None = Query(default=None, description="Только пары этого участника"),
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[PairRead]:
    return pairs.list_pairs(
        session=session,
        actor=actor,
        stage=stage,
        form=form,
        programme_id=programme_id,
        organisation_id=organisation_id,
        participant_id=participant_id,
        limit=limit,
        offset=offset,
    )


@router.get("/{pair_id}", response_model=PairDetail)
async def read_pair(pair_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep) -> Any:
    return await pairs.read_pair(session=session, actor=actor, temporal=temporal, pair_id=pair_id)


@router.get("/{pair_id}/timeline", response_model=Page[AuditRead])
def pair_timeline(
    pair_id: str,
    session: SessionDep,
    actor: CurrentActor,
    limit: int = Query(default=20, ge=1, le=200),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Any:
    """The pair's history, the newest first, a page at a time (the texts for its readers only)."""
    return pairs.pair_timeline(session=session, actor=actor, pair_id=pair_id, limit=limit, offset=offset)


@router.post("/{pair_id}/transitions", response_model=PairDetail)
async def transition(
    pair_id: str, body: TransitionRequest, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Move the pair to the next stage; 409 names the rule that refused and what is missing."""
    return await pairs.transition(session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body)


@router.post("/{pair_id}/termination", response_model=PairDetail)
async def terminate_early(
    pair_id: str, body: TerminationBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Досрочное завершение (001 §4.12; замена наставника по заявлению наставляемого, 003 §6.2)."""
    return await pairs.terminate_early(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.post("/{pair_id}/extension", response_model=PairDetail)
async def change_term(
    pair_id: str, body: ExtensionBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Extend or shorten the term, with both sides' agreement (001 §4.10, §4.13)."""
    return await pairs.change_term(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.post("/{pair_id}/order", response_model=PairDetail)
async def fix_order(
    pair_id: str, body: OrderBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Record the head's order (number, date) fixing the pair (000 §2.7)."""
    return await pairs.fix_order(session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body)


@router.post("/{pair_id}/plan", response_model=PairDetail)
async def approve_plan(
    pair_id: str, body: PlanBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Store the individual plan's texts; the workflow receives its facts (001 §4.8)."""
    return await pairs.approve_plan(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.post("/{pair_id}/plan/fulfilled", response_model=PairDetail)
async def mark_plan_fulfilled(
    pair_id: str, body: PlanFulfilledBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    return await pairs.mark_plan_fulfilled(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.post("/{pair_id}/meetings", response_model=PairDetail, status_code=201)
async def record_meeting(
    pair_id: str, body: MeetingBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """A mentor records meetings of their own pairs; the curator of the school may too."""
    return await pairs.record_meeting(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.post("/{pair_id}/reflections", response_model=PairDetail, status_code=201)
async def record_reflection(
    pair_id: str, body: ReflectionBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """The mentor's report and the mentee's reflection (000 §5.5); texts stay in the database."""
    return await pairs.record_reflection(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )
