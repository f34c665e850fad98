"""The physical limit of a transition: a workflow that moves through the five stages by Updates alone.

No activity, no audit, no read model, no timers: each Update checks that the stage asked for is the next
one (as `next_stage_only` does) and moves. The lifecycle benchmark runs it against the same dev server as
the system under test, in the same run, and prints our figures as ratios to it (issue 10, point 1).
A module of its own because the workflow sandbox refuses workflows defined in a script's `__main__`.
"""

from __future__ import annotations

from temporalio import workflow

STAGES = ("preparatory", "design", "implementation", "reflective", "result", "completed")


@workflow.defn(name="BareFiveStages")
class BareFiveStages:
    def __init__(self) -> None:
        self.stage = 0

    @workflow.run
    async def run(self) -> str:
        await workflow.wait_condition(
            lambda: self.stage == len(STAGES) - 1 and workflow.all_handlers_finished()
        )
        return STAGES[self.stage]

    @workflow.update
    async def advance(self, to: str) -> str:
        self.stage = STAGES.index(to)
        return to

    @advance.validator
    def next_stage_only(self, to: str) -> None:
        if to not in STAGES or STAGES.index(to) != self.stage + 1:
            raise ValueError(f"only the next stage can be asked for, not {to!r}")
