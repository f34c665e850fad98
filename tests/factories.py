"""Builders of domain facts for tests: ids only, as the workflows see them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from domain.actors import Actor, Role
from domain.forms import Form
from domain.pair import (
    ConsentFact,
    ConsentGiver,
    ConsentKind,
    MeetingFacts,
    MeetingFormat,
    MeetingKind,
    MemberRole,
    OrderFacts,
    PairMember,
    PairState,
    PlanFacts,
)

CURATOR = Actor(user_id="curator-1", role=Role.CURATOR, organisation_id="school-1")
START = date(2026, 10, 1)
END = date(2027, 5, 20)


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid4().hex[:12]}"


def pupil_pair(**overrides: object) -> PairState:
    """A student–student pair: a pupil mentor and a minor pupil mentee."""
    values: dict[str, object] = {
        "pair_id": new_id("pair"),
        "organisation_id": "school-1",
        "district": "district-1",
        "form": Form.STUDENT_STUDENT,
        "members": [
            PairMember(participant_id="mentor-1", role=MemberRole.MENTOR, minor=True),
            PairMember(participant_id="mentee-1", role=MemberRole.MENTEE, minor=True),
        ],
        "planned_start": START,
        "planned_end": END,
    }
    values.update(overrides)
    return PairState.model_validate(values)


def consent(participant_id: str, kind: ConsentKind, by: ConsentGiver = ConsentGiver.GUARDIAN) -> ConsentFact:
    return ConsentFact(consent_id=new_id("consent"), participant_id=participant_id, kind=kind, given_by=by)


def all_consents(pair: PairState) -> list[ConsentFact]:
    return [
        consent(m.participant_id, kind, ConsentGiver.GUARDIAN if m.minor else ConsentGiver.SELF)
        for m in pair.members
        for kind in ConsentKind
    ]


def order() -> OrderFacts:
    return OrderFacts(number="12-н", signed_on=date(2026, 10, 5))


def plan(**overrides: object) -> PlanFacts:
    values: dict[str, object] = {
        "plan_id": new_id("plan"),
        "goal_count": 2,
        "format": MeetingFormat.MIXED,
        "cadence_days": 14,
        "scheduled_meetings": 12,
        "starts_on": START,
        "ends_on": END,
    }
    values.update(overrides)
    return PlanFacts.model_validate(values)


def meeting(kind: MeetingKind, held_on: date = date(2026, 11, 10)) -> MeetingFacts:
    return MeetingFacts(
        meeting_id=new_id("meeting"), kind=kind, held_on=held_on, format=MeetingFormat.IN_PERSON
    )


def at() -> datetime:
    return datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def store(state: PairState) -> PairState:
    """Put the school, the people and the pair's first read-model row in the database, as the API does."""
    from db.models import Organisation, Participant
    from db.pair_store import insert_pair
    from db.session import session_scope, utcnow

    with session_scope() as session:
        if session.get(Organisation, state.organisation_id) is None:
            session.add(Organisation(id=state.organisation_id, name="Школа №1", district=state.district))
        for member in state.members:
            if session.get(Participant, member.participant_id) is None:
                session.add(
                    Participant(
                        id=member.participant_id,
                        organisation_id=state.organisation_id,
                        kind="pupil",
                        full_name=f"Участник {member.participant_id}",
                        created_at=utcnow(),
                    )
                )
        session.commit()
        insert_pair(session, state)
        session.commit()
    return state
