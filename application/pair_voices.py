"""What the people of a pair say besides meetings (003 §5.1, §6.2) and the mentor's agreement (000 §2.5):
the mentee's proposals to the plan, the mentee's petition to the head and the head's decision, the
mentor's additional agreement to the labour contract. Texts stay in the database; the audit has who and when.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from application.pair_commands import run_update
from application.records import participant_names
from application.scopes import pair_in_scope, participant_in_scope
from application.temporal import TemporalLink
from application.texts import kept_text
from db.audit_chain import add_text, cite_text
from db.models import AuditEvent, Pair
from db.rules_models import MentorAgreement, Petition, PlanProposal
from db.session import as_utc, release, utcnow
from domain import pair_events as ev
from domain.actors import (
    Actor,
    Role,
    Scope,
    ensure_may_manage_base,
    head_decides_petition,
    mentee_petitions_head,
    mentee_proposes_plan_changes,
)
from domain.errors import GuardRefused, InvalidInput, NotFound
from domain.forms import ParticipantKind
from domain.mentor_base import labour_agreement_for_teacher_mentor
from domain.pair import PairState, TerminationReason, TerminationRequest
from domain.reading import ensure_may_read_pair_records
from domain.stages import ACTIVE_STAGES
from workflows.pair import PairWorkflow


class AgreementBody(BaseModel):
    number: str = Field(min_length=1, max_length=64, description="Номер дополнительного соглашения")
    signed_on: date


class AgreementRead(AgreementBody):
    id: str
    participant_id: str
    recorded_by: str = Field(default="", description="Кто внёс (пользователь)")
    recorded_at: datetime | None = None


def _agreement_read(row: MentorAgreement) -> AgreementRead:
    return AgreementRead(
        id=row.id,
        participant_id=row.participant_id,
        number=row.number,
        signed_on=row.signed_on,
        recorded_by=row.recorded_by,
        recorded_at=as_utc(row.recorded_at),
    )


class ProposalBody(BaseModel):
    text: str = Field(
        min_length=3, max_length=5000, description="Что наставляемый предлагает изменить в плане"
    )
    participant_id: str | None = Field(default=None, description="Наставляемый, за которого пишет куратор")


class PetitionBody(BaseModel):
    text: str = Field(min_length=3, max_length=5000, description="Почему нужна замена наставника")
    participant_id: str | None = Field(default=None, description="Наставляемый, за которого пишет куратор")


class PetitionDecisionBody(BaseModel):
    granted: bool
    comment: str = Field(default="", max_length=2000)


class PetitionRead(BaseModel):
    id: str
    pair_id: str
    participant_id: str
    participant_name: str = ""
    filed_at: Any
    decision: str | None
    decision_label: str
    decided_at: Any | None
    # The texts, read back by the mentee who filed it, the curator and the head (not by the mentor).
    text: str | None = None
    decision_comment: str | None = None


class ProposalRead(BaseModel):
    id: str
    participant_id: str
    participant_name: str
    text: str
    proposed_at: datetime


_DECISIONS = {None: "на рассмотрении у руководителя", "granted": "удовлетворено", "refused": "отклонено"}


def _audit(
    session: Session,
    actor: Actor,
    subject: str,
    subject_id: str,
    organisation_id: str,
    action: str,
    details: dict[str, Any],
) -> AuditEvent:
    return AuditEvent(
        event_key=f"{action}-{subject_id}",
        workflow_id=f"{subject}-{subject_id}",
        seq=1,
        subject_type=subject,
        subject_id=subject_id,
        organisation_id=organisation_id,
        action=action,
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        at=utcnow(),
        details=details,
    )


def agreement_owners(session: Session, organisation_id: str, agreement_ids: list[str]) -> dict[str, str]:
    """Agreement id → its mentor, for the agreements of this school; an unknown id is refused."""
    if not agreement_ids:
        return {}
    rows = session.exec(select(MentorAgreement).where(col(MentorAgreement.id).in_(agreement_ids)))
    owners = {a.id: a.participant_id for a in rows if a.organisation_id == organisation_id}
    unknown = sorted(set(agreement_ids) - set(owners))
    if unknown:
        raise InvalidInput(
            "agreement_exists", "Дополнительное соглашение не найдено в вашей организации.", "agreement_ids"
        )
    return owners


def may_have_agreement(kind: str, external: bool) -> bool:
    """Whether the school signs an additional agreement with such a person (what a page offers; the rule
    is `labour_agreement_for_teacher_mentor`)."""
    try:
        labour_agreement_for_teacher_mentor(ParticipantKind(kind), external)
    except InvalidInput:
        return False
    return True


def record_agreement(
    *, session: Session, actor: Actor, participant_id: str, body: AgreementBody
) -> AgreementRead:
    """000 §2.1, §2.5: the mentor's additional agreement to the labour contract, for the school's teacher.
    Idempotent by what it is: the same number for the same person is the agreement already recorded."""
    person = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, person.organisation_id)
    labour_agreement_for_teacher_mentor(ParticipantKind(person.kind), person.home_organisation is not None)
    stored = session.exec(
        select(MentorAgreement).where(
            MentorAgreement.participant_id == person.id, MentorAgreement.number == body.number
        )
    ).first()
    if stored is not None:
        if stored.signed_on != body.signed_on:
            raise GuardRefused(
                "agreement_number_unique",
                f"Соглашение № {body.number} уже внесено с датой {stored.signed_on:%d.%m.%Y}.",
                "number",
            )
        return _agreement_read(stored)
    row = MentorAgreement(
        id=f"agreement-{uuid4().hex[:12]}",
        participant_id=person.id,
        organisation_id=person.organisation_id,
        number=body.number,
        signed_on=body.signed_on,
        recorded_by=actor.user_id,
        recorded_at=utcnow(),
    )
    session.add(row)
    session.add(
        _audit(
            session,
            actor,
            "participant",
            row.id,
            person.organisation_id,
            "agreement_recorded",
            {"participant_id": person.id, "number": body.number},
        )
    )
    session.commit()
    return _agreement_read(row)


def list_agreements(*, session: Session, actor: Actor, participant_id: str) -> list[AgreementRead]:
    """The person's additional agreements, in the order they were signed (whoever may see the person)."""
    person = participant_in_scope(session, actor, participant_id)
    return _agreements_of(session, [person.id])


