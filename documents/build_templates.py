"""Build the shipped .docx templates (documents/templates/*.docx) with python-docx.

The templates hold docxtpl (Jinja) tags; a school may replace any of them with its own letterhead
(`NASTAVNIK_DOCUMENTS_TEMPLATES_DIR`, see README). Run after changing a template's text and commit the
.docx files: `.venv/bin/python -m documents.build_templates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT = "Times New Roman"


class Builder:
    """One document: A4, Times New Roman 12 pt, the school's name as the letterhead."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(12)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(3)

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        align: str = "justify",
        size: int | None = None,
        indent: bool = False,
        italic: bool = False,
    ) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        run = paragraph.add_run(text)  # one run per paragraph: docxtpl sees each tag whole
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)

    def dated(self, left: str, right: str) -> None:
        """A date on the left and the number on the right edge, as an order's heading line."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(17.0), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(left + "\t" + right)

    def line(self) -> None:
        self.para("_" * 72, align="left")

    def lines(self, name: str) -> None:
        """A text of the context as its own paragraphs, one a line (a blank line to fill in when empty)."""
        self.para(f"{{%p for line in {name} %}}", align="left")
        self.para("{{ line }}", align="left")
        self.para("{%p endfor %}", align="left")

    def letterhead(self) -> None:
        self.para("{{ school }}", bold=True, align="center", size=13)
        self.para("")

    def table(
        self, headers: Sequence[str], cells: Sequence[str], widths_cm: Sequence[float], loop: str
    ) -> Table:
        """A header row and one row repeated by docxtpl for every item of `loop` ("p in pairs")."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        rows = table.rows
        for index, header in enumerate(headers):
            rows[0].cells[index].text = header
            for run in rows[0].cells[index].paragraphs[0].runs:
                run.bold = True
        rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for index, cell in enumerate(cells):
            rows[2].cells[index].text = cell
        rows[3].cells[0].text = "{%tr endfor %}"
        table.autofit = False
        for index, width in enumerate(widths_cm):  # the grid is what LibreOffice and Word lay out by
            table.columns[index].width = Cm(width)
        for row in rows:
            for index, width in enumerate(widths_cm):
                row.cells[index].width = Cm(width)
        for row in rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(11)
        return table

    def signature(self, who: str, name: str) -> None:
        self.para(f"{who} _______________ / {name} /", align="left")

    def save(self, name: str) -> None:
        TEMPLATES.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.author = "Nastavnik"
        self.doc.core_properties.title = name
        self.doc.save(str(TEMPLATES / name))


def order_pairs() -> None:
    """The head's order fixing pairs and groups (000 §2.7; 001 §3.8)."""
    b = Builder()
    b.letterhead()
    b.para("ПРИКАЗ", bold=True, align="center", size=14)
    b.dated("{{ order_date }}", "№ {{ order_number }}")
    b.para("")
    b.para("О закреплении наставнических пар (групп)", bold=True, align="left")
    b.para(
        "В соответствии с Положением о системе наставничества, в рамках программы "
        "наставничества «{{ programme }}», с письменного согласия участников на возложение на них "
        "дополнительных обязанностей, связанных с наставнической деятельностью,",
        indent=True,
    )
    b.para("ПРИКАЗЫВАЮ:", bold=True, align="left")
    b.para("1. {{ fix_clause }}", indent=True)
    b.table(
        ["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества", "Срок"],
        ["{{ p.number }}", "{{ p.mentors }}", "{{ p.mentees }}", "{{ p.form }}", "{{ p.term }}"],
        [1.0, 4.0, 4.6, 3.4, 4.0],
        "p in pairs",
    )
    b.para("")
    b.para(
        "2. Куратору программы наставничества {{ curator_dative }} организовать работу наставнических пар "
        "(групп) по индивидуальным планам и мониторинг их реализации.",
        indent=True,
    )
    b.para("3. Контроль за исполнением настоящего приказа оставляю за собой.", indent=True)
    b.para("")
    b.signature("Руководитель", "{{ head }}")
    b.para("")
    b.para("С приказом ознакомлены:", align="left")
    b.table(
        ["ФИО", "Роль", "Подпись", "Дата"],
        ["{{ m.name }}", "{{ m.role }}", "", ""],
        [6.0, 3.5, 3.5, 4.0],
        "m in acquainted",
    )
    b.save("order_pairs.docx")


