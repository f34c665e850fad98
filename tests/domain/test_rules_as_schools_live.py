"""Issue 12 (points 1–11, 15, 16): the rules as schools live them — each test named after its rule, with
what it allows and what it refuses. Matching's hard rules (peers, invited mentors, age 10) are tested in
test_matching.py and test_pair_composition.py; the programme's in test_programme_guards.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain import actors
from domain import pair_events as ev
from domain.actors import Actor, Scope
from domain.errors import DomainError, Forbidden, GuardRefused, InvalidInput
from domain.escalation import EscalationPolicy, ItemKind
from domain.forms import Form, Kind, ParticipantKind
from domain.mentor_base import (
    MentorRecord,
    labour_agreement_for_teacher_mentor,
    mentor_ready,
    mentor_selected_and_trained,
    order_refers_to_mentors_agreements,
    personal_data_consent_first,
)
from domain.mentoring_kinds import expects_regular_meetings, plan_fits_kind, term_fits_kind
from domain.pair import ConsentGiver, ConsentKind, MeetingKind, MemberRole, PairMember, PairState
from domain.pair_guards import (
    consent_before_meetings,
    consented_before_order,
    implementation_finished,
    meeting_allowed,
)
from domain.pair_items import items_after
from domain.participants import pupil_old_enough
from domain.role_models import RoleModel, role_model_of_form
from domain.stages import Stage
from tests.domain.test_pair_builders import curator, head, mentee, mentor, pair_in, scope_of
from tests.factories import CURATOR, all_consents, consent, meeting, plan, pupil_pair

TODAY = date(2026, 11, 20)


def kinded(kind: Kind, stage: Stage = Stage.IMPLEMENTATION) -> PairState:
    pair = pair_in(stage)
    pair.kind = kind
    return pair


# 15. Role models as a catalogue


def test_role_model_of_form() -> None:
    assert role_model_of_form(Form.STUDENT_STUDENT, "равный — равному") is RoleModel.PEER_TO_PEER
    assert role_model_of_form(Form.STUDENT_STUDENT, "peer_to_peer") is RoleModel.PEER_TO_PEER
    assert role_model_of_form(Form.TEACHER_STUDENT, "Равный – другому") is RoleModel.PEER_TO_OTHER
    assert role_model_of_form(Form.TEACHER_TEACHER, "опытный педагог — молодой специалист") is not None
    assert role_model_of_form(Form.HEAD_TEACHER, "") is None
    with pytest.raises(InvalidInput) as refused:
        role_model_of_form(Form.TEACHER_TEACHER, "равный – равному")  # a pupils' model
    assert (refused.value.rule, refused.value.field) == ("role_model_of_form", "role_model")
    assert "опытный педагог – молодой специалист" in refused.value.message
    with pytest.raises(InvalidInput):
        role_model_of_form(Form.STUDENT_STUDENT, "что-то своё")


# 3. Kinds of mentoring: term, meetings, escalation


def test_term_fits_kind() -> None:
    start = date(2026, 10, 1)
    term_fits_kind(Kind.TRADITIONAL, True, start, date(2027, 1, 1), field="f")  # a teacher: 3 months
    with pytest.raises(InvalidInput) as refused:
        term_fits_kind(Kind.TRADITIONAL, True, start, date(2026, 11, 1), field="f")
    assert refused.value.rule == "term_3_to_12_months" and "педагога" in refused.value.message
    # A pupil pair is not a teacher's personalised programme: a month, or two years, is the school's call.
    term_fits_kind(Kind.TRADITIONAL, False, start, date(2026, 11, 1), field="f")
    term_fits_kind(Kind.SPEED, True, start, start, field="f")  # one meeting, one day
    term_fits_kind(Kind.SITUATIONAL, True, start, date(2026, 10, 20), field="f")
    with pytest.raises(InvalidInput) as backwards:
        term_fits_kind(Kind.SPEED, False, start, date(2026, 9, 30), field="f")
    assert backwards.value.rule == "term_positive"
    with pytest.raises(InvalidInput):
        term_fits_kind(Kind.TRADITIONAL, False, start, start, field="f")


def test_plan_fits_kind() -> None:
    plan_fits_kind(Kind.TRADITIONAL, 10, 14)
    plan_fits_kind(Kind.SPEED, 1, None)
    plan_fits_kind(Kind.SITUATIONAL, 0, None)  # no fixed schedule
    for kind, meetings, cadence, rule in (
        (Kind.SPEED, 2, None, "speed_mentoring_one_meeting"),
        (Kind.TRADITIONAL, 0, 14, "plan_has_schedule"),
        (Kind.SHORT_TERM, 4, None, "plan_has_cadence"),
    ):
        with pytest.raises(InvalidInput) as refused:
            plan_fits_kind(kind, meetings, cadence)
        assert refused.value.rule == rule


def test_speed_mentoring_one_meeting() -> None:
    pair = kinded(Kind.SPEED)
    pair.meetings.by_kind = {}
    meeting_allowed(pair, meeting(MeetingKind.REGULAR, TODAY), TODAY)
    ev.apply_record_meeting(
        pair,
        ev.RecordMeeting(actor=CURATOR, meeting=meeting(MeetingKind.REGULAR, TODAY)),
        datetime(2026, 11, 20, 12, tzinfo=UTC),
    )
    implementation_finished(pair)  # the one meeting is its final one
    with pytest.raises(GuardRefused) as refused:
        meeting_allowed(pair, meeting(MeetingKind.REGULAR, TODAY), TODAY)
    assert refused.value.rule == "speed_mentoring_one_meeting"
    meeting_allowed(pair, meeting(MeetingKind.REGULAR, TODAY), TODAY, kinds_apply=False)  # old histories


def test_no_meeting_escalation_follows_the_kind() -> None:
    """001 §4.4: speed and situational pairs owe no meeting at a cadence; the scheduled kinds do."""
    assert expects_regular_meetings(Kind.TRADITIONAL) and expects_regular_meetings(Kind.SHORT_TERM)
    cases = ((Kind.TRADITIONAL, True, 12), (Kind.SPEED, False, 1), (Kind.SITUATIONAL, False, 0))
    for kind, owes, scheduled in cases:
        pair = kinded(kind, Stage.DESIGN)
        pair.plan = plan(scheduled_meetings=scheduled, cadence_days=14 if owes else None)
        event = ev.apply_advance(
            pair,
            ev.AdvanceStage(actor=CURATOR, to_stage=Stage.IMPLEMENTATION),
            datetime(2026, 10, 5, 9, tzinfo=UTC),
        )
        opened = {i.kind for i in items_after(pair, event, EscalationPolicy()).open}
        assert (ItemKind.NO_MEETING in opened) is owes, kind
        assert ItemKind.PLAN_PAST_END in opened  # the plan's end still counts
        old = {i.kind for i in items_after(pair, event, EscalationPolicy(), kinds_apply=False).open}
        assert ItemKind.NO_MEETING in old  # replayed histories keep what they did


# 4. The result stage


def test_acute_meeting_in_the_result_stage() -> None:
    """000 §5.6: the mentor steps back but reacts to acute situations."""
    meeting_allowed(pair_in(Stage.RESULT), meeting(MeetingKind.ACUTE, TODAY), TODAY)
    with pytest.raises(GuardRefused) as refused:
        meeting_allowed(pair_in(Stage.RESULT), meeting(MeetingKind.REGULAR, TODAY), TODAY)
    assert refused.value.rule == "meeting_fits_stage"


# 9. Consents first


def test_consented_before_order() -> None:
    pair = pupil_pair()
    with pytest.raises(GuardRefused) as refused:
        consented_before_order(pair)
    assert (
        refused.value.rule == "consented_before_order" and "законного представителя" in refused.value.message
    )
    # Whom it is about, as a placeholder in the genitive: the API puts the declined name in its place.
    assert "наставника mentor-1#genitive" in refused.value.message
    pair.consents = [c for c in all_consents(pair) if c.kind is ConsentKind.PARTICIPATION]
    consented_before_order(pair)


def test_consent_before_meetings() -> None:
    pair = pupil_pair()
    with pytest.raises(GuardRefused) as refused:
        consent_before_meetings(pair, meeting(MeetingKind.INTRODUCTION, TODAY))
    assert refused.value.rule == "consent_before_meetings"
    with pytest.raises(GuardRefused):
        consent_before_meetings(pair, meeting(MeetingKind.TRIAL, TODAY))
    pair.consents = all_consents(pair)
    consent_before_meetings(pair, meeting(MeetingKind.INTRODUCTION, TODAY))
    consent_before_meetings(pupil_pair(), meeting(MeetingKind.REGULAR, TODAY))  # not the first meetings


def test_personal_data_consent_first() -> None:
    """004 roadmap 5–6, 10: before the bases and matching."""
    with pytest.raises(GuardRefused) as refused:
        personal_data_consent_first([], minor=True)
    assert (
        refused.value.rule == "personal_data_consent_first"
        and "законного представителя" in refused.value.message
    )
    by_self = consent("p-1", ConsentKind.PERSONAL_DATA, ConsentGiver.SELF)
    with pytest.raises(GuardRefused):
        personal_data_consent_first([by_self], minor=True)  # a minor's is the guardian's
    personal_data_consent_first([by_self], minor=False)
    withdrawn = by_self.model_copy(update={"withdrawn": True})
    with pytest.raises(GuardRefused):
        personal_data_consent_first([by_self, withdrawn], minor=False)
    participation = consent("p-1", ConsentKind.PARTICIPATION, ConsentGiver.SELF)
    with pytest.raises(GuardRefused):
        personal_data_consent_first([participation], minor=False)


# 5, 10. Selection and training of every mentor of a programme's pair


def test_mentor_selected_and_trained() -> None:
    selected = MentorRecord(participant_id="t-1", questionnaire_on=TODAY, interview_on=TODAY)
    mentor_selected_and_trained(selected, programme_requires=False)
    cases = (
        (MentorRecord(participant_id="t-1", in_base=False), True, "mentor_in_programme_base"),
        (MentorRecord(participant_id="t-1", questionnaire_on=TODAY), False, "mentor_selected"),
        (selected, True, "mentor_trained"),
        (selected.model_copy(update={"training_required": True}), False, "mentor_trained"),
    )
    for record, requires, rule in cases:
        with pytest.raises(InvalidInput) as refused:
            mentor_selected_and_trained(record, programme_requires=requires)
        assert (refused.value.rule, refused.value.field) == (rule, "mentor_ids")
        assert not mentor_ready(record, requires)
    # The curator says this mentor needs no training though the programme trains mentors by default.
    exempt = selected.model_copy(update={"training_required": False})
    assert mentor_ready(exempt, programme_requires=True)
    assert mentor_ready(selected.model_copy(update={"trained_on": TODAY}), programme_requires=True)


# 16. The mentor's additional agreement


def test_labour_agreement_for_teacher_mentor() -> None:
    labour_agreement_for_teacher_mentor(ParticipantKind.TEACHER, external=False)
    for kind, external in (
        (ParticipantKind.TEACHER, True),  # a teacher of another school has no contract here
        (ParticipantKind.PARENT, False),
        (ParticipantKind.PUPIL, False),
    ):
        with pytest.raises(InvalidInput) as refused:
            labour_agreement_for_teacher_mentor(kind, external)
        assert refused.value.rule == "labour_agreement_for_teacher_mentor"


def test_order_refers_to_mentors_agreements() -> None:
    order_refers_to_mentors_agreements({"agr-1": "mentor-1"}, {"mentor-1"})
    with pytest.raises(InvalidInput) as refused:
        order_refers_to_mentors_agreements({"agr-1": "mentor-1", "agr-2": "mentor-7"}, {"mentor-1"})
    assert refused.value.rule == "order_refers_to_mentors_agreements"
    assert refused.value.details == {"agreement_ids": ["agr-2"]}


# 7. Who drafts, approves, proposes and petitions


@pytest.mark.parametrize(
    ("rule", "allowed", "refused"),
    [
        (actors.plan_drafted_by_mentor, (mentor, curator), (mentee, head)),
        (actors.plan_approved_by_curator, (curator,), (mentor, mentee, head)),
        (actors.mentee_proposes_plan_changes, (mentee, curator), (mentor, head)),
        (actors.mentee_petitions_head, (mentee, curator), (mentor, head)),
        (actors.head_decides_petition, (head,), (curator, mentor, mentee)),
    ],
    ids=[
        "plan_drafted_by_mentor",
        "plan_approved_by_curator",
        "mentee_proposes_plan_changes",
        "mentee_petitions_head",
        "head_decides_petition",
    ],
)
def test_who_acts_in_a_pair(
    rule: Callable[[Actor, Scope], None],
    allowed: tuple[Callable[[], Actor], ...],
    refused: tuple[Callable[[], Actor], ...],
) -> None:
    """003 §5.1, §6.2: the mentor drafts, the curator approves, the mentee proposes and petitions, the head
    decides; the curator acts for mentor and mentee, never for the head."""
    for make in allowed:
        rule(make(), scope_of())
    for make in refused:
        with pytest.raises(Forbidden):
            rule(make(), scope_of())
    stranger = head("school-2") if rule is actors.head_decides_petition else curator("school-2")
    with pytest.raises(DomainError):  # another school's pair is not found
        rule(stranger, scope_of())


# 8. Age


def test_pupil_old_enough() -> None:
    assert pupil_old_enough(ParticipantKind.PUPIL, 10)
    assert not pupil_old_enough(ParticipantKind.PUPIL, 9)
    assert pupil_old_enough(ParticipantKind.PUPIL, None)  # no birth date: the age is not known
    assert pupil_old_enough(ParticipantKind.TEACHER, 9)


def test_teacher_mentee_of_a_pair_is_known_by_kind() -> None:
    pupils = pupil_pair(
        members=[
            PairMember(participant_id="a", role=MemberRole.MENTOR, kind=ParticipantKind.PUPIL),
            PairMember(participant_id="b", role=MemberRole.MENTEE, kind=ParticipantKind.PUPIL),
        ]
    )
    assert not pupils.teacher_mentee
    assert pupil_pair().teacher_mentee  # kinds unknown (formed before): the teacher's term stays
    plan_fits_kind(Kind.TRADITIONAL, plan().scheduled_meetings, plan().cadence_days)
