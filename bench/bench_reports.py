"""Benchmark of the monitoring reports (issue 9): a district of 50 schools × 200 pairs with a year of
meetings and two rounds of questionnaires, written straight into a fresh SQLite database (no Temporal).

Prints, for one school's half-year report and for the district roll-up: the build time of the XLSX and of
the PDF (model + rendering, median of --repeat runs) and the peak Python memory of each build, each also as
a ratio to a baseline measured in the same run on the same machine:
- XLSX: a bare openpyxl workbook with the same number of cells (no styles, no charts);
- PDF: a bare WeasyPrint document with the same text (paragraphs, no tables, no charts).
Targets: a school's report under 2 s, the district roll-up under 10 s. Printed figures, never a test.

    .venv/bin/python bench/bench_reports.py [--schools 50] [--pairs 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html as html_lib
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="nastavnik-bench-reports-"))
os.environ["NASTAVNIK_DATABASE_URL"] = f"sqlite:///{WORK / 'reports.db'}"

from openpyxl import Workbook, load_workbook  # noqa: E402
from weasyprint import HTML  # noqa: E402

from bench.report_world import ROUNDS, seed_district  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.session import session_scope  # noqa: E402
from domain.actors import Actor, Role  # noqa: E402
from reports.district import build_district_report  # noqa: E402
from reports.html import district_html, school_html  # noqa: E402
from reports.pdf import pdf_of  # noqa: E402
from reports.school import build_school_report  # noqa: E402
from reports.xlsx import district_xlsx, school_xlsx  # noqa: E402


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bare_xlsx(like: bytes) -> Callable[[], bytes]:
    """A workbook with as many sheets and cells as `like`, plain values only."""
    shape = [(ws.max_row, ws.max_column) for ws in load_workbook(BytesIO(like)).worksheets]

    def build() -> bytes:
        wb = Workbook()
        assert wb.active is not None
        wb.remove(wb.active)
        for i, (rows, columns) in enumerate(shape):
            ws = wb.create_sheet(f"Лист{i + 1}")
            for r in range(1, rows + 1):
                ws.append([f"значение {r}.{c}" if c % 2 else r * c for c in range(1, columns + 1)])
        buffer = BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    return build


def bare_pdf(like: str) -> Callable[[], bytes]:
    """The same text as `like`, as plain paragraphs in a bare document."""
    text = html_lib.unescape(re.sub(r"<svg.*?</svg>|<style>.*?</style>|<[^>]+>", "\n", like, flags=re.S))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines) + "</body></html>"

    def build() -> bytes:
        document: bytes = HTML(string=page).write_pdf()
        return document

    return build


def pipeline(model: Callable[[], Any], *steps: Callable[[Any], Any]) -> Callable[[], bytes]:
    """Build the report's model from the database, then each step: what a download does."""

    def run() -> bytes:
        value = model()
        for step in steps:
            value = step(value)
        return bytes(value)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    upgrade()
    start = time.perf_counter()
    with session_scope() as session:
        district = seed_district(session, "Рудничный район", args.schools, args.pairs)
    seeded = time.perf_counter() - start
    may = ROUNDS[-1].round_id
    with session_scope() as session:
        counts = {
            table: session.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in (
                "pairs",
                "participants",
                "meetings",
                "overdue_items",
                "questionnaire_answers",
                "assessments",
            )
        }
    print(f"district: {args.schools} schools × {args.pairs} pairs, seeded in {seeded:.1f} s: {counts}")
    pdf_of("<p>разогрев</p>")  # WeasyPrint's first call loads fonts: not part of any figure

    school = district.schools[0]
    curator = Actor(user_id=school.curator_id, role=Role.CURATOR, organisation_id=school.organisation_id)
    coordinator = Actor(user_id=district.coordinator_id, role=Role.COORDINATOR, district=district.district)

    def school_model() -> Any:
        with session_scope() as session:
            return build_school_report(session, curator, school.organisation_id, may)

    def district_model() -> Any:
        with session_scope() as session:
            return build_district_report(session, coordinator, district.district, may)

    cases: dict[str, tuple[Callable[[], Any], Callable[[Any], Any], Callable[[Any], str]]] = {
        "school": (school_model, school_xlsx, school_html),
        "district": (district_model, district_xlsx, district_html),
    }
    target = {"school": 2.0, "district": 10.0}
    print(f"\n{'report':<10}{'output':<7}{'model s':>9}{'build s':>9}{'baseline s':>12}{'ratio':>7}"
          f"{'peak MiB':>10}{'base MiB':>10}{'ratio':>7}{'target':>9}")  # fmt: skip
    for name, (model, to_xlsx, to_html) in cases.items():
        model_s, report = timed(model, args.repeat)
        builds: dict[str, tuple[Callable[[], bytes], Callable[[], bytes]]] = {
            "xlsx": (pipeline(model, to_xlsx), bare_xlsx(to_xlsx(report))),
            "pdf": (pipeline(model, to_html, pdf_of), bare_pdf(to_html(report))),
        }
        for output, (build, baseline) in builds.items():
            build_s, content = timed(build, args.repeat)
            base_s, _ = timed(baseline, args.repeat)
            peak, base_peak = peak_mib(build), peak_mib(baseline)
            verdict = f"<{target[name]:.0f}s " + ("ok" if build_s < target[name] else "MISSED")
            ratio, memory = build_s / base_s, peak / base_peak
            print(
                f"{name:<10}{output:<7}{model_s:>9.2f}{build_s:>9.2f}{base_s:>12.2f}{ratio:>7.2f}"
                f"{peak:>10.1f}{base_peak:>10.1f}{memory:>7.2f}{verdict:>11}   ({len(content) // 1024} KiB)"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nprocess peak RSS: {rss:.0f} MiB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
