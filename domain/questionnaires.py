"""Monitoring questionnaires as data (004 §8.1): open, closed and scale questions, per respondent role.

A questionnaire is versioned: a round is answered against the version that was in force when it opened,
and answers are validated against exactly that version. Pure: no I/O.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from domain.errors import InvalidInput


class Respondent(StrEnum):
    """Who answers: the mentor, the mentee (pupil or teacher variant) or the curator (004 §8.1)."""

    MENTOR = "mentor"
    MENTEE_PUPIL = "mentee_pupil"
    MENTEE_TEACHER = "mentee_teacher"
    CURATOR = "curator"


RESPONDENT_LABELS: dict[Respondent, str] = {
    Respondent.MENTOR: "Анкета наставника",
    Respondent.MENTEE_PUPIL: "Анкета наставляемого (обучающийся)",
    Respondent.MENTEE_TEACHER: "Анкета наставляемого (педагог)",
    Respondent.CURATOR: "Анкета куратора",
}


class QuestionKind(StrEnum):
    OPEN = "open"  # открытый вопрос: free text
    CLOSED = "closed"  # закрытый вопрос: one (or several) of the options
    SCALE = "scale"  # вопрос с оценочным параметром: an integer in [scale_min, scale_max]


class Question(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    text: str = Field(min_length=3, max_length=500)
    kind: QuestionKind
    required: bool = True
    options: list[str] = Field(default_factory=list, max_length=20)
    multiple: bool = False  # closed: several options may be chosen
    scale_min: int = 1
    scale_max: int = 5

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.kind is QuestionKind.CLOSED:
            if len(self.options) < 2 or len(set(self.options)) != len(self.options):
                raise ValueError("у закрытого вопроса не меньше двух разных вариантов ответа")
        elif self.options:
            raise ValueError("варианты ответа бывают только у закрытого вопроса")
        if self.kind is QuestionKind.SCALE and not (0 <= self.scale_min < self.scale_max <= 10):
            raise ValueError("шкала: 0 ≤ минимум < максимум ≤ 10")
        return self


class QuestionnaireContent(BaseModel):
    """What a district publishes as a new version: a title and its questions."""

    title: str = Field(min_length=3, max_length=200)
    questions: list[Question] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _unique_ids(self) -> QuestionnaireContent:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("идентификаторы вопросов повторяются")
        return self


MAX_OPEN_ANSWER = 4000


def _answer_error(rule: str, message: str, question: Question) -> InvalidInput:
    return InvalidInput(rule, f"«{question.text}»: {message}", f"answers.{question.id}")


def _clean_one(question: Question, value: Any) -> Any:
    if question.kind is QuestionKind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            raise _answer_error("scale_integer", "ответ — целое число по шкале.", question)
        if not question.scale_min <= int(value) <= question.scale_max:
            raise _answer_error(
                "scale_range",
                f"ответ от {question.scale_min} до {question.scale_max}.",
                question,
            )
        return int(value)
    if question.kind is QuestionKind.CLOSED:
        chosen = value if question.multiple and isinstance(value, list) else [value]
        if not chosen or any(not isinstance(c, str) or c not in question.options for c in chosen):
            raise _answer_error(
                "closed_option", "выберите из вариантов: " + "; ".join(question.options) + ".", question
            )
        if len(set(chosen)) != len(chosen):
            raise _answer_error("closed_option", "вариант выбран дважды.", question)
        return list(chosen) if question.multiple else chosen[0]
    if not isinstance(value, str):
        raise _answer_error("open_text", "ответ — текст.", question)
    if len(value) > MAX_OPEN_ANSWER:
        raise _answer_error("open_text", f"не длиннее {MAX_OPEN_ANSWER} знаков.", question)
    return value.strip()


def _is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def validate_answers(content: QuestionnaireContent, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers cleaned against this very version: every key a question of it, every required
    question answered, a scale inside its range, a closed answer one of the options. Raises InvalidInput
    naming the question (`answers.<id>`) and the rule."""
    by_id = {q.id: q for q in content.questions}
    for key in answers:
        if key not in by_id:
            message = f"В этой версии анкеты нет вопроса «{key}»."
            raise InvalidInput("unknown_question", message, f"answers.{key}")
    cleaned: dict[str, Any] = {}
    for question in content.questions:
        value = answers.get(question.id)
        if _is_empty(value):
            if question.required:
                raise _answer_error("answer_required", "ответ обязателен.", question)
            continue
        cleaned[question.id] = _clean_one(question, value)
    return cleaned


def respondent_for(member_role: str | None, participant_kind: str | None) -> Respondent:
    """The questionnaire a respondent answers: the curator's when not a pair member; a mentee who is a
    pupil answers the pupil variant, any other mentee (teacher, young specialist) the teacher variant."""
    if member_role is None:
        return Respondent.CURATOR
    if member_role == "mentor":
        return Respondent.MENTOR
    return Respondent.MENTEE_PUPIL if participant_kind == "pupil" else Respondent.MENTEE_TEACHER
