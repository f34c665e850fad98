"""The mentor and mentee bases as a spreadsheet: one column per field, Russian headers, lenient cells.

A cell is turned into what the API's schema takes (a Russian label into its code, «да» into true,
дд.мм.гггг into a date, «;»-separated text into a list); anything not understood is passed on unchanged,
so the API's own schema (`ParticipantCreate`, `MentorProfileBody`, `MenteeRequestBody`) refuses it and
names the rule. The same columns serve the template, the export and the import, so an exported base
edited in Excel imports back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from domain.labels import FORM_LABELS, PARTICIPANT_KIND_LABELS


class Base(StrEnum):
    MENTORS = "mentors"
    MENTEES = "mentees"


BASE_TITLES = {Base.MENTORS: "База наставников", Base.MENTEES: "База наставляемых"}
CARD = "card"  # the person's card (ParticipantCreate)
RECORD = "record"  # the person's record in the programme's base (MentorProfileBody / MenteeRequestBody)


def _text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a key column: 1234.0 → «1234»
    return str(value).strip()


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _number(value: Any) -> Any:
    if isinstance(value, int | float):
        return value
    return str(value).strip().replace(",", ".").replace(" ", "")


def _flag(value: Any) -> Any:
    text = str(value).strip().casefold()
    return {"да": True, "нет": False, "1": True, "0": False, "true": True, "false": False}.get(text, text)


def _items(value: Any) -> list[str]:
    return [item.strip() for item in re.split(r"[;\n]", str(value)) if item.strip()]


def _normal(label: str) -> str:
    return re.sub(r"\s*[–—-]\s*", "-", label.strip().casefold()).replace("ё", "е")


def _choice(labels: dict[str, str]) -> Callable[[Any], Any]:
    by_label = {_normal(label): code for code, label in labels.items()}

    def parse(value: Any) -> Any:
        text = str(value).strip()
        return by_label.get(_normal(text), text)

    return parse


@dataclass(frozen=True)
class Column:
    header: str  # as in the file
    field: str  # the schema's field
    part: str  # CARD or RECORD
    parse: Callable[[Any], Any]
    note: str  # what to write, for the «Справка» sheet
    export: Callable[[Any], Any] = lambda value: value

    @property
    def key(self) -> str:
        return _normal(self.header)


def _label(labels: dict[str, str]) -> Callable[[Any], Any]:
    return lambda code: labels.get(code, code) if code else None


def _joined(items: Any) -> str:
    return "; ".join(items or [])


KEY = Column(
    "Табельный номер",
    "external_id",
    CARD,
    _text,
    "Обязателен. Ключ школы для человека (табельный номер, номер в списке): по нему строка узнаётся при "
    "повторной загрузке, и человек не появится в базе дважды.",
)
CARD_COLUMNS = (
    KEY,
    Column("ФИО", "full_name", CARD, _text, "Обязательно. Фамилия Имя Отчество."),
    Column(
        "Категория",
        "kind",
        CARD,
        _choice(PARTICIPANT_KIND_LABELS),
        "Обязательно. Одно из: " + ", ".join(PARTICIPANT_KIND_LABELS.values()) + ".",
        _label(PARTICIPANT_KIND_LABELS),
    ),
    Column(
        "Дата рождения", "birth_date", CARD, _date, "дд.мм.гггг; для обучающихся — обязательно для согласий."
    ),
    Column("Класс", "grade", CARD, _number, "Для обучающихся: 1–11."),
    Column("Стаж, лет", "years_of_experience", CARD, _number, "Для педагогов и работодателей: 0–70."),
    Column("Новый сотрудник", "new_hire", CARD, _flag, "да или нет."),
    Column(
        "Затруднения",
        "stated_difficulty",
        CARD,
        _flag,
        "да или нет: педагог заявил о профессиональных затруднениях.",
    ),
)
MENTOR_COLUMNS = (
    Column("Компетенции", "competences", RECORD, _items, "Через «;».", _joined),
    Column("Наставляемых, до", "capacity", RECORD, _number, "Сколько наставляемых может вести: 1–20."),
    Column("Анкета", "questionnaire_on", RECORD, _date, "Дата анкетирования кандидата, дд.мм.гггг."),
    Column("Собеседование", "interview_on", RECORD, _date, "Дата собеседования, дд.мм.гггг."),
    Column("Обучение", "trained_on", RECORD, _date, "Дата обучения наставника, дд.мм.гггг."),
)
MENTEE_COLUMNS = (
    Column("Запросы", "requests", RECORD, _items, "Обязательно. Через «;».", _joined),
    Column("Нужно наставников", "mentors_needed", RECORD, _number, "1–5."),
    Column(
        "Форма",
        "form",
        RECORD,
        _choice(FORM_LABELS),
        "Форма подбора; пусто — первая форма программы. Одно из: " + ", ".join(FORM_LABELS.values()) + ".",
        _label(FORM_LABELS),
    ),
)


def columns(base: Base) -> tuple[Column, ...]:
    return CARD_COLUMNS + (MENTOR_COLUMNS if base is Base.MENTORS else MENTEE_COLUMNS)


def header(base: Base) -> list[str]:
    return [c.header for c in columns(base)]


def notes(base: Base) -> list[tuple[str, str]]:
    return [(c.header, c.note) for c in columns(base)]
