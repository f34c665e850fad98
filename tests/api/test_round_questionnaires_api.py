"""A pair that ends early no longer owes the questionnaires of a monitoring round already open (004 §8.1):
the head and the coordinator are not chased for a pair that is gone. The curator's own questionnaire of the
round, and other pairs' questionnaires, stay owed; the round's status lists the ended pair's as released,
not as submitted."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from functools import partial

import httpx
import pytest
from sqlmodel import col, select
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import (
    OpenItems,
    OpenRound,
    SettleItems,
    item_workflow_id,
    open_items_with,
    round_items,
    settle_items_with,
    write_item_rows,
)
from db.models import AuditEvent, OverdueItemRow
from db.session import session_scope
from tests.api.conftest import School
from tests.api.flows import pupil_pair
from tests.factories import CURATOR
from tests.waiting import eventually


def questionnaires(organisation_id: str, round_id: str) -> dict[str | None, list[OverdueItemRow]]:
    """The round's questionnaire rows by pair (None: the curator's). Only this round's: the school's own
    monitoring, started with its first pair, may open its next round on the shared server's clock."""
    with session_scope() as session:
        rows = session.exec(
            select(OverdueItemRow).where(
                OverdueItemRow.organisation_id == organisation_id,
                OverdueItemRow.kind == "questionnaire",
                OverdueItemRow.round_id == round_id,
            )
        ).all()
    by_pair: dict[str | None, list[OverdueItemRow]] = {}
    for row in rows:
        by_pair.setdefault(row.pair_id, []).append(row)
    return by_pair


def owed_items_of(pair_id: str) -> list[str]:
    with session_scope() as session:
        return list(
            session.exec(
                select(OverdueItemRow.item_id).where(
                    col(OverdueItemRow.pair_id) == pair_id, col(OverdueItemRow.settled_at).is_(None)
                )
            ).all()
        )


def round_opening_today(school: School, worker: Worker) -> OpenRound:
    """What MonitoringWorkflow hands its activity when the school's round opens, due in two weeks."""
    today = date.today()
    return OpenRound(
        organisation_id=school.organisation_id,
        district=school.district,
        round_id=f"{today:%Y-%m}",
        opens_on=today,
        due_on=today + timedelta(days=14),
        task_queue=worker.task_queue,
    )


async def test_an_early_end_settles_the_pairs_open_questionnaires_only(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    ending, staying = (await pupil_pair(api, school.curator))[0], (await pupil_pair(api, school.curator))[0]
    opened = round_opening_today(school, worker)
    await open_items_with(env.client, OpenItems(items=round_items(opened), task_queue=worker.task_queue))
    assert {
        len(rows) for pair, rows in questionnaires(school.organisation_id, opened.round_id).items() if pair
    } == {2}

    response = await api.post(
        f"/pairs/{ending}/termination",
        headers=school.curator,
        json={"reason": "mentee_initiative", "comment": "Семья переехала в другой город"},
    )
    assert response.status_code == 200, response.text

    def ending_settled(by_pair: dict[str | None, list[OverdueItemRow]]) -> bool:
        return all(row.settled_at is not None for row in by_pair[ending])

    # The items' own workflows write their settlement: wait for it, and for every item of the ended pair.
    rows = await eventually(
        partial(asyncio.to_thread, questionnaires, school.organisation_id, opened.round_id), ending_settled
    )
    # Nothing of the ended pair is owed any more (its stage deadline and entry assessments too).
    await eventually(partial(asyncio.to_thread, owed_items_of, ending), lambda owed: owed == [])
    assert all(row.settled_at is None for row in rows[staying])
    assert [row.settled_at for row in rows[None]] == [None]  # the curator's own questionnaire

    status = (await api.get(f"/monitoring/rounds/{opened.round_id}", headers=school.curator)).json()
    pair_of = {part: {row["pair_id"] for row in status[part]} for part in ("submitted", "owed", "released")}
    assert pair_of == {"submitted": set(), "owed": {staying, None}, "released": {ending}}


async def test_an_item_settled_before_its_workflow_starts_is_not_started(
    env: WorkflowEnvironment, worker: Worker, school: School
) -> None:
    """A round opening while the pair ends: the row is written, the pair's settlement comes before the
    item's workflow; the settlement is kept on the row and the workflow is then not started."""
    opened = round_opening_today(school, worker)
    [curators] = round_items(opened)  # the school has no pair: only the curator's questionnaire
    await asyncio.to_thread(write_item_rows, [curators])
    ending = SettleItems(item_ids=[curators.item_id], actor=CURATOR, reason="terminated")
    assert await settle_items_with(env.client, ending) == 0  # no workflow to signal yet

    assert await open_items_with(env.client, OpenItems(items=[curators], task_queue=worker.task_queue)) == 0
    with session_scope() as session:
        row = session.get(OverdueItemRow, curators.item_id)
        assert row is not None and row.settled_at is not None
        audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == curators.item_id)).all()
        assert [(a.action, a.reason) for a in audit] == [("settled", "terminated")]
    with pytest.raises(RPCError):
        await env.client.get_workflow_handle(item_workflow_id(curators.item_id)).describe()
