"""Commands and the events they produce: `check_*` only decide, `apply_*` change the state and return the
audited event — one event per accepted command, its seq one more than the last."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from domain import pair_events as ev
from domain.errors import DomainError, GuardRefused, InvalidInput
from domain.forms import Kind
from domain.pair import (
    ConsentGiver,
    ConsentKind,
    MeetingKind,
    PairState,
    ReflectionKind,
    TermChangeRequest,
    TerminationReason,
    TerminationRequest,
)
from domain.stages import STAGE_ORDER, Stage
from tests.domain.test_pair_builders import ACTIVE_IN_ORDER, bare_pair, given, pair_in, ready_to_leave
from tests.factories import CURATOR, END, all_consents, at, meeting, order, plan, pupil_pair

T0 = at()


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def advance(to: Stage, comment: str = "") -> ev.AdvanceStage:
    return ev.AdvanceStage(actor=CURATOR, to_stage=to, comment=comment)


def terminate(
    reason: TerminationReason = TerminationReason.MENTEE_INITIATIVE, comment: str = "Переезд"
) -> ev.TerminateEarly:
    return ev.TerminateEarly(actor=CURATOR, request=TerminationRequest(reason=reason, comment=comment))


def change_term(new_end: date, override: str | None = None, *, agreed: bool = True) -> ev.ChangeTerm:
    request = TermChangeRequest(
        new_end=new_end, mentor_agrees=agreed, mentee_agrees=True, override_reason=override
    )
    return ev.ChangeTerm(actor=CURATOR, request=request)


def record(kind: MeetingKind, held_on: date = date(2026, 11, 10)) -> ev.RecordMeeting:
    return ev.RecordMeeting(actor=CURATOR, meeting=meeting(kind, held_on))


def reflect(kind: ReflectionKind) -> ev.RecordReflection:
    return ev.RecordReflection(actor=CURATOR, kind=kind, document_id="doc-1")


# --- seq: one event per accepted command --------------------------------------------------------------------


def test_creation_is_the_first_event_of_a_pair() -> None:
    pair = pupil_pair()
    event = ev.created(pair, CURATOR, T0)
    assert (event.seq, event.action, event.actor) == (1, ev.PairAction.CREATED, CURATOR)
    assert (event.from_stage, event.to_stage) == (Stage.PREPARATORY, Stage.PREPARATORY)
    assert (pair.seq, pair.stage_since) == (1, T0)


def test_every_event_of_a_full_lifecycle_takes_the_next_seq() -> None:
    pair = pupil_pair()
    events = [ev.created(pair, CURATOR, T0)]
    steps: list[Callable[[datetime], ev.PairEvent]] = [
        *(
            (lambda now, c=c: ev.apply_record_consent(pair, ev.RecordConsent(actor=CURATOR, consent=c), now))
            for c in all_consents(pair)
        ),
        lambda now: ev.apply_record_meeting(pair, record(MeetingKind.INTRODUCTION), now),
        lambda now: ev.apply_fix_order(pair, ev.FixOrder(actor=CURATOR, order=order()), now),
        lambda now: ev.apply_advance(pair, advance(Stage.DESIGN), now),
        lambda now: ev.apply_approve_plan(pair, ev.ApprovePlan(actor=CURATOR, plan=plan()), now),
        lambda now: ev.apply_change_term(pair, change_term(date(2027, 6, 30)), now),
        lambda now: ev.apply_advance(pair, advance(Stage.IMPLEMENTATION), now),
        lambda now: ev.apply_record_meeting(pair, record(MeetingKind.REGULAR), now),
        lambda now: ev.apply_record_meeting(pair, record(MeetingKind.FINAL), now),
        lambda now: ev.apply_mark_plan_fulfilled(pair, ev.MarkPlanFulfilled(actor=CURATOR), now),
        lambda now: ev.apply_advance(pair, advance(Stage.REFLECTIVE), now),
        lambda now: ev.apply_record_reflection(pair, reflect(ReflectionKind.MENTOR_REPORT), now),
        lambda now: ev.apply_record_reflection(pair, reflect(ReflectionKind.MENTEE_REFLECTION), now),
        lambda now: ev.apply_advance(pair, advance(Stage.RESULT), now),
        lambda now: ev.apply_advance(pair, advance(Stage.COMPLETED), now),
    ]
    for minute, step in enumerate(steps, start=1):
        events.append(step(later(minute)))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert pair.seq == len(events)
    assert pair.stage is Stage.COMPLETED
    changes = [(e.from_stage, e.to_stage) for e in events if e.action is ev.PairAction.STAGE_CHANGED]
    assert changes == [
        (Stage.PREPARATORY, Stage.DESIGN),
        (Stage.DESIGN, Stage.IMPLEMENTATION),
        (Stage.IMPLEMENTATION, Stage.REFLECTIVE),
        (Stage.REFLECTIVE, Stage.RESULT),
        (Stage.RESULT, Stage.COMPLETED),
    ]


# --- Stage changes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_stage_change_event_records_from_and_to_and_the_curators_comment(stage: Stage) -> None:
    pair = ready_to_leave(stage)
    pair.seq = 7
    target = STAGE_ORDER[STAGE_ORDER.index(stage) + 1]
    event = ev.apply_advance(pair, advance(target, "по плану"), later(5))
    assert (event.action, event.from_stage, event.to_stage) == (ev.PairAction.STAGE_CHANGED, stage, target)
    assert (event.seq, event.reason, event.actor, event.at) == (8, "по плану", CURATOR, later(5))
    assert (pair.stage, pair.stage_since, pair.seq) == (target, later(5), 8)


def test_refused_stage_change_changes_nothing() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    before = pair.model_dump()
    with pytest.raises(GuardRefused):
        ev.apply_advance(pair, advance(Stage.DESIGN), later(1))
    assert pair.model_dump() == before


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_early_termination_event_moves_the_pair_to_terminated_with_its_reason(stage: Stage) -> None:
    pair = bare_pair(stage)
    command = terminate(TerminationReason.CURATOR_IMPROPER_EXECUTION, "Встречи не проводятся")
    event = ev.apply_terminate(pair, command, later(3))
    assert (event.action, event.from_stage, event.to_stage) == (
        ev.PairAction.TERMINATED,
        stage,
        Stage.TERMINATED,
    )
    assert event.reason == "Встречи не проводятся"
    assert event.details == {"termination_reason": "curator_improper_execution"}
    assert (pair.stage, pair.stage_since, pair.termination, pair.seq) == (
        Stage.TERMINATED,
        later(3),
        command.request,
        1,
    )


def test_refused_termination_changes_nothing() -> None:
    pair = bare_pair(Stage.DESIGN)
    before = pair.model_dump()
    with pytest.raises(InvalidInput):
        ev.apply_terminate(pair, terminate(comment=""), later(1))
    assert pair.model_dump() == before


# --- Term changes -------------------------------------------------------------------------------------------


def test_extension_event_moves_the_planned_end_and_the_plans_end() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    event = ev.apply_change_term(pair, change_term(date(2027, 6, 30)), later(1))
    assert pair.plan is not None
    assert (pair.planned_end, pair.plan.ends_on, pair.term_changes) == (
        date(2027, 6, 30),
        date(2027, 6, 30),
        1,
    )
    assert (event.action, event.from_stage, event.to_stage) == (
        ev.PairAction.TERM_CHANGED,
        Stage.IMPLEMENTATION,
        Stage.IMPLEMENTATION,
    )
    assert event.details == {
        "old_end": END.isoformat(),
        "new_end": "2027-06-30",
        "extension": True,
        "override": False,
    }
    assert (event.reason, event.seq) == ("", 1)


def test_shortening_event_is_not_an_extension() -> None:
    pair = pair_in(Stage.DESIGN)
    event = ev.apply_change_term(pair, change_term(date(2027, 3, 1)), later(1))
    assert event.details["extension"] is False
    assert pair.planned_end == date(2027, 3, 1)


def test_overridden_term_event_carries_the_curators_reason() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    event = ev.apply_change_term(pair, change_term(date(2027, 12, 1), "Приказ о продлении"), later(1))
    assert (event.reason, event.details["override"]) == ("Приказ о продлении", True)
    assert pair.planned_end == date(2027, 12, 1)


def test_every_term_change_is_counted() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    ev.apply_change_term(pair, change_term(date(2027, 6, 30)), later(1))
    ev.apply_change_term(pair, change_term(date(2027, 4, 30)), later(2))
    assert (pair.term_changes, pair.seq, pair.planned_end) == (2, 2, date(2027, 4, 30))


def test_term_change_in_design_before_the_plan_moves_only_the_planned_end() -> None:
    pair = bare_pair(Stage.DESIGN)
    ev.apply_change_term(pair, change_term(date(2027, 6, 30)), later(1))
    assert (pair.planned_end, pair.plan) == (date(2027, 6, 30), None)


def test_refused_term_change_changes_nothing() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    before = pair.model_dump()
    with pytest.raises(GuardRefused):
        ev.apply_change_term(pair, change_term(date(2027, 6, 30), agreed=False), later(1))
    assert pair.model_dump() == before


def test_curator_override_of_the_term_in_design_lets_the_pair_leave_design() -> None:
    """001 §1.3 with the override of issue 2 §3: a term beyond 12 months stands when the curator gives a
    reason — it must not then keep the pair in design because the plan's end moved with it."""
    pair = pair_in(Stage.DESIGN)
    ev.apply_change_term(pair, change_term(date(2027, 12, 1), "Решение педагогического совета"), later(1))
    event = ev.apply_advance(pair, advance(Stage.IMPLEMENTATION), later(2))
    assert event.to_stage is Stage.IMPLEMENTATION


