"""Running pairs stay compatible: a recorded full lifecycle replays against the current workflow code.

Regenerate the history only on purpose (a new shipped version): NASTAVNIK_RECORD_HISTORY=1 pytest this file.
Changing workflow code that breaks this replay needs `workflow.patched`, not a new recording.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer, Worker

from tests.workflows.test_pair_workflow import drive_full_lifecycle
from workflows.pair import PairWorkflow

HISTORY = Path(__file__).parent.parent / "histories" / "pair_full_lifecycle.json"


@pytest.mark.skipif(os.environ.get("NASTAVNIK_RECORD_HISTORY") != "1", reason="records only on purpose")
async def test_record_full_lifecycle_history(client: Client, worker: Worker) -> None:
    handle = await drive_full_lifecycle(client, worker)
    await handle.result()
    history = await handle.fetch_history()
    HISTORY.write_text(history.to_json())


async def test_recorded_full_lifecycle_replays_against_current_code() -> None:
    history = WorkflowHistory.from_json("pair-recorded", HISTORY.read_text())
    replayer = Replayer(workflows=[PairWorkflow], data_converter=pydantic_data_converter)
    await replayer.replay_workflow(history)
