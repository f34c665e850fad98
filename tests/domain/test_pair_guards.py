"""The guards of the pair lifecycle, one rule per test (000 §2.3–2.7, §V; 001 §1.3, §4.8–4.13; 003 §6.2).

Refusals are asserted by type, `.rule` and `.field`; the Russian text is checked once, for being Russian.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st
from pydantic import ValidationError

from domain import pair_guards as g
from domain.calendar import add_months, latest_local_date
from domain.errors import DomainError, GuardRefused, InvalidInput
from domain.pair import (
    ConsentGiver,
    ConsentKind,
    MeetingKind,
    MeetingTally,
    MemberRole,
    OrderFacts,
    PairMember,
    PairState,
    ReflectionKind,
    TermChangeRequest,
    TerminationReason,
    TerminationRequest,
)
from domain.stages import Stage
from tests.domain.test_pair_builders import (
    ACTIVE_IN_ORDER,
    CLOSED,
    CYRILLIC,
    adult_pair,
    bare_pair,
    given,
    pair_in,
    ready_to_leave,
)
from tests.factories import END, START, all_consents, meeting, plan, pupil_pair

MINOR_MENTEE = "mentee-1"
MINOR_MENTOR = "mentor-1"
ADULT_MENTEE = "teacher-mentee"
ADULT_MENTOR = "teacher-mentor"


def without(pair: PairState, participant_id: str, kind: ConsentKind) -> PairState:
    pair.consents = [c for c in pair.consents if not (c.participant_id == participant_id and c.kind is kind)]
    return pair


def consented(pair: PairState) -> PairState:
    pair.consents = all_consents(pair)
    return pair


# --- Leaving preparatory: consents (000 §2.3–2.4, 004 roadmap 5–6) and the order (000 §2.7) -----------------


def test_pair_with_every_consent_and_an_order_may_leave_preparatory() -> None:
    pair = ready_to_leave(Stage.PREPARATORY)
    g.consents_complete(pair)
    g.order_fixed(pair)


@pytest.mark.parametrize("participant_id", [MINOR_MENTOR, MINOR_MENTEE])
def test_every_member_needs_written_consent_to_take_part(participant_id: str) -> None:
    pair = without(consented(pupil_pair()), participant_id, ConsentKind.PARTICIPATION)
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert (refused.value.rule, refused.value.field) == ("consents_complete", "consents")
    assert len(refused.value.details["missing"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("participant_id", [MINOR_MENTOR, MINOR_MENTEE])
def test_every_member_needs_consent_to_personal_data_processing(participant_id: str) -> None:
    pair = without(consented(pupil_pair()), participant_id, ConsentKind.PERSONAL_DATA)
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert (refused.value.rule, refused.value.field) == ("consents_complete", "consents")


@pytest.mark.parametrize("kind", list(ConsentKind))
def test_minor_mentee_needs_guardian_consent_to_leave_preparatory(kind: ConsentKind) -> None:
    pair = without(consented(pupil_pair()), MINOR_MENTEE, kind)
    pair.consents.append(given(MINOR_MENTEE, kind, ConsentGiver.SELF))
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert refused.value.rule == "consents_complete"


@pytest.mark.parametrize("kind", list(ConsentKind))
def test_minor_mentor_needs_guardian_consent_too(kind: ConsentKind) -> None:
    pair = without(consented(pupil_pair()), MINOR_MENTOR, kind)
    pair.consents.append(given(MINOR_MENTOR, kind, ConsentGiver.SELF))
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert refused.value.rule == "consents_complete"


def test_guardian_consent_of_minors_is_enough() -> None:
    pair = pupil_pair()
    pair.consents = [
        given(m.participant_id, kind, ConsentGiver.GUARDIAN) for m in pair.members for kind in ConsentKind
    ]
    g.consents_complete(pair)


def test_adults_consent_for_themselves() -> None:
    pair = adult_pair()
    pair.consents = [
        given(m.participant_id, kind, ConsentGiver.SELF) for m in pair.members for kind in ConsentKind
    ]
    g.consents_complete(pair)


@pytest.mark.parametrize("participant_id", [ADULT_MENTOR, ADULT_MENTEE])
def test_adult_members_consent_is_not_given_by_a_guardian(participant_id: str) -> None:
    pair = without(consented(adult_pair()), participant_id, ConsentKind.PARTICIPATION)
    pair.consents.append(given(participant_id, ConsentKind.PARTICIPATION, ConsentGiver.GUARDIAN))
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert refused.value.rule == "consents_complete"


def test_mixed_pair_asks_the_guardian_of_the_minor_and_the_adult_in_person() -> None:
    pair = pupil_pair(
        form="teacher_student",
        members=[
            PairMember(participant_id=ADULT_MENTOR, role=MemberRole.MENTOR),
            PairMember(participant_id=MINOR_MENTEE, role=MemberRole.MENTEE, minor=True),
        ],
    )
    pair.consents = [given(ADULT_MENTOR, k, ConsentGiver.SELF) for k in ConsentKind] + [
        given(MINOR_MENTEE, k, ConsentGiver.GUARDIAN) for k in ConsentKind
    ]
    g.consents_complete(pair)


def test_withdrawn_consent_does_not_count() -> None:
    pair = consented(pupil_pair())
    pair.consents.append(
        given(MINOR_MENTEE, ConsentKind.PERSONAL_DATA, ConsentGiver.GUARDIAN, withdrawn=True)
    )
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pair)
    assert refused.value.rule == "consents_complete"


def test_consent_given_again_after_withdrawal_counts() -> None:
    pair = consented(pupil_pair())
    pair.consents.append(
        given(MINOR_MENTEE, ConsentKind.PERSONAL_DATA, ConsentGiver.GUARDIAN, withdrawn=True)
    )
    pair.consents.append(given(MINOR_MENTEE, ConsentKind.PERSONAL_DATA, ConsentGiver.GUARDIAN))
    g.consents_complete(pair)


def test_consent_of_someone_outside_the_pair_does_not_count() -> None:
    pair = without(consented(pupil_pair()), MINOR_MENTEE, ConsentKind.PARTICIPATION)
    pair.consents.append(given("stranger", ConsentKind.PARTICIPATION, ConsentGiver.GUARDIAN))
    with pytest.raises(GuardRefused):
        g.consents_complete(pair)


def test_refusal_names_every_missing_consent() -> None:
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(pupil_pair())
    assert len(refused.value.details["missing"]) == 2 * len(ConsentKind)  # type: ignore[arg-type]


def test_every_member_of_a_group_needs_consent() -> None:
    group = pupil_pair(
        members=[
            PairMember(participant_id=MINOR_MENTOR, role=MemberRole.MENTOR, minor=True),
            PairMember(participant_id="mentee-1", role=MemberRole.MENTEE, minor=True),
            PairMember(participant_id="mentee-2", role=MemberRole.MENTEE, minor=True),
        ]
    )
    group.consents = [c for c in all_consents(group) if c.participant_id != "mentee-2"]
    with pytest.raises(GuardRefused) as refused:
        g.consents_complete(group)
    assert len(refused.value.details["missing"]) == len(ConsentKind)  # type: ignore[arg-type]


def test_pair_needs_an_order_of_the_head_to_leave_preparatory() -> None:
    pair = consented(pupil_pair())
    with pytest.raises(GuardRefused) as refused:
        g.order_fixed(pair)
    assert (refused.value.rule, refused.value.field) == ("order_fixed", "order")


@pytest.mark.parametrize("number", ["", "x" * 65])
def test_order_has_a_number(number: str) -> None:
    with pytest.raises(ValidationError):
        OrderFacts(number=number, signed_on=date(2026, 10, 5))


# --- Leaving design: the individual plan (001 §1.3, §4.8) ---------------------------------------------------


def test_leaving_design_needs_an_individual_plan() -> None:
    pair = bare_pair(Stage.DESIGN)
    with pytest.raises(GuardRefused) as refused:
        g.plan_approved(pair)
    assert (refused.value.rule, refused.value.field) == ("plan_approved", "plan")


def test_complete_plan_lets_the_pair_leave_design() -> None:
    g.plan_approved(ready_to_leave(Stage.DESIGN))


def test_plan_needs_at_least_one_goal() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.validate_plan(plan(goal_count=0))
    assert (refused.value.rule, refused.value.field) == ("plan_has_goals", "goals")


def test_approved_plan_without_goals_keeps_the_pair_in_design() -> None:
    pair = ready_to_leave(Stage.DESIGN)
    pair.plan = plan(goal_count=0)
    with pytest.raises(InvalidInput) as refused:
        g.plan_approved(pair)
    assert refused.value.rule == "plan_has_goals"


def test_plan_needs_a_schedule_of_meetings() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.validate_plan(plan(scheduled_meetings=0))
    assert (refused.value.rule, refused.value.field) == ("plan_has_schedule", "schedule")


@pytest.mark.parametrize("cadence_days", [0, 93])
def test_plan_cadence_is_one_day_to_a_quarter(cadence_days: int) -> None:
    with pytest.raises(ValidationError):
        plan(cadence_days=cadence_days)


def test_plan_format_is_in_person_online_or_mixed() -> None:
    for fmt in ("in_person", "online", "mixed"):
        plan(format=fmt)
    with pytest.raises(ValidationError):
        plan(format="by_post")


def test_term_of_exactly_three_months_is_allowed() -> None:
    g.validate_plan(plan(starts_on=date(2026, 10, 1), ends_on=date(2027, 1, 1)))


def test_term_of_exactly_twelve_months_is_allowed() -> None:
    g.validate_plan(plan(starts_on=date(2026, 10, 1), ends_on=date(2027, 10, 1)))


def test_term_one_day_short_of_three_months_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.validate_plan(plan(starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31)))
    assert (refused.value.rule, refused.value.field) == ("term_3_to_12_months", "ends_on")


def test_term_one_day_beyond_twelve_months_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.validate_plan(plan(starts_on=date(2026, 10, 1), ends_on=date(2027, 10, 2)))
    assert (refused.value.rule, refused.value.field) == ("term_3_to_12_months", "ends_on")


@pytest.mark.parametrize("ends_on", [date(2026, 10, 1), date(2026, 9, 1)])
def test_plan_ends_after_it_starts(ends_on: date) -> None:
    with pytest.raises(InvalidInput) as refused:
        g.validate_plan(plan(starts_on=date(2026, 10, 1), ends_on=ends_on))
    assert (refused.value.rule, refused.value.field) == ("term_positive", "ends_on")


@for_all(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_term_bounds_hold_from_any_start_date(start: date) -> None:
    three, twelve = add_months(start, 3), add_months(start, 12)
    g.term_within_limits(start, three, field="f")
    g.term_within_limits(start, twelve, field="f")
    for outside in (three - timedelta(days=1), twelve + timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            g.term_within_limits(start, outside, field="f")
        assert (refused.value.rule, refused.value.field) == ("term_3_to_12_months", "f")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # shorter month: its last day
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 10, 1), 12, date(2027, 10, 1)),
        (date(2026, 12, 15), 3, date(2027, 3, 15)),  # across the new year
    ],
)
def test_a_term_in_months_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


# --- Leaving implementation: the final meeting, or the plan fulfilled ---------------------------------------


def test_leaving_implementation_needs_the_final_meeting_or_the_plan_fulfilled() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    with pytest.raises(GuardRefused) as refused:
        g.implementation_finished(pair)
    assert (refused.value.rule, refused.value.field) == ("implementation_finished", "meetings")


def test_regular_meetings_alone_do_not_finish_implementation() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    pair.meetings = MeetingTally(by_kind={MeetingKind.REGULAR: 12, MeetingKind.PLANNING: 1})
    with pytest.raises(GuardRefused):
        g.implementation_finished(pair)


def test_final_meeting_finishes_implementation() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    pair.meetings = MeetingTally(by_kind={MeetingKind.FINAL: 1})
    g.implementation_finished(pair)


def test_plan_marked_fulfilled_finishes_implementation() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    assert pair.plan is not None
    pair.plan.fulfilled = True
    g.implementation_finished(pair)


# --- Leaving reflective: the mentor's report and the mentee's reflection (000 §5.5) -------------------------


@pytest.mark.parametrize(
    "recorded",
    [[], [ReflectionKind.MENTOR_REPORT], [ReflectionKind.MENTEE_REFLECTION]],
    ids=["nothing", "only_report", "only_reflection"],
)
def test_leaving_reflective_needs_mentor_report_and_mentee_reflection(recorded: list[ReflectionKind]) -> None:
    pair = pair_in(Stage.REFLECTIVE)
    pair.reflections = recorded
    with pytest.raises(GuardRefused) as refused:
        g.reflection_recorded(pair)
    assert (refused.value.rule, refused.value.field) == ("reflection_recorded", "reflections")


def test_report_and_reflection_let_the_pair_leave_reflective() -> None:
    pair = pair_in(Stage.REFLECTIVE)
    pair.reflections = [ReflectionKind.MENTEE_REFLECTION, ReflectionKind.MENTOR_REPORT]
    g.reflection_recorded(pair)


# --- Early termination (001 §4.12, 003 §6.2) ----------------------------------------------------------------


def test_early_termination_reasons_are_those_of_001_4_12_and_the_replacement_petition() -> None:
    assert {r.value for r in TerminationReason} == {
        "plan_fulfilled_early",
        "mentor_initiative",
        "mentee_initiative",
        "mutual_decision",
        "curator_improper_execution",
        "mentor_replacement_petition",
    }


def test_early_termination_reason_outside_the_list_is_refused() -> None:
    with pytest.raises(ValidationError):
        TerminationRequest.model_validate({"reason": "bored", "comment": "Нет времени"})


@pytest.mark.parametrize("reason", list(TerminationReason))
@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_early_termination_with_a_listed_reason_and_a_comment_is_allowed(
    stage: Stage, reason: TerminationReason
) -> None:
    g.termination_allowed(bare_pair(stage), TerminationRequest(reason=reason, comment="Решение пары"))


@pytest.mark.parametrize("comment", ["", "   \n\t"])
def test_early_termination_needs_a_comment(comment: str) -> None:
    request = TerminationRequest(reason=TerminationReason.MUTUAL_DECISION, comment=comment)
    with pytest.raises(InvalidInput) as refused:
        g.termination_allowed(bare_pair(Stage.IMPLEMENTATION), request)
    assert (refused.value.rule, refused.value.field) == ("termination_comment", "comment")


@pytest.mark.parametrize("stage", CLOSED)
def test_closed_pair_cannot_be_terminated(stage: Stage) -> None:
    request = TerminationRequest(reason=TerminationReason.MUTUAL_DECISION, comment="Ещё раз")
    with pytest.raises(GuardRefused) as refused:
        g.termination_allowed(bare_pair(stage), request)
    assert (refused.value.rule, refused.value.field) == ("pair_active", "stage")


# --- Extension and shortening of the term (001 §4.10, §4.13) ------------------------------------------------


def change(
    new_end: date, *, mentor: bool = True, mentee: bool = True, override: str | None = None
) -> TermChangeRequest:
    return TermChangeRequest(
        new_end=new_end, mentor_agrees=mentor, mentee_agrees=mentee, override_reason=override
    )


@pytest.mark.parametrize("stage", [Stage.DESIGN, Stage.IMPLEMENTATION])
def test_term_may_change_in_design_and_implementation(stage: Stage) -> None:
    g.term_change_allowed(pair_in(stage), change(date(2027, 6, 30)))


@pytest.mark.parametrize("stage", [Stage.PREPARATORY, Stage.REFLECTIVE, Stage.RESULT, *CLOSED])
def test_term_may_not_change_outside_design_and_implementation(stage: Stage) -> None:
    with pytest.raises(GuardRefused) as refused:
        g.term_change_allowed(pair_in(stage), change(date(2027, 6, 30)))
    assert (refused.value.rule, refused.value.field) == ("term_change_stage", "stage")


@pytest.mark.parametrize(
    ("mentor", "mentee", "field"),
    [(False, True, "mentor_agrees"), (True, False, "mentee_agrees"), (False, False, "mentor_agrees")],
)
def test_extension_needs_agreement_of_both_sides(mentor: bool, mentee: bool, field: str) -> None:
    with pytest.raises(GuardRefused) as refused:
        g.term_change_allowed(
            pair_in(Stage.IMPLEMENTATION), change(date(2027, 6, 30), mentor=mentor, mentee=mentee)
        )
    assert (refused.value.rule, refused.value.field) == ("term_change_agreed", field)


def test_shortening_needs_agreement_of_both_sides() -> None:
    with pytest.raises(GuardRefused) as refused:
        g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), change(date(2027, 3, 1), mentee=False))
    assert refused.value.rule == "term_change_agreed"


def test_curator_override_does_not_replace_agreement_of_both_sides() -> None:
    request = change(date(2027, 12, 1), mentor=False, override="Решение педсовета")
    with pytest.raises(GuardRefused) as refused:
        g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), request)
    assert refused.value.rule == "term_change_agreed"


def test_term_change_to_the_same_end_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), change(END))
    assert (refused.value.rule, refused.value.field) == ("term_changed", "new_end")


@pytest.mark.parametrize("new_end", [date(2027, 1, 1), date(2027, 3, 1), date(2027, 10, 1)])
def test_term_may_be_extended_or_shortened_within_three_to_twelve_months(new_end: date) -> None:
    g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), change(new_end))


def test_term_beyond_twelve_months_needs_curator_override_with_reason() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    with pytest.raises(InvalidInput) as refused:
        g.term_change_allowed(pair, change(date(2027, 10, 2)))
    assert (refused.value.rule, refused.value.field) == ("term_3_to_12_months", "new_end")
    g.term_change_allowed(pair, change(date(2027, 10, 2), override="Длительная болезнь наставляемого"))


def test_term_shorter_than_three_months_needs_curator_override_with_reason() -> None:
    pair = pair_in(Stage.DESIGN)
    with pytest.raises(InvalidInput) as refused:
        g.term_change_allowed(pair, change(date(2026, 12, 31)))
    assert (refused.value.rule, refused.value.field) == ("term_3_to_12_months", "new_end")
    g.term_change_allowed(pair, change(date(2026, 12, 31), override="Наставник переезжает"))


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_override_reason_is_no_override(blank: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), change(date(2027, 12, 1), override=blank))
    assert refused.value.rule == "term_3_to_12_months"


@pytest.mark.parametrize("override", [None, "Решение куратора"])
def test_term_cannot_end_before_it_starts_even_with_override(override: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        g.term_change_allowed(pair_in(Stage.IMPLEMENTATION), change(START, override=override))
    assert (refused.value.rule, refused.value.field) == ("term_positive", "new_end")


# --- Meetings (002; 004 roadmap 20–26) ----------------------------------------------------------------------

# The specification, written out: which kind of meeting belongs to which stages.
MEETING_STAGES_SPEC: dict[MeetingKind, set[Stage]] = {
    MeetingKind.INTRODUCTION: {Stage.PREPARATORY, Stage.DESIGN},
    MeetingKind.TRIAL: {Stage.PREPARATORY, Stage.DESIGN},
    MeetingKind.PLANNING: {Stage.DESIGN, Stage.IMPLEMENTATION},
    MeetingKind.REGULAR: {Stage.IMPLEMENTATION},
    MeetingKind.FINAL: {Stage.IMPLEMENTATION, Stage.REFLECTIVE},
    MeetingKind.ACUTE: {Stage.RESULT},  # 000 §5.6: the mentor still reacts to acute situations
}
TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("kind", list(MeetingKind))
@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_each_kind_of_meeting_belongs_to_its_stages(stage: Stage, kind: MeetingKind) -> None:
    pair, held = pair_in(stage), meeting(kind, held_on=TODAY)
    if stage in MEETING_STAGES_SPEC[kind]:
        g.meeting_allowed(pair, held, TODAY)
        return
    with pytest.raises(GuardRefused) as refused:
        g.meeting_allowed(pair, held, TODAY)
    assert (refused.value.rule, refused.value.field) == ("meeting_fits_stage", "kind")


def test_a_meeting_refused_at_a_stage_is_named_in_russian() -> None:
    with pytest.raises(GuardRefused) as refused:
        g.meeting_allowed(
            pair_in(Stage.IMPLEMENTATION), meeting(MeetingKind.INTRODUCTION, held_on=TODAY), TODAY
        )
    assert refused.value.message == "«встреча-знакомство» не отмечается на этапе «реализационный»."


def test_only_an_acute_meeting_belongs_to_the_result_stage() -> None:
    in_result = {kind for kind, stages in g.MEETING_STAGES.items() if Stage.RESULT in stages}
    assert in_result == {MeetingKind.ACUTE}


def test_meeting_cannot_be_recorded_before_it_happens() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.meeting_allowed(
            pair_in(Stage.IMPLEMENTATION), meeting(MeetingKind.REGULAR, TODAY + timedelta(1)), TODAY
        )
    assert (refused.value.rule, refused.value.field) == ("meeting_not_in_future", "held_on")


def test_meeting_of_today_and_of_the_past_may_be_recorded() -> None:
    for held_on in (TODAY, TODAY - timedelta(days=30)):
        g.meeting_allowed(pair_in(Stage.IMPLEMENTATION), meeting(MeetingKind.REGULAR, held_on), TODAY)


@pytest.mark.parametrize("kind", list(MeetingKind))
@pytest.mark.parametrize("stage", CLOSED)
def test_no_meetings_after_the_pair_is_closed(stage: Stage, kind: MeetingKind) -> None:
    with pytest.raises(GuardRefused) as refused:
        g.meeting_allowed(bare_pair(stage), meeting(kind, TODAY), TODAY)
    assert (refused.value.rule, refused.value.field) == ("pair_active", "stage")


def test_a_date_has_begun_once_it_has_begun_at_utc_plus_twelve() -> None:
    """Russia spans UTC+2..UTC+12: Kamchatka starts the 21st at 12:00 UTC of the 20th."""
    assert latest_local_date(datetime(2026, 11, 20, 11, 59, 59, tzinfo=UTC)) == date(2026, 11, 20)
    assert latest_local_date(datetime(2026, 11, 20, 12, 0, tzinfo=UTC)) == date(2026, 11, 21)
    assert latest_local_date(datetime(2026, 12, 31, 12, 0, tzinfo=UTC)) == date(2027, 1, 1)


def test_latest_local_date_does_not_depend_on_the_offset_the_clock_reports() -> None:
    """The same instant, told in Moscow time, is still the 20th everywhere in Russia."""
    utc = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    moscow = utc.astimezone(timezone(timedelta(hours=3)))
    assert latest_local_date(utc) == date(2026, 11, 20)
    assert latest_local_date(moscow) == latest_local_date(utc)


# --- Which commands each stage takes ------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [*ACTIVE_IN_ORDER, *CLOSED])
def test_reflections_are_taken_only_in_the_reflective_stage(stage: Stage) -> None:
    if stage is Stage.REFLECTIVE:
        g.reflection_allowed(bare_pair(stage))
        return
    with pytest.raises(GuardRefused) as refused:
        g.reflection_allowed(bare_pair(stage))
    assert (refused.value.rule, refused.value.field) == ("reflection_stage", "stage")


@pytest.mark.parametrize("stage", [*ACTIVE_IN_ORDER, *CLOSED])
def test_plan_may_change_only_before_the_reflective_stage(stage: Stage) -> None:
    if stage in (Stage.PREPARATORY, Stage.DESIGN, Stage.IMPLEMENTATION):
        g.plan_change_allowed(bare_pair(stage))
        return
    with pytest.raises(GuardRefused) as refused:
        g.plan_change_allowed(bare_pair(stage))
    assert (refused.value.rule, refused.value.field) == ("plan_stage", "stage")


@pytest.mark.parametrize("stage", [*ACTIVE_IN_ORDER, *CLOSED])
def test_order_is_fixed_only_in_the_preparatory_stage(stage: Stage) -> None:
    if stage is Stage.PREPARATORY:
        g.order_change_allowed(bare_pair(stage))
        return
    with pytest.raises(GuardRefused) as refused:
        g.order_change_allowed(bare_pair(stage))
    assert (refused.value.rule, refused.value.field) == ("order_stage", "stage")


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_consents_of_members_may_be_recorded_in_every_active_stage(stage: Stage) -> None:
    g.consent_change_allowed(bare_pair(stage), MINOR_MENTEE)


def test_consent_is_recorded_only_for_a_member_of_the_pair() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.consent_change_allowed(bare_pair(Stage.PREPARATORY), "stranger")
    assert (refused.value.rule, refused.value.field) == ("consent_member", "participant_id")


@pytest.mark.parametrize("stage", CLOSED)
def test_consents_of_a_closed_pair_are_not_recorded(stage: Stage) -> None:
    with pytest.raises(GuardRefused) as refused:
        g.consent_change_allowed(bare_pair(stage), MINOR_MENTEE)
    assert refused.value.rule == "pair_active"


@pytest.mark.parametrize("stage", [*ACTIVE_IN_ORDER, *CLOSED])
def test_plan_is_marked_fulfilled_only_in_implementation(stage: Stage) -> None:
    if stage is Stage.IMPLEMENTATION:
        g.plan_fulfilment_allowed(pair_in(stage))
        return
    with pytest.raises(GuardRefused) as refused:
        g.plan_fulfilment_allowed(pair_in(stage))
    assert (refused.value.rule, refused.value.field) == ("plan_fulfilled_stage", "stage")


def test_plan_is_marked_fulfilled_only_when_there_is_a_plan() -> None:
    pair = bare_pair(Stage.IMPLEMENTATION)
    with pytest.raises(GuardRefused) as refused:
        g.plan_fulfilment_allowed(pair)
    assert refused.value.rule == "plan_fulfilled_stage"


# --- Who gives consent (000 §2.4, 152-FZ) -------------------------------------------------------------------


def test_minor_consents_through_a_named_guardian() -> None:
    g.consent_giver_valid(True, ConsentGiver.GUARDIAN, "Иванова Мария Петровна")


def test_adult_consents_in_person() -> None:
    g.consent_giver_valid(False, ConsentGiver.SELF, None)


def test_minor_cannot_consent_for_themself() -> None:
    with pytest.raises(InvalidInput) as refused:
        g.consent_giver_valid(True, ConsentGiver.SELF, None)
    assert (refused.value.rule, refused.value.field) == ("minor_consent_by_guardian", "given_by")


@pytest.mark.parametrize("name", [None, "", "   "])
def test_guardian_giving_consent_is_named(name: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        g.consent_giver_valid(True, ConsentGiver.GUARDIAN, name)
    assert (refused.value.rule, refused.value.field) == ("guardian_named", "guardian_name")


def test_adult_consents_for_themself() -> None:
    """consents_complete counts only an adult's own consent, so a guardian's is refused when recorded."""
    with pytest.raises(InvalidInput) as refused:
        g.consent_giver_valid(False, ConsentGiver.GUARDIAN, "Иванова Мария Петровна")
    assert (refused.value.rule, refused.value.field) == ("adult_consents_self", "given_by")


# --- Refusals are Russian -----------------------------------------------------------------------------------

REFUSALS: list[Callable[[], None]] = [
    lambda: g.consents_complete(pupil_pair()),
    lambda: g.order_fixed(pupil_pair()),
    lambda: g.plan_approved(bare_pair(Stage.DESIGN)),
    lambda: g.validate_plan(plan(goal_count=0)),
    lambda: g.validate_plan(plan(scheduled_meetings=0)),
    lambda: g.validate_plan(plan(ends_on=date(2028, 1, 1))),
    lambda: g.implementation_finished(pair_in(Stage.IMPLEMENTATION)),
    lambda: g.reflection_recorded(pair_in(Stage.REFLECTIVE)),
    lambda: g.termination_allowed(
        bare_pair(Stage.DESIGN), TerminationRequest(reason=TerminationReason.MUTUAL_DECISION)
    ),
    lambda: g.term_change_allowed(bare_pair(Stage.RESULT), change(date(2027, 6, 1))),
    lambda: g.term_change_allowed(bare_pair(Stage.DESIGN), change(date(2027, 6, 1), mentee=False)),
    lambda: g.meeting_allowed(bare_pair(Stage.RESULT), meeting(MeetingKind.REGULAR, TODAY), TODAY),
    lambda: g.consent_giver_valid(True, ConsentGiver.SELF, None),
]


def test_every_refusal_says_in_russian_what_is_missing() -> None:
    for refuse in REFUSALS:
        with pytest.raises(DomainError) as refused:
            refuse()
        assert refused.value.rule
        assert str(refused.value).strip()
        assert CYRILLIC.search(str(refused.value)), refused.value.rule
