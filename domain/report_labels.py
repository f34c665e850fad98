"""Russian words of the reports: forms, termination reasons, dates дд.мм.гггг, counts that agree with
their noun. Kept apart from domain/labels.py, which the stage and role labels of every page share."""

from __future__ import annotations

from datetime import date

from domain.forms import Form
from domain.pair import TerminationReason

FORM_LABELS: dict[str, str] = {
    Form.STUDENT_STUDENT: "ученик – ученик",
    Form.TEACHER_TEACHER: "учитель – учитель",
    Form.TEACHER_STUDENT: "учитель – ученик",
    Form.STUDENT_TEACHER: "ученик – учитель",
    Form.EMPLOYER_STUDENT: "работодатель – ученик",
    Form.UNIVERSITY_STUDENT_PUPIL: "студент – ученик",
    Form.HEAD_TEACHER: "руководитель ОО – учитель",
}

TERMINATION_LABELS: dict[str, str] = {
    TerminationReason.PLAN_FULFILLED_EARLY: "план выполнен досрочно",
    TerminationReason.MENTOR_INITIATIVE: "по инициативе наставника",
    TerminationReason.MENTEE_INITIATIVE: "по инициативе наставляемого",
    TerminationReason.MUTUAL_DECISION: "по взаимному решению",
    TerminationReason.CURATOR_IMPROPER_EXECUTION: "по инициативе куратора (ненадлежащее выполнение)",
    TerminationReason.MENTOR_REPLACEMENT_PETITION: "замена наставника по заявлению наставляемого",
}


def form_label(form: str | None) -> str:
    return FORM_LABELS.get(form or "", form or "—")


def ru_date(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


COMPLETION_LABELS: dict[str, str] = {
    "final_group_meeting": "проведена итоговая групповая встреча всех пар",
    "awards": "подведены итоги, награждены лучшие («Наставник года», «Лучшая пара»)",
    "best_practices": "лучшие практики опубликованы",
    "alumni_offered": "выпускникам программы предложено войти в базу наставников",
}
