"""Who may see and do what (issue 2 §6): a curator or head inside their own organisation, a coordinator over
the organisations of the district, mentors and mentees in their own pairs. Another school's pair is
'not found' — a 403 would confirm that it exists."""

from __future__ import annotations

import pytest

from domain.actors import (
    Actor,
    Role,
    can_see,
    ensure_curator,
    ensure_may_manage_base,
    ensure_may_record_meeting,
    ensure_may_record_reflection,
    ensure_visible,
)
from domain.errors import Forbidden, NotFound
from domain.pair import ReflectionKind
from tests.domain.test_pair_builders import (
    CO_MENTEE_ID,
    MENTEE_ID,
    MENTOR_ID,
    OTHER_PAIR_MENTEE_ID,
    OTHER_PAIR_MENTOR_ID,
    admin,
    coordinator,
    curator,
    head,
    mentee,
    mentor,
    scope_of,
)

SCOPE = scope_of()

# Everyone who may see the pair of `SCOPE`, and everyone who may not.
INSIDERS: dict[str, Actor] = {
    "curator_of_the_school": curator(),
    "head_of_the_school": head(),
    "coordinator_of_the_district": coordinator(),
    "mentor_of_the_pair": mentor(),
    "mentee_of_the_pair": mentee(),
    "second_mentee_of_the_group": mentee(CO_MENTEE_ID),
    "admin": admin(),
}
OUTSIDERS: dict[str, Actor] = {
    "curator_of_another_school": curator("school-2"),
    "head_of_another_school": head("school-2"),
    "coordinator_of_another_district": coordinator("district-2"),
    "mentor_of_another_pair": mentor(OTHER_PAIR_MENTOR_ID),
    "mentee_of_another_pair": mentee(OTHER_PAIR_MENTEE_ID),
    "mentor_without_a_participant": Actor(user_id="u-1", role=Role.MENTOR, organisation_id="school-1"),
    "curator_without_an_organisation": Actor(user_id="u-2", role=Role.CURATOR),
    "coordinator_without_a_district": Actor(user_id="u-3", role=Role.COORDINATOR),
}


# --- Visibility ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(INSIDERS))
def test_pair_is_visible_to_its_school_its_district_and_its_members(who: str) -> None:
    assert can_see(INSIDERS[who], SCOPE)
    ensure_visible(INSIDERS[who], SCOPE)


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_another_schools_pair_is_not_found_rather_than_forbidden(who: str) -> None:
    assert not can_see(OUTSIDERS[who], SCOPE)
    with pytest.raises(NotFound) as refused:
        ensure_visible(OUTSIDERS[who], SCOPE)
    assert refused.value.rule == "not_found"
    assert refused.value.status == 404


def test_coordinator_sees_every_school_of_the_district() -> None:
    for school in ("school-1", "school-2", "school-3"):
        assert can_see(coordinator(), scope_of(organisation_id=school))


def test_curator_does_not_see_another_school_of_the_same_district() -> None:
    assert not can_see(curator("school-1"), scope_of(organisation_id="school-2", district="district-1"))


# --- Only the curator moves stages, terminates, extends, fixes orders ---------------------------------------


def test_curator_of_the_school_runs_the_pair() -> None:
    ensure_curator(curator(), SCOPE)


@pytest.mark.parametrize(
    "who",
    [
        "head_of_the_school",
        "coordinator_of_the_district",
        "mentor_of_the_pair",
        "mentee_of_the_pair",
        "admin",
    ],
)
def test_only_the_curator_moves_stages(who: str) -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_curator(INSIDERS[who], SCOPE)
    assert (refused.value.rule, refused.value.status) == ("curator_only", 403)


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_curator_only_actions_on_another_schools_pair_are_not_found(who: str) -> None:
    with pytest.raises(NotFound):
        ensure_curator(OUTSIDERS[who], SCOPE)