# --- Meetings -----------------------------------------------------------------------------------------------


def test_meeting_event_counts_the_meeting_by_kind() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    ev.apply_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 3)), later(1))
    event = ev.apply_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 17)), later(2))
    ev.apply_record_meeting(pair, record(MeetingKind.PLANNING, date(2026, 11, 10)), later(3))
    assert pair.meetings.count(MeetingKind.REGULAR) == 2
    assert pair.meetings.count(MeetingKind.PLANNING) == 1
    assert pair.meetings.count(MeetingKind.FINAL) == 0
    assert (event.action, event.from_stage, event.to_stage, event.seq) == (
        ev.PairAction.MEETING_RECORDED,
        Stage.IMPLEMENTATION,
        Stage.IMPLEMENTATION,
        2,
    )
    assert event.details["meeting"]["kind"] == "regular"
    assert event.details["meeting"]["held_on"] == "2026-11-17"


def test_meeting_recorded_late_does_not_move_the_last_meeting_date_back() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    ev.apply_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 17)), later(1))
    ev.apply_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 3)), later(2))
    assert pair.meetings.last_held_on == date(2026, 11, 17)


def test_meeting_may_be_dated_by_the_calendar_of_utc_plus_twelve() -> None:
    """At 12:00 UTC on the 20th it is already the 21st in Kamchatka; the 22nd has begun nowhere."""
    pair = pair_in(Stage.IMPLEMENTATION)
    noon_utc = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    ev.check_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 21)), noon_utc)
    with pytest.raises(InvalidInput) as refused:
        ev.check_record_meeting(
            pair, record(MeetingKind.REGULAR, date(2026, 11, 21)), noon_utc - timedelta(seconds=1)
        )
    assert refused.value.rule == "meeting_not_in_future"
    with pytest.raises(InvalidInput):
        ev.check_record_meeting(pair, record(MeetingKind.REGULAR, date(2026, 11, 22)), noon_utc)


