"""Pairs and groups: create (starts the workflow), read with timeline, list, and the curator's commands."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from fastapi import APIRouter, Query
from sqlmodel import Session, col, func, select
from temporalio.common import WorkflowIDReusePolicy
from temporalio.service import RPCError

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.pair_commands import TemporalUnavailable, query_state, run_update
from api.pair_views import pair_detail, pair_read
from api.problems import PROBLEM_RESPONSES
from api.schemas import (
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
from api.scopes import pair_in_scope
from config import settings
from db.models import Consent, Organisation, Pair, PairMember, Participant, PlanDocument, ReflectionDocument
from db.pair_store import insert_pair
from db.session import utcnow
from domain import pair_events as ev
from domain.actors import (
    Actor,
    Role,
    ensure_curator,
    ensure_may_manage_base,
    ensure_may_record_meeting,
    ensure_may_record_reflection,
)
from domain.errors import InvalidInput
from domain.forms import Form, ParticipantKind
from domain.pair import (
    ConsentFact,
    ConsentGiver,
    ConsentKind,
    MeetingFacts,
    MemberRole,
    OrderFacts,
    PairState,
    PlanFacts,
    TermChangeRequest,
    TerminationRequest,
)
from domain.pair import (
    PairMember as PairMemberFact,
)
from domain.pair_composition import composition_valid
from domain.pair_guards import term_within_limits, validate_plan
from domain.participants import ParticipantFacts, is_minor
from domain.stages import Stage
from workflows.pair import PairWorkflow, PairWorkflowInput

router = APIRouter(prefix="/pairs", tags=["pairs"], responses=PROBLEM_RESPONSES)


def _facts(session: Session, organisation_id: str, ids: list[str], field: str) -> list[Participant]:
    people = list(session.exec(select(Participant).where(col(Participant.id).in_(ids))))
    found = {p.id for p in people if p.organisation_id == organisation_id}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(
            "participant_in_base",
            "Нет в базе вашей организации: " + ", ".join(missing) + ".",
            field,
            {"missing": missing},
        )
    return sorted(people, key=lambda p: ids.index(p.id))


def _participant_facts(person: Participant, minor: bool) -> ParticipantFacts:
    return ParticipantFacts(
        participant_id=person.id,
        organisation_id=person.organisation_id,
        kind=ParticipantKind(person.kind),
        minor=minor,
        grade=person.grade,
        years_of_experience=person.years_of_experience,
        new_hire=person.new_hire,
        stated_difficulty=person.stated_difficulty,
    )


def _stored_consents(session: Session, ids: list[str]) -> list[ConsentFact]:
    rows = session.exec(
        select(Consent).where(col(Consent.participant_id).in_(ids)).order_by(col(Consent.recorded_at))
    )
    return [
        ConsentFact(
            consent_id=c.id,
            participant_id=c.participant_id,
            kind=ConsentKind(c.kind),
            given_by=ConsentGiver(c.given_by),
        )
        for c in rows
    ]


@router.post("", status_code=201, response_model=PairDetail)
async def create_pair(
    body: PairCreate, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Form a pair or group from the school's bases and start its workflow in the preparatory stage."""
    if actor.organisation_id is None:
        ensure_may_manage_base(actor, "")
    organisation_id = str(actor.organisation_id)
    ensure_may_manage_base(actor, organisation_id)
    term_within_limits(body.planned_start, body.planned_end, field="planned_end")
    mentors = _facts(session, organisation_id, body.mentor_ids, "mentor_ids")
    mentees = _facts(session, organisation_id, body.mentee_ids, "mentee_ids")
    minors = {p.id: is_minor(p.birth_date, body.planned_start) for p in [*mentors, *mentees]}
    composition_valid(
        Form(body.form),
        [_participant_facts(p, minors[p.id]) for p in mentors],
        [_participant_facts(p, minors[p.id]) for p in mentees],
        organisation_id,
    )
    organisation = session.get(Organisation, organisation_id)
    assert organisation is not None
    state = PairState(
        pair_id=f"pair-{uuid4().hex[:12]}",
        organisation_id=organisation_id,
        district=organisation.district,
        programme_id=body.programme_id,
        form=body.form,
        kind=body.kind,
        role_model=body.role_model,
        members=[
            *(
                PairMemberFact(participant_id=p.id, role=MemberRole.MENTOR, minor=minors[p.id])
                for p in mentors
            ),
            *(
                PairMemberFact(participant_id=p.id, role=MemberRole.MENTEE, minor=minors[p.id])
                for p in mentees
            ),
        ],
        planned_start=body.planned_start,
        planned_end=body.planned_end,
        consents=_stored_consents(session, list(minors)),
    )
    row = insert_pair(session, state)
    session.commit()
    try:
        await temporal.client.start_workflow(
            PairWorkflow.run,
            PairWorkflowInput(
                state=state, created_by=actor, history_limit=settings.continue_as_new_after_events
            ),
            id=row.workflow_id,
            task_queue=temporal.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except RPCError as error:
        # Without its workflow the pair would be a dead record: take the row back and say so.
        for member in session.exec(select(PairMember).where(PairMember.pair_id == row.id)):
            session.delete(member)
        session.delete(row)
        session.commit()
        raise TemporalUnavailable("temporal_unavailable", "Не удалось запустить процесс пары.") from error
    return pair_detail(session, row, state, actor)


@router.get("", response_model=Page[PairRead])
def list_pairs(
    session: SessionDep,
    actor: CurrentActor,
    stage: Stage | None = None,
    form: Form | None = None,
    programme_id: str | None = None,
    organisation_id: str | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0),
) -> Page[PairRead]:
    query = select(Pair)
    if actor.role in (Role.CURATOR, Role.HEAD):
        query = query.where(Pair.organisation_id == actor.organisation_id)
    elif actor.role is Role.COORDINATOR:
        query = query.where(Pair.district == actor.district)
    elif actor.role is not Role.ADMIN:
        mine = select(PairMember.pair_id).where(PairMember.participant_id == actor.participant_id)
        query = query.where(col(Pair.id).in_(mine))
    for column, value in (
        (Pair.stage, stage),
        (Pair.form, form),
        (Pair.programme_id, programme_id),
        (Pair.organisation_id, organisation_id),
    ):
        if value is not None:
            query = query.where(column == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Pair.created_at), col(Pair.id)).limit(limit).offset(offset)).all()
    return Page(items=[pair_read(session, p) for p in rows], total=total, limit=limit, offset=offset)


