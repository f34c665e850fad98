"""The bases of mentors and mentees: people and their consents, kept by the school's curator;
erasure on request (152-FZ)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from sqlmodel import Session, col, func, or_, select

from application.list_scope import ListScope, scoped
from application.pair_commands import tell_pairs_of_consent
from application.schemas import (
    ConsentCreate,
    ErasureBody,
    Page,
    ParticipantCorrection,
    ParticipantCreate,
    ParticipantRead,
)
from application.scopes import participant_in_scope
from application.temporal import TemporalLink
from db.audit_chain import add_text, audit_change, cite_text
from db.erasure import active_pairs_of, erase_participant
from db.models import AuditEvent, Consent, Participant
from db.session import utcnow
from domain.actors import Actor, ensure_may_manage_base
from domain.erasure import ensure_may_erase, ensure_not_erased
from domain.errors import Forbidden, GuardRefused, InvalidInput
from domain.forms import ParticipantKind
from domain.matching.labels import KIND_LABELS
from domain.monitoring import academic_year_of
from domain.pair import ConsentFact
from domain.pair_guards import consent_giver_valid
from domain.participants import is_minor

# A mentor or mentee sees only their own record.
PARTICIPANT_SCOPE = ListScope(
    organisation=Participant.organisation_id, own=lambda actor: col(Participant.id) == actor.participant_id
)


def participant_read(participant: Participant) -> ParticipantRead:
    return ParticipantRead(
        **participant.model_dump(exclude={"created_at"}),
        minor=is_minor(participant.birth_date, date.today()),
        kind_label=KIND_LABELS[ParticipantKind(participant.kind)],
        external=participant.home_organisation is not None,
    )


def ensure_external_id_free(session: Session, organisation_id: str, external_id: str | None) -> None:
    """The school's key names one person of the school (an imported base matches its rows by it)."""
    if external_id is None:
        return
    taken = session.exec(
        select(Participant.id).where(
            Participant.organisation_id == organisation_id, Participant.external_id == external_id
        )
    ).first()
    if taken is not None:
        raise GuardRefused(
            "external_id_unique", f"Табельный номер «{external_id}» уже есть в базе школы.", "external_id"
        )


def with_grade_year(fields: dict[str, Any]) -> dict[str, Any]:
    """A grade entered without its school year is of the current one (domain/grades.py)."""
    if fields.get("grade") is not None and not fields.get("grade_year"):
        return fields | {"grade_year": academic_year_of(date.today())}
    return fields


def create_participant(*, session: Session, actor: Actor, body: ParticipantCreate) -> ParticipantRead:
    if actor.organisation_id is None:
        raise Forbidden("curator_only", "Базы ведёт куратор своей организации.")
    ensure_may_manage_base(actor, actor.organisation_id)
    ensure_external_id_free(session, actor.organisation_id, body.external_id)
    participant = Participant(
        id=f"person-{uuid4().hex[:12]}",
        organisation_id=actor.organisation_id,
        created_at=utcnow(),
        **with_grade_year(body.model_dump()),
    )
    session.add(participant)
    audit_change(
        session,
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        organisation_id=participant.organisation_id,
        subject_type="participant",
        subject_id=participant.id,
        action="participant_created",
        details={"kind": participant.kind},
    )
    session.commit()
    return participant_read(participant)


