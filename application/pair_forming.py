"""Form a pair's initial state from the school's bases: the checks of 000 §4 and 004 §6.2 before it starts."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from sqlmodel import Session, col, select

from application.schemas import PairCreate
from db.models import Consent, MentorProfile, Organisation, Participant, Programme
from domain import bounds
from domain.actors import Actor, ensure_may_manage_base
from domain.erasure import ensure_not_erased
from domain.errors import InvalidInput
from domain.forms import TEACHING_KINDS, Form, Kind, ParticipantKind
from domain.grades import grade_in
from domain.mentor_base import MentorRecord, mentor_selected_and_trained
from domain.mentoring_kinds import term_fits_kind
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
from domain.pair_guards import consented_before_order
from domain.participants import ParticipantFacts, age_on, is_minor
from domain.role_models import role_model_of_form


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


def _participant_facts(person: Participant, minor: bool, school_year: str, on: date) -> ParticipantFacts:
    """The person's facts in the school year the pair starts in (the grade of that year), and the age on
    the day it starts (003 §1.1)."""
    return ParticipantFacts(
        participant_id=person.id,
        organisation_id=person.organisation_id,
        kind=ParticipantKind(person.kind),
        minor=minor,
        grade=grade_in(person.grade, person.grade_year, school_year),
        years_of_experience=person.years_of_experience,
        new_hire=person.new_hire,
        stated_difficulty=person.stated_difficulty,
        age=age_on(person.birth_date, on) if person.birth_date else None,
        external=person.home_organisation is not None,
    )


def mentor_record(profile: MentorProfile | None, participant_id: str) -> MentorRecord:
    if profile is None:
        return MentorRecord(participant_id=participant_id, in_base=False)
    return MentorRecord(
        participant_id=participant_id,
        questionnaire_on=profile.questionnaire_on,
        interview_on=profile.interview_on,
        trained_on=profile.trained_on,
        training_required=profile.training_required,
    )


def _programme_mentors_ready(session: Session, programme: Programme, mentors: list[Participant]) -> None:
    """004 §6.1 stages 3–4: every mentor of a programme's pair — proposed or formed by hand — was selected
    and, where required, trained (`mentor_selected_and_trained`)."""
    for person in mentors:
        profile = session.get(MentorProfile, (programme.id, person.id))
        # The refusal names the mentor by id; the API puts the name in (application/naming.py).
        mentor_selected_and_trained(mentor_record(profile, person.id), programme.training_required)


def stored_consents(session: Session, ids: list[str]) -> list[ConsentFact]:
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
    if body.planned_end < body.planned_start:
        raise InvalidInput("term_positive", "Дата окончания должна быть позже даты начала.", "planned_end")
    mentors = _facts(session, organisation_id, body.mentor_ids, "mentor_ids")
    mentees = _facts(session, organisation_id, body.mentee_ids, "mentee_ids")
    # 001 §1.3, §4.4: the term of the kind; 3–12 months only for a teacher's personalised programme.
    teacher_mentee = any(ParticipantKind(p.kind) in TEACHING_KINDS for p in mentees)
    term_fits_kind(Kind(body.kind), teacher_mentee, body.planned_start, body.planned_end, field="planned_end")
    role_model = role_model_of_form(Form(body.form), body.role_model)
    start = body.planned_start
    minors = {p.id: is_minor(p.birth_date, start) for p in [*mentors, *mentees]}
    year = academic_year_of(start)
    composition_valid(
        Form(body.form),
        [_participant_facts(p, minors[p.id], year, start) for p in mentors],
        [_participant_facts(p, minors[p.id], year, start) for p in mentees],
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
        _programme_mentors_ready(session, programme, mentors)
    state = PairState(
        pair_id=f"pair-{uuid4().hex[:12]}",
        organisation_id=organisation_id,
        district=organisation.district,
        programme_id=body.programme_id,
        form=body.form,
        kind=body.kind,
        role_model=role_model.value if role_model else "",
        members=[
            *(
                PairMemberFact(
                    participant_id=p.id,
                    role=MemberRole.MENTOR,
                    minor=minors[p.id],
                    kind=ParticipantKind(p.kind),
                )
                for p in mentors
            ),
            *(
                PairMemberFact(
                    participant_id=p.id,
                    role=MemberRole.MENTEE,
                    minor=minors[p.id],
                    kind=ParticipantKind(p.kind),
                )
                for p in mentees
            ),
        ],
        planned_start=body.planned_start,
        planned_end=body.planned_end,
        consents=stored_consents(session, list(minors)),
        order=order,
    )
    if order is not None:  # 000 §2.7: an order fixes only pairs whose members consented
        consented_before_order(state)
    return state
