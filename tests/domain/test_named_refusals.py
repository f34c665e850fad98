"""Refusals name people, pairs and schools (issue 12 point 22) without the domain knowing a name: a domain
text carries placeholders (domain/named.py) that say whom and in which case; the API puts the declined
name in (application/naming.py, pytrovich through domain/russian_names.py)."""

from __future__ import annotations

import pytest

from application.naming import ids_in, replace_ids
from domain.errors import GuardRefused, InvalidInput
from domain.forms import Form, ParticipantKind
from domain.matching.model import MenteeEntry, MentorEntry
from domain.matching.rules import partner_not_excluded, same_organisation_where_form_requires
from domain.mentor_base import MentorRecord, mentor_selected_and_trained, personal_data_consent_first
from domain.named import person, school
from domain.pair import ConsentGiver
from domain.pair_guards import consent_giver_valid, consents_complete
from domain.participants import ParticipantFacts
from domain.russian_names import Case
from tests.domain.test_pair_builders import pupil_pair

MENTOR = "person-0000000000a1"
MENTEE = "person-0000000000b2"
NAMES = {MENTOR: "Петров Илья Сергеевич", MENTEE: "Сидорова Аня", "organisation:school-2": "Гимназия №5"}


def test_a_placeholder_names_the_person_and_the_case() -> None:
    assert person(MENTOR) == MENTOR
    assert person(MENTOR, Case.GENITIVE) == f"{MENTOR}#genitive"
    assert school("school-2") == "organisation:school-2"
    assert ids_in(f"у {MENTOR}#dative и в {school('school-2')}.") == {MENTOR, "organisation:school-2"}


def test_refusals_name_the_person_in_the_case_the_sentence_needs() -> None:
    text = (
        f"нет согласия наставника {person(MENTOR, Case.GENITIVE)}; {person(MENTEE, Case.DATIVE)} нет 18 лет"
    )
    assert (
        replace_ids(text, NAMES)
        == "нет согласия наставника Петрова Ильи Сергеевича; Сидоровой Ане нет 18 лет"
    )


def test_refusals_never_show_a_case_mark_for_a_person_the_reader_may_not_see() -> None:
    assert replace_ids(f"наставника {person(MENTOR, Case.GENITIVE)}.", {}) == f"наставника {MENTOR}."


def test_refusals_name_the_mentor_in_the_genitive_when_consents_are_missing() -> None:
    pair = pupil_pair()
    with pytest.raises(GuardRefused) as refused:
        consents_complete(pair)
    mentor = pair.mentors[0].participant_id
    assert f"наставника {person(mentor, Case.GENITIVE)}" in refused.value.message


def test_refusals_name_the_mentor_who_was_not_selected() -> None:
    with pytest.raises(InvalidInput) as refused:
        mentor_selected_and_trained(MentorRecord(participant_id=MENTOR, in_base=False), False)
    assert replace_ids(refused.value.message, NAMES).startswith(
        "Наставника Петрова Ильи Сергеевича нет в базе наставников"
    )
    with pytest.raises(InvalidInput) as refused:
        mentor_selected_and_trained(MentorRecord(participant_id=MENTOR), False)
    assert replace_ids(refused.value.message, NAMES).startswith(
        "Наставник Петров Илья Сергеевич не прошёл отбор"
    )


def test_refusals_name_whose_personal_data_consent_is_missing() -> None:
    with pytest.raises(GuardRefused) as refused:
        personal_data_consent_first([], minor=True, participant_id=MENTEE)
    assert replace_ids(refused.value.message, NAMES).startswith(
        "Сначала внесите согласие на обработку персональных данных Сидоровой Ани от законного представителя"
    )
    assert refused.value.details == {"participant_id": MENTEE}


def test_refusals_name_the_minor_in_the_dative_when_the_consent_is_not_the_guardians() -> None:
    with pytest.raises(InvalidInput) as refused:
        consent_giver_valid(True, ConsentGiver.SELF, None, participant_id=MENTEE)
    assert replace_ids(refused.value.message, NAMES) == (
        "Сидоровой Ане нет 18 лет: согласие даёт законный представитель."
    )


def _facts(participant_id: str, organisation_id: str) -> ParticipantFacts:
    return ParticipantFacts(
        participant_id=participant_id,
        kind=ParticipantKind.TEACHER,
        organisation_id=organisation_id,
        years_of_experience=1,
    )


def test_refusals_name_the_schools_by_their_names_not_their_ids() -> None:
    mentee = MenteeEntry(facts=_facts(MENTEE, "school-1"), form=Form.HEAD_TEACHER)
    mentor = MentorEntry(facts=_facts(MENTOR, "school-2"))
    reason = same_organisation_where_form_requires(mentee, mentor)
    assert reason is not None
    named = replace_ids(reason, NAMES | {"organisation:school-1": "Школа №1"})
    assert "Петров Илья Сергеевич (Гимназия №5) из другой организации" in named
    assert "Сидорова Аня (Школа №1)" in named
    assert "school-" not in named


def test_refusals_name_the_mentee_a_mentor_is_excluded_for_in_the_genitive() -> None:
    mentee = MenteeEntry(
        facts=_facts(MENTEE, "school-1"), form=Form.TEACHER_TEACHER, excluded_mentor_ids=[MENTOR]
    )
    reason = partner_not_excluded(mentee, MentorEntry(facts=_facts(MENTOR, "school-1")))
    assert reason is not None
    assert "исключён для наставляемого Сидоровой Ани" in replace_ids(reason, NAMES)