def list_participants(
    *,
    session: Session,
    actor: Actor,
    kind: ParticipantKind | None = None,
    name: str | None = None,
    limit: int = 100,
    offset: int = 0,
    by_name: bool = False,
) -> Page[ParticipantRead]:
    """The people the person may see; `name` finds a part of the full name (any case); the cabinet lists
    them by name, the API by id (a stable order for paging clients)."""
    query = scoped(select(Participant), actor, PARTICIPANT_SCOPE)
    if kind is not None:
        query = query.where(Participant.kind == kind.value)
    if name and name.strip():
        # SQLite's lower() knows only ASCII: the part is matched as typed, in lower case and capitalised.
        part = name.strip()
        variants = {part, part.lower(), part.capitalize()}
        query = query.where(or_(*(col(Participant.full_name).contains(v) for v in variants)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    order = (col(Participant.full_name), col(Participant.id)) if by_name else (col(Participant.id),)
    rows = session.exec(query.order_by(*order).limit(limit).offset(offset)).all()
    return Page(items=[participant_read(p) for p in rows], total=total, limit=limit, offset=offset)


def read_participant(*, session: Session, actor: Actor, participant_id: str) -> ParticipantRead:
    return participant_read(participant_in_scope(session, actor, participant_id))


def erase(*, session: Session, actor: Actor, participant_id: str, body: ErasureBody) -> ParticipantRead:
    """Consent withdrawn (152-FZ): the person's data is erased; the pairs' records keep only the id."""
    participant = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, participant.organisation_id)
    ensure_may_erase(participant.erased_at is not None, active_pairs_of(session, participant.id))
    erase_participant(session, participant, actor.user_id, body.basis)
    basis = add_text(
        session, organisation_id=participant.organisation_id, author_id=actor.user_id, body=body.basis
    )
    audit = AuditEvent(
        event_key=f"erasure-{participant.id}",  # once per person
        workflow_id=f"erasure-{participant.id}",
        seq=1,
        subject_type="participant",
        subject_id=participant.id,
        organisation_id=participant.organisation_id,
        action="erased",
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        at=utcnow(),
    )
    session.add(cite_text(audit, basis))
    session.commit()
    return participant_read(participant)


def correct_participant(
    *, session: Session, actor: Actor, participant_id: str, body: ParticipantCorrection
) -> ParticipantRead:
    """The curator corrects a card (a typo in a name, a wrong grade); the audit names the fields changed,
    never their values (the history carries ids and facts only)."""
    participant = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, participant.organisation_id)
    ensure_not_erased(participant.erased_at is not None, participant.id)
    given = body.model_dump(exclude_unset=True)
    for name in ("kind", "full_name", "new_hire", "stated_difficulty"):  # a card always has these
        if name in given and given[name] is None:
            raise InvalidInput("field_not_clearable", "Это поле карточки нельзя очистить.", name)
    if "grade" in given:
        given = with_grade_year(given)
    changed = sorted(name for name, value in given.items() if getattr(participant, name) != value)
    if not changed:
        return participant_read(participant)
    for name in changed:
        setattr(participant, name, given[name])
    session.add(participant)
    workflow_id = f"participant-{participant.id}"
    seq = session.exec(select(func.count()).where(col(AuditEvent.workflow_id) == workflow_id)).one() + 1
    session.add(
        AuditEvent(
            event_key=f"correction-{participant.id}-{uuid4().hex[:12]}",
            workflow_id=workflow_id,
            seq=int(seq),
            subject_type="participant",
            subject_id=participant.id,
            organisation_id=participant.organisation_id,
            action="corrected",
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            at=utcnow(),
            details={"fields": changed},
        )
    )
    session.commit()
    return participant_read(participant)


async def record_consent(
    *, session: Session, actor: Actor, temporal: TemporalLink, participant_id: str, body: ConsentCreate
) -> Consent:
    """Keep the signed consent as its own document, then tell the participant's active pairs."""
    participant = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, participant.organisation_id)
    consent_giver_valid(
        is_minor(participant.birth_date, body.signed_at.date()),
        body.given_by,
        body.guardian_name,
        participant_id=participant.id,
    )
    consent = Consent(
        id=f"consent-{uuid4().hex[:12]}",
        participant_id=participant.id,
        recorded_by=actor.user_id,
        recorded_at=utcnow(),
        **body.model_dump(),
    )
    session.add(consent)
    audit_change(
        session,
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        organisation_id=participant.organisation_id,
        subject_type="participant",
        subject_id=participant.id,
        action="consent_recorded",
        details={"consent_id": consent.id, "kind": body.kind.value, "given_by": body.given_by.value},
    )
    session.commit()
    fact = ConsentFact(
        consent_id=consent.id, participant_id=participant.id, kind=body.kind, given_by=body.given_by
    )
    await tell_pairs_of_consent(session, temporal, actor, fact)
    return consent


def list_consents(*, session: Session, actor: Actor, participant_id: str) -> list[Consent]:
    participant_in_scope(session, actor, participant_id)
    query = select(Consent).where(Consent.participant_id == participant_id).order_by(col(Consent.recorded_at))
    return list(session.exec(query))
