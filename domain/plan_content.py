"""What the individual plan holds and when its intermediate results are recorded (issue 12 point 14).

001 §4.8: the plan's explanatory note fixes the problem, the goals and tasks, the content, the term, the
intermediate and planned results, the schedule of meetings and the mode (online, in person, mixed).
002 item 22 and 003 §5.1: intermediate results are recorded while the plan is carried out. Pure.
"""

from __future__ import annotations

from datetime import date

from domain.errors import GuardRefused, InvalidInput
from domain.labels import stage_label
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
