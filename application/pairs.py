"""Pairs and groups: form one (its workflow starts), read, list, and every command of its life.

Each function checks who may see and do it, runs the command on the pair's workflow and answers with the
pair as it is now (`PairDetail`); a refusal is the `DomainError` the rule raised.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from pydantic import BaseModel
from sqlmodel import Session, col, func, select
from temporalio.common import WorkflowIDReusePolicy

from activities.items import policy_of
from application.list_scope import ListScope, in_my_pairs, scoped
from application.monitoring_rounds import ensure_monitoring
from application.pair_commands import TemporalUnavailable, query_state, run_update, started_anyway
from application.pair_forming import form_pair_state
from application.pair_offer import Offer, offered
from application.pair_views import pair_detail, pair_read, timeline_page
from application.pair_voices import agreement_owners
from application.plan_agreement import ensure_change_agreed, keep_agreement, plan_agreed_before
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
from application.scopes import pair_in_scope
from application.temporal import TemporalLink
from application.texts import kept_text
from config import settings
from db.models import Organisation, Pair, PairMember, Participant, PlanDocument, ReflectionDocument
from db.pair_store import insert_pair
from db.session import release, utcnow
from domain import pair_events as ev
from domain.actors import (
    Actor,
    Role,
    Scope,
    ensure_curator,
    ensure_may_record_meeting,
    ensure_may_record_reflection,
    plan_approved_by_curator,
    plan_drafted_by_mentor,
)
from domain.errors import DomainError, Forbidden, NotFound
from domain.forms import TEACHING_KINDS, Form, Kind, ParticipantKind
from domain.local_time import local_date
from domain.mentor_base import order_refers_to_mentors_agreements
from domain.monitoring import academic_years_between
from domain.pair import (
    MeetingFacts,
    MeetingFormat,
    OrderFacts,
    PairState,
    PlanFacts,
    TermChangeRequest,
    TerminationRequest,
)
from domain.pair_guards import validate_plan
from domain.pair_items import check_creation
from domain.reading import ensure_may_read_pair_records
from domain.stages import Stage
from workflows.pair import PairWorkflow, PairWorkflowInput
from workflows.search_attributes import at_start

PAIR_SCOPE = ListScope(organisation=Pair.organisation_id, district=Pair.district, own=in_my_pairs(Pair.id))


async def create_pair(
    *, session: Session, actor: Actor, temporal: TemporalLink, body: PairCreate
) -> PairDetail:
    """Form a pair or group from the school's bases and start its workflow in the preparatory stage."""
    state = form_pair_state(session, actor, body)
    policy = policy_of(session, state.organisation_id)
    check_creation(state, actor, utcnow(), policy)  # so the workflow's first task cannot fail
    organisation = session.get(Organisation, state.organisation_id)
    row = insert_pair(session, state)
    row.role_model = state.role_model  # a code of the catalogue (domain.role_models), not a free text
    session.commit()  # and no transaction is held while Temporal answers
    try:
        await temporal.client.start_workflow(
            PairWorkflow.run,
            PairWorkflowInput(
                state=state,
                created_by=actor,
                history_limit=settings.continue_as_new_after_events,
                policy=policy,
            ),
            id=row.workflow_id,
            task_queue=temporal.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=at_start(state),
        )
    except Exception as error:
        # Without its workflow the pair would be a dead record answering every command with 404: take the
        # row back and say so (unless the start went through and only its answer was lost).
        if not await started_anyway(temporal, row.workflow_id):
            for member in session.exec(select(PairMember).where(PairMember.pair_id == row.id)):
                session.delete(member)
            session.flush()  # the members first: they refer to the pair
            session.delete(row)
            session.commit()
            raise TemporalUnavailable("temporal_unavailable", "Не удалось запустить процесс пары.") from error
    if organisation is not None:  # its monitoring rounds, also for a school that has no programme
        years = academic_years_between(local_date(utcnow(), policy.time_zone), state.planned_end)
        await ensure_monitoring(session, temporal, organisation, years)
    return pair_detail(session, row, state, actor)


