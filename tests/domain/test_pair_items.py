"""What a pair owes and when (issue 4): each event of a pair opens the items it makes owed and settles the
ones it fulfils — entry and exit assessments of every member, 30 days in preparatory, a meeting within the
plan's cadence plus a grace period (school days only), the plan's end date. Dates are of 2027/28.

A pair is driven through its commands as PairWorkflow drives it: `items_after` on the state right after
each event, then `track_no_meeting`; opened items are kept (opening twice is one item), settled ones go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain import pair_events as ev
from domain.errors import InvalidInput
from domain.escalation import EscalationPolicy, ItemKind, OverdueItem
from domain.pair import (
    MeetingKind,
    MemberRole,
    PairMember,
    PairState,
    PlanFacts,
    TermChangeRequest,
    TerminationReason,
    TerminationRequest,
)
from domain.pair_items import (
    ItemChanges,
    assessment_item_id,
    check_creation,
    items_after,
    track_no_meeting,
)
from domain.school_calendar import DatedBreak, SchoolCalendar
from domain.stages import Stage
from tests.factories import CURATOR, all_consents, meeting, order, plan, pupil_pair

PAIR_ID = "pair-1"
MENTOR, MENTEE = "mentor-1", "mentee-1"

CREATED_ON = date(2027, 9, 6)  # Monday
DESIGN_ON = date(2027, 9, 20)
IMPLEMENTATION_ON = date(2027, 10, 4)  # Monday
PLAN_END = date(2028, 5, 19)  # Friday
AUTUMN_BREAK = DatedBreak(starts=date(2027, 10, 30), ends=date(2027, 11, 7))


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def plan_of_the_year(**overrides: object) -> PlanFacts:
    values: dict[str, object] = {"starts_on": date(2027, 10, 1), "ends_on": PLAN_END, "cadence_days": 14}
    values.update(overrides)
    return plan(**values)


class Tracked:
    """A pair and the items it owes, kept as the workflow and the item workflows keep them."""

    def __init__(self, pair: PairState | None = None, policy: EscalationPolicy | None = None) -> None:
        self.pair = pair or pupil_pair(pair_id=PAIR_ID)
        self.policy = policy or EscalationPolicy()
        self.owed: dict[str, OverdueItem] = {}

    def _take(self, event: ev.PairEvent) -> ItemChanges:
        changes = items_after(self.pair.model_copy(deep=True), event, self.policy)
        track_no_meeting(self.pair, changes)
        for item in changes.open:  # opened first, then settled, as PairWorkflow._sync_items does
            self.owed.setdefault(item.item_id, item)
        for item_id in changes.settle:
            self.owed.pop(item_id, None)
        return changes

    def owed_of(self, kind: ItemKind) -> list[OverdueItem]:
        return [i for i in self.owed.values() if i.kind is kind]

    def only(self, kind: ItemKind) -> OverdueItem:
        (item,) = self.owed_of(kind)
        return item

    # --- commands, each on a given day ---

    def create(self, day: date = CREATED_ON) -> ItemChanges:
        return self._take(ev.created(self.pair, CURATOR, on(day)))

    def consent_and_fix_order(self, day: date) -> list[ItemChanges]:
        taken = [
            self._take(
                ev.apply_record_consent(self.pair, ev.RecordConsent(actor=CURATOR, consent=c), on(day))
            )
            for c in all_consents(self.pair)
        ]
        taken.append(
            self._take(ev.apply_fix_order(self.pair, ev.FixOrder(actor=CURATOR, order=order()), on(day)))
        )
        return taken

    def advance(self, to: Stage, day: date) -> ItemChanges:
        return self._take(ev.apply_advance(self.pair, ev.AdvanceStage(actor=CURATOR, to_stage=to), on(day)))

    def approve(self, facts: PlanFacts, day: date) -> ItemChanges:
        return self._take(
            ev.apply_approve_plan(self.pair, ev.ApprovePlan(actor=CURATOR, plan=facts), on(day))
        )

    def meet(self, kind: MeetingKind, held_on: date, recorded_on: date | None = None) -> ItemChanges:
        cmd = ev.RecordMeeting(actor=CURATOR, meeting=meeting(kind, held_on))
        return self._take(ev.apply_record_meeting(self.pair, cmd, on(recorded_on or held_on)))

    def change_term(self, new_end: date, day: date) -> ItemChanges:
        request = TermChangeRequest(new_end=new_end, mentor_agrees=True, mentee_agrees=True)
        return self._take(
            ev.apply_change_term(self.pair, ev.ChangeTerm(actor=CURATOR, request=request), on(day))
        )

    def terminate(self, day: date) -> ItemChanges:
        request = TerminationRequest(reason=TerminationReason.MUTUAL_DECISION, comment="Переезд")
        return self._take(
            ev.apply_terminate(self.pair, ev.TerminateEarly(actor=CURATOR, request=request), on(day))
        )

    # --- the lifecycle up to a stage ---

    def to_design(self) -> Tracked:
        self.create()
        self.consent_and_fix_order(date(2027, 9, 13))
        self.advance(Stage.DESIGN, DESIGN_ON)
        return self

    def to_implementation(self, facts: PlanFacts | None = None) -> Tracked:
        self.to_design()
        self.approve(facts or plan_of_the_year(), date(2027, 9, 27))
        self.advance(Stage.IMPLEMENTATION, IMPLEMENTATION_ON)
        return self

    def to_reflective(self, day: date = date(2028, 5, 15)) -> Tracked:
        self.to_implementation()
        self.meet(MeetingKind.FINAL, date(2028, 5, 12))
        self.advance(Stage.REFLECTIVE, day)
        return self


# --- preparatory --------------------------------------------------------------------------------------------


def test_creating_a_pair_asks_every_member_for_the_entry_assessment() -> None:
    pair = Tracked()
    pair.create()
    entries = sorted(pair.owed_of(ItemKind.ENTRY_ASSESSMENT), key=lambda i: str(i.owner_participant_id))
    assert [(i.owner_participant_id, i.opens_on, i.due_on) for i in entries] == [
        (MENTEE, date(2027, 9, 6), date(2027, 10, 6)),
        (MENTOR, date(2027, 9, 6), date(2027, 10, 6)),
    ]
    assert all(
        (i.organisation_id, i.district, i.pair_id, i.item_id)
        == ("school-1", "district-1", PAIR_ID, assessment_item_id(ItemKind.ENTRY_ASSESSMENT, PAIR_ID, who))
        for i, who in zip(entries, [MENTEE, MENTOR], strict=True)
    )


def test_a_group_asks_each_of_its_members_for_the_entry_assessment() -> None:
    members = [
        PairMember(participant_id=MENTOR, role=MemberRole.MENTOR),
        PairMember(participant_id="mentee-1", role=MemberRole.MENTEE),
        PairMember(participant_id="mentee-2", role=MemberRole.MENTEE),
    ]
    pair = Tracked(pupil_pair(pair_id=PAIR_ID, members=members))
    pair.create()
    owners = {i.owner_participant_id for i in pair.owed_of(ItemKind.ENTRY_ASSESSMENT)}
    assert owners == {MENTOR, "mentee-1", "mentee-2"}


def test_a_pair_has_30_days_in_preparatory_and_the_curator_who_created_it_owes_the_move() -> None:
    pair = Tracked()
    pair.create()
    deadline = pair.only(ItemKind.STAGE_DEADLINE)
    assert (deadline.due_on, deadline.owner_user_id) == (date(2027, 10, 6), CURATOR.user_id)


def test_an_organisation_sets_how_long_a_pair_may_stay_in_preparatory() -> None:
    pair = Tracked(policy=EscalationPolicy(preparatory_days=21))
    pair.create()
    assert pair.only(ItemKind.STAGE_DEADLINE).due_on == date(2027, 9, 27)
    assert {i.due_on for i in pair.owed_of(ItemKind.ENTRY_ASSESSMENT)} == {date(2027, 9, 27)}


def test_leaving_preparatory_settles_the_stage_deadline() -> None:
    pair = Tracked()
    pair.create()
    pair.consent_and_fix_order(date(2027, 9, 13))
    deadline = pair.only(ItemKind.STAGE_DEADLINE).item_id
    changes = pair.advance(Stage.DESIGN, DESIGN_ON)
    assert changes.settle == [deadline]
    assert changes.open == []
    assert pair.owed_of(ItemKind.STAGE_DEADLINE) == []


def test_the_entry_assessments_stay_owed_until_they_are_submitted() -> None:
    pair = Tracked().to_implementation()
    assert len(pair.owed_of(ItemKind.ENTRY_ASSESSMENT)) == 2


def test_meetings_before_implementation_owe_nothing() -> None:
    pair = Tracked()
    pair.create()
    pair.consent_and_fix_order(date(2027, 9, 7))
    assert not pair.meet(MeetingKind.INTRODUCTION, date(2027, 9, 8))


def test_consents_and_the_order_owe_and_settle_nothing() -> None:
    pair = Tracked()
    pair.create()
    assert not any(pair.consent_and_fix_order(date(2027, 9, 13)))


# --- implementation: the plan's end and the meeting cadence -------------------------------------------------


def test_entering_implementation_owes_the_move_to_reflective_the_day_after_the_plan_ends() -> None:
    pair = Tracked().to_implementation()
    past_end = pair.only(ItemKind.PLAN_PAST_END)
    # The plan ends on Friday 19 May: the day after is a Saturday, so it is owed on Monday 22 May.
    assert (past_end.due_on, past_end.owner_user_id) == (date(2028, 5, 22), CURATOR.user_id)


def test_entering_implementation_starts_the_meeting_clock_for_the_mentor() -> None:
    pair = Tracked().to_implementation()
    no_meeting = pair.only(ItemKind.NO_MEETING)
    # Cadence 14 + grace 7 = 21 days after Monday 4 October 2027.
    assert (no_meeting.due_on, no_meeting.owner_participant_id) == (date(2027, 10, 25), MENTOR)


def test_a_meeting_is_owed_cadence_plus_grace_after_the_last_one() -> None:
    pair = Tracked().to_implementation()
    pair.meet(MeetingKind.REGULAR, date(2027, 11, 10), recorded_on=date(2027, 11, 11))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 12, 1)


def test_the_meeting_clock_follows_the_plans_cadence() -> None:
    pair = Tracked().to_implementation(plan_of_the_year(cadence_days=7))
    pair.meet(MeetingKind.REGULAR, date(2027, 11, 10))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 11, 24)


def test_an_organisation_sets_the_grace_period() -> None:
    pair = Tracked(policy=EscalationPolicy(meeting_grace_days=0)).to_implementation()
    pair.meet(MeetingKind.REGULAR, date(2027, 11, 10))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 11, 24)


def test_cadence_does_not_count_the_autumn_break() -> None:
    policy = EscalationPolicy(calendar=SchoolCalendar(holidays=[AUTUMN_BREAK]))
    pair = Tracked(policy=policy).to_implementation()
    # 26–29 October, then 8–24 November: 21 school days; the break of 30 Oct – 7 Nov is not counted.
    pair.meet(MeetingKind.REGULAR, date(2027, 10, 25))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 11, 24)


def test_cadence_does_not_count_the_new_year_holidays() -> None:
    pair = Tracked().to_implementation()
    pair.meet(MeetingKind.REGULAR, date(2027, 12, 20))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2028, 1, 19)


def test_a_new_meeting_settles_the_previous_no_meeting_item() -> None:
    pair = Tracked().to_implementation()
    before = pair.only(ItemKind.NO_MEETING).item_id
    changes = pair.meet(MeetingKind.REGULAR, date(2027, 10, 14))
    (opened,) = changes.open
    assert opened.kind is ItemKind.NO_MEETING and opened.item_id != before
    assert changes.settle == [before]
    assert pair.pair.no_meeting_item == opened.item_id


def test_a_pair_owes_one_meeting_at_a_time() -> None:
    pair = Tracked().to_implementation()
    for held_on in (date(2027, 10, 14), date(2027, 10, 28), date(2027, 11, 11), date(2027, 11, 25)):
        pair.meet(MeetingKind.REGULAR, held_on)
        assert len(pair.owed_of(ItemKind.NO_MEETING)) == 1
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 12, 16)


def test_a_meeting_recorded_late_counts_from_the_day_it_was_held() -> None:
    pair = Tracked().to_implementation()
    pair.meet(MeetingKind.REGULAR, date(2027, 11, 10), recorded_on=date(2027, 11, 30))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 12, 1)


def test_the_final_meeting_settles_the_no_meeting_item_and_opens_none() -> None:
    pair = Tracked().to_implementation()
    pair.meet(MeetingKind.REGULAR, date(2028, 4, 28))
    pair.meet(MeetingKind.FINAL, date(2028, 5, 12))
    assert pair.owed_of(ItemKind.NO_MEETING) == []


def test_extending_the_term_moves_the_plan_end_deadline() -> None:
    pair = Tracked().to_implementation()
    pair.change_term(date(2028, 5, 31), date(2028, 3, 1))
    # 1 June is in the summer break: the first working day after it is 1 September.
    assert [i.due_on for i in pair.owed_of(ItemKind.PLAN_PAST_END)] == [date(2028, 9, 1)]


def test_leaving_implementation_settles_the_plan_end_and_the_no_meeting_items() -> None:
    pair = Tracked().to_implementation()
    plan_end = pair.only(ItemKind.PLAN_PAST_END).item_id
    pair.meet(MeetingKind.FINAL, date(2028, 5, 12))
    changes = pair.advance(Stage.REFLECTIVE, date(2028, 5, 15))
    assert plan_end in changes.settle
    assert pair.owed_of(ItemKind.PLAN_PAST_END) == pair.owed_of(ItemKind.NO_MEETING) == []
    assert pair.pair.no_meeting_item is None


# --- reflective ---------------------------------------------------------------------------------------------


def test_entering_reflective_asks_for_the_exit_assessment() -> None:
    pair = Tracked().to_reflective(date(2028, 5, 15))
    exits = pair.owed_of(ItemKind.EXIT_ASSESSMENT)
    assert {(i.owner_participant_id, i.opens_on, i.due_on) for i in exits} == {
        (MENTOR, date(2028, 5, 15), date(2028, 5, 29)),
        (MENTEE, date(2028, 5, 15), date(2028, 5, 29)),
    }
    assert {i.item_id for i in exits} == {
        assessment_item_id(ItemKind.EXIT_ASSESSMENT, PAIR_ID, MENTOR),
        assessment_item_id(ItemKind.EXIT_ASSESSMENT, PAIR_ID, MENTEE),
    }


def test_an_organisation_sets_how_long_the_exit_assessment_may_take() -> None:
    pair = Tracked(policy=EscalationPolicy(assessment_days=7)).to_reflective(date(2028, 5, 15))
    assert {i.due_on for i in pair.owed_of(ItemKind.EXIT_ASSESSMENT)} == {date(2028, 5, 22)}


def test_meetings_after_implementation_owe_nothing() -> None:
    pair = Tracked().to_reflective(date(2028, 5, 15))
    assert not pair.meet(MeetingKind.FINAL, date(2028, 5, 16))


# --- termination --------------------------------------------------------------------------------------------


def _in_preparatory() -> Tracked:
    pair = Tracked()
    pair.create()
    return pair


@pytest.mark.parametrize(
    "reach, kinds",
    [
        (_in_preparatory, {ItemKind.ENTRY_ASSESSMENT, ItemKind.STAGE_DEADLINE}),
        (
            lambda: Tracked().to_implementation(),
            {ItemKind.ENTRY_ASSESSMENT, ItemKind.PLAN_PAST_END, ItemKind.NO_MEETING},
        ),
        (lambda: Tracked().to_reflective(), {ItemKind.ENTRY_ASSESSMENT, ItemKind.EXIT_ASSESSMENT}),
    ],
    ids=["preparatory", "implementation", "reflective"],
)
def test_termination_settles_everything_the_pair_owed(
    reach: Callable[[], Tracked], kinds: set[ItemKind]
) -> None:
    pair = reach()
    assert {i.kind for i in pair.owed.values()} == kinds
    changes = pair.terminate(date(2028, 5, 17))
    assert changes.open == []
    assert pair.owed == {}
    assert pair.pair.no_meeting_item is None


def test_an_early_end_releases_the_members_from_open_monitoring_questionnaires() -> None:
    assert Tracked().to_implementation().terminate(date(2027, 12, 10)).settle_round_questionnaires


def test_a_pair_that_goes_on_still_answers_the_rounds_it_takes_part_in() -> None:
    pair = Tracked()
    changes = [pair.create(), *pair.consent_and_fix_order(date(2027, 9, 13))]
    changes.append(pair.advance(Stage.DESIGN, DESIGN_ON))
    changes.append(pair.approve(plan_of_the_year(), date(2027, 9, 27)))
    changes.append(pair.advance(Stage.IMPLEMENTATION, IMPLEMENTATION_ON))
    changes.append(pair.meet(MeetingKind.FINAL, date(2028, 5, 12)))
    changes.append(pair.advance(Stage.REFLECTIVE, date(2028, 5, 15)))
    assert not any(c.settle_round_questionnaires for c in changes)


# --- ids ----------------------------------------------------------------------------------------------------


def test_item_ids_are_deterministic() -> None:
    def lifecycle() -> list[list[str]]:
        pair = Tracked().to_implementation()
        pair.meet(MeetingKind.REGULAR, date(2027, 10, 14))
        pair.meet(MeetingKind.FINAL, date(2028, 5, 12))
        changes = [pair.advance(Stage.REFLECTIVE, date(2028, 5, 15)), pair.terminate(date(2028, 5, 17))]
        return [sorted(i.item_id for i in c.open) + sorted(c.settle) for c in changes] + [sorted(pair.owed)]

    assert lifecycle() == lifecycle()


def test_the_same_event_taken_twice_opens_the_same_items() -> None:
    pair = pupil_pair(pair_id=PAIR_ID)
    event = ev.created(pair, CURATOR, on(CREATED_ON))
    policy = EscalationPolicy()
    first, again = items_after(pair, event, policy), items_after(pair, event, policy)
    assert first == again
    assert len({i.item_id for i in first.open}) == len(first.open) == 3


def test_each_meeting_opens_its_own_no_meeting_item() -> None:
    pair = Tracked().to_implementation()
    ids = [
        pair.meet(MeetingKind.REGULAR, d).open[0].item_id for d in (date(2027, 10, 14), date(2027, 10, 28))
    ]
    assert len(set(ids)) == 2


# --- dates a person is shown obey the calendar (issue 12 points 20, 21) -------------------------------------


def test_deadline_on_a_working_day_an_entry_assessment_due_in_the_new_year_break_moves_after_it() -> None:
    # A pair started on 1 December 2026 owes its entry assessment 30 days later, 31 December: a day of the
    # new-year break; it is owed, and said to be owed, on Monday 11 January 2027.
    pair = Tracked()
    pair.create(date(2026, 12, 1))
    assert {i.due_on for i in pair.owed_of(ItemKind.ENTRY_ASSESSMENT)} == {date(2027, 1, 11)}
    assert pair.only(ItemKind.STAGE_DEADLINE).due_on == date(2027, 1, 11)


def test_deadline_on_a_working_day_not_moved_when_it_is_one() -> None:
    pair = Tracked()
    pair.create(CREATED_ON)
    assert {i.due_on for i in pair.owed_of(ItemKind.ENTRY_ASSESSMENT)} == {date(2027, 10, 6)}


def test_deadline_on_a_working_day_every_opened_item_is_due_on_one() -> None:
    pair = Tracked().to_implementation()
    for held_on in (date(2027, 10, 14), date(2027, 12, 20), date(2028, 4, 28)):
        pair.meet(MeetingKind.REGULAR, held_on)
        assert all(pair.policy.calendar.is_working_day(i.due_on) for i in pair.owed.values())


def test_deadline_on_a_working_day_first_release_kept_the_day_off() -> None:
    pair = Tracked(pupil_pair(pair_id=PAIR_ID))
    event = ev.created(pair.pair, CURATOR, on(date(2026, 12, 1)))
    changes = items_after(pair.pair, event, pair.policy, first_release_dates=True)
    assert {i.due_on for i in changes.open} == {date(2026, 12, 31)}


def test_no_meeting_counts_from_implementation_meetings_typed_in_after_the_fact() -> None:
    # A school starts mid-year: the pair enters implementation on 30 November and the curator types in
    # October's and November's meetings, every 14 days. None of them makes the pair look lapsed.
    pair = Tracked()
    pair.create(date(2027, 11, 29))
    pair.consent_and_fix_order(date(2027, 11, 29))
    pair.advance(Stage.DESIGN, date(2027, 11, 29))
    pair.approve(plan_of_the_year(), date(2027, 11, 30))
    pair.advance(Stage.IMPLEMENTATION, date(2027, 11, 30))
    for held_on in (date(2027, 10, 4), date(2027, 10, 18), date(2027, 11, 1), date(2027, 11, 15)):
        changes = pair.meet(MeetingKind.REGULAR, held_on, recorded_on=date(2027, 11, 30))
        (opened,) = changes.open
        assert opened.due_on >= date(2027, 12, 21), (held_on, opened.due_on)


def test_no_meeting_counts_from_implementation_not_when_a_meeting_is_later() -> None:
    pair = Tracked().to_implementation()  # implementation since 4 October
    pair.meet(MeetingKind.REGULAR, date(2027, 11, 10))
    assert pair.only(ItemKind.NO_MEETING).due_on == date(2027, 12, 1)


def test_no_meeting_counts_from_implementation_first_release_counted_from_the_meeting() -> None:
    pair = Tracked()
    pair.create(date(2027, 11, 29))
    pair.consent_and_fix_order(date(2027, 11, 29))
    pair.advance(Stage.DESIGN, date(2027, 11, 29))
    pair.approve(plan_of_the_year(), date(2027, 11, 30))
    pair.advance(Stage.IMPLEMENTATION, date(2027, 11, 30))
    cmd = ev.RecordMeeting(actor=CURATOR, meeting=meeting(MeetingKind.REGULAR, date(2027, 10, 4)))
    event = ev.apply_record_meeting(pair.pair, cmd, on(date(2027, 11, 30)))
    changes = items_after(pair.pair, event, pair.policy, first_release_dates=True)
    assert [i.due_on for i in changes.open] == [date(2027, 10, 25)]


def test_a_pair_whose_creation_no_date_can_take_is_refused_before_its_workflow_starts() -> None:
    """The workflow's first task, rehearsed: what would fail it for good is refused as input instead."""
    at = datetime(2026, 9, 1, 9, tzinfo=UTC)
    check_creation(pupil_pair(), CURATOR, at, EscalationPolicy())  # an ordinary pair starts
    past_every_bound = EscalationPolicy().model_copy(update={"preparatory_days": 10**9})
    with pytest.raises(InvalidInput) as refused:
        check_creation(pupil_pair(), CURATOR, at, past_every_bound)
    assert refused.value.rule == "pair_in_bounds"
