"""Who files the school's papers, and how names appear on them (pure).

The head signs the orders and approves the mentor registry (001 §3.8), the curator prepares them and the
consents (000 §2.3–2.7); the individual plan is the pair's own document (001 §4.8), so its members may
download it too.
"""

from __future__ import annotations

from domain.actors import Actor, Role, Scope
from domain.errors import Forbidden, GuardRefused


def ensure_may_file_documents(actor: Actor, organisation_id: str) -> None:
    """Orders and consents are the curator's and the head's papers of their own school."""
    if actor.role in (Role.CURATOR, Role.HEAD) and actor.organisation_id == organisation_id:
        return
    raise Forbidden(
        "school_documents", "Приказы и согласия готовят куратор и руководитель своей организации."
    )


def ensure_may_download_plan(actor: Actor, scope: Scope) -> None:
    if actor.role in (Role.CURATOR, Role.HEAD) and actor.organisation_id == scope.organisation_id:
        return
    if actor.role in (Role.MENTOR, Role.MENTEE) and actor.participant_id in scope.member_ids:
        return
    raise Forbidden("plan_readers", "Индивидуальный план скачивают участники пары, куратор и руководитель.")


def short_name(full_name: str) -> str:
    """«Иванова Мария Петровна» → «Иванова М. П.», as under a signature."""
    words = full_name.split()
    if len(words) < 2 or any("." in w for w in words[1:]):
        return full_name
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:3])])


def choose_order(numbers: list[str], asked: str | None) -> str:
    """Which of a programme's orders to print: the one asked for, or the only one there is."""
    if asked is not None:
        if asked not in numbers:
            raise GuardRefused("order_not_found", f"Приказа № {asked} по этой программе нет.", "number")
        return asked
    if not numbers:
        raise GuardRefused("pairs_fixed", "Пары этой программы ещё не закреплены приказом.", "number")
    if len(numbers) > 1:
        raise GuardRefused(
            "order_number_required",
            "По программе несколько приказов: укажите номер (" + ", ".join(numbers) + ").",
            "number",
            details={"numbers": numbers},
        )
    return numbers[0]
