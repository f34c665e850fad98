"""Programmes: create, read, list, configure, the mentor and mentee bases, pairs fixed by an order,
completion and stage transitions (004 §6.1). Every command runs on the programme's workflow."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import uuid4

from sqlmodel import Session, col, func, select
from temporalio.service import RPCError

from activities.items import policy_of
from application.list_scope import ListScope, scoped
from application.monitoring_rounds import ensure_monitoring
from application.naming import name_ids
from application.pair_commands import TemporalUnavailable, run_update, started_anyway
from application.pair_forming import form_pair_state, mentor_record, stored_consents
from application.programme_schemas import (
    BaseCounts,
    CompletionBody,
    FeedbackBody,
    FixPairsBody,
    HeadApprovalBody,
    MenteeRequestBody,
    MentorProfileBody,
    ProgrammeConfigure,
    ProgrammeCreate,
    ProgrammeDetail,
    ProgrammeRead,
    ProgrammeTransition,
)
from application.schemas import Blocker, NextStep, Page
from application.scopes import participant_in_scope
from application.temporal import TemporalLink
from application.texts import kept_text
from config import settings
from db.audit_chain import audit_change
from db.models import (
    FeedbackQuestionnaire,
    MenteeRequest,
    MentorProfile,
    Organisation,
    Pair,
    PairMember,
    Participant,
    PreferenceQuestionnaire,
    Programme,
    User,
)
from db.session import as_utc, release, utcnow
from domain import programme_events as ev
from domain.actors import Actor, Role, Scope, ensure_visible
from domain.erasure import ensure_not_erased
from domain.errors import DomainError, Forbidden, InvalidInput, NotFound
from domain.mentor_base import personal_data_consent_first, training_required_of
from domain.pair import OrderFacts
from domain.pair_items import check_creation
from domain.participants import is_minor
from domain.programme import BaseFacts, HeadAct, ProgrammeState
from domain.programme_guards import head_act_by_head
from domain.stages import ACTIVE_STAGES, Stage, next_stage
from workflows.programme import ProgrammeWorkflow, ProgrammeWorkflowInput
from workflows.search_attributes import at_start

# Everyone of the school sees its programmes.
PROGRAMME_SCOPE = ListScope(
    organisation=Programme.organisation_id,
    district=Programme.district,
    own=lambda actor: col(Programme.organisation_id) == actor.organisation_id,
)


def visible_programme(session: Session, actor: Actor, programme_id: str) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound("not_found", "Программа не найдена.")
    scope = Scope(organisation_id=programme.organisation_id, district=programme.district)
    ensure_visible(actor, scope, "Программа не найдена.")
    return programme


def ensure_runs(actor: Actor, programme: Programme, *, head_too: bool = False) -> None:
    """The curator runs the programme; the head appoints the curator and approves the roadmap."""
    allowed = {Role.CURATOR, Role.HEAD} if head_too else {Role.CURATOR}
    if actor.role not in allowed or actor.organisation_id != programme.organisation_id:
        raise Forbidden("curator_only", "Это действие выполняет куратор программы своей организации.")


def runs_programme(actor: Actor, programme: Programme, *, head_too: bool = False) -> bool:
    """Whether the person may run the programme's commands (what a page offers; the rule is `ensure_runs`)."""
    try:
        ensure_runs(actor, programme, head_too=head_too)
    except Forbidden:
        return False
    return True


def acts_as_head(actor: Actor, programme: Programme) -> bool:
    """Whether a page offers the head's acts — appointing the curator, approving the roadmap, the mentor
    registry and the selected mentees (the rules: `ensure_runs(head_too=True)` and `head_act_by_head`)."""
    try:
        ensure_runs(actor, programme, head_too=True)
        head_act_by_head(actor, "утверждение")
    except Forbidden:
        return False
    return True


async def _command(
    session: Session, temporal: TemporalLink, actor: Actor, programme: Programme, update: Any, command: Any
) -> ProgrammeDetail:
    """Send a curator's command to the programme's workflow and answer with the programme as it is now."""
    release(session)
    state = await run_update(
        temporal, programme.workflow_id, update, command, ProgrammeState, "programme_active"
    )
    return await programme_detail(session, temporal, actor, programme, state)


