"""Coverage of a school by mentoring programmes against its targets (004 §7). Pure.

The model's table: pupils in programmes not less than 10 % (2020), 20 % (2021), 30 % (2022), 50 % (2023),
70 % (2024); teachers not less than 10 %, 20 %, 30 %. A school enters its own numbers of pupils and
teachers and may enter its own table; a year past the table keeps the table's last target. "Not less
than" means a coverage exactly at the target meets it; the comparison is made in whole numbers, so no
rounding decides it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

DEFAULT_PUPIL_TARGETS: dict[int, int] = {2020: 10, 2021: 20, 2022: 30, 2023: 50, 2024: 70}
DEFAULT_TEACHER_TARGETS: dict[int, int] = {2020: 10, 2021: 20, 2022: 30}


class Coverage(BaseModel):
    covered: int = Field(ge=0)
    total: int | None  # None: the school has not entered its number
    target_percent: int | None
    target_year: int | None
    percent: float | None  # rounded to one decimal, for reading only
    met: bool | None  # None when there is nothing to compare


def target_for(targets: dict[int, int], year: int) -> tuple[int, int] | None:
    """(year of the target, percent) in force in `year`: the latest entry not after it."""
    years = [y for y in targets if y <= year]
    if not years:
        return None
    chosen = max(years)
    return chosen, targets[chosen]


def coverage(covered: int, total: int | None, targets: dict[int, int], year: int) -> Coverage:
    target = target_for(targets, year)
    if not total:
        return Coverage(
            covered=covered,
            total=total,
            target_percent=target[1] if target else None,
            target_year=target[0] if target else None,
            percent=None,
            met=None,
        )
    return Coverage(
        covered=covered,
        total=total,
        target_percent=target[1] if target else None,
        target_year=target[0] if target else None,
        percent=round(covered * 100 / total, 1),
        met=(covered * 100 >= target[1] * total) if target else None,
    )