def _agreements_of(session: Session, participant_ids: list[str]) -> list[AgreementRead]:
    rows = session.exec(
        select(MentorAgreement)
        .where(col(MentorAgreement.participant_id).in_(participant_ids))
        .order_by(col(MentorAgreement.signed_on), col(MentorAgreement.id))
    )
    return [_agreement_read(r) for r in rows]


def mentors_agreements(*, session: Session, actor: Actor, pair_id: str) -> list[AgreementRead]:
    """The agreements of the pair's own mentors: those its order may refer to (000 §2.7)."""
    _pair, scope = pair_in_scope(session, actor, pair_id)
    return _agreements_of(session, sorted(scope.mentor_ids))


def _mentee_of(actor: Actor, scope: Scope, given: str | None) -> str:
    """The mentee the text is from: the actor, or (for the curator) the mentee named."""
    if actor.role is Role.MENTEE and actor.participant_id:
        return actor.participant_id
    mentees = scope.member_ids - scope.mentor_ids
    if given is None or given not in mentees:
        raise InvalidInput("mentee_of_pair", "Укажите наставляемого этой пары.", "participant_id")
    return given


def propose_plan_change(
    *, session: Session, actor: Actor, pair_id: str, body: ProposalBody
) -> dict[str, str]:
    """003 §6.2: the mentee proposes changes to the individual plan; the curator and mentor read them."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    mentee_proposes_plan_changes(actor, scope)
    mentee = _mentee_of(actor, scope, body.participant_id)
    row = PlanProposal(
        id=f"proposal-{uuid4().hex[:12]}",
        pair_id=pair.id,
        participant_id=mentee,
        text=body.text,
        proposed_by=actor.user_id,
        proposed_at=utcnow(),
    )
    session.add(row)
    session.add(
        _audit(
            session,
            actor,
            "pair",
            row.id,
            pair.organisation_id,
            "plan_change_proposed",
            {"pair_id": pair.id, "participant_id": mentee},
        )
    )
    session.commit()
    return {"id": row.id, "pair_id": pair.id, "participant_id": mentee}


def _petition_read(row: Petition, actor: Actor | None = None, name: str = "") -> PetitionRead:
    """`actor`: who reads it; the texts only for the mentee who filed it, the curator and the head."""
    readable = actor is not None and (
        actor.role in (Role.CURATOR, Role.HEAD) or actor.participant_id == row.participant_id
    )
    return PetitionRead(
        id=row.id,
        pair_id=row.pair_id,
        participant_id=row.participant_id,
        participant_name=name,
        filed_at=row.filed_at,
        decision=row.decision,
        decision_label=_DECISIONS[row.decision],
        decided_at=row.decided_at,
        text=row.text if readable else None,
        decision_comment=row.decision_comment if readable and row.decision else None,
    )


def file_petition(*, session: Session, actor: Actor, pair_id: str, body: PetitionBody) -> PetitionRead:
    """003 §6.2: the mentee petitions the head to replace the mentor."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    mentee_petitions_head(actor, scope)
    if pair.stage not in {s.value for s in ACTIVE_STAGES}:
        raise GuardRefused("pair_active", "Пара уже завершена: ходатайство не принимается.", "stage")
    mentee = _mentee_of(actor, scope, body.participant_id)
    row = Petition(
        id=f"petition-{uuid4().hex[:12]}",
        pair_id=pair.id,
        organisation_id=pair.organisation_id,
        participant_id=mentee,
        text=body.text,
        filed_by=actor.user_id,
        filed_at=utcnow(),
    )
    session.add(row)
    session.add(
        _audit(
            session,
            actor,
            "petition",
            row.id,
            pair.organisation_id,
            "petition_filed",
            {"pair_id": pair.id, "participant_id": mentee},
        )
    )
    session.commit()
    return _petition_read(row, actor)