def _mentors_in_pairs(session: Session, programme_id: str) -> set[str]:
    query = (
        select(PairMember.participant_id)
        .join(Pair, col(Pair.id) == col(PairMember.pair_id))
        .where(Pair.programme_id == programme_id, PairMember.role == "mentor")
        .where(col(Pair.stage).in_([s.value for s in ACTIVE_STAGES]))
    )
    return set(session.exec(query).all())


def base_facts(session: Session, programme_id: str) -> BaseFacts:
    """The bases counted now: what the guards of the programme need (004 §6.1 stages 2–4)."""
    programme = session.get(Programme, programme_id)
    requires = programme.training_required if programme is not None else True
    mentors = list(session.exec(select(MentorProfile).where(MentorProfile.programme_id == programme_id)))
    selected = [m for m in mentors if m.questionnaire_on and m.interview_on]
    profiles = {m.participant_id: m for m in mentors}
    # 002 stage 2 «при необходимости»: the mentors in pairs whose training is required and not done.
    untrained = [
        pid
        for pid in _mentors_in_pairs(session, programme_id)
        if training_required_of(mentor_record(profiles.get(pid), pid), requires)
        and (pid not in profiles or profiles[pid].trained_on is None)
    ]
    mentees = session.exec(select(MenteeRequest).where(MenteeRequest.programme_id == programme_id)).all()
    feedback = session.exec(
        select(func.count()).where(col(FeedbackQuestionnaire.programme_id) == programme_id)
    ).one()
    return BaseFacts(
        mentees_with_requests=sum(1 for m in mentees if m.requests),
        mentors_selected=len(selected),
        mentors_trained=sum(1 for m in selected if m.trained_on),
        mentors_in_pairs_untrained=len(untrained),
        feedback_questionnaires=int(feedback),
    )


def programme_read(programme: Programme) -> ProgrammeRead:
    return ProgrammeRead.model_validate(
        programme.model_dump() | {"stage_since": as_utc(programme.stage_since)}
    )


async def programme_detail(
    session: Session, temporal: TemporalLink, actor: Actor, programme: Programme, state: ProgrammeState | None
) -> ProgrammeDetail:
    """The programme with its pairs by stage, its bases counted and what blocks its next stage."""
    session.refresh(programme)
    if state is None:
        try:
            state = await temporal.client.get_workflow_handle(programme.workflow_id).query(
                ProgrammeWorkflow.current
            )
        except RPCError:
            state = None
    base = base_facts(session, programme.id)
    step: NextStep | None = None
    target = next_stage(Stage(programme.stage))
    if state is not None and target is not None:
        try:
            ev.check_advance(state, ev.AdvanceProgramme(actor=actor, to_stage=target, base=base))
            step = NextStep(to_stage=target, allowed=True)
        except DomainError as refusal:
            message = name_ids(session, refusal.message, actor)
            blocker = Blocker(rule=refusal.rule, message=message, field=refusal.field)
            step = NextStep(to_stage=target, allowed=False, blocked_by=blocker)
    return ProgrammeDetail.model_validate(
        programme_read(programme).model_dump()
        | {
            "roadmap": state.roadmap if state else None,
            "pairs_by_stage": state.stage_counts() if state else {},
            "base": BaseCounts(**base.model_dump()),
            "next_step": step,
            "head_approvals": state.head_approvals if state else {},
        }
    )


