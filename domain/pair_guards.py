"""Guards of the pair lifecycle: each a named rule from the documents that says, in Russian, what is missing.

A guard returns None when the rule holds and raises a DomainError naming the rule when it does not.
"""

from __future__ import annotations

from datetime import date

from domain import bounds
from domain.calendar import add_months
from domain.errors import GuardRefused, InvalidInput
from domain.labels import MEETING_KIND_LABELS, document_reference, stage_label
from domain.pair import (
    ConsentGiver,
    ConsentKind,
    MeetingFacts,
    MeetingKind,
    MemberRole,
    PairMember,
    PairState,
    PlanFacts,
    TermChangeRequest,
    TerminationRequest,
)
from domain.stages import ACTIVE_STAGES, Stage

MIN_TERM_MONTHS = 3  # 001 §1.3: a personalised programme lasts 3 months to 1 year
MAX_TERM_MONTHS = 12

_ROLE_GENITIVE = {MemberRole.MENTOR: "наставника", MemberRole.MENTEE: "наставляемого"}


def _who(member: PairMember) -> str:
    return f"{_ROLE_GENITIVE[member.role]} {member.participant_id}"


def consents_complete(pair: PairState) -> None:
    """000 §2.3–2.4, 004 roadmap 5–6: written consent to take part and to personal-data processing,
    given by the person or, for a minor, by the legal guardian."""
    missing: list[str] = []
    for member in pair.members:
        giver = ConsentGiver.GUARDIAN if member.minor else ConsentGiver.SELF
        for kind, what in (
            (ConsentKind.PARTICIPATION, "письменного согласия на участие"),
            (ConsentKind.PERSONAL_DATA, "согласия на обработку персональных данных"),
        ):
            fact = pair.consent_of(member.participant_id, kind)
            if fact is None or fact.given_by is not giver:
                by = " от законного представителя" if member.minor else ""
                missing.append(f"нет {what}{by} {_who(member)}")
    if missing:
        raise GuardRefused(
            "consents_complete",
            "Пару нельзя перевести дальше подготовительного этапа: " + "; ".join(missing) + ".",
            field="consents",
            details={"missing": missing},
        )


def order_fixed(pair: PairState) -> None:
    """000 §2.7: an order of the head fixes the pair."""
    if pair.order is None:
        raise GuardRefused(
            "order_fixed",
            "Пара не закреплена приказом руководителя: укажите номер и дату приказа.",
            field="order",
        )


def validate_plan(plan: PlanFacts, *, term_overridden: bool = False) -> None:
    """001 §1.3, §4.8: goals, a schedule of meetings with a cadence, a format and a term of 3–12 months
    (unless the curator overrode the term with a reason)."""
    if plan.goal_count < 1:
        raise InvalidInput("plan_has_goals", "В индивидуальном плане должна быть хотя бы одна цель.", "goals")
    if plan.scheduled_meetings < 1:
        raise InvalidInput(
            "plan_has_schedule", "В индивидуальном плане должен быть график встреч.", "schedule"
        )
    if not term_overridden:
        term_within_limits(plan.starts_on, plan.ends_on, field="ends_on")
    else:
        bounds.term_end_after_override(plan.starts_on, plan.ends_on, "ends_on")


def term_within_limits(starts_on: date, ends_on: date, *, field: str) -> None:
    if ends_on <= starts_on:
        raise InvalidInput("term_positive", "Дата окончания должна быть позже даты начала.", field)
    if ends_on < add_months(starts_on, MIN_TERM_MONTHS) or ends_on > add_months(starts_on, MAX_TERM_MONTHS):
        raise InvalidInput(
            "term_3_to_12_months",
            f"Срок программы наставничества — от 3 месяцев до 1 года ({document_reference('001', '1.3')}).",
            field,
        )


def plan_approved(pair: PairState) -> None:
    """Leaving design needs the individual plan (001 §4.8)."""
    if pair.plan is None:
        raise GuardRefused(
            "plan_approved",
            "Нет индивидуального плана: цели, график и периодичность встреч, формат, срок 3–12 месяцев.",
            field="plan",
        )
    validate_plan(pair.plan, term_overridden=bool(pair.term_override_reason))


def implementation_finished(pair: PairState) -> None:
    """Leaving implementation: the final meeting was held, or the plan is marked fulfilled."""
    if pair.meetings.count(MeetingKind.FINAL) == 0 and not (pair.plan and pair.plan.fulfilled):
        raise GuardRefused(
            "implementation_finished",
            "Реализационный этап не завершён: не отмечена итоговая встреча и план не отмечен выполненным.",
            field="meetings",
        )


def reflection_recorded(pair: PairState) -> None:
    """000 §5.5: the mentor analyses and reports; the mentee reflects."""
    missing = []
    if "mentor_report" not in pair.reflections:
        missing.append("отчёта наставника")
    if "mentee_reflection" not in pair.reflections:
        missing.append("рефлексии наставляемого")
    if missing:
        raise GuardRefused(
            "reflection_recorded",
            "Рефлексивно-аналитический этап не завершён: нет " + " и ".join(missing) + ".",
            field="reflections",
        )


def pair_is_active(pair: PairState) -> None:
    if pair.stage not in ACTIVE_STAGES:
        raise GuardRefused("pair_active", "Пара уже завершена: изменения не принимаются.", field="stage")


