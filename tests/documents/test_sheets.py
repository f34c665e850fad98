"""The file formats alone: what Excel writes is read back cell for cell; lenient cells become API values."""

from __future__ import annotations

from datetime import date, datetime

from documents.bases import MENTEE_COLUMNS, Base, columns, header
from documents.sheets import Sheet, read_table, to_csv, to_xlsx


def test_a_csv_for_excel_is_utf8_with_a_bom_and_semicolons_with_russian_dates() -> None:
    content = to_csv(Sheet("Пары", ["ФИО", "Дата", "Новый"], [["Иванова Мария", date(2026, 12, 20), True]]))
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines() == ["ФИО;Дата;Новый", "Иванова Мария;20.12.2026;да"]


def test_an_xlsx_reads_back_with_row_numbers_as_excel_shows_them_and_empty_rows_left_out() -> None:
    content = to_xlsx(Sheet("База", ["А", "Б"], [["1", date(2026, 1, 2)], [None, None], ["3", None]]))
    table = read_table(content)
    assert table.header == ["А", "Б"]
    assert [(n, cells[0]) for n, cells in table.rows] == [(2, "1"), (4, "3")]
    assert table.rows[0][1][1] == datetime(2026, 1, 2)


def test_a_cp1251_csv_with_commas_is_read_too() -> None:
    table = read_table("ФИО,Класс\r\nПетров Иван,6\r\n".encode("cp1251"))
    assert table.header == ["ФИО", "Класс"] and table.rows == [(2, ["Петров Иван", "6"])]


def test_cells_become_what_the_api_schema_takes() -> None:
    by_header = {c.header: c for c in columns(Base.MENTEES)}
    assert by_header["Категория"].parse("Обучающийся") == "pupil"
    assert by_header["Категория"].parse("ученик") == "ученик"  # not a label: the schema refuses it
    assert by_header["Дата рождения"].parse("02.05.2014") == "2014-05-02"
    assert by_header["Дата рождения"].parse(datetime(2014, 5, 2)) == "2014-05-02"
    assert by_header["Табельный номер"].parse(1234.0) == "1234"
    assert by_header["Стаж, лет"].parse("2,5") == "2.5"
    assert by_header["Новый сотрудник"].parse("Да") is True
    assert by_header["Запросы"].parse("математика; олимпиада;") == ["математика", "олимпиада"]
    assert by_header["Форма"].parse("учитель-учитель") == "teacher_teacher"
    assert header(Base.MENTEES)[-len(MENTEE_COLUMNS) :] == ["Запросы", "Нужно наставников", "Форма"]
