"""Role models (ролевые модели) inside each form: a catalogue from the documents, not free text.

000 §4.2.5 («ученик–ученик»), §4.3.4 («учитель–учитель»), §4.4.4 («учитель–ученик»); 004 §6.2.1–6.2.4 (the
variants of each form's programme, with «адаптированный–неадаптированный», «опытный классный руководитель–
молодой специалист» and «профессионал–ученик»). The documents list no role models for the other forms.
"""

from __future__ import annotations

import re
from enum import StrEnum

from domain.errors import InvalidInput
from domain.forms import Form
from domain.matching.labels import form_label


class RoleModel(StrEnum):
    SUCCEEDING_STRUGGLING = "succeeding_struggling"
    LEADER_PASSIVE = "leader_passive"
    PEER_TO_PEER = "peer_to_peer"
    ADAPTED_UNADAPTED = "adapted_unadapted"
    EXPERIENCED_YOUNG_SPECIALIST = "experienced_young_specialist"
    CLASS_TEACHER_YOUNG_SPECIALIST = "class_teacher_young_specialist"
    COMMUNITY_LEADER_TEACHER_IN_DIFFICULTY = "community_leader_teacher_in_difficulty"
    INNOVATOR_CONSERVATIVE = "innovator_conservative"
    EXPERIENCED_INEXPERIENCED_SUBJECT_TEACHER = "experienced_inexperienced_subject_teacher"
    LEADER_INDIFFERENT = "leader_indifferent"
    PEER_TO_OTHER = "peer_to_other"
    CURATOR_PROJECT_AUTHOR = "curator_project_author"
    PROFESSIONAL_PUPIL = "professional_pupil"


ROLE_MODEL_LABELS: dict[RoleModel, str] = {
    RoleModel.SUCCEEDING_STRUGGLING: "успевающий – неуспевающий",
    RoleModel.LEADER_PASSIVE: "лидер – пассивный",
    RoleModel.PEER_TO_PEER: "равный – равному",
    RoleModel.ADAPTED_UNADAPTED: "адаптированный – неадаптированный",
    RoleModel.EXPERIENCED_YOUNG_SPECIALIST: "опытный педагог – молодой специалист",
    RoleModel.CLASS_TEACHER_YOUNG_SPECIALIST: "опытный классный руководитель – молодой специалист",
    RoleModel.COMMUNITY_LEADER_TEACHER_IN_DIFFICULTY: (
        "лидер педагогического сообщества – педагог, испытывающий затруднения"
    ),
    RoleModel.INNOVATOR_CONSERVATIVE: "педагог-новатор – консервативный педагог",
    RoleModel.EXPERIENCED_INEXPERIENCED_SUBJECT_TEACHER: "опытный предметник – неопытный предметник",
    RoleModel.LEADER_INDIFFERENT: "лидер – равнодушный",
    RoleModel.PEER_TO_OTHER: "равный – другому",
    RoleModel.CURATOR_PROJECT_AUTHOR: "куратор – автор проекта",
    RoleModel.PROFESSIONAL_PUPIL: "профессионал – ученик",
}

_R = RoleModel
ROLE_MODELS_OF_FORM: dict[Form, tuple[RoleModel, ...]] = {
    Form.STUDENT_STUDENT: (
        _R.SUCCEEDING_STRUGGLING,
        _R.LEADER_PASSIVE,
        _R.PEER_TO_PEER,
        _R.ADAPTED_UNADAPTED,
    ),
    Form.TEACHER_TEACHER: (
        _R.EXPERIENCED_YOUNG_SPECIALIST,
        _R.CLASS_TEACHER_YOUNG_SPECIALIST,
        _R.COMMUNITY_LEADER_TEACHER_IN_DIFFICULTY,
        _R.INNOVATOR_CONSERVATIVE,
        _R.EXPERIENCED_INEXPERIENCED_SUBJECT_TEACHER,
    ),
    Form.TEACHER_STUDENT: (
        _R.SUCCEEDING_STRUGGLING,
        _R.LEADER_INDIFFERENT,
        _R.PEER_TO_OTHER,
        _R.CURATOR_PROJECT_AUTHOR,
    ),
    Form.EMPLOYER_STUDENT: (_R.PROFESSIONAL_PUPIL,),
    Form.UNIVERSITY_STUDENT_PUPIL: (
        _R.SUCCEEDING_STRUGGLING,
        _R.LEADER_INDIFFERENT,
        _R.PEER_TO_OTHER,
        _R.CURATOR_PROJECT_AUTHOR,
    ),
    Form.STUDENT_TEACHER: (),
    Form.HEAD_TEACHER: (),
    Form.EMPLOYER_COLLEGE_STUDENT: (),
    Form.UNIVERSITY_TEACHER_YOUNG_TEACHER: (),
}

# «равный – равному», «равный – другому»: peers, so the same grade is the point of them (000 §4.2.5, §4.4.4).
PEER_ROLE_MODELS: frozenset[RoleModel] = frozenset({RoleModel.PEER_TO_PEER, RoleModel.PEER_TO_OTHER})


def _normal(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"\s*[–—-]\s+|\s+[–—-]\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip(' «»"')


_BY_TEXT: dict[str, RoleModel] = {
    **{_normal(label): model for model, label in ROLE_MODEL_LABELS.items()},
    **{model.value: model for model in RoleModel},
}


def role_model_of_form(form: Form, given: str) -> RoleModel | None:
    """000 §4.2.5, §4.3.4, §4.4.4; 004 §6.2: the role model is one the documents list for the form — given
    by its code or its Russian name, whatever the dashes; empty when the curator names none."""
    if not given.strip():
        return None
    model = _BY_TEXT.get(_normal(given)) or _BY_TEXT.get(given.strip())
    allowed = ROLE_MODELS_OF_FORM[form]
    if model is not None and model in allowed:
        return model
    if not allowed:
        message = (
            f"Для формы {form_label(form)} документы не предусматривают ролевых моделей: "
            "оставьте поле пустым."
        )
    else:
        listed = "; ".join(f"«{ROLE_MODEL_LABELS[m]}»" for m in allowed)
        message = f"В форме {form_label(form)} ролевые модели: {listed}."
    raise InvalidInput("role_model_of_form", message, "role_model")


def role_model_label(code: str) -> str | None:
    """The Russian name of a catalogue role model; a free text kept before the catalogue is shown as it is."""
    if not code:
        return None
    try:
        return ROLE_MODEL_LABELS[RoleModel(code)]
    except ValueError:
        return code