async def decide_petition(
    *, session: Session, actor: Actor, temporal: TemporalLink, petition_id: str, body: PetitionDecisionBody
) -> PetitionRead:
    """003 §6.2: the head decides; granted, the pair ends early for the mentor's replacement and the mentee
    goes back to matching without that mentor. The decision is the head's (actor role head) in the audit."""
    row = session.get(Petition, petition_id)
    if row is None:
        raise NotFound("not_found", "Ходатайство не найдено.")
    pair, scope = pair_in_scope(session, actor, row.pair_id)
    head_decides_petition(actor, scope)
    if row.decision is not None:
        raise GuardRefused("petition_decided", "Решение по ходатайству уже принято.", "petition_id")
    row.decision = "granted" if body.granted else "refused"
    row.decision_comment, row.decided_by, row.decided_at = body.comment, actor.user_id, utcnow()
    comment = (
        add_text(session, organisation_id=pair.organisation_id, author_id=actor.user_id, body=body.comment)
        if body.comment.strip()
        else None
    )
    session.add(row)
    session.add(
        cite_text(
            _audit(
                session,
                actor,
                "petition",
                f"{row.id}-decision",
                pair.organisation_id,
                "petition_decided",
                {"petition_id": row.id, "decision": row.decision},
            ),
            comment,
        )
    )
    session.commit()
    read = _petition_read(row, actor)
    if body.granted:
        workflow_id = pair.workflow_id
        why = body.comment.strip() or "Ходатайство наставляемого о замене наставника удовлетворено."
        comment_id = kept_text(session, actor, why, pair.organisation_id)
        release(session)
        request = TerminationRequest(
            reason=TerminationReason.MENTOR_REPLACEMENT_PETITION, comment_id=comment_id
        )
        command = ev.TerminateEarly(actor=actor, request=request)
        await run_update(temporal, workflow_id, PairWorkflow.terminate_early, command, PairState)
    return read


def petitions_of_pair(*, session: Session, actor: Actor, pair_id: str) -> list[PetitionRead]:
    pair: Pair
    pair, _scope = pair_in_scope(session, actor, pair_id)
    rows = list(
        session.exec(select(Petition).where(Petition.pair_id == pair.id).order_by(col(Petition.filed_at)))
    )
    names = participant_names(session, {r.participant_id for r in rows})
    return [_petition_read(r, actor, names.get(r.participant_id, "")) for r in rows]


def plan_proposals(*, session: Session, actor: Actor, pair_id: str) -> list[ProposalRead]:
    """The mentee's proposals to the plan as written (003 §6.2), for the pair's members and the staff."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_read_pair_records(actor, scope)
    rows = list(
        session.exec(
            select(PlanProposal)
            .where(PlanProposal.pair_id == pair.id)
            .order_by(col(PlanProposal.proposed_at), col(PlanProposal.id))
        )
    )
    names = participant_names(session, {r.participant_id for r in rows})
    return [
        ProposalRead(
            id=r.id,
            participant_id=r.participant_id,
            participant_name=names.get(r.participant_id, ""),
            text=r.text,
            proposed_at=_utc(r.proposed_at),
        )
        for r in rows
    ]


def _utc(moment: datetime) -> datetime:
    stored = as_utc(moment)
    assert stored is not None
    return stored
