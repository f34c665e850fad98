"""Who may form a pair of a given form (000 §4, 004 §6.2): checked before a pair is created."""

from __future__ import annotations

import itertools

import pytest

from domain.errors import InvalidInput
from domain.forms import MENTEE_KINDS, MENTOR_KINDS, SAME_ORGANISATION_FORMS, Form, ParticipantKind
from domain.pair_composition import composition_valid
from domain.participants import ParticipantFacts

SCHOOL = "school-1"
K = ParticipantKind

# The specification, written out from 000 §4, 003 §2.3, 004 §6.2, 001 §4.2: (mentor kind, mentee kind).
SIDES: dict[Form, tuple[ParticipantKind, ParticipantKind]] = {
    Form.STUDENT_STUDENT: (K.PUPIL, K.PUPIL),
    Form.TEACHER_TEACHER: (K.TEACHER, K.TEACHER),
    Form.TEACHER_STUDENT: (K.TEACHER, K.PUPIL),
    Form.STUDENT_TEACHER: (K.PUPIL, K.TEACHER),
    Form.EMPLOYER_STUDENT: (K.EMPLOYER_STAFF, K.PUPIL),
    Form.UNIVERSITY_STUDENT_PUPIL: (K.UNIVERSITY_STUDENT, K.PUPIL),
    Form.HEAD_TEACHER: (K.HEAD, K.TEACHER),
}
EXTERNAL_MENTOR_FORMS = {Form.EMPLOYER_STUDENT, Form.UNIVERSITY_STUDENT_PUPIL}

_ids = itertools.count(1)


def person(kind: ParticipantKind, organisation_id: str = SCHOOL) -> ParticipantFacts:
    return ParticipantFacts(participant_id=f"p-{next(_ids)}", organisation_id=organisation_id, kind=kind)


def mentors_of(form: Form, n: int = 1) -> list[ParticipantFacts]:
    return [person(SIDES[form][0]) for _ in range(n)]


def mentees_of(form: Form, n: int = 1) -> list[ParticipantFacts]:
    return [person(SIDES[form][1]) for _ in range(n)]


def test_every_form_names_who_stands_on_each_side() -> None:
    assert set(SIDES) == set(Form)
    for form, (mentor_kind, mentee_kind) in SIDES.items():
        assert MENTOR_KINDS[form] == {mentor_kind}
        assert MENTEE_KINDS[form] == {mentee_kind}


@pytest.mark.parametrize("form", list(Form))
def test_pair_of_the_kinds_its_form_names_is_valid(form: Form) -> None:
    composition_valid(form, mentors_of(form), mentees_of(form), SCHOOL)


@pytest.mark.parametrize("form", list(Form))
def test_group_of_several_mentors_and_several_mentees_is_valid(form: Form) -> None:
    composition_valid(form, mentors_of(form, 2), mentees_of(form, 5), SCHOOL)


@pytest.mark.parametrize(
    ("form", "kind"),
    [(f, k) for f in Form for k in ParticipantKind if k is not SIDES[f][0]],
)
def test_form_refuses_a_mentor_of_another_kind(form: Form, kind: ParticipantKind) -> None:
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, [person(kind)], mentees_of(form), SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("form_allows_participant", "mentor_ids")


@pytest.mark.parametrize(
    ("form", "kind"),
    [(f, k) for f in Form for k in ParticipantKind if k is not SIDES[f][1]],
)
def test_form_refuses_a_mentee_of_another_kind(form: Form, kind: ParticipantKind) -> None:
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, mentors_of(form), [person(kind)], SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("form_allows_participant", "mentee_ids")


def test_one_wrong_member_of_a_group_refuses_the_group() -> None:
    mentees = [*mentees_of(Form.TEACHER_STUDENT, 3), person(K.TEACHER)]
    with pytest.raises(InvalidInput) as refused:
        composition_valid(Form.TEACHER_STUDENT, mentors_of(Form.TEACHER_STUDENT), mentees, SCHOOL)
    assert refused.value.rule == "form_allows_participant"


@pytest.mark.parametrize("form", list(Form))
def test_pair_needs_at_least_one_mentor(form: Form) -> None:
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, [], mentees_of(form), SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("pair_has_mentor", "mentor_ids")


@pytest.mark.parametrize("form", list(Form))
def test_pair_needs_at_least_one_mentee(form: Form) -> None:
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, mentors_of(form), [], SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("pair_has_mentee", "mentee_ids")


@pytest.mark.parametrize("form", [Form.STUDENT_STUDENT, Form.TEACHER_TEACHER])
def test_nobody_is_mentor_and_mentee_of_the_same_pair(form: Form) -> None:
    both = person(SIDES[form][0])
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, [both], [*mentees_of(form), both], SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("not_both_sides", "mentee_ids")


@pytest.mark.parametrize("form", sorted(SAME_ORGANISATION_FORMS))
def test_school_forms_take_mentors_only_from_the_school(form: Form) -> None:
    outsider = person(SIDES[form][0], organisation_id="school-2")
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, [outsider], mentees_of(form), SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("same_organisation", "mentor_ids")


@pytest.mark.parametrize("form", sorted(SAME_ORGANISATION_FORMS))
def test_school_forms_take_mentees_only_from_the_school(form: Form) -> None:
    outsider = person(SIDES[form][1], organisation_id="school-2")
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, mentors_of(form), [outsider], SCHOOL)
    assert (refused.value.rule, refused.value.field) == ("same_organisation", "mentee_ids")


def test_the_forms_kept_within_one_school_are_those_without_external_mentors() -> None:
    assert set(Form) - SAME_ORGANISATION_FORMS == EXTERNAL_MENTOR_FORMS


@pytest.mark.parametrize("form", sorted(EXTERNAL_MENTOR_FORMS))
def test_external_mentor_may_come_from_another_organisation(form: Form) -> None:
    external = person(SIDES[form][0], organisation_id="company-1")
    composition_valid(form, [external], mentees_of(form), SCHOOL)


def test_kind_is_checked_before_organisation() -> None:
    stranger = person(K.PARENT, organisation_id="school-2")
    with pytest.raises(InvalidInput) as refused:
        composition_valid(Form.STUDENT_STUDENT, [stranger], mentees_of(Form.STUDENT_STUDENT), SCHOOL)
    assert refused.value.rule == "form_allows_participant"