def test_refused_meeting_changes_nothing() -> None:
    pair = pair_in(Stage.PREPARATORY)
    before = pair.model_dump()
    with pytest.raises(GuardRefused):
        ev.apply_record_meeting(pair, record(MeetingKind.REGULAR), later(1))
    assert pair.model_dump() == before


# --- Order, plan, consents, reflections ---------------------------------------------------------------------


def test_order_event_fixes_the_order_in_preparatory() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    pair.consents = all_consents(pair)  # 000 §2.7: the order comes after the members' consent
    fixed = order()
    event = ev.apply_fix_order(pair, ev.FixOrder(actor=CURATOR, order=fixed), later(1))
    assert pair.order == fixed
    assert (event.action, event.details) == (
        ev.PairAction.ORDER_FIXED,
        {"number": "12-н", "signed_on": "2026-10-05", "agreement_ids": []},
    )


def test_order_cannot_be_fixed_after_preparatory() -> None:
    pair = pair_in(Stage.DESIGN)
    before = pair.model_dump()
    with pytest.raises(GuardRefused) as refused:
        ev.apply_fix_order(pair, ev.FixOrder(actor=CURATOR, order=order()), later(1))
    assert refused.value.rule == "order_stage"
    assert pair.model_dump() == before


def test_plan_event_sets_the_plan_and_the_pairs_term() -> None:
    pair = bare_pair(Stage.DESIGN)
    approved = plan(starts_on=date(2026, 11, 1), ends_on=date(2027, 4, 30))
    event = ev.apply_approve_plan(pair, ev.ApprovePlan(actor=CURATOR, plan=approved), later(1))
    assert pair.plan == approved
    assert (pair.planned_start, pair.planned_end) == (date(2026, 11, 1), date(2027, 4, 30))
    assert (event.action, event.details["plan_id"], event.seq) == (
        ev.PairAction.PLAN_APPROVED,
        approved.plan_id,
        1,
    )


