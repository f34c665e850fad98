"""Russian typography of the documents a school files: dates as an order prints them (pure)."""

from __future__ import annotations

from datetime import date

from domain.labels import MONTHS_GENITIVE

BLANK = "____________________"  # a line to fill in by hand on the printed form


def long_date(day: date | None) -> str:
    """«20» декабря 2026 г. — the date line of an order or a signature; a blank line when unknown."""
    if day is None:
        return "«___» ____________ 20___ г."
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def short_date(day: date | None) -> str:
    """дд.мм.гггг, as every date a person reads in Nastavnik."""
    return day.strftime("%d.%m.%Y") if day is not None else ""


def term(starts_on: date, ends_on: date) -> str:
    """A pair's or plan's term: «с 01.10.2026 по 20.05.2027»."""
    return f"с {short_date(starts_on)} по {short_date(ends_on)}"


def or_blank(text: str | None) -> str:
    return text if text else BLANK