def list_pairs(
    *,
    session: Session,
    actor: Actor,
    stage: Stage | None = None,
    form: Form | None = None,
    programme_id: str | None = None,
    organisation_id: str | None = None,
    participant_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[PairRead]:
    """The pairs the person may see (school, district, or their own), oldest first; `participant_id`:
    only the pairs that person is a member of."""
    query = scoped(select(Pair), actor, PAIR_SCOPE)
    if participant_id is not None:
        members = select(PairMember.pair_id).where(PairMember.participant_id == participant_id)
        query = query.where(col(Pair.id).in_(members))
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


async def read_pair(*, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str) -> PairDetail:
    """The pair with its next step, meetings and timeline; another school's pair is not found."""
    pair, _ = pair_in_scope(session, actor, pair_id)
    release(session)
    return pair_detail(session, pair, await query_state(temporal, pair.workflow_id), actor)


async def _curator_command(
    session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, update: Any, command: Any
) -> PairDetail:
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_curator(actor, scope)
    release(session)
    state = await run_update(temporal, pair.workflow_id, update, command, PairState)
    return pair_detail(session, pair, state, actor)


async def _update_keeping_document(
    session: Session,
    document_type: type[PlanDocument] | type[ReflectionDocument],
    document_id: str,
    temporal: TemporalLink,
    workflow_id: str,
    update: Any,
    command: Any,
) -> PairState:
    """A refused command leaves no personal text behind (152-FZ: nothing is kept without a purpose)."""
    release(session)
    try:
        return await run_update(temporal, workflow_id, update, command, PairState)
    except DomainError:
        document = session.get(document_type, document_id)
        if document is not None:
            session.delete(document)
            session.commit()
        raise


async def transition(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: TransitionRequest
) -> PairDetail:
    """Move the pair to the next stage; the refusal names the rule and what is missing."""
    comment_id = kept_text(session, actor, body.comment)
    command = ev.AdvanceStage(actor=actor, to_stage=body.to_stage, comment_id=comment_id)
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.advance, command)


async def terminate_early(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: TerminationBody
) -> PairDetail:
    """Досрочное завершение (001 §4.12; замена наставника по заявлению наставляемого, 003 §6.2)."""
    comment_id = kept_text(session, actor, body.comment)
    command = ev.TerminateEarly(
        actor=actor, request=TerminationRequest(reason=body.reason, comment_id=comment_id)
    )
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.terminate_early, command)


async def change_term(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: ExtensionBody
) -> PairDetail:
    """Extend or shorten the term, with both sides' agreement (001 §4.10, §4.13)."""
    request = TermChangeRequest(
        **body.model_dump(exclude={"override_reason"}),
        override_reason_id=kept_text(session, actor, body.override_reason),
    )
    command = ev.ChangeTerm(actor=actor, request=request)
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.change_term, command)


async def fix_order(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: OrderBody
) -> PairDetail:
    """Record the head's order (number, date) fixing the pair (000 §2.7), with the mentors' additional
    agreements it refers to (000 §2.1, §2.5)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_curator(actor, scope)
    owners = agreement_owners(session, pair.organisation_id, body.agreement_ids)
    order_refers_to_mentors_agreements(owners, set(scope.mentor_ids))
    order = OrderFacts(number=body.number, signed_on=body.signed_on, agreement_ids=body.agreement_ids)
    command = ev.FixOrder(actor=actor, order=order)
    return await _curator_command(session, actor, temporal, pair_id, PairWorkflow.fix_order, command)


def _teacher_mentee(session: Session, pair_id: str) -> bool:
    query = (
        select(Participant.kind)
        .join(PairMember, col(PairMember.participant_id) == col(Participant.id))
        .where(PairMember.pair_id == pair_id, PairMember.role == "mentee")
    )
    return any(ParticipantKind(kind) in TEACHING_KINDS for kind in session.exec(query))


def _plan_facts(document: PlanDocument) -> PlanFacts:
    return PlanFacts(
        plan_id=document.id,
        goal_count=len(document.goals),
        format=MeetingFormat(document.format),
        cadence_days=document.cadence_days,
        scheduled_meetings=len(document.schedule),
        starts_on=document.starts_on,
        ends_on=document.ends_on,
    )


def _approve_command(actor: Actor, document: PlanDocument) -> ev.ApprovePlan:
    return ev.ApprovePlan(
        actor=actor,
        plan=_plan_facts(document),
        drafted_by=document.created_by,
        kind=Kind(document.kind) if document.kind else None,
    )


async def approve_plan(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: PlanBody
) -> PairDetail:
    """003 §5.1: the mentor drafts the individual plan (a draft waits for the curator), the curator approves
    it — or enters and approves the first plan at once; a change of an agreed plan, whoever drafts it, waits
    for both sides' agreement (001 §4.13). Texts stay here, the workflow receives its facts (001 §4.8)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    plan_drafted_by_mentor(actor, scope)
    goals = [g.strip() for g in body.goals if g.strip()]
    document = PlanDocument(
        id=f"plan-{uuid4().hex[:12]}",
        pair_id=pair.id,
        problem=body.problem.strip(),
        goals=goals,
        content=body.content.strip(),
        planned_results=body.planned_results.strip(),
        schedule=[d.isoformat() for d in body.schedule],
        cadence_days=body.cadence_days,
        format=body.format.value,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        created_by=actor.user_id,
        created_at=utcnow(),
        status="draft",
        # 001 §4.13: the plan may change the form of mentoring (the kind), with both sides' agreement.
        kind=body.kind.value if body.kind is not None and body.kind.value != pair.kind else None,
    )
    kind = Kind(document.kind or pair.kind)
    validate_plan(_plan_facts(document), kind, _teacher_mentee(session, pair.id))
    release(session)
    state = await query_state(temporal, pair.workflow_id)
    if state is not None:  # the workflow's own rule, checked before any text is kept (stage, plan, kind)
        ev.check_approve_plan(state, _approve_command(actor, document))
    session.add(document)
    change = plan_agreed_before(session, pair.id) or document.kind is not None
    if actor.role is not Role.CURATOR:  # the mentor's draft carries the mentor's own agreement
        session.flush()
        assert actor.participant_id is not None
        keep_agreement(session, actor, pair, document.id, actor.participant_id, "mentor")
    session.commit()
    if actor.role is not Role.CURATOR or change:
        # 001 §4.13: a change of an agreed plan, or of the kind, waits for both sides, then the curator.
        return pair_detail(session, pair, state, actor)
    return await _approve_document(session, actor, temporal, pair, scope, document, drop_if_refused=True)


