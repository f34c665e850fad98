"""Guards of the pair lifecycle: each a named rule from the documents that says, in Russian, what is missing.

A guard returns None when the rule holds and raises a DomainError naming the rule when it does not.
"""

from __future__ import annotations

from datetime import date

from domain import bounds
from domain.errors import GuardRefused, InvalidInput
from domain.forms import Kind
from domain.labels import MEETING_KIND_LABELS, document_reference, stage_label
from domain.mentoring_kinds import plan_fits_kind, speed_mentoring_one_meeting, term_fits_kind
from domain.named import person
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
from domain.russian_names import Case
from domain.stages import ACTIVE_STAGES, Stage

_ROLE_GENITIVE = {MemberRole.MENTOR: "наставника", MemberRole.MENTEE: "наставляемого"}


def _who(member: PairMember) -> str:
    """«наставника Петрова Ильи»: role and name, both in the genitive (the API puts the name in)."""
    return f"{_ROLE_GENITIVE[member.role]} {person(member.participant_id, Case.GENITIVE)}"


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


def validate_plan(
    plan: PlanFacts,
    kind: Kind = Kind.TRADITIONAL,
    teacher_mentee: bool = True,
    *,
    term_overridden: bool = False,
) -> None:
    """001 §4.8, §4.4, §1.3: goals, the meetings the kind expects (a schedule with a cadence; one meeting
    for speed mentoring; none fixed for situational), and the term of the kind (unless the curator
    overrode it with a reason)."""
    if plan.goal_count < 1:
        raise InvalidInput("plan_has_goals", "В индивидуальном плане должна быть хотя бы одна цель.", "goals")
    plan_fits_kind(kind, plan.scheduled_meetings, plan.cadence_days)
    if not term_overridden:
        term_fits_kind(kind, teacher_mentee, plan.starts_on, plan.ends_on, field="ends_on")
    else:
        bounds.term_end_after_override(plan.starts_on, plan.ends_on, "ends_on")


def term_within_limits(starts_on: date, ends_on: date, *, field: str) -> None:
    """001 §1.3: the term of a teacher's personalised programme of a scheduled kind."""
    term_fits_kind(Kind.TRADITIONAL, True, starts_on, ends_on, field=field)


def plan_approved(pair: PairState) -> None:
    """Leaving design needs the individual plan (001 §4.8)."""
    if pair.plan is None:
        raise GuardRefused(
            "plan_approved",
            "Нет индивидуального плана: цели, график и периодичность встреч, формат и срок.",
            field="plan",
        )
    validate_plan(pair.plan, pair.kind, pair.teacher_mentee, term_overridden=bool(pair.term_override_reason))


def working_meetings(pair: PairState) -> int:
    return pair.meetings.count(MeetingKind.REGULAR) + pair.meetings.count(MeetingKind.FINAL)


def implementation_finished(pair: PairState) -> None:
    """Leaving implementation: the final meeting was held, or the plan is marked fulfilled; a speed pair's
    one meeting is its final one (001 §4.4)."""
    speed_done = pair.kind is Kind.SPEED and working_meetings(pair) >= 1
    if (
        pair.meetings.count(MeetingKind.FINAL) == 0
        and not (pair.plan and pair.plan.fulfilled)
        and not speed_done
    ):
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
        agrees = {MemberRole.MENTOR: request.mentor_agrees, MemberRole.MENTEE: request.mentee_agrees}
        missing = ", ".join(_who(m) for m in pair.members if not agrees[m.role])
        raise GuardRefused(
            "term_change_agreed",
            "Изменение срока требует согласия и наставника, и наставляемого"
            f" ({document_reference('001', '4.13')}): нет согласия {missing}.",
            field="mentor_agrees" if not request.mentor_agrees else "mentee_agrees",
        )
    if request.new_end == pair.planned_end:
        raise InvalidInput("term_changed", "Новая дата окончания совпадает с текущей.", "new_end")
    if request.overridden:
        if request.new_end <= pair.planned_start:
            raise InvalidInput("term_positive", "Дата окончания должна быть позже даты начала.", "new_end")
        bounds.term_end_after_override(pair.planned_start, request.new_end, "new_end")
        return
    term_fits_kind(pair.kind, pair.teacher_mentee, pair.planned_start, request.new_end, field="new_end")