async def create_programme(
    *, session: Session, actor: Actor, temporal: TemporalLink, body: ProgrammeCreate
) -> ProgrammeDetail:
    if actor.role not in (Role.CURATOR, Role.HEAD) or actor.organisation_id is None:
        raise Forbidden("curator_only", "Программу создаёт куратор или руководитель своей организации.")
    organisation = session.get(Organisation, actor.organisation_id)
    assert organisation is not None
    programme_id = f"programme-{uuid4().hex[:12]}"
    state = ProgrammeState(
        programme_id=programme_id,
        organisation_id=organisation.id,
        district=organisation.district,
        title="",  # the title stays in the programme's row, out of the workflow's history
        academic_year=body.academic_year,
        training_required=body.training_required,
        forms=body.forms,
        # 001 §3.8: the head appoints the curator; a curator who creates a programme is not appointed by it.
        curator_id=None,
        rules_v2=True,
    )
    now = utcnow()
    row = Programme(
        id=programme_id,
        workflow_id=programme_id,
        organisation_id=organisation.id,
        district=organisation.district,
        title=body.title,
        academic_year=body.academic_year,
        training_required=body.training_required,
        stage=Stage.PREPARATORY.value,
        curator_id=state.curator_id,
        forms=[f.value for f in body.forms],
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.commit()
    try:
        await temporal.client.start_workflow(
            ProgrammeWorkflow.run,
            ProgrammeWorkflowInput(
                state=state, created_by=actor, pair_history_limit=settings.continue_as_new_after_events
            ),
            id=row.workflow_id,
            task_queue=temporal.task_queue,
            search_attributes=at_start(state),
        )
    except Exception as error:
        # As with a pair: no programme row without its workflow.
        if not await started_anyway(temporal, row.workflow_id):
            session.delete(row)
            session.commit()
            raise TemporalUnavailable(
                "temporal_unavailable", "Не удалось запустить процесс программы."
            ) from error
    await ensure_monitoring(session, temporal, organisation, [body.academic_year])
    return await programme_detail(session, temporal, actor, row, state)


def list_programmes(
    *, session: Session, actor: Actor, stage: Stage | None = None, limit: int = 100, offset: int = 0
) -> Page[ProgrammeRead]:
    query = scoped(select(Programme), actor, PROGRAMME_SCOPE)
    if stage is not None:
        query = query.where(Programme.stage == stage.value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Programme.created_at)).limit(limit).offset(offset)).all()
    return Page(items=[programme_read(p) for p in rows], total=total, limit=limit, offset=offset)


async def read_programme(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str
) -> ProgrammeDetail:
    programme = visible_programme(session, actor, programme_id)
    return await programme_detail(session, temporal, actor, programme, None)


async def configure_programme(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str, body: ProgrammeConfigure
) -> ProgrammeDetail:
    """Appoint the curator, choose the forms, record the approved roadmap (004 §6.1 stage 1)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme, head_too=True)
    if body.curator_id is not None:
        ensure_curator_of_school(session, body.curator_id, programme.organisation_id)
    command = ev.ConfigureProgramme(actor=actor, **body.model_dump(exclude_none=True))
    return await _command(session, temporal, actor, programme, ProgrammeWorkflow.configure, command)


def _curator_of_school(user: User | None, organisation_id: str) -> bool:
    return user is not None and user.role == Role.CURATOR.value and user.organisation_id == organisation_id


def ensure_curator_of_school(session: Session, user_id: str, organisation_id: str) -> None:
    """004 §6.1: the head appoints the programme's curator from the curators of the same school (issue 13
    §9: a head named another school's user)."""
    if not _curator_of_school(session.get(User, user_id), organisation_id):
        raise InvalidInput(
            "curator_of_school", "Куратором программы назначается куратор этой же организации.", "curator_id"
        )


def curators_of_school(*, session: Session, actor: Actor, programme_id: str) -> list[User]:
    """Whom the head may appoint the programme's curator: the curators of the programme's school, by name
    (the same rule as `ensure_curator_of_school`)."""
    programme = visible_programme(session, actor, programme_id)
    query = select(User).where(
        User.role == Role.CURATOR.value, User.organisation_id == programme.organisation_id
    )
    users = session.exec(query.order_by(col(User.display_name), col(User.id))).all()
    return [u for u in users if _curator_of_school(u, programme.organisation_id)]


def base_ids(session: Session, programme_id: str) -> tuple[set[str], set[str]]:
    """The people of the programme's mentor base and of its mentee base."""
    mentors = select(MentorProfile.participant_id).where(MentorProfile.programme_id == programme_id)
    mentees = select(MenteeRequest.participant_id).where(MenteeRequest.programme_id == programme_id)
    return set(session.exec(mentors).all()), set(session.exec(mentees).all())


