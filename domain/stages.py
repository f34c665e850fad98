"""The five stages of the target model (000 §V), shared by pairs and programmes."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    PREPARATORY = "preparatory"
    DESIGN = "design"
    IMPLEMENTATION = "implementation"
    REFLECTIVE = "reflective"
    RESULT = "result"
    COMPLETED = "completed"
    TERMINATED = "terminated"


# The order a curator moves through; `completed` closes the lifecycle after `result`.
STAGE_ORDER: tuple[Stage, ...] = (
    Stage.PREPARATORY,
    Stage.DESIGN,
    Stage.IMPLEMENTATION,
    Stage.REFLECTIVE,
    Stage.RESULT,
    Stage.COMPLETED,
)
ACTIVE_STAGES: frozenset[Stage] = frozenset(STAGE_ORDER[:-1])
FINAL_STAGES: frozenset[Stage] = frozenset({Stage.COMPLETED, Stage.TERMINATED})


def next_stage(stage: Stage) -> Stage | None:
    if stage not in ACTIVE_STAGES:
        return None
    return STAGE_ORDER[STAGE_ORDER.index(stage) + 1]
