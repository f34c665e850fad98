"""Builders shared by the pair rule tests (no tests here): pairs standing in a given stage, with the facts
the rules of that stage ask for, and actors of each role."""

from __future__ import annotations

import re

from domain.actors import Actor, Role, Scope
from domain.forms import Form
from domain.pair import (
    ConsentFact,
    ConsentGiver,
    ConsentKind,
    MeetingKind,
    MeetingTally,
    MemberRole,
    PairMember,
    PairState,
    ReflectionKind,
)
from domain.stages import STAGE_ORDER, Stage
from tests.factories import all_consents, new_id, order, plan, pupil_pair

CYRILLIC = re.compile(r"[А-Яа-яЁё]")

# Stages a pair passes through before `completed`, in order.
ACTIVE_IN_ORDER: tuple[Stage, ...] = STAGE_ORDER[:-1]
CLOSED: tuple[Stage, ...] = (Stage.COMPLETED, Stage.TERMINATED)


def adult_pair(**overrides: object) -> PairState:
    """A teacher–teacher pair: an adult mentor and an adult mentee (they consent for themselves)."""
    values: dict[str, object] = {
        "form": Form.TEACHER_TEACHER,
        "members": [
            PairMember(participant_id="teacher-mentor", role=MemberRole.MENTOR),
            PairMember(participant_id="teacher-mentee", role=MemberRole.MENTEE),
        ],
    }
    values.update(overrides)
    return pupil_pair(**values)


def given(
    participant_id: str, kind: ConsentKind, by: ConsentGiver, *, withdrawn: bool = False
) -> ConsentFact:
    return ConsentFact(
        consent_id=new_id("consent"),
        participant_id=participant_id,
        kind=kind,
        given_by=by,
        withdrawn=withdrawn,
    )


def ready_to_leave(stage: Stage, base: PairState | None = None) -> PairState:
    """A pair standing in `stage` that holds every fact needed to leave it (and every earlier stage)."""
    pair = base or pupil_pair()
    pair.consents = all_consents(pair)
    pair.order = order()
    pair.plan = plan()
    pair.planned_start, pair.planned_end = pair.plan.starts_on, pair.plan.ends_on
    pair.meetings = MeetingTally(by_kind={MeetingKind.REGULAR: 3, MeetingKind.FINAL: 1})
    pair.reflections = [ReflectionKind.MENTOR_REPORT, ReflectionKind.MENTEE_REFLECTION]
    pair.stage = stage
    return pair


def bare_pair(stage: Stage) -> PairState:
    """A pair standing in `stage` with none of the facts the guards look at."""
    pair = pupil_pair()
    pair.stage = stage
    return pair


def pair_in(stage: Stage) -> PairState:
    """A pair in `stage` as it would be after a lawful lifecycle: every fact of the earlier stages, and a
    plan (so that stage-specific commands have what they need), but nothing of `stage` itself done."""
    pair = ready_to_leave(stage)
    pair.meetings = MeetingTally()
    pair.reflections = []
    if stage is Stage.PREPARATORY:
        pair.plan = None
    return pair


# The people of the pair `scope_of()` describes, and of another school.
MENTOR_ID, MENTEE_ID, CO_MENTEE_ID = "mentor-1", "mentee-1", "mentee-2"
OTHER_PAIR_MENTOR_ID, OTHER_PAIR_MENTEE_ID = "mentor-9", "mentee-9"


def scope_of(organisation_id: str = "school-1", district: str = "district-1") -> Scope:
    return Scope(
        organisation_id=organisation_id,
        district=district,
        member_ids=frozenset({MENTOR_ID, MENTEE_ID, CO_MENTEE_ID}),
        mentor_ids=frozenset({MENTOR_ID}),
    )


def curator(organisation_id: str = "school-1") -> Actor:
    return Actor(
        user_id=new_id("user"), role=Role.CURATOR, organisation_id=organisation_id, district="district-1"
    )


def head(organisation_id: str = "school-1") -> Actor:
    return Actor(
        user_id=new_id("user"), role=Role.HEAD, organisation_id=organisation_id, district="district-1"
    )


def coordinator(district: str = "district-1") -> Actor:
    return Actor(user_id=new_id("user"), role=Role.COORDINATOR, district=district)


def admin() -> Actor:
    return Actor(user_id=new_id("user"), role=Role.ADMIN)


def mentor(participant_id: str = MENTOR_ID) -> Actor:
    return Actor(
        user_id=new_id("user"), role=Role.MENTOR, organisation_id="school-1", participant_id=participant_id
    )


def mentee(participant_id: str = MENTEE_ID) -> Actor:
    return Actor(
        user_id=new_id("user"), role=Role.MENTEE, organisation_id="school-1", participant_id=participant_id
    )