def ensure_in_bases(session: Session, programme_id: str, participant_ids: list[str]) -> None:
    """Preferences name only people of the programme's bases of mentors and mentees (004 roadmap 16–18)."""
    mentors, mentees = base_ids(session, programme_id)
    known = mentors | mentees
    unknown = [i for i in participant_ids if i not in known]
    if unknown:
        raise InvalidInput(
            "preference_in_bases",
            f"В анкете предпочтений названы люди не из баз программы: {len(unknown)}.",
            "ranked_ids",
            {"unknown": unknown},
        )


BaseRecord = TypeVar("BaseRecord", MentorProfile, MenteeRequest, PreferenceQuestionnaire)


def base_record(
    session: Session, actor: Actor, programme_id: str, participant_id: str, model: type[BaseRecord]
) -> BaseRecord:
    """A person's record in one of the programme's bases, for the curator to write: the stored one, or new."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    person = participant_in_scope(session, actor, participant_id)
    ensure_not_erased(person.erased_at is not None, person.id)
    if model is not PreferenceQuestionnaire:  # 004 roadmap 5–6, 10: the consent before the bases
        personal_data_consent_first(
            stored_consents(session, [person.id]),
            is_minor(person.birth_date, date.today()),
            participant_id=person.id,
        )
    stored = session.get(model, (programme_id, participant_id))
    return stored if stored is not None else model(programme_id=programme_id, participant_id=participant_id)


def _audit_base(session: Session, actor: Actor, programme_id: str, participant_id: str, action: str) -> None:
    programme = session.get(Programme, programme_id)
    assert programme is not None
    audit_change(
        session,
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        organisation_id=programme.organisation_id,
        subject_type="programme",
        subject_id=programme_id,
        action=action,
        details={"participant_id": participant_id},
    )


def put_mentor(
    *, session: Session, actor: Actor, programme_id: str, participant_id: str, body: MentorProfileBody
) -> MentorProfile:
    """The mentor base: profile, capacity, selection (questionnaire, interview) and training records."""
    profile = base_record(session, actor, programme_id, participant_id, MentorProfile)
    for name, value in body.model_dump().items():
        setattr(profile, name, value)
    session.add(profile)
    _audit_base(session, actor, programme_id, participant_id, "mentor_base_changed")
    session.commit()
    return profile


def mentor_base(
    *, session: Session, actor: Actor, programme_id: str, limit: int = 1000, offset: int = 0
) -> Page[MentorProfile]:
    """The programme's mentor base, by the mentors' names, a page of it and how many there are."""
    visible_programme(session, actor, programme_id)
    return _base_page(session, MentorProfile, programme_id, limit, offset)


def list_mentors(*, session: Session, actor: Actor, programme_id: str) -> list[MentorProfile]:
    return mentor_base(session=session, actor=actor, programme_id=programme_id, limit=MAX_BASE).items


def put_mentee(
    *, session: Session, actor: Actor, programme_id: str, participant_id: str, body: MenteeRequestBody
) -> MenteeRequest:
    """The mentee base: each mentee's requests (004 §5.2)."""
    request = base_record(session, actor, programme_id, participant_id, MenteeRequest)
    request.requests, request.mentors_needed = body.requests, body.mentors_needed
    request.form = body.form.value if body.form else None
    session.add(request)
    _audit_base(session, actor, programme_id, participant_id, "mentee_base_changed")
    session.commit()
    return request


def mentee_base(
    *, session: Session, actor: Actor, programme_id: str, limit: int = 1000, offset: int = 0
) -> Page[MenteeRequest]:
    """The programme's mentee base, by the mentees' names, a page of it and how many there are."""
    visible_programme(session, actor, programme_id)
    return _base_page(session, MenteeRequest, programme_id, limit, offset)


def list_mentees(*, session: Session, actor: Actor, programme_id: str) -> list[MenteeRequest]:
    return mentee_base(session=session, actor=actor, programme_id=programme_id, limit=MAX_BASE).items


MAX_BASE = 100_000  # the whole base, as the API's lists have always answered


