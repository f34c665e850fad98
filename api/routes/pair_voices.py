"""The voices of a pair over JSON (003 §5.1, §6.2) and the mentor's additional agreement (000 §2.5):
thin routes over `application.pair_voices` and `application.pairs`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import pair_voices, pairs, plan_agreement
from application.pair_voices import (
    AgreementBody,
    AgreementRead,
    PetitionBody,
    PetitionDecisionBody,
    PetitionRead,
    ProposalBody,
    ProposalRead,
)
from application.plan_agreement import PlanAgreementBody, PlanDraftRead
from application.schemas import PairDetail

router = APIRouter(tags=["pairs"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.post("/pairs/{pair_id}/plan/{plan_id}/approval", response_model=PairDetail)
async def approve_plan_draft(
    pair_id: str, plan_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """The curator approves a draft of the plan (003 §5.1); a change of an agreed plan needs both sides'
    agreement first (001 §4.13)."""
    return await pairs.approve_plan_draft(
        session=session, actor=actor, temporal=temporal, pair_id=pair_id, plan_id=plan_id
    )


@router.get("/pairs/{pair_id}/plan/drafts", response_model=list[PlanDraftRead])
def plan_drafts(pair_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    """Drafts of the plan with every part of 001 §4.8, who agreed and whose agreement is missing."""
    return plan_agreement.plan_drafts(session=session, actor=actor, pair_id=pair_id)


@router.post("/pairs/{pair_id}/plan/{plan_id}/agreement", response_model=PlanDraftRead)
def agree_to_plan(
    pair_id: str, plan_id: str, body: PlanAgreementBody, session: SessionDep, actor: CurrentActor
) -> Any:
    """A member of the pair agrees to a draft of the plan; the curator may enter a member's written
    agreement (001 §4.13: a change of an agreed plan takes effect only with both sides' agreement)."""
    return plan_agreement.agree_to_plan(
        session=session, actor=actor, pair_id=pair_id, plan_id=plan_id, body=body
    )


@router.post("/pairs/{pair_id}/plan/proposals", status_code=201)
def propose_plan_change(
    pair_id: str, body: ProposalBody, session: SessionDep, actor: CurrentActor
) -> dict[str, str]:
    """The mentee proposes changes to the individual plan (003 §6.2)."""
    return pair_voices.propose_plan_change(session=session, actor=actor, pair_id=pair_id, body=body)


@router.get("/pairs/{pair_id}/plan/proposals", response_model=list[ProposalRead])
def plan_proposals(pair_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    """The mentee's proposals to the individual plan, as written (003 §6.2)."""
    return pair_voices.plan_proposals(session=session, actor=actor, pair_id=pair_id)


@router.post("/pairs/{pair_id}/petitions", status_code=201, response_model=PetitionRead)
def file_petition(pair_id: str, body: PetitionBody, session: SessionDep, actor: CurrentActor) -> Any:
    """The mentee petitions the head to replace the mentor (003 §6.2)."""
    return pair_voices.file_petition(session=session, actor=actor, pair_id=pair_id, body=body)


@router.get("/pairs/{pair_id}/petitions", response_model=list[PetitionRead])
def petitions_of_pair(pair_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    return pair_voices.petitions_of_pair(session=session, actor=actor, pair_id=pair_id)


@router.post("/petitions/{petition_id}/decision", response_model=PetitionRead)
async def decide_petition(
    petition_id: str,
    body: PetitionDecisionBody,
    session: SessionDep,
    actor: CurrentActor,
    temporal: TemporalDep,
) -> Any:
    """The head's decision on a petition; granted, the pair ends for the mentor's replacement (003 §6.2)."""
    return await pair_voices.decide_petition(
        session=session, actor=actor, temporal=temporal, petition_id=petition_id, body=body
    )


@router.post("/participants/{participant_id}/agreements", status_code=201, response_model=AgreementRead)
def record_agreement(
    participant_id: str, body: AgreementBody, session: SessionDep, actor: CurrentActor
) -> Any:
    """The mentor's additional agreement to the labour contract (000 §2.1, §2.5)."""
    return pair_voices.record_agreement(
        session=session, actor=actor, participant_id=participant_id, body=body
    )


@router.get("/participants/{participant_id}/agreements", response_model=list[AgreementRead])
def agreements_of_participant(participant_id: str, session: SessionDep, actor: CurrentActor) -> Any:
    """The mentor's additional agreements, in the order they were signed."""
    return pair_voices.list_agreements(session=session, actor=actor, participant_id=participant_id)
