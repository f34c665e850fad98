"""The escalation ladder (issue 4): a reminder to whoever owes the item on its due date, then the curator,
the head of the organisation and the district coordinator after configurable delays (3, 7 and 14 days by
default); every step lands on a working day, strictly after the step before. Dates are of 2027/28."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.escalation import (
    ITEM_LABELS,
    LEVEL_LABELS,
    REQUESTED_KINDS,
    EscalationPolicy,
    ItemKind,
    Ladder,
    Level,
    OverdueItem,
    deadline_shown,
    late_start,
)
from domain.school_calendar import DatedBreak, SchoolCalendar

CALENDAR = SchoolCalendar()
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LEVELS = [Level.OWNER, Level.CURATOR, Level.HEAD, Level.COORDINATOR]


def steps(due_on: date, ladder: Ladder | None = None, calendar: SchoolCalendar = CALENDAR) -> list[date]:
    laid = (ladder or Ladder()).steps(due_on, calendar)
    assert [level for level, _ in laid] == LEVELS
    return [on for _, on in laid]


def item(**overrides: object) -> OverdueItem:
    values: dict[str, object] = {
        "item_id": "no_meeting-pair-1-7",
        "kind": ItemKind.NO_MEETING,
        "organisation_id": "school-1",
        "district": "district-1",
        "due_on": date(2027, 11, 15),
    }
    values.update(overrides)
    return OverdueItem.model_validate(values)


ladders = (
    st.lists(st.integers(min_value=0, max_value=60), min_size=4, max_size=4)
    .map(sorted)
    .map(lambda d: Ladder(owner=d[0], curator=d[1], head=d[2], coordinator=d[3]))
)
calendars = st.sampled_from(
    [
        CALENDAR,
        SchoolCalendar(working_weekdays=6),
        SchoolCalendar(holidays=[DatedBreak(starts=date(2027, 10, 30), ends=date(2027, 11, 7))]),
    ]
)


# --- the ladder ---------------------------------------------------------------------------------------------


def test_the_ladder_climbs_owner_curator_head_coordinator() -> None:
    assert [level for level, _ in Ladder().steps(date(2027, 11, 15), CALENDAR)] == LEVELS


def test_by_default_the_curator_head_and_coordinator_follow_the_owner_after_3_7_and_14_days() -> None:
    assert Ladder() == Ladder(owner=0, curator=3, head=7, coordinator=14)
    # Monday 15 November 2027: Mon 15, Thu 18, Mon 22, Mon 29.
    assert steps(date(2027, 11, 15)) == [
        date(2027, 11, 15),
        date(2027, 11, 18),
        date(2027, 11, 22),
        date(2027, 11, 29),
    ]


def test_a_step_on_a_weekend_moves_to_monday() -> None:
    # Due Wednesday 17 November: the curator's day, Saturday 20, moves to Monday 22.
    assert steps(date(2027, 11, 17)) == [
        date(2027, 11, 17),
        date(2027, 11, 22),
        date(2027, 11, 24),
        date(2027, 12, 1),
    ]


def test_each_ladder_step_lands_on_a_working_day_after_the_previous_one() -> None:
    # The December round, due Monday 20 December 2027: the coordinator's day, 3 January, is in the
    # new-year holidays and moves to Monday 10 January 2028.
    assert steps(date(2027, 12, 20)) == [
        date(2027, 12, 20),
        date(2027, 12, 23),
        date(2027, 12, 27),
        date(2028, 1, 10),
    ]


def test_steps_crowded_by_a_break_are_spread_over_the_working_days_after_it() -> None:
    # Due Wednesday 29 December: the curator's (1 Jan) and the head's (5 Jan) days both move to 10 January;
    # the head is told the working day after the curator.
    assert steps(date(2027, 12, 29)) == [
        date(2027, 12, 29),
        date(2028, 1, 10),
        date(2028, 1, 11),
        date(2028, 1, 12),
    ]


def test_nothing_escalates_in_the_summer_break() -> None:
    # Due Monday 19 June 2028: every level waits for September, one working day apart.
    assert steps(date(2028, 6, 19)) == [
        date(2028, 9, 1),
        date(2028, 9, 4),
        date(2028, 9, 5),
        date(2028, 9, 6),
    ]


def test_the_may_round_reaches_the_coordinator_in_september() -> None:
    # Due Monday 22 May 2028 (20 May is a Saturday): the coordinator's day, 5 June, is in the summer break.
    assert steps(date(2028, 5, 22)) == [
        date(2028, 5, 22),
        date(2028, 5, 25),
        date(2028, 5, 29),
        date(2028, 9, 1),
    ]


def test_an_item_due_on_a_day_off_reminds_its_owner_on_the_next_working_day() -> None:
    assert steps(date(2028, 5, 20))[0] == date(2028, 5, 22)


def test_an_organisation_sets_its_own_delays() -> None:
    ladder = Ladder(owner=1, curator=2, head=5, coordinator=10)
    # Due Monday 15 November: Tue 16, Wed 17, Sat 20 → Mon 22, Thu 25.
    assert steps(date(2027, 11, 15), ladder) == [
        date(2027, 11, 16),
        date(2027, 11, 17),
        date(2027, 11, 22),
        date(2027, 11, 25),
    ]


def test_levels_with_equal_delays_are_told_on_successive_working_days() -> None:
    ladder = Ladder(owner=0, curator=0, head=0, coordinator=0)
    # Due Friday 19 November: Fri 19, then Mon 22, Tue 23, Wed 24.
    assert steps(date(2027, 11, 19), ladder) == [
        date(2027, 11, 19),
        date(2027, 11, 22),
        date(2027, 11, 23),
        date(2027, 11, 24),
    ]


def test_a_level_cannot_come_before_the_one_below_it() -> None:
    with pytest.raises(ValidationError):
        Ladder(owner=0, curator=10, head=5, coordinator=14)
    with pytest.raises(ValidationError):
        Ladder(owner=0, curator=3, head=7, coordinator=-1)


@given(ladders, calendars, st.dates(min_value=date(2027, 9, 1), max_value=date(2028, 8, 31)))
def test_ladder_steps_land_on_working_days_and_strictly_increase(
    ladder: Ladder, calendar: SchoolCalendar, due_on: date
) -> None:
    days = steps(due_on, ladder, calendar)
    assert all(calendar.is_working_day(d) for d in days)
    assert all(earlier < later for earlier, later in itertools.pairwise(days))


@given(ladders, calendars, st.dates(min_value=date(2027, 9, 1), max_value=date(2028, 8, 31)))
def test_no_level_is_told_before_its_delay_has_passed(
    ladder: Ladder, calendar: SchoolCalendar, due_on: date
) -> None:
    delays = [ladder.owner, ladder.curator, ladder.head, ladder.coordinator]
    for on, delay in zip(steps(due_on, ladder, calendar), delays, strict=True):
        assert on >= due_on + timedelta(days=delay)


# --- items and the policy -----------------------------------------------------------------------------------


def test_an_item_links_to_its_pair_else_its_programme_else_itself() -> None:
    assert item(pair_id="pair-1", programme_id="prog-1").path == "/pairs/pair-1"
    assert item(programme_id="prog-1").path == "/programmes/prog-1"
    assert item().path == "/overdue/no_meeting-pair-1-7"


def test_questionnaires_assessments_and_the_roster_are_asked_for_before_they_are_due() -> None:
    assert {
        ItemKind.QUESTIONNAIRE,
        ItemKind.ENTRY_ASSESSMENT,
        ItemKind.EXIT_ASSESSMENT,
        ItemKind.ROSTER_REFRESH,
    } == REQUESTED_KINDS


def test_every_item_kind_and_level_is_named_in_russian() -> None:
    assert set(ITEM_LABELS) == set(ItemKind)
    assert set(LEVEL_LABELS) == set(Level)
    assert all(CYRILLIC.search(label) for label in [*ITEM_LABELS.values(), *LEVEL_LABELS.values()])


def test_by_default_a_pair_has_30_days_in_preparatory_7_days_grace_and_14_for_the_exit_assessment() -> None:
    policy = EscalationPolicy()
    assert (policy.preparatory_days, policy.meeting_grace_days, policy.assessment_days) == (30, 7, 14)
    assert policy.ladder == Ladder()
    assert policy.calendar == SchoolCalendar()


# --- an item opened late starts at its level, with no burst of past notices (issue 12 point 20) -------------


def test_late_item_starts_at_its_level_steps_already_past_do_not_fire() -> None:
    laid = Ladder().steps(date(2027, 11, 15), CALENDAR)  # 15, 18, 22, 29 November
    reached, ahead = late_start(laid, date(2027, 11, 23))
    assert reached is Level.HEAD
    assert ahead == [(Level.COORDINATOR, date(2027, 11, 29))]


def test_late_item_starts_at_its_level_all_past_leaves_nothing_to_fire() -> None:
    laid = Ladder().steps(date(2027, 10, 25), CALENDAR)
    assert late_start(laid, date(2027, 11, 30)) == (Level.COORDINATOR, [])


def test_late_item_starts_at_its_level_not_when_opened_in_time() -> None:
    laid = Ladder().steps(date(2027, 11, 15), CALENDAR)
    assert late_start(laid, date(2027, 11, 15)) == (None, laid)
    assert late_start(laid, date(2027, 11, 1)) == (None, laid)


# --- the deadline shown is the day the ladder counts from (issue 12 point 21) -------------------------------


def test_deadline_on_a_working_day_a_break_day_is_shown_as_the_first_working_day_after() -> None:
    assert deadline_shown(date(2026, 12, 31), CALENDAR) == date(2027, 1, 11)
    assert deadline_shown(date(2026, 12, 31), CALENDAR) == Ladder().steps(date(2026, 12, 31), CALENDAR)[0][1]


def test_deadline_on_a_working_day_a_working_day_is_shown_as_it_is() -> None:
    assert deadline_shown(date(2027, 11, 15), CALENDAR) == date(2027, 11, 15)
