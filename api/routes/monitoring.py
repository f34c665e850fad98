"""Monitoring and escalation: the overdue list, round status, questionnaires, assessments, comparison."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BaseModel, Field

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import assessments, monitoring_answers, overdue, school_policy
from application.assessments import AssessmentBody, AssessmentRead, Comparison
from application.overdue import OverdueFilters, OverdueRead, RoundStatus, overdue_read
from application.schemas import Page
from application.school_policy import PolicyBody
from db.models import (
    Assessment,
)
from domain import bounds
from domain.bounds import MAX_OFFSET
from domain.escalation import ItemKind, Level

log = logging.getLogger(__name__)
router = APIRouter(tags=["monitoring"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.get("/overdue", response_model=Page[OverdueRead])
def overdue_list(
    session: SessionDep,
    actor: CurrentActor,
    organisation_id: str | None = None,
    programme_id: str | None = None,
    pair_id: str | None = None,
    level: Level | None = None,
    kind: ItemKind | None = None,
    limit: int = Query(default=200, ge=1, le=2000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[OverdueRead]:
    """What is overdue and not yet done: organisation, programme, pair, item, level, since when."""
    filters = OverdueFilters(
        organisation_id=organisation_id, programme_id=programme_id, pair_id=pair_id, level=level, kind=kind
    )
    return overdue.overdue_page(session=session, actor=actor, filters=filters, limit=limit, offset=offset)


@router.post("/overdue/{item_id}/acknowledge", response_model=OverdueRead)
def acknowledge(item_id: str, session: SessionDep, actor: CurrentActor) -> OverdueRead:
    """The curator, head or coordinator says they have seen the escalation; the ladder goes on until done."""
    return overdue.acknowledge(session=session, actor=actor, item_id=item_id)


@router.get("/monitoring/rounds/{round_id}", response_model=RoundStatus)
def round_status(
    round_id: str, session: SessionDep, actor: CurrentActor, organisation_id: str | None = None
) -> RoundStatus:
    """Who submitted the round's questionnaire and who still owes it."""
    return overdue.round_status(
        session=session, actor=actor, round_id=round_id, organisation_id=organisation_id
    )


class QuestionnaireBody(BaseModel):
    round_id: str = Field(pattern=r"^\d{4}-\d{2}$")
    pair_id: str | None = Field(default=None, max_length=64, description="Пусто — анкета куратора")
    answers: Annotated[dict[str, Any], AfterValidator(bounds.rule(bounds.small_json))]


@router.post("/monitoring/questionnaires", status_code=201, response_model=OverdueRead)
async def submit_questionnaire(
    body: QuestionnaireBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> OverdueRead:
    """A pair member submits the round's questionnaire for their pair; a curator submits their own. The
    answers are validated against the version the round opened with (application/questionnaire_forms.py)."""
    row = await monitoring_answers.submit_questionnaire(
        session=session,
        actor=actor,
        temporal=temporal,
        round_id=body.round_id,
        pair_id=body.pair_id,
        answers=body.answers,
    )
    return overdue_read(row)


@router.post("/pairs/{pair_id}/assessments", status_code=201, response_model=AssessmentRead)
async def submit_assessment(
    pair_id: str, body: AssessmentBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Assessment:
    """Entry and exit assessments over the same parameters (004 §8.2), by the pair's mentor or the curator."""
    return await assessments.submit_assessment(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )


@router.get("/pairs/{pair_id}/assessments/comparison", response_model=Comparison)
def pair_comparison(pair_id: str, session: SessionDep, actor: CurrentActor) -> Comparison:
    return assessments.pair_comparison(session=session, actor=actor, pair_id=pair_id)


@router.get("/programmes/{programme_id}/assessments/comparison", response_model=Comparison)
def programme_comparison(programme_id: str, session: SessionDep, actor: CurrentActor) -> Comparison:
    return assessments.programme_comparison(session=session, actor=actor, programme_id=programme_id)


@router.get("/organisations/{organisation_id}/policy", response_model=PolicyBody)
def read_policy(organisation_id: str, session: SessionDep, actor: CurrentActor) -> PolicyBody:
    return school_policy.read_policy(session=session, actor=actor, organisation_id=organisation_id)


@router.put("/organisations/{organisation_id}/policy", response_model=PolicyBody)
def put_policy(
    organisation_id: str, body: PolicyBody, session: SessionDep, actor: CurrentActor
) -> PolicyBody:
    """The school calendar (holidays), the escalation ladder and the monitoring deadlines; applies to items
    opened from now on."""
    return school_policy.put_policy(session=session, actor=actor, organisation_id=organisation_id, body=body)
