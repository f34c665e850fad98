"""Questionnaires as data (004 §8.1): open, closed and scale questions; answers are validated against the
version they answer — scale range, closed options, required questions, no foreign keys."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.errors import InvalidInput
from domain.questionnaire_defaults import default_questionnaire
from domain.questionnaires import (
    QuestionKind,
    QuestionnaireContent,
    Respondent,
    respondent_for,
    validate_answers,
)

CONTENT = QuestionnaireContent.model_validate(
    {
        "title": "Анкета наставника",
        "questions": [
            {
                "id": "satisfaction",
                "text": "Удовлетворены ли вы?",
                "kind": "scale",
                "scale_min": 1,
                "scale_max": 5,
            },
            {"id": "format", "text": "Формат встреч", "kind": "closed", "options": ["очно", "дистанционно"]},
            {
                "id": "support",
                "text": "Поддержка",
                "kind": "closed",
                "options": ["методическая", "психологическая"],
                "multiple": True,
                "required": False,
            },
            {"id": "success", "text": "Что удалось?", "kind": "open", "required": False},
        ],
    }
)


def refused(answers: dict[str, object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate_answers(CONTENT, answers)
    return caught.value


def test_a_scale_answer_is_accepted_at_both_ends_of_its_range() -> None:
    for value in (1, 5):
        assert validate_answers(CONTENT, {"satisfaction": value, "format": "очно"})["satisfaction"] == value


@pytest.mark.parametrize("value", [0, 6, -1])
def test_a_scale_answer_outside_its_range_is_refused_naming_the_question(value: int) -> None:
    error = refused({"satisfaction": value, "format": "очно"})
    assert (error.rule, error.field) == ("scale_range", "answers.satisfaction")


@pytest.mark.parametrize("value", [4.5, "5", True])
def test_a_scale_answer_is_a_whole_number(value: object) -> None:
    assert refused({"satisfaction": value, "format": "очно"}).rule == "scale_integer"


def test_a_closed_answer_is_one_of_the_options() -> None:
    error = refused({"satisfaction": 3, "format": "по телефону"})
    assert (error.rule, error.field) == ("closed_option", "answers.format")


def test_a_multiple_choice_takes_several_options_but_none_twice() -> None:
    answers = {"satisfaction": 3, "format": "очно", "support": ["методическая", "психологическая"]}
    assert validate_answers(CONTENT, answers)["support"] == ["методическая", "психологическая"]
    assert refused(answers | {"support": ["методическая", "методическая"]}).rule == "closed_option"


def test_a_required_question_must_be_answered_and_an_optional_one_may_be_left_out() -> None:
    error = refused({"format": "очно"})
    assert (error.rule, error.field) == ("answer_required", "answers.satisfaction")
    assert validate_answers(CONTENT, {"satisfaction": 2, "format": "очно", "success": "  "}) == {
        "satisfaction": 2,
        "format": "очно",
    }


def test_an_answer_to_a_question_the_version_does_not_have_is_refused() -> None:
    error = refused({"satisfaction": 3, "format": "очно", "mood": 5})
    assert (error.rule, error.field) == ("unknown_question", "answers.mood")


def test_a_questionnaire_refuses_a_closed_question_without_options_and_repeated_ids() -> None:
    with pytest.raises(ValidationError):
        QuestionnaireContent.model_validate(
            {
                "title": "Анкета",
                "questions": [{"id": "a", "text": "Вопрос", "kind": "closed", "options": ["да"]}],
            }
        )
    with pytest.raises(ValidationError):
        QuestionnaireContent.model_validate(
            {
                "title": "Анкета",
                "questions": [{"id": "a", "text": "Вопрос", "kind": "open"}] * 2,
            }
        )


@pytest.mark.parametrize("respondent", list(Respondent))
def test_each_shipped_questionnaire_has_open_closed_and_scale_questions(respondent: Respondent) -> None:
    kinds = {q.kind for q in default_questionnaire(respondent).questions}
    assert kinds == {QuestionKind.OPEN, QuestionKind.CLOSED, QuestionKind.SCALE}


def test_a_pupil_mentee_answers_the_pupil_variant_and_a_teacher_the_teacher_variant() -> None:
    assert respondent_for("mentee", "pupil") is Respondent.MENTEE_PUPIL
    assert respondent_for("mentee", "teacher") is Respondent.MENTEE_TEACHER
    assert respondent_for("mentor", "pupil") is Respondent.MENTOR
    assert respondent_for(None, None) is Respondent.CURATOR
