"""What the individual plan holds and when its intermediate results are recorded (issue 12 point 14).

001 §4.8: the plan's explanatory note fixes the problem, the goals and tasks, the content, the term, the
intermediate and planned results, the schedule of meetings and the mode (online, in person, mixed).
002 item 22 and 003 §5.1: intermediate results are recorded while the plan is carried out. Pure.
"""

from __future__ import annotations

from datetime import date

from domain.errors import GuardRefused, InvalidInput
from domain.labels import stage_label
from domain.named import person
from domain.russian_names import Case
from domain.stages import Stage

# The parts of the plan 001 §4.8 lists, as a curator reads them.
PLAN_PARTS: dict[str, str] = {
    "problem": "описание проблемы",
    "goals": "цели и задачи",
    "content": "содержание деятельности",
    "term": "сроки реализации",
    "intermediate_results": "промежуточные результаты",
    "planned_results": "планируемые результаты",
    "schedule": "расписание встреч",
    "format": "режим работы (онлайн, очный, смешанный)",
}


def intermediate_result_allowed(stage: Stage, achieved_on: date, today: date) -> None:
    """`intermediate_results_during_implementation`: an intermediate result is recorded on the
    implementation stage (002 item 22, 003 §5.1), for a day that has come."""
    if stage is not Stage.IMPLEMENTATION:
        raise GuardRefused(
            "intermediate_results_during_implementation",
            "Промежуточные результаты вносятся на реализационном этапе, а пара на этапе "
            f"«{stage_label(stage)}».",
            "stage",
        )
    if achieved_on > today:
        raise InvalidInput(
            "intermediate_result_not_in_future", "Дата результата ещё не наступила.", "achieved_on"
        )


_SIDE_GENITIVE = {"mentor": "наставника", "mentee": "наставляемого"}


def plan_change_agreed_by_both_sides(
    *, first_plan: bool, members: dict[str, str], agreed: set[str], changes_kind: bool = False
) -> None:
    """`plan_change_agreed_by_both_sides` (001 §4.10, §4.13): once a plan was agreed, a change of its
    content — goals, content, schedule, mode, term — and, at any time, a change of the form of mentoring
    (the pair's kind, `changes_kind`) take effect only when the mentor and the mentee (each member of the
    pair, by `members`: participant → "mentor" | "mentee") have agreed to it. The first plan is drafted by
    the mentor and approved by the curator (003 §5.1)."""
    if first_plan and not changes_kind:
        return
    # Who has not agreed yet, the mentor first, each named (the API puts the names in, in the genitive).
    waiting = sorted(
        ((who, role) for who, role in members.items() if who not in agreed), key=lambda w: w[1] != "mentor"
    )
    if waiting:
        sides = {role for _, role in waiting}
        raise GuardRefused(
            "plan_change_agreed_by_both_sides",
            ("Смена вида наставничества" if changes_kind else "Изменение индивидуального плана")
            + " вступает в силу только по обоюдному согласию наставника и наставляемого: нет согласия "
            + " и ".join(f"{_SIDE_GENITIVE[role]} {person(who, Case.GENITIVE)}" for who, role in waiting)
            + ".",
            "agreement",
            details={
                "missing": [genitive for role, genitive in _SIDE_GENITIVE.items() if role in sides],
                "waiting_for": [who for who, _ in waiting],
            },
        )


def plan_agreed_by_a_member(role: str | None, draft: bool) -> None:
    """`plan_agreed_by_a_member`: a draft of the plan is agreed to by a member of the pair (the curator
    records a member's agreement given on paper); an approved plan needs no more agreements."""
    if role not in _SIDE_GENITIVE:
        raise InvalidInput(
            "plan_agreed_by_a_member",
            "Согласие с планом даёт наставник или наставляемый этой пары.",
            "participant_id",
        )
    if not draft:
        raise GuardRefused(
            "plan_agreed_by_a_member", "План уже утверждён: согласие больше не требуется.", "plan_id"
        )