def test_an_agreed_plan_changes_the_pairs_kind_when_the_workflow_applies_it() -> None:
    pair = bare_pair(Stage.DESIGN)
    command = ev.ApprovePlan(actor=CURATOR, plan=plan(), kind=Kind.VIRTUAL)
    event = ev.apply_approve_plan(pair, command, later(1), kind_changes=True)
    assert pair.kind is Kind.VIRTUAL
    assert event.details["kind"] == {"from": "traditional", "to": "virtual"}


def test_a_plan_replayed_from_before_kind_changes_keeps_the_kind() -> None:
    pair = bare_pair(Stage.DESIGN)
    ev.apply_approve_plan(pair, ev.ApprovePlan(actor=CURATOR, plan=plan(), kind=Kind.VIRTUAL), later(1))
    assert pair.kind is Kind.TRADITIONAL


def test_a_plan_is_checked_against_the_kind_it_changes_the_pair_to() -> None:
    pair = bare_pair(Stage.DESIGN)
    before = pair.model_dump()
    with pytest.raises(InvalidInput) as refused:  # speed mentoring: one meeting, the plan has more
        ev.apply_approve_plan(
            pair, ev.ApprovePlan(actor=CURATOR, plan=plan(), kind=Kind.SPEED), later(1), kind_changes=True
        )
    assert refused.value.rule == "speed_mentoring_one_meeting"
    assert pair.model_dump() == before


def test_invalid_plan_is_not_approved() -> None:
    pair = bare_pair(Stage.DESIGN)
    before = pair.model_dump()
    with pytest.raises(InvalidInput) as refused:
        ev.apply_approve_plan(
            pair, ev.ApprovePlan(actor=CURATOR, plan=plan(ends_on=date(2028, 1, 1))), later(1)
        )
    assert refused.value.rule == "term_3_to_12_months"
    assert pair.model_dump() == before


def test_plan_fulfilled_event_marks_the_plan() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    event = ev.apply_mark_plan_fulfilled(
        pair, ev.MarkPlanFulfilled(actor=CURATOR, comment="Все цели"), later(1)
    )
    assert pair.plan is not None and pair.plan.fulfilled
    assert (event.action, event.reason, event.to_stage) == (
        ev.PairAction.PLAN_FULFILLED,
        "Все цели",
        Stage.IMPLEMENTATION,
    )


def test_consent_event_adds_the_consent() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    fact = given("mentee-1", ConsentKind.PARTICIPATION, ConsentGiver.GUARDIAN)
    event = ev.apply_record_consent(pair, ev.RecordConsent(actor=CURATOR, consent=fact), later(1))
    assert pair.consents == [fact]
    assert (event.action, event.details["consent_id"]) == (ev.PairAction.CONSENT_RECORDED, fact.consent_id)


def test_withdrawal_replaces_the_same_consent() -> None:
    pair = bare_pair(Stage.IMPLEMENTATION)
    fact = given("mentee-1", ConsentKind.PERSONAL_DATA, ConsentGiver.GUARDIAN)
    ev.apply_record_consent(pair, ev.RecordConsent(actor=CURATOR, consent=fact), later(1))
    withdrawn = fact.model_copy(update={"withdrawn": True})
    ev.apply_record_consent(pair, ev.RecordConsent(actor=CURATOR, consent=withdrawn), later(2))
    assert pair.consents == [withdrawn]
    assert pair.consent_of("mentee-1", ConsentKind.PERSONAL_DATA) is None
    assert pair.seq == 2


def test_consent_of_a_non_member_is_not_recorded() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    fact = given("stranger", ConsentKind.PARTICIPATION, ConsentGiver.SELF)
    with pytest.raises(InvalidInput):
        ev.apply_record_consent(pair, ev.RecordConsent(actor=CURATOR, consent=fact), later(1))
    assert (pair.consents, pair.seq) == ([], 0)


