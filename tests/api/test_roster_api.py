"""The curator refreshes the list of teachers who need a mentor (issue 12 point 17): the school year's item
opens with the school's monitoring and is settled by the refresh; only the school's curator refreshes."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial

import httpx

from db.models import OverdueItemRow
from db.session import session_scope
from domain.monitoring import academic_year_of
from domain.roster import roster_item_id
from tests.api.conftest import School
from tests.api.flows import pupil_pair
from tests.waiting import eventually


def roster_row(organisation_id: str) -> OverdueItemRow | None:
    with session_scope() as session:
        return session.get(OverdueItemRow, roster_item_id(organisation_id, academic_year_of(date.today())))


async def test_mentee_roster_refreshed_yearly_the_refresh_settles_the_years_item(
    api: httpx.AsyncClient, school: School
) -> None:
    await pupil_pair(api, school.curator)  # starts the school's monitoring of the year, which opens the item
    opened = await eventually(
        partial(asyncio.to_thread, roster_row, school.organisation_id), lambda r: r is not None
    )
    assert opened is not None and opened.settled_at is None and opened.kind == "roster_refresh"

    path = f"/organisations/{school.organisation_id}/mentee-roster/refresh"
    done = await api.post(path, headers=school.curator)
    assert done.status_code == 200, done.text
    assert done.json()["item_id"] == opened.item_id

    settled = await eventually(
        partial(asyncio.to_thread, roster_row, school.organisation_id),
        lambda r: r is not None and r.settled_at is not None,
    )
    assert settled is not None
    assert (await api.post(path, headers=school.curator)).status_code == 200  # once more: nothing breaks


async def test_mentee_roster_refreshed_yearly_a_refresh_before_the_item_opens_keeps_it_settled(
    api: httpx.AsyncClient, school: School
) -> None:
    path = f"/organisations/{school.organisation_id}/mentee-roster/refresh"
    assert (await api.post(path, headers=school.curator)).status_code == 200
    row = await asyncio.to_thread(roster_row, school.organisation_id)
    assert row is not None and row.settled_at is not None


async def test_mentee_roster_refreshed_yearly_only_the_schools_curator_refreshes(
    api: httpx.AsyncClient, school: School
) -> None:
    path = f"/organisations/{school.organisation_id}/mentee-roster/refresh"
    refused = await api.post(path, headers=school.head)
    assert (refused.status_code, refused.json()["rule"]) == (403, "curator_only")


async def test_mentee_roster_refreshed_yearly_a_refresh_racing_the_schools_monitoring_is_kept_once(
    api: httpx.AsyncClient, school: School
) -> None:
    """Seen in CI on 1 December: the pair's monitoring opened the year's item while the curator refreshed,
    and the refresh failed on the item's key. Both writers now insert the row once and go on."""
    path = f"/organisations/{school.organisation_id}/mentee-roster/refresh"
    refreshing = asyncio.gather(*(api.post(path, headers=school.curator) for _ in range(4)))
    _, refreshes = await asyncio.gather(pupil_pair(api, school.curator), refreshing)
    assert [r.status_code for r in refreshes] == [200] * 4, [r.text for r in refreshes]
    settled = await eventually(
        partial(asyncio.to_thread, roster_row, school.organisation_id),
        lambda r: r is not None and r.settled_at is not None,
    )
    assert settled is not None