def order_mentor_registry() -> None:
    """The head's order approving the mentor registry (001 §3.8: the head approves mentors)."""
    b = Builder()
    b.letterhead()
    b.para("ПРИКАЗ", bold=True, align="center", size=14)
    b.dated("{{ order_date }}", "№ {{ order_number }}")
    b.para("")
    b.para("Об утверждении реестра наставников", bold=True, align="left")
    b.para(
        "В целях реализации программы наставничества «{{ programme }}» на {{ academic_year }} учебный год, "
        "по итогам анкетирования и собеседования с кандидатами в наставники,",
        indent=True,
    )
    b.para("ПРИКАЗЫВАЮ:", bold=True, align="left")
    b.para("1. Утвердить реестр наставников в составе {{ mentors | length }} чел.:", indent=True)
    b.table(
        ["№", "ФИО наставника", "Категория", "Компетенции", "Наставляемых, до", "Обучение"],
        [
            "{{ m.number }}",
            "{{ m.name }}",
            "{{ m.category }}",
            "{{ m.competences }}",
            "{{ m.capacity }}",
            "{{ m.trained }}",
        ],
        [1.0, 4.2, 2.8, 4.5, 2.2, 2.3],
        "m in mentors",
    )
    b.para("")
    b.para(
        "2. Куратору программы наставничества {{ curator_dative }} вести реестр наставников и обновлять его "
        "по мере отбора и обучения наставников.",
        indent=True,
    )
    b.para("3. Контроль за исполнением настоящего приказа оставляю за собой.", indent=True)
    b.para("")
    b.signature("Руководитель", "{{ head }}")
    b.save("order_mentor_registry.docx")


def individual_plan() -> None:
    """The personalised programme (individual plan) of a pair, with the parts of 001 §4.8."""
    b = Builder()
    b.letterhead()
    b.para("УТВЕРЖДАЮ", bold=True, align="right")
    b.para("Руководитель _____________ / {{ head }} /", align="right")
    b.para("«___» ____________ 20___ г.", align="right")
    b.para("")
    b.para("ИНДИВИДУАЛЬНЫЙ ПЛАН", bold=True, align="center", size=14)
    b.para("(персонализированная программа наставничества)", align="center")
    b.para("")
    b.para("Наставник: {{ mentors }}", align="left")
    b.para("Наставляемый: {{ mentees }}", align="left")
    b.para("Форма наставничества: {{ form }}; вид: {{ kind }}", align="left")
    b.para("Программа наставничества: {{ programme }}", align="left")
    b.para("Срок реализации: {{ term }}", align="left")
    b.para("Режим работы: {{ format }}; встречи не реже чем раз в {{ cadence_days }} дн.", align="left")
    b.para("")
    b.para("1. Описание проблемы", bold=True, align="left")
    b.lines("problem")
    b.para("2. Цели и задачи наставничества", bold=True, align="left")
    b.para("{%p for goal in goals %}", align="left")
    b.para("{{ loop.index }}) {{ goal }}", align="left")
    b.para("{%p endfor %}", align="left")
    b.para("3. Содержание деятельности наставника и наставляемого", bold=True, align="left")
    b.lines("content")
    b.para("4. Расписание встреч", bold=True, align="left")
    b.table(
        ["№", "Плановая дата", "Отметка о проведении"],
        ["{{ s.number }}", "{{ s.date }}", "{{ s.held }}"],
        [1.2, 5.0, 10.0],
        "s in schedule",
    )
    b.para("")
    b.para("5. Промежуточные и планируемые результаты", bold=True, align="left")
    b.para("Промежуточные результаты:", align="left")
    b.para("{%p for r in intermediate_results %}", align="left")
    b.para("{{ r.date }} — {{ r.text }}", align="left")
    b.para("{%p endfor %}", align="left")
    b.para("Планируемые результаты:", align="left")
    b.lines("planned_results")
    b.para("")
    b.signature("Наставник", "{{ mentors_short }}")
    b.signature("Наставляемый", "{{ mentees_short }}")
    b.signature("Согласовано: куратор", "{{ curator }}")
    b.save("individual_plan.docx")


