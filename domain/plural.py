"""Russian plural agreement: 1 пара, 2 пары, 5 пар, 21 пара, 11 пар."""

from __future__ import annotations


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun's form for the count: one (1, 21, 101), few (2–4, 22–24), many (0, 5–20, 25–30, 11–14)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_of(n: int, one: str, few: str, many: str) -> str:
    """The count with its noun: count_of(5, "пара", "пары", "пар") == "5 пар"."""
    return f"{n} {plural_form(n, one, few, many)}"


def out_of(n: int, genitive_one: str, genitive_many: str) -> str:
    """«из N …» takes the genitive: out_of(1, "запроса", "запросов") == "1 запроса", 21 → «21 запроса»,
    2, 5, 11 → «… запросов»."""
    return f"{n} {plural_form(n, genitive_one, genitive_many, genitive_many)}"


def years_of(years: float) -> str:
    """A length of service or an age: «1 год», «3 года», «5 лет», «21 год», and «1,5 года» — a fraction
    takes the genitive singular whatever its whole part, with the decimal comma."""
    if years != int(years):
        return f"{years:g}".replace(".", ",") + " года"
    return count_of(int(years), "год", "года", "лет")


# The nouns counted most often, as (one, few, many).
PAIRS = ("пара", "пары", "пар")
PEOPLE = ("участник", "участника", "участников")
DAYS = ("день", "дня", "дней")
