"""Who may form a pair of a given form (000 §4, 004 §6.2): checked before a pair is created.

Besides "at least one mentor", "at least one mentee" and "nobody on both sides", every mentor × mentee of
the pair passes matching's hard rules; a refusal names the rule and the field: "mentee_ids" for a rule
about the mentee alone, "mentor_ids" for every other rule. One test below per hard rule, named after it.
"""

from __future__ import annotations

import itertools

import pytest

from domain.errors import InvalidInput
from domain.forms import (
    EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS,
    MENTEE_KINDS,
    MENTOR_KINDS,
    SAME_ORGANISATION_FORMS,
    YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS,
    Form,
    ParticipantKind,
)
from domain.matching.rules import HARD_RULES
from domain.pair_composition import composition_valid
from domain.participants import ParticipantFacts

SCHOOL = "school-1"
OTHER_SCHOOL = "school-2"
K = ParticipantKind

# The specification, written out from 000 §4, 003 §2.3, 004 §5.2, §6.2, 001 §4.2: (mentor kind, mentee kind)
# with the other kinds the documents invite to mentor in the form.
SIDES: dict[Form, tuple[ParticipantKind, ParticipantKind]] = {
    Form.STUDENT_STUDENT: (K.PUPIL, K.PUPIL),
    Form.TEACHER_TEACHER: (K.TEACHER, K.TEACHER),
    Form.TEACHER_STUDENT: (K.TEACHER, K.PUPIL),
    Form.STUDENT_TEACHER: (K.PUPIL, K.TEACHER),
    Form.EMPLOYER_STUDENT: (K.EMPLOYER_STAFF, K.PUPIL),
    Form.UNIVERSITY_STUDENT_PUPIL: (K.UNIVERSITY_STUDENT, K.PUPIL),
    Form.HEAD_TEACHER: (K.HEAD, K.TEACHER),
    Form.EMPLOYER_COLLEGE_STUDENT: (K.EMPLOYER_STAFF, K.UNIVERSITY_STUDENT),
    Form.UNIVERSITY_TEACHER_YOUNG_TEACHER: (K.UNIVERSITY_TEACHER, K.TEACHER),
}
ALSO_MENTOR: dict[Form, set[ParticipantKind]] = {
    Form.TEACHER_TEACHER: {K.VETERAN_TEACHER},  # ветераны педагогического труда, 004 §5.2
    Form.TEACHER_STUDENT: {K.VETERAN_TEACHER, K.UNIVERSITY_TEACHER},  # 000 §4.4.1, 004 §5.2
    Form.EMPLOYER_STUDENT: {K.ENTREPRENEUR, K.PARENT, K.ALUMNUS},  # 004 §5.2, §6.2.3
    Form.EMPLOYER_COLLEGE_STUDENT: {K.ENTREPRENEUR},
}
EXTERNAL_MENTOR_FORMS = set(Form) - SAME_ORGANISATION_FORMS

# Realistic facts of each kind on each side: a pupil mentor is in a higher grade than any pupil mentee, a
# teacher mentee of «учитель–учитель» is a young specialist, an employer mentor has five years and more.
MENTOR_FACTS: dict[ParticipantKind, dict[str, object]] = {
    K.PUPIL: {"grade": 10, "minor": True},
    K.TEACHER: {"years_of_experience": 15},
    K.EMPLOYER_STAFF: {"years_of_experience": 8},
    K.UNIVERSITY_STUDENT: {},
    K.HEAD: {"years_of_experience": 20},
    K.UNIVERSITY_TEACHER: {"years_of_experience": 10},
}
MENTEE_FACTS: dict[ParticipantKind, dict[str, object]] = {
    K.PUPIL: {"grade": 6, "minor": True},
    K.TEACHER: {"years_of_experience": 1},
    K.UNIVERSITY_STUDENT: {},
}

# Hard rules that read what only matching knows (the forms a mentor agreed to, earlier partners), never the
# facts of a person: a pair formed by hand has none of it, so they cannot refuse it here.
MATCHING_ONLY_RULES = {"mentor_agreed_to_the_form", "partner_not_excluded"}

_ids = itertools.count(1)