async def approve_plan_draft(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, plan_id: str
) -> PairDetail:
    """003 §5.1, 001 §4.10: the curator approves the plan the mentor drafted; the audit keeps who drafted."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    plan_approved_by_curator(actor, scope)
    document = session.get(PlanDocument, plan_id)
    if document is None or document.pair_id != pair.id or document.status != "draft":
        raise NotFound("not_found", "Проект индивидуального плана не найден.")
    ensure_change_agreed(session, pair, scope, document)
    return await _approve_document(session, actor, temporal, pair, scope, document)


async def _approve_document(
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    pair: Pair,
    scope: Scope,
    document: PlanDocument,
    drop_if_refused: bool = False,
) -> PairDetail:
    command = _approve_command(actor, document)
    document_id = document.id
    if drop_if_refused:  # a refused plan leaves no text behind (152-FZ)
        state = await _update_keeping_document(
            session,
            PlanDocument,
            document_id,
            temporal,
            pair.workflow_id,
            PairWorkflow.approve_plan,
            command,
        )
    else:
        release(session)
        state = await run_update(temporal, pair.workflow_id, PairWorkflow.approve_plan, command, PairState)
    stored = session.get(PlanDocument, document_id)
    if stored is not None:
        stored.status, stored.approved_by = "approved", actor.user_id
        session.add(stored)
        session.commit()
    return pair_detail(session, pair, state, actor)


async def mark_plan_fulfilled(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: PlanFulfilledBody
) -> PairDetail:
    command = ev.MarkPlanFulfilled(actor=actor, comment_id=kept_text(session, actor, body.comment))
    return await _curator_command(
        session, actor, temporal, pair_id, PairWorkflow.mark_plan_fulfilled, command
    )


async def record_meeting(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: MeetingBody
) -> PairDetail:
    """A mentor records meetings of their own pairs; the curator of the school may too."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_record_meeting(actor, scope)
    meeting = MeetingFacts(meeting_id=f"meeting-{uuid4().hex[:12]}", **body.model_dump())
    release(session)
    state = await run_update(
        temporal,
        pair.workflow_id,
        PairWorkflow.record_meeting,
        ev.RecordMeeting(actor=actor, meeting=meeting),
        PairState,
    )
    return pair_detail(session, pair, state, actor)


async def record_reflection(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: ReflectionBody
) -> PairDetail:
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
    state = await _update_keeping_document(
        session,
        ReflectionDocument,
        document.id,
        temporal,
        pair.workflow_id,
        PairWorkflow.record_reflection,
        command,
    )
    return pair_detail(session, pair, state, actor)


class PairView(BaseModel):
    """A pair as a page shows it: the detail and the commands this person may give at its stage."""

    detail: PairDetail
    offer: Offer


async def view_pair(*, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str) -> PairView:
    """The pair for a page, with what this person may do; its history is paged apart (`pair_timeline`)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    release(session)
    state = await query_state(temporal, pair.workflow_id)
    detail = pair_detail(session, pair, state, actor, with_timeline=False)
    return PairView(detail=detail, offer=offered(actor, scope, state))


def pair_timeline(
    *, session: Session, actor: Actor, pair_id: str, limit: int = 20, offset: int = 0
) -> Page[AuditRead]:
    """The pair's history (stages, meetings, documents, decisions), the newest first, a page at a time;
    whoever may see the pair; the texts people wrote only for those who read the pair's records."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    try:
        ensure_may_read_pair_records(actor, scope)
        texts = True
    except Forbidden:
        texts = False
    return timeline_page(session, pair, limit=limit, offset=offset, texts=texts)