_PD_BODY = (
    "в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» "
    "даю согласие оператору — {{ school }} — на обработку {{ whose_data }}: фамилии, имени, отчества, "
    "даты рождения, {{ data_extra }}, сведений об участии в программе наставничества (состав пары, "
    "индивидуальный план, встречи, анкеты мониторинга, результаты входной и итоговой диагностики)."
)
_PD_TERMS = [
    "Цель обработки: организация программы наставничества, её мониторинг и отчётность, в том числе передача "
    "обобщённых сведений в муниципальный орган управления образованием.",
    "Действия с персональными данными: сбор, запись, систематизация, накопление, хранение, уточнение, "
    "использование, передача (предоставление, доступ), обезличивание, блокирование, удаление, уничтожение — "
    "с использованием средств автоматизации и без них.",
    "Согласие действует до окончания участия в программе наставничества и может быть отозвано письменным "
    "заявлением; после отзыва персональные данные удаляются, сведения о фактах участия сохраняются "
    "обезличенно.",
]


def consent(name: str, title: str, lead: str, body: str, terms: Sequence[str]) -> None:
    b = Builder()
    b.letterhead()
    b.para(title, bold=True, align="center", size=13)
    b.para("")
    b.para(lead + " " + body, indent=True)
    for clause in terms:
        b.para(clause, indent=True)
    b.para("")
    b.para("{{ sign_date }}                    _______________ / {{ signer_short }} /", align="left")
    b.save(name)


def consents() -> None:
    """Consents pre-filled for signing (000 §2.3–2.4; 152-ФЗ), with the legal guardian's variants."""
    self_lead = (
        "Я, {{ signer }},{{ birth_line }} паспорт: серия ______ № __________, выдан ____________________,"
    )
    guardian_lead = (
        "Я, {{ signer }}, паспорт: серия ______ № __________, выдан ____________________, являясь законным "
        "представителем несовершеннолетнего — моего ребёнка {{ person_genitive }},{{ birth_line }}"
        "{{ grade_line }}"
    )
    consent(
        "consent_participation.docx",
        "СОГЛАСИЕ\nна участие в программе наставничества",
        self_lead,
        "даю согласие на {{ participation }} в программе наставничества «{{ programme }}», реализуемой "
        "{{ school }}, и на возложение на меня обязанностей, связанных с участием в ней.",
        [
            "С Положением о системе наставничества {{ acquainted }}. "
            "Согласие может быть отозвано мною письменно."
        ],
    )
    consent(
        "consent_participation_minor.docx",
        "СОГЛАСИЕ\nзаконного представителя на участие несовершеннолетнего в программе наставничества",
        guardian_lead,
        "даю согласие на участие моего ребёнка в программе наставничества «{{ programme }}», реализуемой "
        "{{ school }}, в качестве {{ role_genitive }}.",
        [
            "С Положением о системе наставничества {{ acquainted }}. "
            "Согласие может быть отозвано мною письменно."
        ],
    )
    consent(
        "consent_personal_data.docx",
        "СОГЛАСИЕ\nна обработку персональных данных",
        self_lead,
        _PD_BODY,
        _PD_TERMS,
    )
    consent(
        "consent_personal_data_minor.docx",
        "СОГЛАСИЕ\nзаконного представителя на обработку персональных данных несовершеннолетнего",
        guardian_lead,
        _PD_BODY,
        _PD_TERMS,
    )


