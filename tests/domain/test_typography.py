"""Dates and names as Russian papers print them."""

from __future__ import annotations

from datetime import date

import pytest

from domain.documents import choose_order, short_name
from domain.errors import GuardRefused
from domain.russian_names import Case, decline, is_female
from domain.typography import long_date, short_date, term


def test_an_order_date_reads_day_in_quotes_month_in_genitive_and_year() -> None:
    assert long_date(date(2026, 12, 20)) == "«20» декабря 2026 г."
    assert long_date(date(2027, 5, 1)) == "«01» мая 2027 г."


def test_an_unknown_date_is_a_line_to_fill_in_by_hand() -> None:
    assert long_date(None) == "«___» ____________ 20___ г."


def test_dates_a_person_reads_are_dd_mm_yyyy() -> None:
    assert short_date(date(2026, 3, 9)) == "09.03.2026"
    assert term(date(2026, 10, 1), date(2027, 5, 20)) == "с 01.10.2026 по 20.05.2027"


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        ("Петров Иван", Case.GENITIVE, "Петрова Ивана"),  # «в отношении моего ребёнка Петрова Ивана»
        ("Иванова Мария Петровна", Case.DATIVE, "Ивановой Марии Петровне"),  # «куратору Ивановой …»
        ("Сидорова Аня", Case.INSTRUMENTAL, "Сидоровой Аней"),  # «закрепить за наставляемой …»
        ("Петров Илья Сергеевич", Case.ACCUSATIVE, "Петрова Илью Сергеевича"),  # «наставника …»
        ("Кузнецова И. П.", Case.GENITIVE, "Кузнецовой И. П."),  # initials stay as they are
        ("Иванова Мария Петровна", Case.NOMINATIVE, "Иванова Мария Петровна"),
    ],
)
def test_a_name_is_put_in_the_case_the_form_needs(name: str, case: Case, expected: str) -> None:
    assert decline(name, case) == expected


def test_gender_comes_from_the_middle_name_first_name_or_surname() -> None:
    assert is_female("Иванова Мария Петровна")
    assert is_female("Кузнецова И. П.")
    assert not is_female("Петров Илья Сергеевич")


def test_a_signature_line_shows_the_surname_and_initials() -> None:
    assert short_name("Иванова Мария Петровна") == "Иванова М. П."
    assert short_name("Кузнецова И. П.") == "Кузнецова И. П."


def test_a_programme_with_several_orders_needs_the_number() -> None:
    assert choose_order(["77-о"], None) == "77-о"
    with pytest.raises(GuardRefused) as several:
        choose_order(["77-о", "80-о"], None)
    assert several.value.rule == "order_number_required"
    with pytest.raises(GuardRefused) as missing:
        choose_order(["77-о"], "99")
    assert missing.value.rule == "order_not_found"
    with pytest.raises(GuardRefused) as none:
        choose_order([], None)
    assert none.value.rule == "pairs_fixed"