def person(kind: ParticipantKind, *, organisation_id: str = SCHOOL, **facts: object) -> ParticipantFacts:
    return ParticipantFacts.model_validate(
        {"participant_id": f"p-{next(_ids)}", "organisation_id": organisation_id, "kind": kind, **facts}
    )


def mentor_of(form: Form, *, organisation_id: str = SCHOOL, **facts: object) -> ParticipantFacts:
    kind = SIDES[form][0]
    return person(kind, organisation_id=organisation_id, **{**MENTOR_FACTS[kind], **facts})


def mentee_of(form: Form, *, organisation_id: str = SCHOOL, **facts: object) -> ParticipantFacts:
    kind = SIDES[form][1]
    return person(kind, organisation_id=organisation_id, **{**MENTEE_FACTS[kind], **facts})


def refusal(form: Form, mentors: list[ParticipantFacts], mentees: list[ParticipantFacts]) -> tuple[str, str]:
    """The (rule, field) a composition is refused with; fails the test when it is accepted."""
    with pytest.raises(InvalidInput) as refused:
        composition_valid(form, mentors, mentees, SCHOOL)
    assert refused.value.field is not None
    return refused.value.rule, refused.value.field


# The sides of each form


def test_every_form_names_who_stands_on_each_side() -> None:
    assert set(SIDES) == set(Form)
    for form, (mentor_kind, mentee_kind) in SIDES.items():
        assert MENTOR_KINDS[form] == {mentor_kind} | ALSO_MENTOR.get(form, set())
        assert MENTEE_KINDS[form] == {mentee_kind}


def test_thresholds_are_those_of_the_documents() -> None:
    assert YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS == 3  # 000 §4.3
    assert EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS == 5  # 004 §6.2.3


def test_the_forms_kept_within_one_school_are_those_without_external_mentors() -> None:
    """Teachers of other schools mentor teachers and pupils too (004 §5.2; 001 §3.9, §4.2; 000 §4.4.1)."""
    assert {Form.STUDENT_STUDENT, Form.STUDENT_TEACHER, Form.HEAD_TEACHER} == SAME_ORGANISATION_FORMS


def test_every_hard_rule_on_the_facts_of_people_is_specified_here() -> None:
    specified = {
        "mentee_kind_allowed_by_form",
        "teacher_mentee_is_young_new_or_struggling",
        "mentor_kind_allowed_by_form",
        "employer_mentor_has_five_years_experience",
        "same_organisation_where_form_requires",
        "pupil_mentor_grade_not_lower",
        "mentor_is_not_the_mentee",
        "pupil_mentee_from_age_ten",
        "pupil_mentor_from_age_ten",
        "mentor_of_the_school_where_form_requires",
    }
    assert {rule.code for rule in HARD_RULES} == specified | MATCHING_ONLY_RULES


# Valid compositions


@pytest.mark.parametrize("form", list(Form))
def test_pair_of_the_kinds_its_form_names_with_realistic_facts_is_valid(form: Form) -> None:
    composition_valid(form, [mentor_of(form)], [mentee_of(form)], SCHOOL)


@pytest.mark.parametrize("form", list(Form))
def test_group_of_several_mentors_and_several_mentees_is_valid(form: Form) -> None:
    mentors = [mentor_of(form) for _ in range(2)]
    mentees = [mentee_of(form) for _ in range(5)]
    composition_valid(form, mentors, mentees, SCHOOL)


# At least one on each side, nobody on both


@pytest.mark.parametrize("form", list(Form))
def test_pair_needs_at_least_one_mentor(form: Form) -> None:
    assert refusal(form, [], [mentee_of(form)]) == ("pair_has_mentor", "mentor_ids")


@pytest.mark.parametrize("form", list(Form))
def test_pair_needs_at_least_one_mentee(form: Form) -> None:
    assert refusal(form, [mentor_of(form)], []) == ("pair_has_mentee", "mentee_ids")


@pytest.mark.parametrize("form", [Form.STUDENT_STUDENT, Form.TEACHER_TEACHER])
def test_nobody_is_mentor_and_mentee_of_the_same_group(form: Form) -> None:
    both = mentor_of(form)
    assert refusal(form, [both], [mentee_of(form), both]) == ("not_both_sides", "mentee_ids")


# One test per hard rule