@router.get("/{pair_id}", response_model=PairDetail)
async def read_pair(pair_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep) -> Any:
    pair, _ = pair_in_scope(session, actor, pair_id)
    return pair_detail(session, pair, await query_state(temporal, pair.workflow_id), actor)


async def _curator_command(
    session: Session, actor: Actor, temporal: Any, pair_id: str, update: Any, command: Any
) -> PairDetail:
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_curator(actor, scope)
    state = await run_update(temporal, pair.workflow_id, update, command)
    return pair_detail(session, pair, state, actor)


@router.post("/{pair_id}/transitions", response_model=PairDetail)
async def transition(
    pair_id: str, body: TransitionRequest, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Move the pair to the next stage; 409 names the rule that refused and what is missing."""
    command = ev.AdvanceStage(actor=actor, to_stage=body.to_stage, comment=body.comment)
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.advance, command)


@router.post("/{pair_id}/termination", response_model=PairDetail)
async def terminate_early(
    pair_id: str, body: TerminationBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Досрочное завершение (001 §4.12; замена наставника по заявлению наставляемого, 003 §6.2)."""
    command = ev.TerminateEarly(
        actor=actor, request=TerminationRequest(reason=body.reason, comment=body.comment)
    )
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.terminate_early, command)


@router.post("/{pair_id}/extension", response_model=PairDetail)
async def change_term(
    pair_id: str, body: ExtensionBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Extend or shorten the term, with both sides' agreement (001 §4.10, §4.13)."""
    command = ev.ChangeTerm(actor=actor, request=TermChangeRequest(**body.model_dump()))
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.change_term, command)


@router.post("/{pair_id}/order", response_model=PairDetail)
async def fix_order(
    pair_id: str, body: OrderBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Record the head's order (number, date) fixing the pair (000 §2.7)."""
    command = ev.FixOrder(actor=actor, order=OrderFacts(number=body.number, signed_on=body.signed_on))
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.fix_order, command)


@router.post("/{pair_id}/plan", response_model=PairDetail)
async def approve_plan(
    pair_id: str, body: PlanBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Store the individual plan's texts; the workflow receives its facts (001 §4.8)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_curator(actor, scope)
    goals = [g.strip() for g in body.goals if g.strip()]
    facts = PlanFacts(
        plan_id=f"plan-{uuid4().hex[:12]}",
        goal_count=len(goals),
        format=body.format,
        cadence_days=body.cadence_days,
        scheduled_meetings=len(body.schedule),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
    )
    validate_plan(facts)
    session.add(
        PlanDocument(
            id=facts.plan_id,
            pair_id=pair.id,
            goals=goals,
            schedule=[d.isoformat() for d in body.schedule],
            cadence_days=body.cadence_days,
            format=body.format.value,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
    )
    session.commit()
    state = await run_update(
        temporal, pair.workflow_id, PairWorkflow.approve_plan, ev.ApprovePlan(actor=actor, plan=facts)
    )
    return pair_detail(session, pair, state, actor)


@router.post("/{pair_id}/plan/fulfilled", response_model=PairDetail)
async def mark_plan_fulfilled(
    pair_id: str, body: PlanFulfilledBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    command = ev.MarkPlanFulfilled(actor=actor, comment=body.comment)
    return await _curator_command(
        session, actor, temporal, pair_id, PairWorkflow.mark_plan_fulfilled, command
    )


@router.post("/{pair_id}/meetings", response_model=PairDetail, status_code=201)
async def record_meeting(
    pair_id: str, body: MeetingBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """A mentor records meetings of their own pairs; the curator of the school may too."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_record_meeting(actor, scope)
    meeting = MeetingFacts(meeting_id=f"meeting-{uuid4().hex[:12]}", **body.model_dump())
    state = await run_update(
        temporal,
        pair.workflow_id,
        PairWorkflow.record_meeting,
        ev.RecordMeeting(actor=actor, meeting=meeting),
    )
    return pair_detail(session, pair, state, actor)


@router.post("/{pair_id}/reflections", response_model=PairDetail, status_code=201)
async def record_reflection(
    pair_id: str, body: ReflectionBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """The mentor's report and the mentee's reflection (000 §5.5); texts stay in the database."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_record_reflection(actor, scope, body.kind.value)
    document = ReflectionDocument(
        id=f"doc-{uuid4().hex[:12]}",
        pair_id=pair.id,
        kind=body.kind.value,
        text=body.text,
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(document)
    session.commit()
    command = ev.RecordReflection(actor=actor, kind=body.kind, document_id=document.id)
    state = await run_update(temporal, pair.workflow_id, PairWorkflow.record_reflection, command)
    return pair_detail(session, pair, state, actor)