def _base_page(
    session: Session, model: type[BaseRecord], programme_id: str, limit: int, offset: int
) -> Page[BaseRecord]:
    query = select(model).where(col(model.programme_id) == programme_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    named = query.join(Participant, col(Participant.id) == col(model.participant_id)).order_by(
        col(Participant.full_name), col(model.participant_id)
    )
    rows = list(session.exec(named.limit(limit).offset(offset)))
    return Page(items=rows, total=total, limit=limit, offset=offset)


def record_feedback(*, session: Session, actor: Actor, programme_id: str, body: FeedbackBody) -> BaseCounts:
    """A participant's feedback questionnaire at the end of the programme (answers stay in the database)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    participant_in_scope(session, actor, body.participant_id)
    session.add(
        FeedbackQuestionnaire(
            id=f"feedback-{uuid4().hex[:12]}",
            programme_id=programme_id,
            participant_id=body.participant_id,
            answers=body.answers,
            created_at=utcnow(),
        )
    )
    session.commit()
    return BaseCounts(**base_facts(session, programme_id).model_dump())


async def fix_pairs(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str, body: FixPairsBody
) -> ProgrammeDetail:
    """Pairs fixed by the head's order: the programme starts their workflows (000 §2.7; 004 §6.1 stage 5)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    state = await fix_pairs_by_order(session, temporal, actor, programme, body)
    return await programme_detail(session, temporal, actor, programme, state)


async def fix_pairs_by_order(
    session: Session, temporal: TemporalLink, actor: Actor, programme: Programme, body: FixPairsBody
) -> ProgrammeState:
    """Check every pair as a hand-formed one would be checked, then let the programme start them."""
    order = OrderFacts(number=body.order.number, signed_on=body.order.signed_on)
    states = [
        form_pair_state(session, actor, pair.model_copy(update={"programme_id": programme.id}), order)
        for pair in body.pairs
    ]
    policy = policy_of(session, programme.organisation_id)
    for state in states:  # so no pair workflow's first task can fail (as for a hand-formed pair)
        check_creation(state, actor, utcnow(), policy)
    return await run_update(
        temporal,
        programme.workflow_id,
        ProgrammeWorkflow.fix_pairs,
        ev.FixPairs(actor=actor, pairs=states),
        ProgrammeState,
        "programme_active",
    )


async def record_completion(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str, body: CompletionBody
) -> ProgrammeDetail:
    """Final group meeting, awards, best practices, alumni offered to mentor (004 §6.1 stage 7)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    comment_id = kept_text(session, actor, body.comment, programme.organisation_id)
    command = ev.RecordCompletion(
        actor=actor,
        fact=body.fact,
        base=base_facts(session, programme_id),
        comment_id=comment_id,
        award=body.award,
        participant_ids=body.participant_ids,
        pair_ids=body.pair_ids,
        joined_ids=body.joined_ids,
    )
    return await _command(session, temporal, actor, programme, ProgrammeWorkflow.record_completion, command)


async def transition(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str, body: ProgrammeTransition
) -> ProgrammeDetail:
    """Move the programme to its next stage; the refusal names the rule."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    comment_id = kept_text(session, actor, body.comment, programme.organisation_id)
    command = ev.AdvanceProgramme(
        actor=actor, to_stage=body.to_stage, base=base_facts(session, programme_id), comment_id=comment_id
    )
    return await _command(session, temporal, actor, programme, ProgrammeWorkflow.advance, command)


async def approve_as_head(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str, body: HeadApprovalBody
) -> ProgrammeDetail:
    """The head's acts (001 §3.8; 002 item 12): the mentor registry by order, the selected mentees —
    recorded with the head as the actor. The people approved are the programme's bases."""
    programme = visible_programme(session, actor, programme_id)
    if actor.organisation_id != programme.organisation_id:
        raise NotFound("not_found", "Программа не найдена.")
    if body.act is HeadAct.MENTOR_REGISTRY:
        query = select(MentorProfile.participant_id).where(MentorProfile.programme_id == programme_id)
    else:
        query = select(MenteeRequest.participant_id).where(MenteeRequest.programme_id == programme_id)
    in_base = set(session.exec(query).all())
    command = ev.ApproveAsHead(
        actor=actor,
        act=body.act,
        number=body.number,
        signed_on=body.signed_on,
        participant_ids=sorted(in_base),
    )
    return await _command(session, temporal, actor, programme, ProgrammeWorkflow.approve_as_head, command)
