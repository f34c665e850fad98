"""Counts agree with their numbers (issue 12 point 22): 1 пара, 2 пары, 5 пар — one helper in domain."""

from __future__ import annotations

import pytest

from domain.plural import count_of, out_of, plural_form, years_of

PAIR = ("пара", "пары", "пар")


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 пар"),
        (1, "1 пара"),
        (2, "2 пары"),
        (4, "4 пары"),
        (5, "5 пар"),
        (11, "11 пар"),
        (12, "12 пар"),
        (14, "14 пар"),
        (21, "21 пара"),
        (22, "22 пары"),
        (25, "25 пар"),
        (101, "101 пара"),
        (111, "111 пар"),
        (1004, "1004 пары"),
    ],
)
def test_count_agreement_the_noun_agrees_with_the_number(n: int, text: str) -> None:
    assert count_of(n, *PAIR) == text


def test_count_agreement_never_the_hedged_form() -> None:
    for n in range(0, 200):
        assert "(" not in count_of(n, *PAIR)
        assert plural_form(n, *PAIR) in PAIR


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1 запроса"), (2, "2 запросов"), (5, "5 запросов"), (11, "11 запросов"), (21, "21 запроса")],
)
def test_count_agreement_out_of_takes_the_genitive(n: int, text: str) -> None:
    """«ни одного из 1 запроса», «из 5 запросов»: after «из» the noun is genitive, singular for 1, 21…"""
    assert out_of(n, "запроса", "запросов") == text


@pytest.mark.parametrize(
    ("years", "text"),
    [
        (1, "1 год"),
        (3, "3 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (21, "21 год"),
        (1.5, "1,5 года"),
        (0.5, "0,5 года"),
    ],
)
def test_count_agreement_years_of_service_agree_with_their_number(years: float, text: str) -> None:
    """A card's «стаж» and a rule's «стаж 1,5 года»: one helper, whole or fractional."""
    assert years_of(years) == text
