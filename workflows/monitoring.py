"""MonitoringWorkflow: one organisation's half-yearly monitoring rounds over an academic year.

It sleeps until each round opens (deadline minus `opens_days_before`), then opens a questionnaire item for
every member of every active pair and one for the curator; the items' own workflows escalate what is late.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.items import OpenRoster, OpenRound, open_roster_item, open_round
    from domain.local_time import school_morning, spread_morning
    from domain.monitoring import (
        MonitoringRound,
        academic_year_in_bounds,
        rounds_of_year,
    )
    from workflows.common import RECORD_RETRY
    from workflows.payloads import MonitoringInput


def monitoring_workflow_id(organisation_id: str, academic_year: str) -> str:
    return f"monitoring-{organisation_id}-{academic_year.replace('/', '-')}"


@workflow.defn(name="MonitoringWorkflow")
class MonitoringWorkflow:
    @workflow.init
    def __init__(self, input: MonitoringInput) -> None:
        # A year outside the bounds (a start from before they were checked) opens no round, and the run ends.
        self.rounds = (
            rounds_of_year(input.academic_year, input.settings, input.calendar)
            if academic_year_in_bounds(input.academic_year)
            else []
        )
        self.opened: list[str] = []

    @workflow.run
    async def run(self, input: MonitoringInput) -> list[str]:
        # Years set up before: their deadlines moved to the next working day, ignoring Russia's official
        # holidays; they keep that schedule.
        if self.rounds and not workflow.patched("monitoring-deadline-by-v1"):
            legacy = input.calendar.model_copy(update={"official": False})
            self.rounds = rounds_of_year(input.academic_year, input.settings, legacy, moves_back=False)
        # The year's refresh of the list of teachers who need a mentor (000 §6.5.3.1) is owed by the curator.
        if self.rounds and workflow.patched("roster-refresh-v1"):
            await workflow.execute_activity(
                open_roster_item,
                OpenRoster(
                    organisation_id=input.organisation_id,
                    district=input.district,
                    school_year=input.academic_year,
                    task_queue=workflow.info().task_queue,
                ),
                start_to_close_timeout=timedelta(minutes=10),
                retry_policy=RECORD_RETRY,
            )
        # Years set up before opened every school's round at 09:00:00; now each school opens its rounds at
        # its own second of the morning's first hour, so a district's schools do not all start their
        # questionnaires' workflows at once (issue 10).
        spread = bool(self.rounds) and workflow.patched("spread-round-opening-v1")
        for round_ in self.rounds:
            if round_.due_on < workflow.now().date():
                continue  # a round already past when the year was set up is not reopened
            opens_at = (
                spread_morning(round_.opens_on, input.time_zone, input.organisation_id)
                if spread
                else school_morning(round_.opens_on, input.time_zone)
            )
            delay = opens_at - workflow.now()
            if delay > timedelta(0):
                await workflow.sleep(delay)
            await workflow.execute_activity(
                open_round,
                OpenRound(
                    organisation_id=input.organisation_id,
                    district=input.district,
                    round_id=round_.round_id,
                    opens_on=round_.opens_on,
                    due_on=round_.due_on,
                    task_queue=workflow.info().task_queue,
                ),
                start_to_close_timeout=timedelta(minutes=10),
                retry_policy=RECORD_RETRY,
            )
            self.opened.append(round_.round_id)
        return self.opened

    @workflow.query
    def schedule(self) -> list[MonitoringRound]:
        return self.rounds
