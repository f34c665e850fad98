"""A person's name in the grammatical case a form needs: «в отношении моего ребёнка Петрова Ивана».

Names are kept as one string, «Фамилия Имя Отчество» (the middle name and even the first name may be
missing). Each part is declined by the petrovich rules (`pytrovich`, the Python port of the rules used
by most Russian services); the gender comes from the middle name, else the first name, else the surname.
Pure: the rules are data shipped with the package, read once.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker


class Case(StrEnum):
    NOMINATIVE = "nominative"  # кто? Иванов Иван
    GENITIVE = "genitive"  # кого? Иванова Ивана
    DATIVE = "dative"  # кому? Иванову Ивану
    ACCUSATIVE = "accusative"  # кого? Иванова Ивана
    INSTRUMENTAL = "instrumental"  # кем? Ивановым Иваном
    PREPOSITIONAL = "prepositional"  # о ком? об Иванове Иване


_CASES = {
    Case.GENITIVE: PetrovichCase.GENITIVE,
    Case.DATIVE: PetrovichCase.DATIVE,
    Case.ACCUSATIVE: PetrovichCase.ACCUSATIVE,
    Case.INSTRUMENTAL: PetrovichCase.INSTRUMENTAL,
    Case.PREPOSITIONAL: PetrovichCase.PREPOSITIONAL,
}


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _is_initials(part: str) -> bool:
    """«И.», «И.П.»: initials never decline."""
    return "." in part


def _parts(full_name: str) -> tuple[str, str | None, str | None]:
    words = full_name.split()
    last = words[0] if words else ""
    first = words[1] if len(words) > 1 and not _is_initials(words[1]) else None
    middle = " ".join(words[2:]) if len(words) > 2 and not _is_initials(words[2]) else None
    return last, first, middle


def gender_of(full_name: str) -> Gender:
    last, first, middle = _parts(full_name)
    return _detector().detect(firstname=first, middlename=middle, lastname=last or None)


def is_female(full_name: str) -> bool:
    return gender_of(full_name) is Gender.FEMALE


def decline(full_name: str, case: Case) -> str:
    """The full name in `case`, keeping initials and any part after the third as they are."""
    if case is Case.NOMINATIVE or not full_name.strip():
        return full_name
    gender = gender_of(full_name)
    known = gender is not Gender.ANDROGYNOUS
    target = _CASES[case]
    words = full_name.split()
    declined: list[str] = []
    for index, word in enumerate(words):
        part = (NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME)[index] if index < 3 else None
        if part is None or _is_initials(word):
            declined.append(word)
        else:
            declined.append(_maker().make(part, gender, target, word, known_gender=known))
    return " ".join(declined)