# --- Meetings -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["curator_of_the_school", "mentor_of_the_pair"])
def test_curator_or_the_mentor_of_the_pair_records_meetings(who: str) -> None:
    ensure_may_record_meeting(INSIDERS[who], SCOPE)


@pytest.mark.parametrize(
    "who", ["head_of_the_school", "coordinator_of_the_district", "mentee_of_the_pair", "admin"]
)
def test_others_who_see_the_pair_may_not_record_its_meetings(who: str) -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_may_record_meeting(INSIDERS[who], SCOPE)
    assert refused.value.rule == "meeting_recorder"


def test_a_mentee_of_the_pair_with_a_mentor_account_elsewhere_may_not_record_its_meetings() -> None:
    """Being in the pair is not enough: the mentor role must be held in this very pair."""
    with pytest.raises(Forbidden) as refused:
        ensure_may_record_meeting(mentor(MENTEE_ID), SCOPE)
    assert refused.value.rule == "meeting_recorder"


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_meetings_of_another_schools_pair_are_not_found(who: str) -> None:
    with pytest.raises(NotFound):
        ensure_may_record_meeting(OUTSIDERS[who], SCOPE)


# --- Reflections (000 §5.5) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ReflectionKind))
def test_curator_may_enter_the_report_and_the_reflection(kind: ReflectionKind) -> None:
    ensure_may_record_reflection(curator(), SCOPE, kind.value)


def test_mentor_of_the_pair_writes_the_report() -> None:
    ensure_may_record_reflection(mentor(), SCOPE, ReflectionKind.MENTOR_REPORT.value)


@pytest.mark.parametrize("participant_id", [MENTEE_ID, CO_MENTEE_ID])
def test_mentee_of_the_pair_writes_the_reflection(participant_id: str) -> None:
    ensure_may_record_reflection(mentee(participant_id), SCOPE, ReflectionKind.MENTEE_REFLECTION.value)


def test_mentor_does_not_write_the_mentees_reflection() -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_may_record_reflection(mentor(), SCOPE, ReflectionKind.MENTEE_REFLECTION.value)
    assert refused.value.rule == "reflection_author"


def test_mentee_does_not_write_the_mentors_report() -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_may_record_reflection(mentee(), SCOPE, ReflectionKind.MENTOR_REPORT.value)
    assert refused.value.rule == "reflection_author"


def test_the_mentor_of_the_pair_logged_in_as_mentee_does_not_write_the_reflection() -> None:
    with pytest.raises(Forbidden):
        ensure_may_record_reflection(mentee(MENTOR_ID), SCOPE, ReflectionKind.MENTEE_REFLECTION.value)


@pytest.mark.parametrize("kind", list(ReflectionKind))
@pytest.mark.parametrize("who", ["head_of_the_school", "coordinator_of_the_district", "admin"])
def test_head_coordinator_and_admin_do_not_write_reports_or_reflections(
    who: str, kind: ReflectionKind
) -> None:
    with pytest.raises(Forbidden):
        ensure_may_record_reflection(INSIDERS[who], SCOPE, kind.value)


@pytest.mark.parametrize("kind", list(ReflectionKind))
@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_reflections_of_another_schools_pair_are_not_found(who: str, kind: ReflectionKind) -> None:
    with pytest.raises(NotFound):
        ensure_may_record_reflection(OUTSIDERS[who], SCOPE, kind.value)


# --- The bases of mentors and mentees -----------------------------------------------------------------------


def test_curator_keeps_the_bases_of_their_own_school() -> None:
    ensure_may_manage_base(curator("school-1"), "school-1")


@pytest.mark.parametrize(
    "actor",
    [curator("school-2"), head("school-1"), coordinator(), mentor(), mentee(), admin()],
    ids=["curator_of_another_school", "head", "coordinator", "mentor", "mentee", "admin"],
)
def test_nobody_else_keeps_a_schools_bases(actor: Actor) -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_may_manage_base(actor, "school-1")
    assert refused.value.rule == "curator_only"
