"""Render the README's report screenshot: a demo team's report in headless Chromium."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from salessheet.compute.metrics import combine_workbooks
from salessheet.demo import generate_team
from salessheet.demo.workbooks import write_team
from salessheet.io.reader import read_workbook
from salessheet.report import build_report_data, render_html
from salessheet.report.pdf import CHROMIUM_FLAGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)


def main() -> int:
    """Write docs/images/report.png."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        team = generate_team(8, 40, today=TODAY)
        books = [read_workbook(p) for p in write_team(team, work / "team", plant_problems=False)]
        data = build_report_data(combine_workbooks(books), "2026-Q4", today=TODAY,
                                 waterfall={"start": 2_950_000, "new": 420_000, "increased": 160_000,
                                            "decreased": 90_000, "won": 380_000, "lost": 210_000,
                                            "slipped": 120_000, "end": 2_730_000})
        html = work / "report.html"
        html.write_text(render_html(data), encoding="utf-8")
        out = ROOT / "docs" / "images" / "report.png"
        subprocess.run([find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                        "--window-size=1400,1250", f"--screenshot={out}", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
