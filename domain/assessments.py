"""Entry and exit assessments (входная и итоговая диагностика): the impact of a programme on everyone in it.

000 §7.2: impact is measured in two parts, before the programme and after it; 004 §8.2: every parameter the
programme may change is measured on entry and on exit and compared; 000 §7.5: «на всех ее участников» —
«и у наставляемого, и у наставника», so mentors are assessed as mentees are. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from domain.errors import GuardRefused, InvalidInput
from domain.named import person
from domain.pair import PairState
from domain.russian_names import Case


class Phase(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


PHASE_LABELS: dict[str, str] = {"entry": "входная диагностика", "exit": "итоговая диагностика"}


def assessed_members(pair: PairState) -> list[str]:
    """`everyone_assessed` (000 §7.5): every member of the pair or group owes both assessments — the
    mentors as well as the mentees."""
    return [member.participant_id for member in pair.members]


def exit_after_entry(
    entry: Mapping[str, float] | None, participant_id: str | None = None
) -> Mapping[str, float]:
    """`entry_before_exit` (000 §7.2): an exit assessment compares with the entry one, so it comes second."""
    if entry is None:
        whose = person(participant_id, Case.GENITIVE) if participant_id else "этого участника"
        raise GuardRefused("entry_first", f"Сначала внесите входную диагностику {whose}.", "phase")
    return entry


def exit_measures_entry_parameters(entry: Iterable[str], exit_: Iterable[str]) -> None:
    """`same_parameters` (004 §8.2): the exit assessment measures exactly the parameters measured on entry —
    none left out and none added — so that the two can be compared."""
    before, after = set(entry), set(exit_)
    if before == after:
        return
    missing, extra = sorted(before - after), sorted(after - before)
    parts = []
    if missing:
        parts.append("не измерены: " + ", ".join(missing))
    if extra:
        parts.append("не было на входе: " + ", ".join(extra))
    raise InvalidInput(
        "same_parameters",
        "Итоговая диагностика измеряет те же параметры, что и входная ("
        + ", ".join(sorted(before))
        + "); "
        + "; ".join(parts)
        + ".",
        "scores",
    )


def compare(entry: Mapping[str, float], exit_: Mapping[str, float]) -> dict[str, float]:
    """The change of each parameter from entry to exit (after `exit_measures_entry_parameters`)."""
    exit_measures_entry_parameters(entry, exit_)
    return {name: exit_[name] - entry[name] for name in sorted(entry)}