def termination_allowed(pair: PairState, request: TerminationRequest) -> None:
    """001 §4.12 and 003 §6.2: an allowed reason and a comment explaining it."""
    pair_is_active(pair)
    if not request.commented:
        raise InvalidInput(
            "termination_comment",
            "Укажите комментарий: почему наставничество завершается досрочно.",
            field="comment",
        )


def term_change_allowed(pair: PairState, request: TermChangeRequest) -> None:
    """001 §4.10, §4.13: both sides agree; only in design or implementation; the term stays 3–12 months
    unless the curator overrides it with a reason."""
    if pair.stage not in (Stage.DESIGN, Stage.IMPLEMENTATION):
        raise GuardRefused(
            "term_change_stage",
            "Продлить или сократить срок можно только на проектировочном или реализационном этапе.",
            field="stage",
        )
    if not (request.mentor_agrees and request.mentee_agrees):
        raise GuardRefused(
            "term_change_agreed",
            "Изменение срока требует согласия и наставника, и наставляемого"
            f" ({document_reference('001', '4.13')}).",
            field="mentor_agrees" if not request.mentor_agrees else "mentee_agrees",
        )
    if request.new_end == pair.planned_end:
        raise InvalidInput("term_changed", "Новая дата окончания совпадает с текущей.", "new_end")
    if request.overridden:
        if request.new_end <= pair.planned_start:
            raise InvalidInput("term_positive", "Дата окончания должна быть позже даты начала.", "new_end")
        bounds.term_end_after_override(pair.planned_start, request.new_end, "new_end")
        return
    term_within_limits(pair.planned_start, request.new_end, field="new_end")


# Which meetings belong to which stages (002; 004 roadmap 20–26): acquaintance and trial before the plan,
# planning while designing it, regular meetings while carrying it out, the final one to close it.
MEETING_STAGES: dict[MeetingKind, frozenset[Stage]] = {
    MeetingKind.INTRODUCTION: frozenset({Stage.PREPARATORY, Stage.DESIGN}),
    MeetingKind.TRIAL: frozenset({Stage.PREPARATORY, Stage.DESIGN}),
    MeetingKind.PLANNING: frozenset({Stage.DESIGN, Stage.IMPLEMENTATION}),
    MeetingKind.REGULAR: frozenset({Stage.IMPLEMENTATION}),
    MeetingKind.FINAL: frozenset({Stage.IMPLEMENTATION, Stage.REFLECTIVE}),
}


def meeting_allowed(pair: PairState, meeting: MeetingFacts, today: date) -> None:
    pair_is_active(pair)
    if meeting.held_on > today:
        raise InvalidInput(
            "meeting_not_in_future", "Нельзя отметить встречу, которая ещё не состоялась.", "held_on"
        )
    if pair.stage not in MEETING_STAGES[meeting.kind]:
        kind, stage = MEETING_KIND_LABELS[meeting.kind.value], stage_label(pair.stage)
        raise GuardRefused(
            "meeting_fits_stage",
            f"«{kind}» не отмечается на этапе «{stage}».",
            field="kind",
        )


def reflection_allowed(pair: PairState) -> None:
    if pair.stage is not Stage.REFLECTIVE:
        raise GuardRefused(
            "reflection_stage",
            "Отчёт наставника и рефлексия наставляемого принимаются на рефлексивно-аналитическом этапе.",
            field="stage",
        )


def plan_change_allowed(pair: PairState) -> None:
    """The plan is designed in design; changing it later needs both sides (001 §4.13), via the curator."""
    if pair.stage not in (Stage.PREPARATORY, Stage.DESIGN, Stage.IMPLEMENTATION):
        raise GuardRefused(
            "plan_stage", "Индивидуальный план можно менять до рефлексивного этапа.", field="stage"
        )


def order_change_allowed(pair: PairState) -> None:
    if pair.stage is not Stage.PREPARATORY:
        raise GuardRefused(
            "order_stage", "Приказ о закреплении пары вносится на подготовительном этапе.", field="stage"
        )


def consent_change_allowed(pair: PairState, participant_id: str) -> None:
    pair_is_active(pair)
    if all(m.participant_id != participant_id for m in pair.members):
        raise InvalidInput("consent_member", "Этот участник не состоит в паре.", "participant_id")


def plan_fulfilment_allowed(pair: PairState) -> None:
    if pair.stage is not Stage.IMPLEMENTATION or pair.plan is None:
        raise GuardRefused(
            "plan_fulfilled_stage",
            "Отметить план выполненным можно на реализационном этапе, когда план утверждён.",
            field="stage",
        )


def consent_giver_valid(minor: bool, given_by: ConsentGiver, guardian_name: str | None) -> None:
    """000 §2.4, 152-FZ: for a minor the legal guardian consents, and is named in the document."""
    if minor and given_by is not ConsentGiver.GUARDIAN:
        raise InvalidInput(
            "minor_consent_by_guardian",
            "Участник несовершеннолетний: согласие даёт законный представитель.",
            "given_by",
        )
    if not minor and given_by is ConsentGiver.GUARDIAN:
        raise InvalidInput(
            "adult_consents_self", "Участник совершеннолетний: согласие даёт он сам.", "given_by"
        )
    if given_by is ConsentGiver.GUARDIAN and not (guardian_name or "").strip():
        raise InvalidInput("guardian_named", "Укажите ФИО законного представителя.", "guardian_name")
