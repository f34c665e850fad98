"""Every workflow type replays its recorded histories against the current code (issue 13 §6).

tests/histories/<type>_*.json, one file per shipped behaviour; the prefix names the workflow type.
Record on purpose only (a new shipped version): NASTAVNIK_RECORD_HISTORY=1 pytest this file writes the
histories of the current code (pair_durable_recording, programme_*, item_*, monitoring_*, delivery_pass_*).
Changing workflow code so that a recorded history no longer replays needs `workflow.patched`.
"""

from __future__ import annotations

import asyncio
import os
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer, Worker

from activities.items import write_item_rows
from domain import programme_events as pev
from domain.escalation import EscalationPolicy, ItemKind, Level, OverdueItem
from domain.forms import Form
from domain.programme import ProgrammeState, RoadmapFacts
from tests.factories import CURATOR
from tests.workflows.test_pair_replay import drive_to_early_end
from tests.workflows.test_pair_workflow import drive_full_lifecycle
from workflows.delivery import NotificationDeliveryPass
from workflows.monitoring import MonitoringInput, MonitoringWorkflow
from workflows.overdue_item import OverdueItemInput, OverdueItemWorkflow, Settlement
from workflows.pair import PairWorkflow
from workflows.programme import ProgrammeWorkflow, ProgrammeWorkflowInput

HISTORIES = Path(__file__).parent.parent / "histories"
TYPES: dict[str, type] = {
    "pair": PairWorkflow,
    "programme": ProgrammeWorkflow,
    "item": OverdueItemWorkflow,
    "monitoring": MonitoringWorkflow,
    "delivery": NotificationDeliveryPass,
}
recording = pytest.mark.skipif(
    os.environ.get("NASTAVNIK_RECORD_HISTORY") != "1", reason="records only on purpose"
)


async def save(handle: WorkflowHandle, name: str) -> None:
    history = await handle.fetch_history()
    (HISTORIES / f"{name}.json").write_text(history.to_json())


@recording
async def test_record_pair_histories_of_the_durable_recording(client: Client, worker: Worker) -> None:
    full = await drive_full_lifecycle(client, worker)
    await full.result()
    await save(full, "pair_durable_recording")
    early = await drive_to_early_end(client, worker)
    await early.result()
    await save(early, "pair_durable_recording_early_end")


@recording
async def test_record_programme_history(client: Client, worker: Worker) -> None:
    state = ProgrammeState(
        programme_id=f"programme-{uuid4().hex[:12]}",
        organisation_id="school-1",
        district="district-1",
        title="",
        academic_year="2026/27",
        forms=[Form.TEACHER_TEACHER],
    )
    handle = await client.start_workflow(
        ProgrammeWorkflow.run,
        ProgrammeWorkflowInput(state=state, created_by=CURATOR),
        id=state.programme_id,
        task_queue=worker.task_queue,
    )
    roadmap = RoadmapFacts(document_id="roadmap-1", approved_on=date(2026, 9, 1))
    await handle.execute_update(
        ProgrammeWorkflow.configure,
        pev.ConfigureProgramme(actor=CURATOR, curator_id="curator-1", roadmap=roadmap),
    )
    await save(handle, "programme_configured")
    await handle.terminate("recorded")


@recording
async def test_record_item_history(client: Client, worker: Worker) -> None:
    item = OverdueItem(
        item_id=f"stage-{uuid4().hex[:8]}",
        kind=ItemKind.STAGE_DEADLINE,
        organisation_id="school-1",
        district="district-1",
        pair_id="pair-recorded",
        due_on=date.today() - timedelta(days=60),  # every step of the ladder is due at once
    )
    write_item_rows([item])
    handle = await client.start_workflow(
        OverdueItemWorkflow.run,
        OverdueItemInput(item=item, policy=EscalationPolicy()),
        id=f"item-{item.item_id}",
        task_queue=worker.task_queue,
    )
    for _ in range(300):  # the owner, the curator, the head and the coordinator are told
        if (await handle.query(OverdueItemWorkflow.current)).level is Level.COORDINATOR:
            break
        await asyncio.sleep(0.1)
    await handle.signal(OverdueItemWorkflow.settle, Settlement(actor=CURATOR, reason="stage_changed"))
    await handle.result()
    await save(handle, "item_escalated_then_settled")


@recording
async def test_record_item_history_waiting_for_its_first_step(client: Client, worker: Worker) -> None:
    item = OverdueItem(
        item_id=f"questionnaire-{uuid4().hex[:8]}",
        kind=ItemKind.QUESTIONNAIRE,
        organisation_id="school-1",
        district="district-1",
        round_id="round-recorded",
        opens_on=date.today(),
        due_on=date.today() + timedelta(days=20),  # the ladder's timers wait
    )
    write_item_rows([item])
    handle = await client.start_workflow(
        OverdueItemWorkflow.run,
        OverdueItemInput(item=item, policy=EscalationPolicy()),
        id=f"item-{item.item_id}",
        task_queue=worker.task_queue,
    )
    for _ in range(300):  # the request is sent, then the first step's timer waits
        events = [e.event_type for e in (await handle.fetch_history()).events]
        if EventType.EVENT_TYPE_TIMER_STARTED in events:
            break
        await asyncio.sleep(0.1)
    await save(handle, "item_waiting_spread_over_the_morning")
    await handle.terminate("recorded")


@recording
async def test_record_monitoring_history(client: Client, worker: Worker) -> None:
    organisation = f"school-{uuid4().hex[:8]}"
    handle = await client.start_workflow(
        MonitoringWorkflow.run,
        MonitoringInput(organisation_id=organisation, district="district-1", academic_year="2027/28"),
        id=f"monitoring-{organisation}",
        task_queue=worker.task_queue,
    )
    for _ in range(300):  # the year's first sleep, until its first round opens
        events = [e.event_type for e in (await handle.fetch_history()).events]
        if EventType.EVENT_TYPE_TIMER_STARTED in events:
            break
        await asyncio.sleep(0.1)
    await save(handle, "monitoring_year_waiting_rounds_spread")
    await handle.terminate("recorded")


@recording
async def test_record_delivery_pass_history(client: Client, worker: Worker) -> None:
    handle = await client.start_workflow(
        NotificationDeliveryPass.run, 100, id=f"delivery-pass-{uuid4().hex[:8]}", task_queue=worker.task_queue
    )
    await handle.result()
    await save(handle, "delivery_pass")


def recorded() -> list[Path]:
    return sorted(HISTORIES.glob("*.json"))


def test_every_workflow_type_has_a_recorded_history() -> None:
    assert {path.stem.split("_")[0] for path in recorded()} >= set(TYPES)


@pytest.mark.parametrize("history_file", recorded(), ids=lambda p: p.stem)
async def test_recorded_history_replays_against_current_code(history_file: Path) -> None:
    from temporalio.client import WorkflowHistory

    workflow = TYPES[history_file.stem.split("_")[0]]
    history = WorkflowHistory.from_json(history_file.stem, history_file.read_text())
    replayer = Replayer(workflows=[workflow], data_converter=pydantic_data_converter)
    await replayer.replay_workflow(history)
