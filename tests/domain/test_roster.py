"""The yearly refresh of the list of teachers who need a mentor (issue 12 point 17,
`mentee_roster_refreshed_yearly`, 000 §6.5.3.1): one item a school year, owed by the curator, asked for on
1 September and due by 30 September, on the ladder like any other."""

from __future__ import annotations

from datetime import date

from domain.escalation import ITEM_LABELS, REQUESTED_KINDS, ItemKind, Ladder, Level
from domain.roster import roster_item_id, roster_refresh_item
from domain.school_calendar import SchoolCalendar

CALENDAR = SchoolCalendar()


def test_mentee_roster_refreshed_yearly_owed_by_the_curator_by_30_september() -> None:
    item = roster_refresh_item("school-1", "d-1", "2026/27", CALENDAR, "curator-1")
    assert (item.kind, item.owner_user_id) == (ItemKind.ROSTER_REFRESH, "curator-1")
    assert (item.opens_on, item.due_on) == (date(2026, 9, 1), date(2026, 9, 30))
    assert item.kind in REQUESTED_KINDS and ITEM_LABELS[item.kind].startswith("обновить перечень")


def test_mentee_roster_refreshed_yearly_due_the_working_day_before_a_day_off() -> None:
    # 30 September 2029 is a Sunday: due on Friday 28 September.
    item = roster_refresh_item("school-1", "d-1", "2029/30", CALENDAR, None)
    assert item.due_on == date(2029, 9, 28)


def test_mentee_roster_refreshed_yearly_one_item_a_school_year() -> None:
    assert (
        roster_item_id("school-1", "2026/27")
        == roster_refresh_item("school-1", "d", "2026/27", CALENDAR, None).item_id
    )
    assert roster_item_id("school-1", "2026/27") != roster_item_id("school-1", "2027/28")


def test_mentee_roster_refreshed_yearly_climbs_the_ladder_when_not_refreshed() -> None:
    item = roster_refresh_item("school-1", "d-1", "2026/27", CALENDAR, "curator-1")
    levels = [level for level, _ in Ladder().steps(item.due_on, CALENDAR)]
    assert levels == [Level.OWNER, Level.CURATOR, Level.HEAD, Level.COORDINATOR]
