"""Nothing lost, nothing doubled, nothing stuck: many pairs go through their lifecycles while the worker,
a process of its own, is SIGKILLed over and over — at chosen points of the recording activity (right
before and right after its database commit, i.e. before the workflow task that follows completes) and at
random moments from outside. Afterwards every pair's audit equals its workflow's history event for event,
its read model equals its workflow's state, and every pair finished (issue 13 §1)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import uuid4

import pytest_asyncio
from sqlmodel import col, select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from config import ROOT
from db.models import AuditEvent, Meeting, Pair
from db.session import session_scope
from domain import pair_events as ev
from domain.pair import MeetingKind, PairState, ReflectionKind
from domain.stages import Stage
from tests.conftest import start_dev_server
from tests.factories import CURATOR, all_consents, meeting, order, plan, pupil_pair, store
from workflows.pair import PairWorkflow, PairWorkflowInput

PAIRS = 16
KILLS = 9  # worker processes killed before one is left to finish the work
# Right before the recording's commit, right after it (before the workflow task that follows completes),
# and at a random moment from outside.
POINTS = ("before_commit", "after_commit", "outside")
SEED = int(os.environ.get("NASTAVNIK_CRASH_SEED", "13"))


@pytest_asyncio.fixture
async def dev_server() -> AsyncIterator[WorkflowEnvironment]:
    """A real dev server (timers in real time; it outlives every worker the test kills)."""
    environment = await start_dev_server(dev_server_log_level="error")
    yield environment
    await environment.shutdown()


@dataclass
class Supervisor:
    """Keeps one worker process running; kills it at planned points or from outside."""

    address: str
    task_queue: str
    rng: random.Random
    process: subprocess.Popen[bytes] | None = None
    kills: dict[str, int] = field(
        default_factory=lambda: {"before_commit": 0, "after_commit": 0, "outside": 0}
    )
    crash_plan: str = ""

    def start(self, crash_points: str) -> None:
        self.crash_plan = crash_points
        env = os.environ | {"NASTAVNIK_CRASH_POINTS": crash_points, "NASTAVNIK_LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.worker_process", self.address, self.task_queue],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def run(self, done: Callable[[], bool]) -> None:
        for n in range(KILLS):
            if done():
                break
            point = POINTS[n % len(POINTS)]
            if point == "outside":
                self.start("")
                await asyncio.sleep(self.rng.uniform(1.0, 4.0))
            else:
                self.start(f"{point}:{self.rng.randint(1, 6)}")
                deadline = time.monotonic() + 30
                while self.process and self.process.poll() is None and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            assert self.process is not None
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGKILL)
                point = "outside"
            self.process.wait()
            self.kills[point] += 1
        self.start("")  # the last worker lives to finish every lifecycle

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def steps(state: PairState) -> list[tuple[Any, Any]]:
    """The curator's whole path, as (update, argument); every one is sent with a fixed Update id."""
    path: list[tuple[Any, Any]] = [
        (PairWorkflow.record_consent, ev.RecordConsent(actor=CURATOR, consent=fact))
        for fact in all_consents(state)
    ]
    path += [
        (PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order())),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.DESIGN)),
        (PairWorkflow.approve_plan, ev.ApprovePlan(actor=CURATOR, plan=plan())),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.IMPLEMENTATION)),
        (PairWorkflow.record_meeting, ev.RecordMeeting(actor=CURATOR, meeting=meeting(MeetingKind.REGULAR))),
        (PairWorkflow.record_meeting, ev.RecordMeeting(actor=CURATOR, meeting=meeting(MeetingKind.FINAL))),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.REFLECTIVE)),
    ]
    path += [
        (
            PairWorkflow.record_reflection,
            ev.RecordReflection(actor=CURATOR, kind=k, document_id=f"doc-{uuid4()}"),
        )
        for k in ReflectionKind
    ]
    path += [
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.RESULT)),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.COMPLETED)),
    ]
    return path


