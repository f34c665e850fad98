"""The programme's final report as a Word document (001 §4.15): the same report model as its page and PDF,
poured into a docxtpl template a school may replace with its own letterhead, so the curator can edit it
before publishing."""

from __future__ import annotations

from documents.render import render_docx
from domain.typography import long_date
from reports.html import ru_number
from reports.model import ProgrammeReport

FINAL_REPORT_TEMPLATE = "programme_final_report.docx"


def programme_docx(report: ProgrammeReport) -> bytes:
    context = {
        "school": report.school,
        "title": report.title,
        "programme": report.programme,
        "academic_year": report.academic_year,
        "curator": report.curator,
        "stage": report.stage,
        "forms": ", ".join(report.forms) or "—",
        "plan": [p.model_dump() for p in report.plan],
        "outcomes": [o.model_dump() for o in report.outcomes],
        "termination_reasons": [o.model_dump() for o in report.termination_reasons],
        "parameters": [
            {
                "parameter": r.parameter,
                "entry": ru_number(r.entry),
                "exit": ru_number(r.exit),
                "change": ("+" if r.change > 0 else "") + ru_number(r.change),
                "participants": r.participants,
            }
            for r in report.parameters
        ],
        "completion": [{"mark": "✓" if c.count else "—", "label": c.label} for c in report.completion],
        "awards": [a.model_dump() for a in report.awards],
        "best_practices": report.best_practices,
        "conclusions": [line for line in report.conclusions.split("\n") if line.strip()],
        "generated_on": long_date(report.generated_on),
    }
    return render_docx(FINAL_REPORT_TEMPLATE, context)
