"""Tables as files: XLSX (openpyxl) and CSV (UTF-8 with BOM, «;» — what Excel opens in a Russian locale).

Writing takes a header and rows of plain values (dates stay dates: real dates in XLSX, дд.мм.гггг in
CSV); reading gives each data row with its number as a spreadsheet shows it (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.errors import InvalidInput
from domain.typography import short_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
Format = Literal["xlsx", "csv"]
MAX_ROWS = 5000


@dataclass(frozen=True)
class Sheet:
    title: str  # the sheet's name in the workbook (≤ 31 characters)
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[tuple[str, str]] = ()  # a second sheet «Справка»: (column, what to write)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 20 years, not 20.0
    return str(value)


def to_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):  # control characters a person typed cannot be stored in a worksheet
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(sheet: Sheet) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.title[:31]
    ws.append(list(sheet.header))
    widths = [len(h) for h in sheet.header]
    for row in sheet.rows:
        ws.append([_xlsx_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # a text beginning with "=" is the person's text, never a formula
                cell.data_type = "s"
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(_csv_cell(value)))
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for index, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        cell.fill = header_fill
        ws.column_dimensions[get_column_letter(index)].width = min(max(widths[index - 1], 8) + 2, 60)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    if sheet.notes:
        notes = book.create_sheet("Справка")
        notes.append(["Столбец", "Что писать"])
        for cell in notes[1]:
            cell.font = Font(bold=True)
        for column_name, text in sheet.notes:
            notes.append([column_name, text])
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(sheet: Sheet, fmt: Format) -> tuple[bytes, str]:
    return (to_xlsx(sheet), XLSX) if fmt == "xlsx" else (to_csv(sheet), CSV)


@dataclass(frozen=True)
class Table:
    """A file read back: its header as written and each non-empty data row with its row number."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def _xlsx_table(content: bytes) -> Table:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput("file_format", "Файл не читается как таблица Excel (.xlsx).", "file") from error
    ws = book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    data = [(n, list(values)) for n, values in enumerate(rows, start=2)]
    book.close()
    return Table(header, data)


def _csv_table(content: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1251"):  # Excel saves «CSV UTF-8» with a BOM, plain «CSV» in cp1251
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput("file_format", "Файл CSV не в кодировке UTF-8 или Windows-1251.", "file")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    return Table(header, [(n, list(values)) for n, values in enumerate(reader, start=2)])


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def read_table(content: bytes) -> Table:
    """An .xlsx (a zip: starts with PK) or a CSV; rows with every cell empty are left out."""
    table = _xlsx_table(content) if content[:2] == b"PK" else _csv_table(content)
    rows = [(n, cells) for n, cells in table.rows if any(_filled(c) for c in cells)]
    if len(rows) > MAX_ROWS:
        raise InvalidInput("too_many_rows", f"В файле больше {MAX_ROWS} строк: разделите его.", "file")
    return Table(table.header, rows)
