"""Render a sample of each monitoring report from a seeded district (a fresh SQLite file) and write the PDFs'
first pages as PNG under docs/reports/ (needs `pdftoppm` from poppler-utils).

    .venv/bin/python scripts/report_samples.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="nastavnik-report-samples-"))
os.environ["NASTAVNIK_DATABASE_URL"] = f"sqlite:///{WORK / 'samples.db'}"

from bench.report_world import ROUNDS, seed_district  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.report_models import ProgrammeReportNote  # noqa: E402
from db.session import session_scope, utcnow  # noqa: E402
from domain.actors import Actor, Role  # noqa: E402
from reports.district import build_district_report  # noqa: E402
from reports.html import district_html, programme_html, school_html  # noqa: E402
from reports.pdf import pdf_of  # noqa: E402
from reports.programme import build_programme_report  # noqa: E402
from reports.school import build_school_report  # noqa: E402


def main() -> None:
    upgrade()
    out = ROOT / "docs" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    may = ROUNDS[-1]
    today = may.due_on + timedelta(days=5)
    with session_scope() as session:
        district = seed_district(session, "Рудничный район", 12, 40, late_every=4)
        school = district.schools[0]
        session.add(
            ProgrammeReportNote(
                id="notes-sample",
                programme_id=school.programme_id,
                version=1,
                awards=[{"title": "Наставник года", "participant_id": f"{school.pair_ids[0]}-mentor"}],
                best_practices=["Еженедельные консультации наставников-старшеклассников перед контрольными"],
                conclusions="Программа выполнена: пары работали по планам, охват педагогов достиг цели.",
                written_by=school.curator_id,
                written_at=utcnow(),
            )
        )
        session.commit()
        curator = Actor(user_id=school.curator_id, role=Role.CURATOR, organisation_id=school.organisation_id)
        coordinator = Actor(
            user_id=district.coordinator_id, role=Role.COORDINATOR, district=district.district
        )
        pages = {
            "school-half-year": school_html(
                build_school_report(session, curator, school.organisation_id, may.round_id, today)
            ),
            "district-roll-up": district_html(
                build_district_report(session, coordinator, district.district, may.round_id, today)
            ),
            "programme-final": programme_html(
                build_programme_report(session, curator, school.programme_id, today)
            ),
        }
    for name, html in pages.items():
        pdf = WORK / f"{name}.pdf"
        pdf.write_bytes(pdf_of(html))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / name)],
            check=True,
        )
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
