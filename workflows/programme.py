"""ProgrammeWorkflow: one school's mentoring programme through the five stages (004 §6.1).

It starts the pair workflows of the pairs it fixes and counts its pairs by stage from the pairs' own
reports (a signal per stage change). Its history stays bounded by continuing as new with its state,
so a programme of 10,000 pairs works.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.matching import ProposalSummary, RunMatching, run_matching
    from activities.programme_records import (
        ProgrammeEventRecord,
        StartPairs,
        record_programme_event,
        start_pair_workflows,
    )
    from domain import programme_events as ev
    from domain.programme import ProgrammeState
    from domain.stages import FINAL_STAGES
    from workflows.common import (
        RECORD_RETRY,
        RECORD_WHEN_DURABLE,
        event_key,
        history_too_long,
        refusing,
    )
    from workflows.payloads import ProgrammeWorkflowInput, StageCounts
    from workflows.search_attributes import upsert_on_stage_change


@workflow.defn(name="ProgrammeWorkflow")
class ProgrammeWorkflow:
    @workflow.init
    def __init__(self, input: ProgrammeWorkflowInput) -> None:
        self.state = input.state
        self.input = input
        self.created: tuple[ev.ProgrammeEvent, ProgrammeState] | None = None
        if input.created_by is not None:
            event = ev.created(self.state, input.created_by, workflow.now())
            self.created = (event, self.state.model_copy(deep=True))
        self.created_recorded = self.created is None

    @workflow.run
    async def run(self, input: ProgrammeWorkflowInput) -> ProgrammeState:
        if self.created is not None:
            await self._record(*self.created)
        self.created_recorded = True
        await workflow.wait_condition(
            lambda: self.state.stage in FINAL_STAGES or history_too_long(self.input.history_limit)
        )
        await workflow.wait_condition(workflow.all_handlers_finished)
        if self.state.stage in FINAL_STAGES:
            return self.state
        workflow.continue_as_new(self.input.model_copy(update={"state": self.state, "created_by": None}))

    def _history_too_long(self) -> bool:
        info = workflow.info()
        return (
            info.is_continue_as_new_suggested()
            or info.get_current_history_length() > self.input.history_limit
        )

    async def _record(
        self, event: ev.ProgrammeEvent, snapshot: ProgrammeState | None = None
    ) -> ProgrammeState:
        snapshot = snapshot or self.state.model_copy(deep=True)
        upsert_on_stage_change(event, snapshot)
        record = ProgrammeEventRecord(
            workflow_id=workflow.info().workflow_id, programme=snapshot, event=event
        )
        if workflow.patched(RECORD_WHEN_DURABLE):
            if event.seq > 1:  # the creation is written first, so the audit reads in order
                await workflow.wait_condition(lambda: self.created_recorded)
            # Written only once the event is in the history, keyed by what it is (README "Crash safety").
            record.event_key = event_key(event.seq)
            await workflow.execute_activity(
                record_programme_event,
                record,
                start_to_close_timeout=timedelta(seconds=10),
                retry_policy=RECORD_RETRY,
            )
        else:
            await workflow.execute_local_activity(
                record_programme_event,
                record,
                start_to_close_timeout=timedelta(seconds=30),
                schedule_to_close_timeout=timedelta(minutes=10),
                retry_policy=RECORD_RETRY,
            )
        return snapshot

    @workflow.query
    def current(self) -> ProgrammeState:
        return self.state

    @workflow.query
    def stage_counts(self) -> StageCounts:
        return StageCounts(
            programme_id=self.state.programme_id, stage=self.state.stage, pairs=self.state.stage_counts()
        )

    @workflow.signal
    def pair_stage_changed(self, report: ev.PairStageReport) -> None:
        ev.apply_pair_report(self.state, report)

    @workflow.update
    async def advance(self, cmd: ev.AdvanceProgramme) -> ProgrammeState:
        return await self._record(refusing(lambda: ev.apply_advance(self.state, cmd, workflow.now())))

    @advance.validator
    def _validate_advance(self, cmd: ev.AdvanceProgramme) -> None:
        refusing(lambda: ev.check_advance(self.state, cmd))

    @workflow.update
    async def configure(self, cmd: ev.ConfigureProgramme) -> ProgrammeState:
        return await self._record(refusing(lambda: ev.apply_configure(self.state, cmd, workflow.now())))

    @configure.validator
    def _validate_configure(self, cmd: ev.ConfigureProgramme) -> None:
        refusing(lambda: ev.check_configure(self.state, cmd))

    @workflow.update
    async def approve_as_head(self, cmd: ev.ApproveAsHead) -> ProgrammeState:
        """The head's acts: the mentor registry by order, the selected mentees (001 §3.8; 002 item 12)."""
        return await self._record(refusing(lambda: ev.apply_approve_as_head(self.state, cmd, workflow.now())))

    @approve_as_head.validator
    def _validate_approve_as_head(self, cmd: ev.ApproveAsHead) -> None:
        refusing(lambda: ev.check_approve_as_head(self.state, cmd))

    @workflow.update
    async def record_completion(self, cmd: ev.RecordCompletion) -> ProgrammeState:
        return await self._record(
            refusing(lambda: ev.apply_record_completion(self.state, cmd, workflow.now()))
        )

    @record_completion.validator
    def _validate_record_completion(self, cmd: ev.RecordCompletion) -> None:
        refusing(lambda: ev.check_record_completion(self.state, cmd))

    @workflow.update
    async def run_matching(self, cmd: ev.RunMatchingCommand) -> ProposalSummary:
        """Matching is pure and runs in an activity; the proposal waits for the curator's decision."""
        refusing(lambda: ev.check_run_matching(self.state, cmd))
        summary = await workflow.execute_activity(
            run_matching,
            RunMatching(
                programme_id=self.state.programme_id,
                proposal_id=f"proposal-{workflow.uuid4().hex[:12]}",
                requested_by=cmd.actor.user_id,
            ),
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=RECORD_RETRY,
        )
        await self._record(ev.matching_run(self.state, cmd, workflow.now(), summary.model_dump()))
        return summary

    @run_matching.validator
    def _validate_run_matching(self, cmd: ev.RunMatchingCommand) -> None:
        refusing(lambda: ev.check_run_matching(self.state, cmd))

    @workflow.update
    async def fix_pairs(self, cmd: ev.FixPairs) -> ProgrammeState:
        """Count the pairs at once (so the guard sees them), then start their workflows."""
        event = refusing(lambda: ev.apply_fix_pairs(self.state, cmd, workflow.now()))
        await workflow.execute_activity(
            start_pair_workflows,
            StartPairs(
                task_queue=workflow.info().task_queue,
                created_by=cmd.actor,
                pairs=cmd.pairs,
                history_limit=self.input.pair_history_limit,
            ),
            start_to_close_timeout=timedelta(minutes=5),
            heartbeat_timeout=timedelta(seconds=60),
            retry_policy=RECORD_RETRY,
        )
        return await self._record(event)

    @fix_pairs.validator
    def _validate_fix_pairs(self, cmd: ev.FixPairs) -> None:
        refusing(lambda: ev.check_fix_pairs(self.state, cmd))
