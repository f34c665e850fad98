"""Russian labels a curator reads, in one place."""

from __future__ import annotations

from domain.stages import Stage

STAGE_LABELS: dict[Stage, str] = {
    Stage.PREPARATORY: "подготовительный",
    Stage.DESIGN: "проектировочный",
    Stage.IMPLEMENTATION: "реализационный",
    Stage.REFLECTIVE: "рефлексивно-аналитический",
    Stage.RESULT: "результативный",
    Stage.COMPLETED: "завершена",
    Stage.TERMINATED: "завершена досрочно",
}

ROLE_LABELS: dict[str, str] = {
    "curator": "куратор",
    "mentor": "наставник",
    "mentee": "наставляемый",
    "head": "руководитель ОО",
    "coordinator": "координатор",
    "admin": "оператор",
    "system": "система",
}


# Meetings of a pair by kind (004 roadmap 20–26), keyed by MeetingKind's values.
MEETING_KIND_LABELS: dict[str, str] = {
    "introduction": "встреча-знакомство",
    "trial": "пробная рабочая встреча",
    "planning": "встреча-планирование",
    "regular": "регулярная встреча",
    "final": "итоговая встреча",
    "acute": "встреча по острой ситуации",
}


def stage_label(stage: Stage | str) -> str:
    return STAGE_LABELS[Stage(stage)]
