"""The escalation ladders a pair's own workflow keeps for the items its events open (issue 10).

An item a pair owes (its diagnoses, the preparatory deadline, "no meeting", the plan's end) climbs the same
ladder as a monitoring round's questionnaire, but its timers live in the pair's workflow: one timer for the
earliest step of all the pair's items, instead of a workflow per item. Pure: the workflow asks what is due
and when, and records what these functions decide. Ids and dates only (they travel through histories).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from domain.escalation import (
    REQUESTED_KINDS,
    EscalationPolicy,
    Level,
    OverdueItem,
    deadline_shown,
    late_start,
)
from domain.local_time import local_date, spread_morning


class HeldItem(BaseModel):
    """An item whose ladder the pair keeps: the steps still to fire, the level reached, its audit steps."""

    item: OverdueItem
    steps: list[tuple[Level, date]]
    level: Level | None = None
    seq: int = 0  # the item's own audit steps so far: (item-<id>, seq) is each step's claim
    settled: bool = False
    handed_over: bool = False  # the pair ended with the item still owed: an item workflow keeps it now


class Opening(BaseModel):
    """What holding an item says at once: the level an item opened late starts at, and whether to ask."""

    held: HeldItem
    late_level: Level | None = (
        None  # recorded with the item, told to nobody (`late_item_starts_at_its_level`)
    )
    request: bool = False  # the owner is asked to fill it in by its deadline


def hold(item: OverdueItem, policy: EscalationPolicy, now: datetime) -> Opening:
    """The item's ladder as its own workflow would climb it: steps whose dates have passed are reached
    silently, and an item already past its deadline is not asked for."""
    today = local_date(now, policy.time_zone)
    reached, steps = late_start(policy.ladder.steps(item.due_on, policy.calendar), today)
    held = HeldItem(item=item, steps=steps, level=reached, seq=1 if reached else 0)
    past_due = deadline_shown(item.due_on, policy.calendar) < today
    request = item.kind in REQUESTED_KINDS and item.opens_on is not None and not past_due
    return Opening(held=held, late_level=reached, request=request)


def step_moment(held: HeldItem, time_zone: str, key: str | None = None) -> datetime | None:
    """When the item's next step fires: that day's school morning at the second fixed by `key` — the
    item's own id by default; a holder of many items (a school's round) passes its own, so that all its
    steps of a morning fire together, in one batch."""
    if held.settled or held.handed_over or not held.steps:
        return None
    return spread_morning(held.steps[0][1], time_zone, key or held.item.item_id)


def next_moment(items: list[HeldItem], time_zone: str, key: str | None = None) -> datetime | None:
    """The one timer a holder needs: the earliest step of all its items still owed."""
    moments = [m for m in (step_moment(h, time_zone, key) for h in items) if m is not None]
    return min(moments, default=None)


def take_due_steps(
    items: list[HeldItem], now: datetime, time_zone: str, key: str | None = None
) -> list[tuple[HeldItem, Level, int]]:
    """Climb every step whose moment has come (a worker that was down fires them in order, none lost);
    each step is the item's next audit seq, returned with it."""
    fired: list[tuple[HeldItem, Level, int]] = []
    for held in items:
        while (moment := step_moment(held, time_zone, key)) is not None and moment <= now:
            level, _ = held.steps.pop(0)
            held.level = level
            held.seq += 1
            fired.append((held, level, held.seq))
    return fired


def settle(held: HeldItem) -> bool:
    """Settling cancels every step still waiting; True when it was still owed (so it is recorded once)."""
    if held.settled or held.handed_over:
        return False
    held.settled, held.steps = True, []
    held.seq += 1
    return True


def deadline_told(held: HeldItem, policy: EscalationPolicy) -> date:
    """The date people are told (`deadline_on_a_working_day`)."""
    return deadline_shown(held.item.due_on, policy.calendar)
