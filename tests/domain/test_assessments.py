"""Entry and exit assessments (issue 12 point 18): the exit one measures the same parameters as the entry
one (`same_parameters`, 004 §8.2), comes after it (`entry_before_exit`, 000 §7.2), and every member is
assessed — mentors too (`everyone_assessed`, 000 §7.5)."""

from __future__ import annotations

import pytest

from domain.assessments import (
    assessed_members,
    compare,
    exit_after_entry,
    exit_measures_entry_parameters,
)
from domain.errors import GuardRefused, InvalidInput
from domain.pair import MemberRole
from tests.factories import pupil_pair

ENTRY = {"вовлечённость": 3.0, "тревожность": 4.0, "успеваемость": 3.5}


def test_same_parameters_allowed_when_exit_measures_what_entry_measured() -> None:
    exit_measures_entry_parameters(ENTRY, {"успеваемость": 4.0, "вовлечённость": 4.0, "тревожность": 2.0})


def test_same_parameters_refused_when_a_parameter_is_left_out() -> None:
    with pytest.raises(InvalidInput) as refused:
        exit_measures_entry_parameters(ENTRY, {"вовлечённость": 4.0, "успеваемость": 4.0})
    assert refused.value.rule == "same_parameters" and refused.value.field == "scores"
    assert "не измерены: тревожность" in refused.value.message


def test_same_parameters_refused_when_a_parameter_is_added() -> None:
    with pytest.raises(InvalidInput) as refused:
        exit_measures_entry_parameters(ENTRY, {**ENTRY, "олимпиады": 1.0})
    assert "не было на входе: олимпиады" in refused.value.message


def test_same_parameters_the_change_of_each_parameter() -> None:
    after = {"вовлечённость": 4.0, "тревожность": 2.0, "успеваемость": 4.5}
    assert compare(ENTRY, after) == {"вовлечённость": 1.0, "тревожность": -2.0, "успеваемость": 1.0}


def test_entry_before_exit_refused_without_an_entry_assessment() -> None:
    with pytest.raises(GuardRefused) as refused:
        exit_after_entry(None)
    assert (refused.value.rule, refused.value.field) == ("entry_first", "phase")


def test_entry_before_exit_allowed_after_it() -> None:
    assert exit_after_entry(ENTRY) == ENTRY


def test_everyone_assessed_mentors_as_well_as_mentees() -> None:
    pair = pupil_pair()
    roles = {m.participant_id: m.role for m in pair.members}
    assessed = assessed_members(pair)
    assert {roles[p] for p in assessed} == {MemberRole.MENTOR, MemberRole.MENTEE}
    assert sorted(assessed) == sorted(roles)
