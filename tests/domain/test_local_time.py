"""A school's own clock (issue 4, follow-up): Russia spans eleven time zones. An event's date is the date
at the school, and reminders go out at 09:00 there; the default is Moscow time."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from activities.items import questionnaire_item_id
from domain import pair_events as ev
from domain.escalation import EscalationPolicy, ItemKind
from domain.local_time import MORNING_SPREAD, local_date, school_morning, spread_morning, spread_offset
from domain.pair_items import items_after
from tests.factories import CURATOR, pupil_pair

NOVOSIBIRSK = "Asia/Novosibirsk"  # UTC+7, no daylight saving


def created_at(moment: datetime, policy: EscalationPolicy) -> dict[ItemKind, date]:
    """The due date of each item a pair created at `moment` owes (entry assessments, preparatory deadline)."""
    pair = pupil_pair(pair_id="pair-1")
    changes = items_after(pair, ev.created(pair, CURATOR, moment), policy)
    return {item.kind: item.due_on for item in changes.open}


def test_an_event_half_past_midnight_at_the_school_counts_for_that_day() -> None:
    moment = datetime(2027, 9, 1, 17, 30, tzinfo=UTC)  # 00:30 on 2 September in Novosibirsk
    assert local_date(moment, NOVOSIBIRSK) == date(2027, 9, 2)
    due = created_at(moment, EscalationPolicy(time_zone=NOVOSIBIRSK))
    # 30 days from 2 September: Saturday 2 October, owed on Monday 4 October (from the 1st: 1 October).
    assert due[ItemKind.STAGE_DEADLINE] == date(2027, 10, 4)


def test_without_a_time_zone_the_school_keeps_moscow_time() -> None:
    moment = datetime(2027, 9, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 September in Moscow
    assert EscalationPolicy().time_zone == "Europe/Moscow"
    assert created_at(moment, EscalationPolicy())[ItemKind.ENTRY_ASSESSMENT] == date(2027, 10, 4)


def test_reminders_go_out_at_nine_in_the_morning_at_the_school() -> None:
    assert school_morning(date(2027, 12, 20), "Europe/Moscow") == datetime(2027, 12, 20, 6, 0, tzinfo=UTC)
    assert school_morning(date(2027, 12, 20), NOVOSIBIRSK) == datetime(2027, 12, 20, 2, 0, tzinfo=UTC)
    assert school_morning(date(2027, 12, 20), "Asia/Kamchatka") == datetime(2027, 12, 19, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["Moscow", "UTC+3", "Europe/Nowhere", "Europe", "../etc/passwd", ""])
def test_a_time_zone_must_be_an_iana_name(name: str) -> None:
    with pytest.raises(ValidationError, match="time_zone"):
        EscalationPolicy(time_zone=name)


def test_a_rounds_items_due_the_same_morning_fire_spread_over_its_first_hour_each_on_its_due_day() -> None:
    # 20 December round of a district: ~10,000 questionnaires (50 schools × 100 pairs × 2 members).
    due = date(2027, 12, 20)
    ids = [
        questionnaire_item_id(f"2027-12-org-{school}", f"pair-{school}-{pair}", participant)
        for school in range(50)
        for pair in range(100)
        for participant in ("mentor", "mentee")
    ]
    for zone_name in ("Europe/Moscow", NOVOSIBIRSK, "Europe/Kaliningrad"):
        moments = [spread_morning(due, zone_name, item_id) for item_id in ids]
        assert len(set(moments)) > 3000  # of the hour's 3,600 seconds; at most a few items share one
        assert max(Counter(moments).values()) <= 15
        assert all(local_date(moment, zone_name) == due for moment in moments)
        assert all(
            school_morning(due, zone_name) <= moment < school_morning(due, zone_name) + MORNING_SPREAD
            for moment in moments
        )


def test_an_items_moment_of_the_morning_is_the_same_on_every_replay() -> None:
    first = spread_morning(date(2027, 12, 20), NOVOSIBIRSK, "questionnaire-r-p-m")
    assert spread_morning(date(2027, 12, 20), NOVOSIBIRSK, "questionnaire-r-p-m") == first
    assert first == datetime(2027, 12, 20, 2, 0, tzinfo=UTC) + spread_offset("questionnaire-r-p-m")
