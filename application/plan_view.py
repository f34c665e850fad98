"""The plan of a pair as its page shows it: the plan in force with every part of 001 §4.8, the drafts and who
agreed to them, the intermediate results, the mentee's proposals and petitions — and which forms this person
is offered. Each offer is the domain's own rule asked in advance (as `application.pair_offer` does), so the
page never offers what the application would refuse for its author or its stage."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from sqlmodel import Session

from application import pair_voices, plan_agreement, records
from application.intermediate_results import IntermediateResultRead, intermediate_results
from application.pair_commands import query_state
from application.pair_views import pair_detail
from application.pair_voices import PetitionRead, ProposalRead
from application.plan_agreement import PlanDraftRead, members_by_role
from application.records_schemas import PlanRead
from application.schemas import PairDetail
from application.scopes import pair_in_scope
from application.temporal import TemporalLink
from db.session import release, utcnow
from domain import pair_guards
from domain.actors import (
    Actor,
    Role,
    ensure_may_record_meeting,
    head_decides_petition,
    mentee_petitions_head,
    mentee_proposes_plan_changes,
    plan_approved_by_curator,
    plan_drafted_by_mentor,
)
from domain.calendar import latest_local_date
from domain.errors import DomainError
from domain.plan_content import intermediate_result_allowed
from domain.stages import Stage


class PlanOffer(BaseModel):
    draft: bool = False  # propose a draft (the mentor) or enter the plan (the curator)
    agree_as: str | None = None  # the member this person agrees as
    record_agreements: bool = False  # the curator enters a member's written agreement
    approve: bool = False
    result: bool = False  # record an intermediate result
    propose: bool = False  # the mentee's proposal to the plan
    petition: bool = False
    decide: bool = False  # the head decides petitions


class PlanView(BaseModel):
    detail: PairDetail
    plan: PlanRead | None
    plans_before: int
    drafts: list[PlanDraftRead]
    first_plan: bool  # no plan was agreed yet: the curator's own plan is approved at once
    results: list[IntermediateResultRead]
    proposals: list[ProposalRead]
    petitions: list[PetitionRead]
    offer: PlanOffer


def _passes(check: Callable[[], object]) -> bool:
    try:
        check()
    except DomainError:
        return False
    return True


async def view_plan(*, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str) -> PlanView:
    pair, scope = pair_in_scope(session, actor, pair_id)
    # Each read checks that this person reads the pair's records (a coordinator does not).
    plans = records.pair_plans(session=session, actor=actor, pair_id=pair_id)
    drafts = plan_agreement.plan_drafts(session=session, actor=actor, pair_id=pair_id)
    results = intermediate_results(session=session, actor=actor, pair_id=pair_id)
    proposals = pair_voices.plan_proposals(session=session, actor=actor, pair_id=pair_id)
    petitions = pair_voices.petitions_of_pair(session=session, actor=actor, pair_id=pair_id)
    first_plan = not plan_agreement.plan_agreed_before(session, pair.id)
    release(session)
    state = await query_state(temporal, pair.workflow_id)
    active = state is not None and _passes(lambda: pair_guards.pair_is_active(state))
    offer = PlanOffer()
    if state is not None and active:
        members = members_by_role(scope)
        changeable = _passes(lambda: pair_guards.plan_change_allowed(state))
        today = latest_local_date(utcnow())
        offer = PlanOffer(
            draft=changeable and _passes(lambda: plan_drafted_by_mentor(actor, scope)),
            agree_as=actor.participant_id
            if actor.role in (Role.MENTOR, Role.MENTEE) and actor.participant_id in members
            else None,
            record_agreements=actor.role is Role.CURATOR,
            approve=changeable and _passes(lambda: plan_approved_by_curator(actor, scope)),
            result=_passes(lambda: ensure_may_record_meeting(actor, scope))
            and _passes(lambda: intermediate_result_allowed(Stage(state.stage), today, today)),
            propose=_passes(lambda: mentee_proposes_plan_changes(actor, scope)),
            petition=_passes(lambda: mentee_petitions_head(actor, scope)),
            decide=_passes(lambda: head_decides_petition(actor, scope)),
        )
    return PlanView(
        detail=pair_detail(session, pair, state, actor),
        plan=plans[-1] if plans else None,
        plans_before=max(0, len(plans) - 1),
        drafts=drafts,
        first_plan=first_plan,
        results=results,
        proposals=proposals,
        petitions=petitions,
        offer=offer,
    )