def programme_final_report() -> None:
    """The curator's final analytical report of a programme, for publication (001 §4.15, 000 §6.5.3.1):
    the same figures as its page and PDF (reports/programme.py), in a document a school edits and posts."""
    b = Builder()
    b.letterhead()
    b.para("{{ title }}", bold=True, align="center", size=14)
    b.para("«{{ programme }}», {{ academic_year }} учебный год", align="center")
    b.para("")
    b.para("Куратор программы: {{ curator }}", align="left")
    b.para("Этап программы: {{ stage }}", align="left")
    b.para("Формы наставничества: {{ forms }}", align="left")
    b.para("")
    b.para("1. Что было запланировано и что достигнуто", bold=True, align="left")
    b.table(
        ["Показатель", "План", "Факт"],
        ["{{ p.label }}", "{{ p.planned }}", "{{ p.reached }}"],
        [10.5, 3.0, 3.5],
        "p in plan",
    )
    b.para("")
    b.para("2. Итоги работы пар и групп", bold=True, align="left")
    b.table(["Итог", "Пар и групп"], ["{{ o.label }}", "{{ o.count }}"], [12.0, 5.0], "o in outcomes")
    b.para("{%p if termination_reasons %}", align="left")
    b.para("Причины досрочного завершения:", italic=True, align="left")
    b.para("{%p for o in termination_reasons %}", align="left")
    b.para("— {{ o.label }}: {{ o.count }}", align="left")
    b.para("{%p endfor %}", align="left")
    b.para("{%p endif %}", align="left")
    b.para("")
    b.para("3. Изменения по итогам входной и итоговой диагностики", bold=True, align="left")
    b.para("{%p if parameters %}", align="left")
    b.table(
        ["Параметр", "На входе", "На выходе", "Изменение", "Участников"],
        ["{{ r.parameter }}", "{{ r.entry }}", "{{ r.exit }}", "{{ r.change }}", "{{ r.participants }}"],
        [6.5, 2.5, 2.5, 2.7, 2.8],
        "r in parameters",
    )
    b.para("{%p else %}", align="left")
    b.para("Итоговая диагностика не проведена.", italic=True, align="left")
    b.para("{%p endif %}", align="left")
    b.para("")
    b.para("4. Завершение программы", bold=True, align="left")
    b.para("{%p for c in completion %}", align="left")
    b.para("{{ c.mark }} {{ c.label }}", align="left")
    b.para("{%p endfor %}", align="left")
    b.para("")
    b.para("5. Награды", bold=True, align="left")
    b.para("{%p if awards %}", align="left")
    b.table(["Награда", "Кому"], ["{{ a.title }}", "{{ a.whom }}"], [8.0, 9.0], "a in awards")
    b.para("{%p else %}", align="left")
    b.para("Награды не внесены.", italic=True, align="left")
    b.para("{%p endif %}", align="left")
    b.para("")
    b.para("6. Лучшие практики", bold=True, align="left")
    b.para("{%p for t in best_practices %}", align="left")
    b.para("— {{ t }}", align="left")
    b.para("{%p endfor %}", align="left")
    b.para("{%p if not best_practices %}", align="left")
    b.para("Лучшие практики не внесены.", italic=True, align="left")
    b.para("{%p endif %}", align="left")
    b.para("")
    b.para("7. Выводы", bold=True, align="left")
    b.para("{%p for c in conclusions %}", align="left")
    b.para("{{ c }}", indent=True)
    b.para("{%p endfor %}", align="left")
    b.para("{%p if not conclusions %}", align="left")
    b.para("Выводы куратора не внесены.", italic=True, align="left")
    b.para("{%p endif %}", align="left")
    b.para("")
    b.para("{{ generated_on }}", align="left")
    b.signature("Куратор программы наставничества", "{{ curator }}")
    b.save("programme_final_report.docx")


def main() -> None:
    order_pairs()
    order_mentor_registry()
    individual_plan()
    consents()
    programme_final_report()
    print(f"templates written to {TEMPLATES}")


if __name__ == "__main__":
    main()