def test_reflection_is_kept_once_per_kind_but_every_submission_is_an_event() -> None:
    pair = pair_in(Stage.REFLECTIVE)
    first = ev.apply_record_reflection(pair, reflect(ReflectionKind.MENTOR_REPORT), later(1))
    second = ev.apply_record_reflection(pair, reflect(ReflectionKind.MENTOR_REPORT), later(2))
    assert pair.reflections == [ReflectionKind.MENTOR_REPORT]
    assert (first.seq, second.seq) == (1, 2)
    assert second.details == {"kind": "mentor_report", "document_id": "doc-1"}


def test_reflection_outside_the_reflective_stage_is_refused() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    with pytest.raises(GuardRefused):
        ev.apply_record_reflection(pair, reflect(ReflectionKind.MENTEE_REFLECTION), later(1))
    assert (pair.reflections, pair.seq) == ([], 0)


# --- check_* never changes the state, accepted or refused ---------------------------------------------------

Check = Callable[[PairState], object]

CHECKS: dict[str, tuple[Callable[[], PairState], Check]] = {
    "advance_allowed": (
        lambda: ready_to_leave(Stage.DESIGN),
        lambda p: ev.check_advance(p, advance(Stage.IMPLEMENTATION)),
    ),
    "advance_refused": (
        lambda: bare_pair(Stage.PREPARATORY),
        lambda p: ev.check_advance(p, advance(Stage.DESIGN)),
    ),
    "terminate_allowed": (lambda: bare_pair(Stage.REFLECTIVE), lambda p: ev.check_terminate(p, terminate())),
    "terminate_refused": (lambda: bare_pair(Stage.COMPLETED), lambda p: ev.check_terminate(p, terminate())),
    "term_allowed": (
        lambda: pair_in(Stage.IMPLEMENTATION),
        lambda p: ev.check_change_term(p, change_term(date(2027, 6, 30))),
    ),
    "term_refused": (
        lambda: pair_in(Stage.IMPLEMENTATION),
        lambda p: ev.check_change_term(p, change_term(date(2028, 6, 30))),
    ),
    "meeting_allowed": (
        lambda: pair_in(Stage.IMPLEMENTATION),
        lambda p: ev.check_record_meeting(p, record(MeetingKind.FINAL), T0),
    ),
    "meeting_refused": (
        lambda: pair_in(Stage.RESULT),
        lambda p: ev.check_record_meeting(p, record(MeetingKind.FINAL), T0),
    ),
    "order_allowed": (
        lambda: bare_pair(Stage.PREPARATORY).model_copy(
            update={"consents": all_consents(bare_pair(Stage.PREPARATORY))}
        ),
        lambda p: ev.check_fix_order(p, ev.FixOrder(actor=CURATOR, order=order())),
    ),
    "plan_allowed": (
        lambda: bare_pair(Stage.DESIGN),
        lambda p: ev.check_approve_plan(p, ev.ApprovePlan(actor=CURATOR, plan=plan())),
    ),
    "plan_refused": (
        lambda: bare_pair(Stage.DESIGN),
        lambda p: ev.check_approve_plan(p, ev.ApprovePlan(actor=CURATOR, plan=plan(goal_count=0))),
    ),
    "fulfilled_allowed": (
        lambda: pair_in(Stage.IMPLEMENTATION),
        lambda p: ev.check_mark_plan_fulfilled(p, ev.MarkPlanFulfilled(actor=CURATOR)),
    ),
    "consent_allowed": (
        lambda: bare_pair(Stage.PREPARATORY),
        lambda p: ev.check_record_consent(p, ev.RecordConsent(actor=CURATOR, consent=all_consents(p)[0])),
    ),
    "reflection_allowed": (
        lambda: pair_in(Stage.REFLECTIVE),
        lambda p: ev.check_record_reflection(p, reflect(ReflectionKind.MENTOR_REPORT)),
    ),
    "reflection_refused": (
        lambda: pair_in(Stage.RESULT),
        lambda p: ev.check_record_reflection(p, reflect(ReflectionKind.MENTOR_REPORT)),
    ),
}


@pytest.mark.parametrize("case", list(CHECKS))
def test_checks_never_change_the_pair(case: str) -> None:
    build, check = CHECKS[case]
    pair = build()
    before = pair.model_dump()
    if case.endswith("_refused"):
        with pytest.raises(DomainError):
            check(pair)
    else:
        check(pair)
    assert pair.model_dump() == before
