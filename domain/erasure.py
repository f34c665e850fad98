"""Erasure of a person's data on request (152-FZ art. 9 §2, art. 21 §5: consent withdrawn).

The school keeps the record that a pair existed and moved through its stages (ids and facts only), but
nothing that names or describes the person: the card keeps its id, kind and organisation; the guardian's
name leaves the consents; texts the person wrote, and free-text answers, are replaced. Numbers (scores of
assessments and questionnaires) stay, tied only to an id that no longer leads to a name.
"""

from __future__ import annotations

from typing import Any

from domain.errors import GuardRefused

ERASED_NAME = "Данные удалены по запросу (152-ФЗ)"
ERASED_TEXT = "[удалено по запросу субъекта персональных данных]"


def ensure_may_erase(erased: bool, active_pair_ids: list[str]) -> None:
    """Once only, and not while the person works in a pair: that pair is ended first, with its reason."""
    if erased:
        raise GuardRefused("not_erased", "Данные этого участника уже удалены.", "participant_id")
    if active_pair_ids:
        raise GuardRefused(
            "no_active_pair",
            "Пока участник в активной паре, его данные удалить нельзя: сначала завершите пару досрочно "
            f"({', '.join(active_pair_ids)}).",
            "participant_id",
            details={"pairs": active_pair_ids},
        )


def ensure_not_erased(erased: bool, participant_id: str) -> None:
    """An erased person is not put into a new pair or base: there is nobody to ask for consent. The text
    names nobody (the name is erased); the id stays in `details`."""
    if erased:
        raise GuardRefused(
            "not_erased",
            "Данные участника удалены по его запросу.",
            "participant_id",
            details={"participant_id": participant_id},
        )


def scrub_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Free text out, numbers and yes/no answers kept (they feed the monitoring's averages)."""
    return {
        key: value if isinstance(value, bool | int | float) or value is None else ERASED_TEXT
        for key, value in answers.items()
    }
