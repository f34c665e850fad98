"""The questionnaires shipped with the system (version 1 of each), which a district may replace.

Open, closed and scale questions as 004 §8.1 asks («открытые, закрытые вопросы, вопросы с оценочным
параметром»); the curator's questionnaire checks the programme's conditions against the model (004 §8.1).
A shipped version never changes: new defaults would be a new version number.
"""

from __future__ import annotations

from typing import Any

from domain.questionnaires import QuestionnaireContent, Respondent

DEFAULT_VERSION = 1

_YES_NO = ["да", "нет", "затрудняюсь ответить"]


def _scale(qid: str, text: str) -> dict[str, Any]:
    return {"id": qid, "text": text, "kind": "scale", "scale_min": 1, "scale_max": 5}


def _closed(qid: str, text: str, options: list[str], multiple: bool = False) -> dict[str, Any]:
    return {"id": qid, "text": text, "kind": "closed", "options": options, "multiple": multiple}


def _open(qid: str, text: str) -> dict[str, Any]:
    return {"id": qid, "text": text, "kind": "open", "required": False}


_DEFAULTS: dict[Respondent, dict[str, Any]] = {
    Respondent.MENTOR: {
        "title": "Анкета наставника",
        "questions": [
            _scale("satisfaction", "Насколько вы удовлетворены работой в паре (группе)?"),
            _scale("regularity", "Насколько регулярно встречи проходят по плану?"),
            _scale("engagement", "Насколько наставляемый вовлечён в совместную работу?"),
            _scale("curator_support", "Насколько вам хватает поддержки куратора?"),
            _scale("training_use", "Насколько полезным оказалось обучение наставников?"),
            _closed("format", "Как чаще всего проходят встречи?", ["очно", "дистанционно", "смешанно"]),
            _closed("continue", "Готовы ли вы продолжить наставничество в следующем году?", _YES_NO),
            _open("success", "Что удалось лучше всего?"),
            _open("obstacles", "Что мешает работе пары?"),
        ],
    },
    Respondent.MENTEE_PUPIL: {
        "title": "Анкета наставляемого (обучающийся)",
        "questions": [
            _scale("interest", "Насколько тебе интересно на встречах с наставником?"),
            _scale("clarity", "Насколько понятно наставник объясняет?"),
            _scale("progress", "Насколько легче тебе стало учиться?"),
            _scale("comfort", "Насколько комфортно тебе общаться с наставником?"),
            _closed(
                "frequency",
                "Как часто вы встречаетесь?",
                ["раз в неделю", "раз в две недели", "раз в месяц", "реже"],
            ),
            _closed("continue", "Хочешь ли ты продолжить занятия с наставником?", _YES_NO),
            _open("liked", "Что тебе больше всего понравилось?"),
            _open("change", "Что бы ты хотел изменить?"),
        ],
    },
    Respondent.MENTEE_TEACHER: {
        "title": "Анкета наставляемого (педагог)",
        "questions": [
            _scale("adaptation", "Насколько программа помогает вам в профессиональной адаптации?"),
            _scale("usefulness", "Насколько полезны встречи с наставником для вашей работы?"),
            _scale("satisfaction", "Насколько вы удовлетворены взаимодействием с наставником?"),
            _scale("confidence", "Насколько увереннее вы чувствуете себя в профессии?"),
            _closed(
                "support",
                "Какая поддержка была самой полезной?",
                ["методическая", "предметная", "психологическая", "организационная"],
                multiple=True,
            ),
            _closed("become_mentor", "Хотели бы вы в будущем стать наставником?", _YES_NO),
            _open("unsolved", "Какие трудности остались нерешёнными?"),
            _open("proposals", "Ваши предложения по программе"),
        ],
    },
    Respondent.CURATOR: {
        "title": "Анкета куратора",
        "questions": [
            _scale("conditions", "Насколько условия программы соответствуют требованиям целевой модели?"),
            _scale("bases", "Насколько полно сформированы базы наставников и наставляемых?"),
            _scale("training", "Насколько качественно проведено обучение наставников?"),
            _scale("plans", "Насколько регулярно пары работают по индивидуальным планам?"),
            _scale("administration", "Насколько администрация поддерживает программу?"),
            _closed(
                "successful_forms",
                "Какие формы наставничества реализованы наиболее успешно?",
                [
                    "ученик – ученик",
                    "учитель – учитель",
                    "учитель – ученик",
                    "работодатель – ученик",
                    "студент – ученик",
                ],
                multiple=True,
            ),
            _open("unused_resources", "Какие ресурсы программы использованы не полностью?"),
            _open("risks", "Какие риски вы видите для программы?"),
        ],
    },
}


def default_questionnaire(respondent: Respondent) -> QuestionnaireContent:
    return QuestionnaireContent.model_validate(_DEFAULTS[respondent])


def default_version_id(respondent: Respondent) -> str:
    return f"default-{respondent.value}-{DEFAULT_VERSION}"
