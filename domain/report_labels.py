"""Russian words of the reports: forms, termination reasons, dates дд.мм.гггг, counts that agree with
their noun. Kept apart from domain/labels.py, which the stage and role labels of every page share."""

from __future__ import annotations

from datetime import date

from domain.labels import FORM_LABELS as FORM_LABELS
from domain.labels import TERMINATION_REASON_LABELS

# One table for the API, the pages and the reports (issue 12 point 22: labels live once).
TERMINATION_LABELS: dict[str, str] = TERMINATION_REASON_LABELS


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