# Which meetings belong to which stages (002; 004 roadmap 20–26): acquaintance and trial before the plan,
# planning while designing it, regular meetings while carrying it out, the final one to close it.
MEETING_STAGES: dict[MeetingKind, frozenset[Stage]] = {
    MeetingKind.INTRODUCTION: frozenset({Stage.PREPARATORY, Stage.DESIGN}),
    MeetingKind.TRIAL: frozenset({Stage.PREPARATORY, Stage.DESIGN}),
    MeetingKind.PLANNING: frozenset({Stage.DESIGN, Stage.IMPLEMENTATION}),
    MeetingKind.REGULAR: frozenset({Stage.IMPLEMENTATION}),
    MeetingKind.FINAL: frozenset({Stage.IMPLEMENTATION, Stage.REFLECTIVE}),
    # 000 §5.6: in the result stage the mentor steps back but still reacts to acute situations.
    MeetingKind.ACUTE: frozenset({Stage.RESULT}),
}
CONSENTED_MEETINGS = frozenset({MeetingKind.INTRODUCTION, MeetingKind.TRIAL})


def _missing_consents(pair: PairState, kinds: tuple[ConsentKind, ...]) -> list[str]:
    """Whose consent is missing: role and name in the genitive (the API puts the names in)."""
    missing: list[str] = []
    for member in pair.members:
        giver = ConsentGiver.GUARDIAN if member.minor else ConsentGiver.SELF
        for kind in kinds:
            fact = pair.consent_of(member.participant_id, kind)
            if fact is None or fact.given_by is not giver:
                by = " (от законного представителя)" if member.minor else ""
                missing.append(f"{_who(member)}{by}")
                break
    return missing


def consented_before_order(pair: PairState) -> None:
    """000 §2.7, 001 §3.8: the order fixes pairs «с письменного согласия их участников» — the written
    consent to take part comes first."""
    missing = _missing_consents(pair, (ConsentKind.PARTICIPATION,))
    if missing:
        raise GuardRefused(
            "consented_before_order",
            "Приказ закрепляет пару только с письменного согласия её участников: нет согласия на участие "
            + ", ".join(missing)
            + ".",
            field="consents",
        )


def consent_before_meetings(pair: PairState, meeting: MeetingFacts) -> None:
    """000 §2.3–2.4; 004 roadmap 20–21: the introduction and trial meetings need every member's written
    consent to take part."""
    if meeting.kind not in CONSENTED_MEETINGS:
        return
    missing = _missing_consents(pair, (ConsentKind.PARTICIPATION,))
    if missing:
        kind = MEETING_KIND_LABELS[meeting.kind.value]
        raise GuardRefused(
            "consent_before_meetings",
            f"«{kind}» проводится после письменного согласия на участие; его нет у "
            + ", ".join(missing)
            + ".",
            field="kind",
        )


def meeting_allowed(pair: PairState, meeting: MeetingFacts, today: date, *, kinds_apply: bool = True) -> None:
    """Meetings fit the stage (002; 004 roadmap 20–26; 000 §5.6) and, for pairs under the rules of
    issue 12 (`kinds_apply`), the kind (speed: one meeting) and the consents (introduction, trial)."""
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
    if kinds_apply:
        if meeting.kind in (MeetingKind.REGULAR, MeetingKind.FINAL):
            speed_mentoring_one_meeting(pair.kind, working_meetings(pair))
        consent_before_meetings(pair, meeting)


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
        raise InvalidInput(
            "consent_member",
            f"{person(participant_id)} не состоит в паре {pair.pair_id}.",
            "participant_id",
            {"participant_id": participant_id},
        )


def plan_fulfilment_allowed(pair: PairState) -> None:
    if pair.stage is not Stage.IMPLEMENTATION or pair.plan is None:
        raise GuardRefused(
            "plan_fulfilled_stage",
            "Отметить план выполненным можно на реализационном этапе, когда план утверждён.",
            field="stage",
        )


def consent_giver_valid(
    minor: bool, given_by: ConsentGiver, guardian_name: str | None, *, participant_id: str | None = None
) -> None:
    """000 §2.4, 152-FZ: for a minor the legal guardian consents, and is named in the document."""
    whom = person(participant_id, Case.DATIVE) if participant_id else "Участнику"
    if minor and given_by is not ConsentGiver.GUARDIAN:
        raise InvalidInput(
            "minor_consent_by_guardian",
            f"{whom} нет 18 лет: согласие даёт законный представитель.",
            "given_by",
        )
    if not minor and given_by is ConsentGiver.GUARDIAN:
        raise InvalidInput(
            "adult_consents_self", f"{whom} уже есть 18 лет: согласие даёт сам участник.", "given_by"
        )
    if given_by is ConsentGiver.GUARDIAN and not (guardian_name or "").strip():
        raise InvalidInput("guardian_named", "Укажите ФИО законного представителя.", "guardian_name")
