"""The physical limit of a transition: a workflow that moves through the five stages by Updates alone.

No activity, no audit, no read model, no timers: each Update checks that the stage asked for is the next
one (as `next_stage_only` does) and moves. The lifecycle benchmark runs it against the same dev server as
the system under test, in the same run, and prints our figures as ratios to it (issue 10, point 1).
`BareDurableLifecycle` is the floor our durability rule sets (part E): the pair's eleven commands, each
waiting for one write activity. A module of its own because the workflow sandbox refuses workflows
defined in a script's `__main__`.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import activity, workflow

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


# The same eleven commands a pair receives in the lifecycle benchmark: five of them move the stage.
DURABLE_COMMANDS = (
    "order",
    "design",
    "plan",
    "implementation",
    "meeting",
    "meeting",
    "reflective",
    "reflection",
    "reflection",
    "result",
    "completed",
)


@activity.defn(name="bare_write")
async def bare_write(command: str) -> str:
    """Writes nothing: it stands for the audit + read-model write, so only its round trips are counted."""
    return command


@workflow.defn(name="BareDurableLifecycle")
class BareDurableLifecycle:
    """The floor set by our durability rule: each of the pair's eleven commands is an Update that returns
    only after one activity ran once its event was durable (a regular activity, as `record-when-durable-v1`
    does). No domain, no database, no item, no search attribute."""

    def __init__(self) -> None:
        self.done = 0

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(
            lambda: self.done == len(DURABLE_COMMANDS) and workflow.all_handlers_finished()
        )
        return self.done

    @workflow.update
    async def command(self, name: str) -> str:
        self.done += 1
        return await workflow.execute_activity(bare_write, name, start_to_close_timeout=timedelta(seconds=30))

    @command.validator
    def next_command_only(self, name: str) -> None:
        if self.done >= len(DURABLE_COMMANDS) or DURABLE_COMMANDS[self.done] != name:
            raise ValueError(f"not the next command: {name!r}")
