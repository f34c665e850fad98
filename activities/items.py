"""Overdue items: open them (rows + their workflows), settle them, and record each ladder step. Idempotent."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from pydantic import BaseModel, ValidationError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from db.insert_once import insert_if_absent
from db.models import AuditEvent, Escalation, OrganisationPolicy, OverdueItemRow, Pair, PairMember, User
from db.questionnaire_store import pin_opening_round
from db.session import session_scope, utcnow
from domain.actors import Actor
from domain.errors import GuardRefused
from domain.escalation import EscalationPolicy, ItemKind, Level, OverdueItem
from domain.stages import ACTIVE_STAGES, Stage
from workflows.payloads import ItemSettlement, OverdueItemInput


def item_workflow_id(item_id: str) -> str:
    return f"item-{item_id}"


def policy_of(session: Session, organisation_id: str) -> EscalationPolicy:
    """The organisation's stored policy; one stored before the bounds (issue 13 §2) and outside them is
    refused with a rule to act on, never passed to a workflow."""
    row = session.get(OrganisationPolicy, organisation_id)
    try:
        return EscalationPolicy.model_validate(row.escalation if row else {})
    except ValidationError as error:
        raise GuardRefused(
            "policy_in_bounds",
            "Настройки организации вне допустимых границ: сохраните календарь и сроки заново.",
            "escalation",
        ) from error


class OpenItems(BaseModel):
    items: list[OverdueItem]
    task_queue: str


class SettleItems(BaseModel):
    item_ids: list[str]
    actor: Actor
    reason: str
    # A pair ended early: its members no longer owe the questionnaires of rounds already open.
    questionnaires_of_pair: str | None = None


def open_questionnaires(pair_id: str) -> list[str]:
    with session_scope() as session:
        query = select(OverdueItemRow.item_id).where(
            OverdueItemRow.pair_id == pair_id,
            OverdueItemRow.kind == ItemKind.QUESTIONNAIRE.value,
            col(OverdueItemRow.settled_at).is_(None),
        )
        return list(session.exec(query).all())


def item_row_values(item: OverdueItem, held_by: str | None = None) -> dict[str, object]:
    return {**item.model_dump(), "created_at": utcnow(), "held_by": held_by}


def write_item_rows(
    items: list[OverdueItem], held_by: str | None = None
) -> tuple[dict[str, EscalationPolicy], set[str]]:
    """Write the rows that are new (kept by `held_by`'s workflow when given); returns the organisations'
    policies and the items already settled."""
    policies: dict[str, EscalationPolicy] = {}
    settled: set[str] = set()
    with session_scope() as session:
        for item in items:
            if item.organisation_id not in policies:
                policies[item.organisation_id] = policy_of(session, item.organisation_id)
            # The curator's refresh and the yearly opening may write the same item at once.
            values = item_row_values(item, held_by)
            insert_if_absent(session, OverdueItemRow.__table__, values, ["item_id"])  # type: ignore[attr-defined]
        ids = [item.item_id for item in items]
        if ids:
            query = select(OverdueItemRow.item_id).where(
                col(OverdueItemRow.item_id).in_(ids), col(OverdueItemRow.settled_at).is_not(None)
            )
            settled.update(session.exec(query).all())
        session.commit()
    return policies, settled


def _settle_row(item_id: str, actor: Actor, reason: str) -> bool:
    """An item settled before its workflow started (a round opening while the pair ends): the row says
    so, the audit too, and the workflow is then not started. A row already settled is left as it is;
    of two racing settlements the audit row's claim keeps one. True when the row is settled now."""
    with session_scope() as session:
        row = session.get(OverdueItemRow, item_id)
        if row is None:
            return False
        if row.settled_at is not None:
            return True
        row.settled_at, row.settled_by = utcnow(), actor.user_id
        session.add(row)
        session.add(
            AuditEvent(
                workflow_id=f"{item_workflow_id(item_id)}-without-workflow",  # its own claim, once
                seq=1,
                subject_type="item",
                subject_id=item_id,
                organisation_id=row.organisation_id,
                action="settled",
                actor_id=actor.user_id,
                actor_role=actor.role.value,
                at=row.settled_at,
                reason=reason,
                details={"kind": row.kind, "due_on": row.due_on.isoformat(), "pair_id": row.pair_id},
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # settled at the same moment by another request: once is what is owed
    return True


def settled_among(item_ids: list[str]) -> set[str]:
    with session_scope() as session:
        query = select(OverdueItemRow.item_id).where(
            col(OverdueItemRow.item_id).in_(item_ids), col(OverdueItemRow.settled_at).is_not(None)
        )
        return set(session.exec(query).all())


async def end_workflow_of_settled_item(client: Client, item_id: str) -> None:
    """The row is settled, so its ladder must not run: the workflow, if one is running, is ended. Its
    settlement is already audited with the row; a closed or never started workflow is left alone."""
    try:
        await client.get_workflow_handle(item_workflow_id(item_id)).terminate(SETTLED_BEFORE_START)
    except RPCError as error:
        if error.status is not RPCStatusCode.NOT_FOUND:
            raise  # Temporal unavailable: the activity is retried


# A settlement that finds no workflow settles the row instead. Between an opening's row write and its
# workflow's start that would leave the workflow running on a settled row, so each side looks again after
# its own step: the opener reads the rows after starting, the settler ends the workflow after writing
# the row. Whichever of the two goes second sees the other's step.
SETTLED_BEFORE_START = "the item was settled before its workflow started"


async def settle_without_workflow(client: Client, item_id: str, actor: Actor, reason: str) -> None:
    """The settlement of an item whose signal found no workflow: the row is settled, and a workflow started
    since the signal missed it is ended (SETTLED_BEFORE_START)."""
    if await asyncio.to_thread(_settle_row, item_id, actor, reason):
        await end_workflow_of_settled_item(client, item_id)


async def open_items_with(client: Client, command: OpenItems) -> int:
    """Shared by the activity and the API: a row and a workflow per item; existing ones are kept."""
    policies, settled = await asyncio.to_thread(write_item_rows, command.items)
    return await start_item_workflows(client, command, policies, settled)


async def start_item_workflows(
    client: Client, command: OpenItems, policies: dict[str, EscalationPolicy], settled: set[str]
) -> int:
    """Start the workflows of the items whose rows `write_item_rows` wrote and found unsettled."""
    inputs = [
        OverdueItemInput(item=item, policy=policies[item.organisation_id])
        for item in command.items
        if item.item_id not in settled
    ]
    return await start_ladders(client, command.task_queue, inputs)


async def start_ladders(client: Client, task_queue: str, inputs: list[OverdueItemInput]) -> int:
    """A workflow per item (an existing one is kept); one settled meanwhile is ended again at once."""
    from workflows.overdue_item import OverdueItemWorkflow

    started_ids: list[str] = []
    for input in inputs:
        item_id = input.item.item_id
        if activity.in_activity():
            activity.heartbeat(item_id)  # a worker killed mid-way is noticed in seconds, not minutes
        try:
            await client.start_workflow(
                OverdueItemWorkflow.run,
                input,
                id=item_workflow_id(item_id),
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
            started_ids.append(item_id)
        except WorkflowAlreadyStartedError:
            continue
    if started_ids:  # settled by a settlement that found no workflow yet (see SETTLED_BEFORE_START)
        for item_id in await asyncio.to_thread(settled_among, started_ids):
            await end_workflow_of_settled_item(client, item_id)
    return len(started_ids)


@activity.defn(name="open_items")
async def open_items(command: OpenItems) -> int:
    return await open_items_with(activity.client(), command)


async def settle_items_with(client: Client, command: SettleItems) -> int:
    from workflows.overdue_item import OverdueItemWorkflow, Settlement

    settled = 0
    item_ids = list(command.item_ids)
    if command.questionnaires_of_pair is not None:
        item_ids += await asyncio.to_thread(open_questionnaires, command.questionnaires_of_pair)
    for item_id in item_ids:
        if activity.in_activity():
            activity.heartbeat(item_id)
        # Held by a pair or a school's monitoring first: a pair that handed its items over has closed,
        # and the item's own workflow is found next.
        if await _settle_where_held(client, item_id, command):
            settled += 1
            continue
        handle = client.get_workflow_handle(item_workflow_id(item_id))
        try:
            await handle.signal(
                OverdueItemWorkflow.settle, Settlement(actor=command.actor, reason=command.reason)
            )
            settled += 1
        except RPCError as error:
            if error.status is not RPCStatusCode.NOT_FOUND:
                raise  # Temporal unavailable: the activity is retried
            # Never opened, not yet started, or already closed: nothing is owed.
            await settle_without_workflow(client, item_id, command.actor, command.reason)
    return settled


def holder_of(item_id: str) -> str | None:
    """The workflow keeping an unsettled item's ladder when it is not the item's own."""
    with session_scope() as session:
        row = session.get(OverdueItemRow, item_id)
        return row.held_by if row is not None and row.settled_at is None else None


async def _settle_where_held(client: Client, item_id: str, command: SettleItems) -> bool:
    """An item a pair or a school's monitoring holds is settled by its holder, which records it; False
    when no holder runs for it."""
    holder = await asyncio.to_thread(holder_of, item_id)
    if holder is None:
        return False
    settlement = ItemSettlement(item_id=item_id, actor=command.actor, reason=command.reason)
    try:
        await client.get_workflow_handle(holder).signal("settle_item", settlement)
    except RPCError as error:
        if error.status is not RPCStatusCode.NOT_FOUND:
            raise
        return False  # the holder closed: a pair handed its items over to workflows of their own
    return True


@activity.defn(name="settle_items")
async def settle_items(command: SettleItems) -> int:
    return await settle_items_with(activity.client(), command)


class ItemStep(BaseModel):
    """A ladder step fired (`level` set) or the item settled (`level` None)."""

    item: OverdueItem
    seq: int
    at: datetime
    level: Level | None = None
    actor: Actor
    reason: str = ""
    # The level an item opened late starts at (`late_item_starts_at_its_level`): the row and the audit
    # say so; no escalation was sent, so none is written.
    late: bool = False


@activity.defn(name="record_item_step")
def record_item_step(step: ItemStep) -> bool:
    with session_scope() as session:
        try:
            if not add_item_step(session, step):
                return False
            session.commit()
        except IntegrityError:  # written by another attempt at the same moment: the audit row is the claim
            session.rollback()
            return False
    return True


def add_item_step(session: Session, step: ItemStep) -> bool:
    """Add the step to the session (its audit row, its escalation, its row's level or settlement), or
    nothing when it is written already: the audit row's (item-<id>, seq) names it. The caller commits."""
    item = step.item
    workflow_id = item_workflow_id(item.item_id)
    written = select(AuditEvent.id).where(AuditEvent.workflow_id == workflow_id, AuditEvent.seq == step.seq)
    if session.exec(written).first() is not None:
        return False
    session.add(
        AuditEvent(
            workflow_id=workflow_id,
            seq=step.seq,
            subject_type="item",
            subject_id=item.item_id,
            organisation_id=item.organisation_id,
            action=f"escalated_{step.level.value}" if step.level else "settled",
            actor_id=step.actor.user_id,
            actor_role=step.actor.role.value,
            at=step.at,
            reason="opened_late" if step.late else step.reason,
            details={"kind": item.kind.value, "due_on": item.due_on.isoformat(), "pair_id": item.pair_id},
        )
    )
    session.flush()
    # A pair's item is written with the event that opened it, an activity that may still be running.
    insert_if_absent(session, OverdueItemRow.__table__, item_row_values(item), ["item_id"])  # type: ignore[attr-defined]
    if step.level is not None:
        if not step.late:
            session.add(Escalation(item_id=item.item_id, level=step.level.value, at=step.at))
        values: dict[str, object] = {"level": step.level.value, "level_since": step.at}
    else:
        values = {"settled_at": step.at, "settled_by": step.actor.user_id}
    session.execute(
        update(OverdueItemRow).where(col(OverdueItemRow.item_id) == item.item_id).values(**values)
    )
    return True


def first_curator(session: Session, organisation_id: str) -> str | None:
    query = select(User.id).where(User.organisation_id == organisation_id, User.role == "curator")
    return session.exec(query.order_by(col(User.id))).first()


class OpenRound(BaseModel):
    organisation_id: str
    district: str
    round_id: str
    opens_on: date
    due_on: date
    task_queue: str
    held_by: str | None = None  # the monitoring workflow keeping the items' ladders


def round_items(command: OpenRound) -> list[OverdueItem]:
    """Each active pair's members owe the process-quality questionnaire; the curator owes theirs."""
    common = {
        "kind": ItemKind.QUESTIONNAIRE,
        "organisation_id": command.organisation_id,
        "district": command.district,
        "round_id": command.round_id,
        "opens_on": command.opens_on,
        "due_on": command.due_on,
    }
    active = [s.value for s in ACTIVE_STAGES if s is not Stage.RESULT]
    with session_scope() as session:
        rows = session.exec(
            select(PairMember.pair_id, PairMember.participant_id, Pair.programme_id)
            .join(Pair, col(Pair.id) == col(PairMember.pair_id))
            .where(Pair.organisation_id == command.organisation_id, col(Pair.stage).in_(active))
            .order_by(col(PairMember.pair_id), col(PairMember.participant_id))
        ).all()
        curator = first_curator(session, command.organisation_id)
    items = [
        OverdueItem.model_validate(
            common
            | {
                "item_id": questionnaire_item_id(command.round_id, pair_id, participant_id),
                "pair_id": pair_id,
                "programme_id": programme_id,
                "owner_participant_id": participant_id,
            }
        )
        for pair_id, participant_id, programme_id in rows
    ]
    items.append(
        OverdueItem.model_validate(
            common
            | {
                "item_id": questionnaire_item_id(command.round_id, command.organisation_id, "curator"),
                "owner_user_id": curator,
            }
        )
    )
    return items


def questionnaire_item_id(round_id: str, subject_id: str, participant_id: str) -> str:
    return f"{ItemKind.QUESTIONNAIRE.value}-{round_id}-{subject_id}-{participant_id}"


class RoundItems(BaseModel):
    items: list[OverdueItem]
    settled: list[str]
    policy: EscalationPolicy


@activity.defn(name="write_round_items")
async def write_round_items(command: OpenRound) -> RoundItems:
    """The round's items, their rows naming the monitoring workflow that keeps their ladders
    (`ladder-in-monitoring-v1`): no workflow per item. Idempotent like `open_round`."""
    await asyncio.to_thread(pin_opening_round, command.organisation_id, command.district, command.round_id)
    items = await asyncio.to_thread(round_items, command)
    policies, settled = await asyncio.to_thread(write_item_rows, items, command.held_by)
    policy = policies.get(command.organisation_id) or EscalationPolicy()
    return RoundItems(items=items, settled=sorted(settled), policy=policy)


@activity.defn(name="open_round")
async def open_round(command: OpenRound) -> int:
    # The round is answered against the questionnaire versions in force now (004 §8.1); idempotent.
    await asyncio.to_thread(pin_opening_round, command.organisation_id, command.district, command.round_id)
    items = await asyncio.to_thread(round_items, command)
    return await open_items_with(activity.client(), OpenItems(items=items, task_queue=command.task_queue))


class OpenRoster(BaseModel):
    organisation_id: str
    district: str
    school_year: str
    task_queue: str


def roster_item(command: OpenRoster) -> OverdueItem:
    """The school year's refresh of the list of teachers who need a mentor, owed by the school's curator."""
    from domain.roster import roster_refresh_item

    with session_scope() as session:
        policy = policy_of(session, command.organisation_id)
        curator = first_curator(session, command.organisation_id)
    return roster_refresh_item(
        command.organisation_id, command.district, command.school_year, policy.calendar, curator
    )


@activity.defn(name="open_roster_item")
async def open_roster_item(command: OpenRoster) -> int:
    item = await asyncio.to_thread(roster_item, command)
    return await open_items_with(activity.client(), OpenItems(items=[item], task_queue=command.task_queue))