async def until_done(call: Callable[[], Any]) -> Any:
    """A client's retry: the same Update id again until Temporal answers (a lost one is sent anew)."""
    for _ in range(600):
        try:
            return await asyncio.wait_for(call(), timeout=15)
        except Exception:  # the worker is dead or the task timed out: the same Update id again
            await asyncio.sleep(0.3)
    raise AssertionError("an update never completed")


async def lifecycle(client: Client, task_queue: str, state: PairState) -> WorkflowHandle[Any, PairState]:
    handle = await client.start_workflow(
        PairWorkflow.run,
        PairWorkflowInput(state=state, created_by=CURATOR, record_timeout=2),
        id=f"pair-{state.pair_id}",
        task_queue=task_queue,
        task_timeout=timedelta(seconds=2),
    )
    for n, (update, argument) in enumerate(steps(state)):
        update_id = f"{state.pair_id}-step-{n}"
        await until_done(partial(handle.execute_update, update, argument, id=update_id))
    return handle


async def recorded_in_history(handle: WorkflowHandle[Any, PairState]) -> list[tuple[str, int, str]]:
    """Every event the workflow recorded: the inputs of its record_pair_event activities, over all runs."""
    events: list[tuple[str, int, str]] = []
    async for event in handle.fetch_history_events():
        if event.event_type != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            continue
        scheduled = event.activity_task_scheduled_event_attributes
        if scheduled.activity_type.name != "record_pair_event":
            continue
        record = json.loads(scheduled.input.payloads[0].data)
        events.append((record["event_key"], record["event"]["seq"], record["event"]["action"]))
    return events


async def test_a_worker_killed_anywhere_loses_and_doubles_nothing(dev_server: WorkflowEnvironment) -> None:
    rng = random.Random(SEED)
    task_queue = f"crash-{uuid4().hex[:8]}"
    supervisor = Supervisor(dev_server.client.service_client.config.target_host, task_queue, rng)
    states = [store(pupil_pair()) for _ in range(PAIRS)]
    started = time.monotonic()
    try:
        runs = [asyncio.create_task(lifecycle(dev_server.client, task_queue, s)) for s in states]
        await supervisor.run(lambda: all(r.done() for r in runs))
        handles = await asyncio.wait_for(asyncio.gather(*runs), timeout=180)
        finals = [await asyncio.wait_for(h.result(), timeout=60) for h in handles]
    finally:
        supervisor.stop()
    elapsed = time.monotonic() - started

    compared = 0
    for handle, final in zip(handles, finals, strict=True):
        assert final.stage is Stage.COMPLETED  # nobody stuck
        history = await recorded_in_history(handle)
        with session_scope() as session:
            rows = session.exec(
                select(AuditEvent).where(AuditEvent.workflow_id == handle.id).order_by(col(AuditEvent.seq))
            ).all()
            pair = session.get(Pair, final.pair_id)
            meetings = session.exec(select(Meeting).where(Meeting.pair_id == final.pair_id)).all()
        audit = [(r.event_key, r.seq, r.action) for r in rows]
        assert len(set(history)) == len(history) == final.seq  # each event scheduled once
        assert sorted(audit) == sorted(history)  # event for event: nothing lost, nothing doubled
        assert [seq for _, seq, _ in audit] == list(range(1, final.seq + 1))
        assert pair is not None and (pair.stage, pair.last_seq) == (final.stage.value, final.seq)
        assert len(meetings) == sum(final.meetings.by_kind.values()) == 2
        compared += len(rows)
    print(
        f"\ncrash test: {PAIRS} pairs, kills {supervisor.kills}, {compared} audit rows compared with"
        f" their histories, {elapsed:.0f} s"
    )
    assert sum(supervisor.kills.values()) == KILLS
    assert supervisor.kills["before_commit"] >= 1 and supervisor.kills["after_commit"] >= 1
