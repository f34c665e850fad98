"""The yearly refresh of the list of teachers who need a mentor (issue 12 point 17).

000 §6.5.3.1: the curator «своевременно (не менее одного раза в год) актуализирует информацию о наличии в
образовательной организации педагогов, которых необходимо включить в наставническую деятельность». It is an
item owed by the curator each school year, on the escalation ladder like any other, settled by the refresh.
Pure.
"""

from __future__ import annotations

from datetime import date

from domain.escalation import ItemKind, OverdueItem
from domain.monitoring import academic_year_bounds
from domain.school_calendar import SchoolCalendar

# Owed by the end of September: the list is ready before the pairs are fixed in October (002 school cycle).
ROSTER_DUE_MONTH_DAY = (9, 30)


def roster_item_id(organisation_id: str, school_year: str) -> str:
    return f"{ItemKind.ROSTER_REFRESH.value}-{organisation_id}-{school_year.replace('/', '-')}"


def roster_refresh_item(
    organisation_id: str,
    district: str,
    school_year: str,
    calendar: SchoolCalendar,
    curator_user_id: str | None,
) -> OverdueItem:
    """`mentee_roster_refreshed_yearly`: once a school year the curator owes the refreshed list; it is asked
    for on 1 September and due *by* 30 September (on a day off, the working day before)."""
    first_day, _ = academic_year_bounds(school_year)
    month, day = ROSTER_DUE_MONTH_DAY
    return OverdueItem(
        item_id=roster_item_id(organisation_id, school_year),
        kind=ItemKind.ROSTER_REFRESH,
        organisation_id=organisation_id,
        district=district,
        owner_user_id=curator_user_id,
        opens_on=first_day,
        due_on=calendar.working_day_by(date(first_day.year, month, day)),
    )