@pytest.mark.parametrize(
    ("form", "kind"), [(f, k) for f in Form for k in ParticipantKind if k not in MENTEE_KINDS[f]]
)
def test_mentee_kind_allowed_by_form(form: Form, kind: ParticipantKind) -> None:
    assert refusal(form, [mentor_of(form)], [person(kind)]) == ("mentee_kind_allowed_by_form", "mentee_ids")


@pytest.mark.parametrize(
    ("years", "new_hire", "stated_difficulty"),
    [(0, False, False), (3, False, False), (12, True, False), (None, True, False), (25, False, True)],
    ids=["just_started", "three_years", "new_hire", "new_hire_experience_unknown", "stated_difficulty"],
)
def test_teacher_mentee_is_young_new_or_struggling(
    years: float | None, new_hire: bool, stated_difficulty: bool
) -> None:
    form = Form.TEACHER_TEACHER
    mentee = mentee_of(
        form, years_of_experience=years, new_hire=new_hire, stated_difficulty=stated_difficulty
    )
    composition_valid(form, [mentor_of(form)], [mentee], SCHOOL)


@pytest.mark.parametrize("years", [3.5, 4, 20, None])
def test_teacher_mentee_is_young_new_or_struggling_refuses_an_experienced_settled_teacher(
    years: float | None,
) -> None:
    form = Form.TEACHER_TEACHER
    mentee = mentee_of(form, years_of_experience=years)
    assert refusal(form, [mentor_of(form)], [mentee]) == (
        "teacher_mentee_is_young_new_or_struggling",
        "mentee_ids",
    )


@pytest.mark.parametrize(
    "form",
    [
        f
        for f in Form
        if f not in (Form.TEACHER_TEACHER, Form.UNIVERSITY_TEACHER_YOUNG_TEACHER)
        and K.TEACHER in MENTEE_KINDS[f]
    ],
)
def test_teacher_mentee_is_young_new_or_struggling_only_in_teacher_teacher(form: Form) -> None:
    experienced = mentee_of(form, years_of_experience=20)
    composition_valid(form, [mentor_of(form)], [experienced], SCHOOL)


@pytest.mark.parametrize(
    ("form", "kind"), [(f, k) for f in Form for k in ParticipantKind if k not in MENTOR_KINDS[f]]
)
def test_mentor_kind_allowed_by_form(form: Form, kind: ParticipantKind) -> None:
    assert refusal(form, [person(kind)], [mentee_of(form)]) == ("mentor_kind_allowed_by_form", "mentor_ids")


@pytest.mark.parametrize("years", [None, 0, 4, 4.9])
def test_employer_mentor_has_five_years_experience(years: float | None) -> None:
    form = Form.EMPLOYER_STUDENT
    composition_valid(form, [mentor_of(form, years_of_experience=5)], [mentee_of(form)], SCHOOL)
    mentor = mentor_of(form, years_of_experience=years)
    assert refusal(form, [mentor], [mentee_of(form)]) == (
        "employer_mentor_has_five_years_experience",
        "mentor_ids",
    )


@pytest.mark.parametrize("form", sorted(SAME_ORGANISATION_FORMS))
def test_same_organisation_where_form_requires(form: Form) -> None:
    outside_mentor = mentor_of(form, organisation_id=OTHER_SCHOOL)
    assert refusal(form, [outside_mentor], [mentee_of(form)]) == (
        "same_organisation_where_form_requires",
        "mentor_ids",
    )
    # A rule about the pair, not the mentee alone: an outside mentee is refused on the mentors' field too.
    outside_mentee = mentee_of(form, organisation_id=OTHER_SCHOOL)
    assert refusal(form, [mentor_of(form)], [outside_mentee]) == (
        "same_organisation_where_form_requires",
        "mentor_ids",
    )


@pytest.mark.parametrize("form", sorted(EXTERNAL_MENTOR_FORMS))
def test_same_organisation_where_form_requires_lets_external_mentors_in(form: Form) -> None:
    external = mentor_of(form, organisation_id="company-1")
    composition_valid(form, [external], [mentee_of(form)], SCHOOL)


