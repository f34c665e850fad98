"""The curator refreshes the list of teachers who need a mentor (000 §6.5.3.1): settles the year's item."""

from __future__ import annotations

import asyncio
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from activities.items import OpenRoster, SettleItems, roster_item, settle_items_with, write_item_rows
from application.scopes import visible_organisation
from application.temporal import TemporalLink
from domain.actors import Actor, Role
from domain.errors import Forbidden
from domain.monitoring import academic_year_of


class RosterRefreshed(BaseModel):
    organisation_id: str
    school_year: str
    item_id: str


def ensure_refreshes_roster(actor: Actor, organisation_id: str) -> None:
    """000 §6.5.3.1: the school's curator keeps the list of teachers who need a mentor."""
    if actor.role is not Role.CURATOR or actor.organisation_id != organisation_id:
        raise Forbidden(
            "curator_only", "Перечень педагогов, которым нужен наставник, обновляет куратор школы."
        )


def refreshes_roster(actor: Actor, organisation_id: str) -> bool:
    """Whether a page offers the refresh (the rule is `ensure_refreshes_roster`)."""
    try:
        ensure_refreshes_roster(actor, organisation_id)
    except Forbidden:
        return False
    return True


async def refresh_mentee_roster(
    *, session: Session, actor: Actor, temporal: TemporalLink, organisation_id: str, today: date
) -> RosterRefreshed:
    """`mentee_roster_refreshed_yearly`: the refresh settles the school year's item, whether its workflow
    runs already or not yet (then the row is written settled, and the item is never started)."""
    organisation = visible_organisation(session, actor, organisation_id)
    ensure_refreshes_roster(actor, organisation_id)
    school_year = academic_year_of(today)
    command = OpenRoster(
        organisation_id=organisation_id,
        district=organisation.district,
        school_year=school_year,
        task_queue=temporal.task_queue,
    )
    item = await asyncio.to_thread(roster_item, command)
    await asyncio.to_thread(write_item_rows, [item])
    settle = SettleItems(item_ids=[item.item_id], actor=actor, reason="roster_refreshed")
    await settle_items_with(temporal.client, settle)
    return RosterRefreshed(organisation_id=organisation_id, school_year=school_year, item_id=item.item_id)
