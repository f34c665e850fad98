"""Form a pair's initial state from the school's bases: the checks of 000 §4 and 004 §6.2 before it starts."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from sqlmodel import Session, col, select

from application.schemas import PairCreate
from db.models import Consent, Organisation, Participant, Programme
from domain import bounds
from domain.actors import Actor, ensure_may_manage_base
from domain.erasure import ensure_not_erased
from domain.errors import InvalidInput
from domain.forms import Form, ParticipantKind
from domain.grades import grade_in
from domain.monitoring import academic_year_of
from domain.pair import (
    ConsentFact,
    ConsentGiver,
    ConsentKind,
    MemberRole,
    OrderFacts,
    PairState,
)
from domain.pair import PairMember as PairMemberFact
from domain.pair_composition import composition_valid
from domain.pair_guards import term_within_limits
from domain.participants import ParticipantFacts, is_minor


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
    for person in people:
        ensure_not_erased(person.erased_at is not None, person.id)
    return sorted(people, key=lambda p: ids.index(p.id))


def _participant_facts(person: Participant, minor: bool, school_year: str) -> ParticipantFacts:
    """The person's facts in the school year the pair starts in (the grade of that year)."""
    return ParticipantFacts(
        participant_id=person.id,
        organisation_id=person.organisation_id,
        kind=ParticipantKind(person.kind),
        minor=minor,
        grade=grade_in(person.grade, person.grade_year, school_year),
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


def form_pair_state(
    session: Session, actor: Actor, body: PairCreate, order: OrderFacts | None = None
) -> PairState:
    """Check who may form this pair and build its first state (ids and facts only)."""
    if actor.organisation_id is None:
        ensure_may_manage_base(actor, "")
    organisation_id = str(actor.organisation_id)
    ensure_may_manage_base(actor, organisation_id)
    today = date.today()
    bounds.near_today(body.planned_start, today, "planned_start")
    bounds.near_today(body.planned_end, today, "planned_end")
    term_within_limits(body.planned_start, body.planned_end, field="planned_end")
    mentors = _facts(session, organisation_id, body.mentor_ids, "mentor_ids")
    mentees = _facts(session, organisation_id, body.mentee_ids, "mentee_ids")
    minors = {p.id: is_minor(p.birth_date, body.planned_start) for p in [*mentors, *mentees]}
    year = academic_year_of(body.planned_start)
    composition_valid(
        Form(body.form),
        [_participant_facts(p, minors[p.id], year) for p in mentors],
        [_participant_facts(p, minors[p.id], year) for p in mentees],
        organisation_id,
    )
    organisation = session.get(Organisation, organisation_id)
    assert organisation is not None
    if body.programme_id is not None:
        programme = session.get(Programme, body.programme_id)
        if programme is None or programme.organisation_id != organisation_id:
            raise InvalidInput(
                "programme_exists", "Программа не найдена в вашей организации.", "programme_id"
            )
    state = PairState(
        pair_id=f"pair-{uuid4().hex[:12]}",
        organisation_id=organisation_id,
        district=organisation.district,
        programme_id=body.programme_id,
        form=body.form,
        kind=body.kind,
        role_model="",  # the text stays in the pair's row (insert_pair), out of the workflow's history
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
        order=order,
    )
    return state
