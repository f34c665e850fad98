"""The reports' HTML: one Jinja2 body per report, wrapped either as a standalone document (the download
and the PDF's source) or placed inside the cabinet's layout. Charts are inline SVG made here from the
report model, so the page and the PDF show the same figures."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from domain.plural import count_of, plural_form
from domain.report_labels import ru_date
from reports.model import DistrictReport, ProgrammeReport, SchoolReport
from reports.svg import hbars

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _date(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return ru_date(value)


def ru_number(value: float | None) -> str:
    """2,5 — a figure as a Russian document prints it, no trailing zeros; — when there is none."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


# Long words of narrow table headers, with soft hyphens where they may break.
_BREAKS = {
    "подготовительный": "подгото\u00adвительный",
    "проектировочный": "проекти\u00adровочный",
    "реализационный": "реализа\u00adционный",
    "рефлексивно-аналитический": "рефлексивно-\u200bанали\u00adтический",
    "результативный": "результа\u00adтивный",
}


def _breakable(text: str) -> str:
    return _BREAKS.get(text, text)


env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
env.filters["date"] = _date
env.filters["num"] = ru_number
env.filters["count"] = count_of
env.filters["breakable"] = _breakable
env.filters["plural_word"] = plural_form


def _coverage_chart(report: SchoolReport) -> Markup:
    f = report.figures
    rows = [("Обучающиеся", [f.pupils.percent or 0.0]), ("Педагоги", [f.teachers.percent or 0.0])]
    targets = [f.pupils.target_percent, f.teachers.target_percent]
    return hbars(rows, maximum=100, suffix=" %", targets=[float(t) if t else None for t in targets])


def school_charts(report: SchoolReport) -> dict[str, Markup]:
    charts = {"coverage": _coverage_chart(report)}
    if report.pairs_by_form:
        rows = [(r.form, [float(r.total)]) for r in report.pairs_by_form]
        charts["forms"] = hbars(rows, maximum=max(r.total for r in report.pairs_by_form))
    if report.parameters:
        rows = [(p.parameter, [p.entry, p.exit]) for p in report.parameters]
        top = max(max(p.entry, p.exit) for p in report.parameters)
        charts["parameters"] = hbars(rows, maximum=top, series=["на входе", "на выходе"])
    for stats in report.questionnaires:
        scale = [q for q in stats.questions if q.mean is not None and q.scale_max]
        if scale:
            top = float(max(q.scale_max or 5 for q in scale))
            rows = [(q.text, [q.mean or 0.0]) for q in scale]
            charts[f"q-{stats.version_id}"] = hbars(rows, maximum=top, label_width=330)
    return charts


def district_charts(report: DistrictReport) -> dict[str, Markup]:
    rows = [
        (r.school, [r.figures.pupils.percent or 0.0, r.figures.teachers.percent or 0.0]) for r in report.rows
    ]
    targets = [
        float(r.figures.pupils.target_percent) if r.figures.pupils.target_percent else None
        for r in report.rows
    ]
    return {
        "coverage": hbars(
            rows,
            maximum=100,
            suffix=" %",
            series=["обучающиеся", "педагоги"],
            targets=targets,
            label_width=160,
        )
    }


def programme_charts(report: ProgrammeReport) -> dict[str, Markup]:
    charts: dict[str, Markup] = {}
    if report.parameters:
        rows = [(p.parameter, [p.entry, p.exit]) for p in report.parameters]
        top = max(max(p.entry, p.exit) for p in report.parameters)
        charts["parameters"] = hbars(rows, maximum=top, series=["на входе", "на выходе"])
    if report.outcomes:
        charts["outcomes"] = hbars(
            [(o.label, [float(o.count)]) for o in report.outcomes],
            maximum=max(1, *(o.count for o in report.outcomes)),
        )
    return charts


def _render(body: str, context: dict[str, Any], standalone: bool) -> str:
    template = env.get_template("document.html" if standalone else body)
    return template.render(body=body, **context)


def school_html(report: SchoolReport, standalone: bool = True) -> str:
    return _render("school.html", {"r": report, "charts": school_charts(report)}, standalone)


def district_html(report: DistrictReport, standalone: bool = True) -> str:
    return _render("district.html", {"r": report, "charts": district_charts(report)}, standalone)


def programme_html(report: ProgrammeReport, standalone: bool = True) -> str:
    return _render("programme.html", {"r": report, "charts": programme_charts(report)}, standalone)
