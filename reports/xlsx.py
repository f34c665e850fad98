"""XLSX workbooks of the reports with native Excel charts (openpyxl): the same report model as the page."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from reports.model import DistrictReport, SchoolReport

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="EEF3F9")
DATE = "DD.MM.YYYY"
MET = {True: "достигнут", False: "не достигнут", None: "не оценивается"}


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=column, value=label)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _rows(ws: Worksheet, first: int, rows: list[list[Any]]) -> int:
    """Write rows from `first`; dates get дд.мм.гггг. Returns the next free row."""
    for r, values in enumerate(rows, start=first):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, date):
                cell.number_format = DATE
    return first + len(rows)


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width


def _bar(
    title: str,
    y_title: str,
    data: Reference,
    categories: Reference,
    horizontal: bool = True,
    height: float = 7.5,
) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title, chart.y_axis.title = title, y_title
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.height, chart.width = height, 18
    return chart


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def school_xlsx(report: SchoolReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Сводка"
    ws["A1"], ws["A1"].font = report.title, TITLE
    ws["A2"] = f"{report.school} · {report.district}"
    ws["A3"] = report.period_label
    ws["A4"], ws["B4"] = "Срок сдачи", report.period.due_on
    ws["A5"], ws["B5"] = "Сформирован", report.generated_on
    ws["B4"].number_format = ws["B5"].number_format = DATE
    f = report.figures
    _header(ws, 7, ["Категория", "Всего в ОО", "В программах", "Охват, %", "Целевой показатель, %", "Итог"])
    _rows(
        ws,
        8,
        [
            [label, c.total, c.covered, c.percent, c.target_percent, MET[c.met]]
            for label, c in (("Обучающиеся", f.pupils), ("Педагогические работники", f.teachers))
        ],
    )
    chart = _bar(
        "Охват и целевой показатель, %",
        "%",
        Reference(ws, min_col=4, max_col=5, min_row=7, max_row=9),
        Reference(ws, min_col=1, min_row=8, max_row=9),
    )
    ws.add_chart(chart, "H2")
    _header(ws, 11, ["Показатель за полугодие", "Значение"])
    _rows(
        ws,
        12,
        [
            ["Пар и групп в работе", f.pairs_active],
            ["Начали работу", f.started],
            ["Завершили программу", f.completed],
            ["Завершили досрочно", f.terminated],
            ["Проведено встреч", f.meetings],
            ["Просроченных пунктов", f.overdue_total],
            ["Анкет запрошено", f.questionnaires_requested],
            ["Анкет заполнено", f.questionnaires_submitted],
            ["Анкет не заполнено", f.questionnaires_owed],
        ],
    )
    _widths(ws, [34, 14, 14, 12, 16, 16])

    ws = wb.create_sheet("Пары")
    _header(ws, 1, ["Форма", *report.stage_labels, "всего"])
    end = _rows(ws, 2, [[r.form, *r.by_stage, r.total] for r in report.pairs_by_form])
    if report.pairs_by_form:
        total_column = len(report.stage_labels) + 2
        ws.add_chart(
            _bar(
                "Пары и группы по формам",
                "пар",
                Reference(ws, min_col=total_column, min_row=1, max_row=end - 1),
                Reference(ws, min_col=1, min_row=2, max_row=end - 1),
            ),
            f"A{end + 2}",
        )
    _header(ws, end + 18, ["Причина досрочного завершения", "Пар"])
    _rows(ws, end + 19, [[r.label, r.count] for r in report.termination_reasons])
    _widths(ws, [30] + [14] * (len(report.stage_labels) + 1))

    ws = wb.create_sheet("Просрочено")
    _header(ws, 1, [r.label for r in report.overdue_by_level])
    _rows(ws, 2, [[r.count for r in report.overdue_by_level]])
    _header(ws, 4, ["Что", "Кто должен", "Пара", "Срок", "Уровень"])
    _rows(ws, 5, [[i.what, i.who, i.pair, i.due_on, i.level] for i in report.overdue_items])
    _widths(ws, [34, 34, 60, 12, 22])

    ws = wb.create_sheet("Диагностика")
    _header(ws, 1, ["Параметр", "На входе", "На выходе", "Изменение", "Участников"])
    end = _rows(ws, 2, [[p.parameter, p.entry, p.exit, p.change, p.participants] for p in report.parameters])
    if report.parameters:
        ws.add_chart(
            _bar(
                "Входная и итоговая диагностика",
                "среднее",
                Reference(ws, min_col=2, max_col=3, min_row=1, max_row=end - 1),
                Reference(ws, min_col=1, min_row=2, max_row=end - 1),
            ),
            "G2",
        )
    _widths(ws, [24, 12, 12, 12, 12])

    _questionnaire_sheet(wb, report)
    _swot_sheet(wb, report)
    return _to_bytes(wb)


def _questionnaire_sheet(wb: Workbook, report: SchoolReport) -> None:
    ws = wb.create_sheet("Анкеты")
    row = 1
    for stats in report.questionnaires:
        ws.cell(row=row, column=1, value=f"{stats.title} — анкет: {stats.respondents}").font = BOLD
        row += 1
        scale = [q for q in stats.questions if q.kind == "scale"]
        if scale:
            values = [label for label, _ in scale[0].distribution]
            _header(ws, row, ["Вопрос", "Ответов", "Среднее", *[f"«{v}»" for v in values]])
            first = row + 1
            row = _rows(
                ws, first, [[q.text, q.answered, q.mean, *[n for _, n in q.distribution]] for q in scale]
            )
            ws.add_chart(
                _bar(
                    f"{stats.title}: средние оценки",
                    "балл",
                    Reference(ws, min_col=3, min_row=first - 1, max_row=row - 1),
                    Reference(ws, min_col=1, min_row=first, max_row=row - 1),
                    height=6,
                ),
                f"J{first - 1}",
            )
            row = max(row, first + 12)
        for q in stats.questions:
            if q.kind == "closed":
                _header(ws, row, [q.text, "Выбрали"])
                row = _rows(ws, row + 1, [[option, n] for option, n in q.distribution])
            elif q.kind == "open" and q.open_answers:
                _header(ws, row, [q.text])
                row = _rows(ws, row + 1, [[text] for text in q.open_answers])
        row += 1
    _widths(ws, [60, 10, 10, 8, 8, 8, 8, 8])


def _swot_sheet(wb: Workbook, report: SchoolReport) -> None:
    ws = wb.create_sheet("SWOT")
    row = 1
    for block in report.swot:
        title = block.programme + (f" — версия {block.version}, {block.written_by}" if block.version else "")
        ws.cell(row=row, column=1, value=title).font = BOLD
        row += 1
        _header(ws, row, ["Сильные стороны", "Слабые стороны", "Возможности", "Угрозы"])
        quadrants = [block.strengths, block.weaknesses, block.opportunities, block.threats]
        depth = max((len(q) for q in quadrants), default=0)
        row = _rows(ws, row + 1, [[q[i] if i < len(q) else None for q in quadrants] for i in range(depth)])
        ws.cell(
            row=row, column=1, value="По анкетам — сильнее всего: " + "; ".join(block.suggestions.strengths)
        )
        ws.cell(
            row=row + 1,
            column=1,
            value="По анкетам — слабее всего: " + "; ".join(block.suggestions.weaknesses),
        )
        row += 3
    _widths(ws, [45, 45, 45, 45])


DISTRICT_COLUMNS = [
    "Школа",
    "Обучающихся",
    "в программах",
    "Охват обуч., %",
    "Цель, %",
    "Итог",
    "Педагогов",
    "в программах",
    "Охват пед., %",
    "Цель, %",
    "Итог",
    "Пар в работе",
    "Начали",
    "Завершили",
    "Досрочно",
    "Встреч",
    "Просрочено",
    "у координатора",
    "Анкет запрошено",
    "заполнено",
    "не заполнено",
    "Анкеты с опозданием",
]


def _district_row(name: str, f: Any) -> list[Any]:
    return [
        name,
        f.pupils.total,
        f.pupils.covered,
        f.pupils.percent,
        f.pupils.target_percent,
        MET[f.pupils.met],
        f.teachers.total,
        f.teachers.covered,
        f.teachers.percent,
        f.teachers.target_percent,
        MET[f.teachers.met],
        f.pairs_active,
        f.started,
        f.completed,
        f.terminated,
        f.meetings,
        f.overdue_total,
        f.overdue.get("coordinator", 0),
        f.questionnaires_requested,
        f.questionnaires_submitted,
        f.questionnaires_owed,
        "да" if f.questionnaires_late else "нет",
    ]


def district_xlsx(report: DistrictReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Школы"
    ws["A1"], ws["A1"].font = report.title, TITLE
    ws["A2"] = f"{report.district} · {report.period_label}"
    ws["A3"], ws["B3"] = "Сформирован", report.generated_on
    ws["B3"].number_format = DATE
    _header(ws, 5, DISTRICT_COLUMNS)
    end = _rows(ws, 6, [_district_row(r.school, r.figures) for r in report.rows])
    _rows(ws, end, [_district_row("Итого по району", report.totals)])
    for cell in ws[end]:
        cell.font = BOLD
    ws.freeze_panes = "B6"
    _widths(ws, [26] + [11] * (len(DISTRICT_COLUMNS) - 1))
    chart = _bar(
        "Охват обучающихся и педагогов по школам, %",
        "%",
        Reference(ws, min_col=4, min_row=5, max_row=end - 1),
        Reference(ws, min_col=1, min_row=6, max_row=end - 1),
        height=max(8.0, 0.45 * len(report.rows)),
    )
    chart.add_data(Reference(ws, min_col=9, min_row=5, max_row=end - 1), titles_from_data=True)
    ws.add_chart(chart, f"A{end + 3}")
    late = wb.create_sheet("Опоздали с анкетами")
    _header(late, 1, ["Школа", "Анкет не заполнено", "Срок"])
    _rows(
        late,
        2,
        [
            [r.school, r.figures.questionnaires_owed, r.due_on]
            for r in report.rows
            if r.school in report.late_schools
        ],
    )
    _widths(late, [30, 20, 12])
    return _to_bytes(wb)