@pytest.mark.parametrize(
    ("mentor_grade", "mentee_grade"),
    [(6, 6), (7, 6), (None, 6), (10, None)],
    ids=["same_grade_peers", "higher_grade", "mentor_grade_unknown", "mentee_grade_unknown"],
)
def test_pupil_mentor_grade_not_lower(mentor_grade: int | None, mentee_grade: int | None) -> None:
    """000 §4.2.1, §4.2.5: «равный – равному» — peers of one grade; no grade refuses nothing."""
    form = Form.STUDENT_STUDENT
    mentor, mentee = mentor_of(form, grade=mentor_grade), mentee_of(form, grade=mentee_grade)
    composition_valid(form, [mentor], [mentee], SCHOOL)
    lower = mentor_of(form, grade=5)
    assert refusal(form, [lower], [mentee_of(form, grade=6)]) == (
        "pupil_mentor_grade_not_lower",
        "mentor_ids",
    )


@pytest.mark.parametrize(
    "form", [f for f in Form if f is not Form.STUDENT_STUDENT and K.PUPIL in MENTEE_KINDS[f]]
)
def test_pupil_mentor_grade_not_lower_only_between_pupils(form: Form) -> None:
    composition_valid(form, [mentor_of(form)], [mentee_of(form, grade=11)], SCHOOL)


@pytest.mark.parametrize("age", [9, 10])
def test_pupil_mentee_from_age_ten(age: int) -> None:
    form = Form.STUDENT_STUDENT
    mentee = mentee_of(form, age=age)
    if age >= 10:
        composition_valid(form, [mentor_of(form)], [mentee], SCHOOL)
    else:
        assert refusal(form, [mentor_of(form)], [mentee]) == ("pupil_mentee_from_age_ten", "mentee_ids")


def test_pupil_mentor_from_age_ten() -> None:
    form = Form.STUDENT_STUDENT
    composition_valid(form, [mentor_of(form, age=10)], [mentee_of(form)], SCHOOL)
    assert refusal(form, [mentor_of(form, age=9)], [mentee_of(form)]) == (
        "pupil_mentor_from_age_ten",
        "mentor_ids",
    )


@pytest.mark.parametrize("form", [Form.TEACHER_TEACHER, Form.TEACHER_STUDENT])
def test_mentor_of_the_school_where_form_requires(form: Form) -> None:
    """A teacher of another school, recorded in this school's base, mentors teachers and pupils."""
    composition_valid(form, [mentor_of(form, external=True)], [mentee_of(form)], SCHOOL)
    pupils = Form.STUDENT_STUDENT
    assert refusal(pupils, [mentor_of(pupils, external=True)], [mentee_of(pupils)]) == (
        "mentor_of_the_school_where_form_requires",
        "mentor_ids",
    )


@pytest.mark.parametrize("form", list(Form))
def test_mentor_is_not_the_mentee(form: Form) -> None:
    # Checked before the hard rules: the same person on both sides is refused as "nobody on both sides".
    same = mentor_of(form)
    assert refusal(form, [same], [same]) == ("not_both_sides", "mentee_ids")


# Groups and the order of the rules


def test_one_mentee_of_a_group_breaking_a_rule_refuses_the_group() -> None:
    form = Form.STUDENT_STUDENT
    mentees = [*(mentee_of(form) for _ in range(3)), mentee_of(form, grade=11)]
    mentors = [mentor_of(form, grade=11), mentor_of(form, grade=9)]
    assert refusal(form, mentors, mentees) == ("pupil_mentor_grade_not_lower", "mentor_ids")


def test_one_mentor_of_a_group_breaking_a_rule_refuses_the_group() -> None:
    form = Form.EMPLOYER_STUDENT
    mentors = [mentor_of(form), mentor_of(form, years_of_experience=2)]
    mentees = [mentee_of(form) for _ in range(3)]
    assert refusal(form, mentors, mentees) == ("employer_mentor_has_five_years_experience", "mentor_ids")


def test_mentee_rules_come_before_mentor_rules() -> None:
    form = Form.STUDENT_STUDENT
    assert refusal(form, [person(K.PARENT)], [person(K.HEAD)]) == (
        "mentee_kind_allowed_by_form",
        "mentee_ids",
    )


def test_kind_is_checked_before_organisation() -> None:
    form = Form.STUDENT_STUDENT
    stranger = person(K.PARENT, organisation_id=OTHER_SCHOOL)
    assert refusal(form, [stranger], [mentee_of(form)]) == ("mentor_kind_allowed_by_form", "mentor_ids")
