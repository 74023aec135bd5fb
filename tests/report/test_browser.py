"""The report as a browser shows it: headless Chromium renders it, numbers equal `metrics --json`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from salessheet.demo import generate_team
from salessheet.demo.workbooks import write_team
from salessheet.report.pdf import CHROMIUM_FLAGS
from tests.tools.system import require_tool

TODAY = "2026-11-25"
PERIOD = "2026-Q4"


class _Dom(HTMLParser):
    """Collects KPI tiles, charts and tables from the DOM Chromium dumps."""

    def __init__(self) -> None:
        super().__init__()
        self.tiles: dict[str, str] = {}
        self.charts: dict[str, int] = {}
        self.tables: set[str] = set()
        self._chart: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-metric"):
            self.tiles[str(a["data-metric"])] = a.get("data-value") or ""
        if a.get("data-chart"):
            self._chart = a["data-chart"]
            self.charts.setdefault(self._chart, 0)
        if tag == "svg" and self._chart:
            self.charts[self._chart] += 1
        if a.get("data-table"):
            self.tables.add(str(a["data-table"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._chart = None


def _salessheet(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "salessheet", *args], capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def _chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, check=True, timeout=120)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    chromium = require_tool("chromium")
    root = tmp_path_factory.mktemp("report")
    team = generate_team(4, 20, today=dt.date.fromisoformat(TODAY))
    files = [str(p) for p in write_team(team, root / "team")]
    _salessheet("report", str(root / "team"), "--period", PERIOD, "--today", TODAY,
                "-o", str(root / "report.html"), "--pdf", str(root / "report.pdf"))
    metrics = json.loads(_salessheet("metrics", *files, "--period", PERIOD, "--today", TODAY,
                                     "--json").stdout)
    dom = _chromium(chromium, root / "profile", "--dump-dom", (root / "report.html").as_uri()).stdout
    parser = _Dom()
    parser.feed(dom)
    _chromium(chromium, root / "profile", "--window-size=1400,2200",
              f"--screenshot={root / 'report.png'}", (root / "report.html").as_uri())
    return root, parser, metrics


def test_kpi_tiles_equal_metrics_json(rendered):
    _, dom, metrics = rendered
    team = metrics["team"]
    assert set(dom.tiles) == {"attainment", "weighted_pipeline", "coverage", "win_rate_count",
                              "avg_cycle_days", "velocity"}
    for key, shown in dom.tiles.items():
        expected = team[key]
        assert (shown == "") == (expected is None), key
        if expected is not None:
            assert float(shown) == pytest.approx(expected, rel=0, abs=1e-9), key


def test_every_chart_and_table_is_rendered(rendered):
    _, dom, _ = rendered
    for chart in ("monthly", "funnel", "attainment", "heatmap"):
        assert dom.charts.get(chart, 0) >= 1, chart
    assert "waterfall" in dom.charts
    assert {"top_deals", "slipped", "overdue_tasks", "red_risks", "quality", "leaderboard"} <= dom.tables


def test_screenshot_and_pdf(rendered):
    root, _, _ = rendered
    png = (root / "report.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    pdf = (root / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
