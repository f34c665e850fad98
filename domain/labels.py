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


def stage_label(stage: Stage | str) -> str:
    return STAGE_LABELS[Stage(stage)]
