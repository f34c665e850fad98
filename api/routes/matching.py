"""Matching over JSON: thin routes over `application.matching` (preferences, a run, its proposal, the
curator's decision, and whether a pair fits after the trial meeting)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import matching
from application.matching_schemas import (
    AcceptBody,
    FitBody,
    PreferenceBody,
    PreferenceSheet,
    ProposalRead,
)
from application.programme_schemas import ProgrammeDetail

router = APIRouter(
    prefix="/programmes/{programme_id}",
    tags=["matching"],
    responses=PROBLEM_RESPONSES,
    route_class=OffTheLoop,
)
pair_router = APIRouter(tags=["matching"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.put("/preferences/{participant_id}", response_model=PreferenceBody)
def put_preferences(
    programme_id: str, participant_id: str, body: PreferenceBody, session: SessionDep, actor: CurrentActor
) -> PreferenceBody:
    """The questionnaire of preferred partners after the group meeting (004 roadmap 16–18): the person of
    the programme's bases fills it in, or the curator on their behalf."""
    return matching.put_preferences(
        session=session, actor=actor, programme_id=programme_id, participant_id=participant_id, body=body
    )


@router.get("/preferences/{participant_id}", response_model=PreferenceSheet)
def read_preferences(programme_id: str, participant_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    """Whom the person named, in their order, and whom they may name (the other side's base)."""
    return matching.preference_sheet(
        session=session, actor=actor, programme_id=programme_id, participant_id=participant_id
    )


@router.post("/matching", status_code=201, response_model=ProposalRead)
async def run_matching(
    programme_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Run matching over the bases; stable mode when preferences were collected, optimal otherwise."""
    return await matching.run_matching(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id
    )


@router.get("/proposals/{proposal_id}", response_model=ProposalRead)
def read_proposal(programme_id: str, proposal_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    return matching.read_proposal(
        session=session, actor=actor, programme_id=programme_id, proposal_id=proposal_id
    )


@router.post("/proposals/{proposal_id}/accept", response_model=ProgrammeDetail)
async def accept_proposal(
    programme_id: str,
    proposal_id: str,
    body: AcceptBody,
    session: SessionDep,
    actor: CurrentActor,
    temporal: TemporalDep,
) -> Any:
    """Fix the proposed pairs (with the curator's edits) by the order; their workflows start at once.
    A mentee given several mentors becomes one group."""
    return await matching.accept_proposal(
        session=session,
        actor=actor,
        temporal=temporal,
        programme_id=programme_id,
        proposal_id=proposal_id,
        body=body,
    )


@router.post("/proposals/{proposal_id}/reject", response_model=ProposalRead)
def reject_proposal(programme_id: str, proposal_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    return matching.reject_proposal(
        session=session, actor=actor, programme_id=programme_id, proposal_id=proposal_id
    )


@pair_router.post("/pairs/{pair_id}/fit", response_model=FitBody)
async def pair_fits(
    pair_id: str, body: FitBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> FitBody:
    """After the trial meeting each side says whether the pair fits (004 roadmap 21). A "no" ends the pair
    early; the mentee goes back into the next matching run first, without this mentor."""
    return await matching.answer_fit(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, body=body
    )
