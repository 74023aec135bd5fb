"""Report data: every figure comes from the compute functions; months add up to the period."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from salessheet.compute.metrics import TeamFrames, team_metrics
from salessheet.issues import IssueType, Severity
from salessheet.report import build_report_data, render_html
from salessheet.report.data import months_of
from salessheet.report.html import kpi_tiles

TODAY = dt.date(2026, 8, 15)


@pytest.fixture
def frames() -> TeamFrames:
    deals = pd.DataFrame({
        "deal_id": ["D1", "D2", "D3", "D4"], "customer": ["A", "B", "C", "D"],
        "owner": ["ann", "ann", "bob", "bob"], "stage": ["won", "proposal", "won", "demo"],
        "amount": [600.0, 1000.0, 300.0, 400.0], "created_date": [dt.date(2026, 6, 1)] * 4,
        "expected_close_date": [None, dt.date(2026, 9, 15), None, dt.date(2026, 8, 1)],
        "actual_close_date": [dt.date(2026, 7, 31), None, dt.date(2026, 8, 10), None],
    })
    targets = pd.DataFrame({"period": ["2026-Q3"] * 2, "owner": ["ann", "bob"],
                            "metric": ["revenue"] * 2, "value": [1200.0, 1000.0]})
    risks = pd.DataFrame({"risk_id": ["R1"], "deal_id": ["D2"], "category": ["competitor"],
                          "likelihood": [5], "impact": [4], "owner": ["ann"], "status": ["open"]})
    tasks = pd.DataFrame({"task_id": ["T1"], "title": ["Call"], "owner": ["bob"], "status": ["not_started"],
                          "due_date": [dt.date(2026, 8, 1)]})
    return TeamFrames(pipeline=deals, targets=targets, risks=risks, tasks=tasks)


def test_headline_figures_are_team_metrics(frames):
    data = build_report_data(frames, "2026-Q3", today=TODAY)
    expected = team_metrics(frames, "2026-Q3", "owner", TODAY)
    assert data.metrics == expected
    tiles = {t["key"]: t["raw"] for t in kpi_tiles(data)}
    assert float(tiles["attainment"]) == expected.team.attainment
    assert float(tiles["weighted_pipeline"]) == expected.team.weighted_pipeline


def test_months_phase_the_period_target_exactly(frames):
    data = build_report_data(frames, "2026-Q3", today=TODAY)
    assert [m["month"] for m in data.monthly] == months_of("2026-Q3")
    assert sum(m["target"] for m in data.monthly) == pytest.approx(2200.0, abs=1e-9)
    assert all(m["phased"] for m in data.monthly)
    assert [m["actual"] for m in data.monthly] == [600.0, 300.0, 0.0]


def test_tables_list_the_right_rows(frames):
    data = build_report_data(frames, "2026-Q3", lang="zh", today=TODAY)
    assert [d["deal_id"] for d in data.top_deals] == ["D2", "D4"]
    assert [d["deal_id"] for d in data.slipped] == ["D4"]
    assert data.slipped[0]["days_late"] == 14
    assert [t["task_id"] for t in data.overdue] == ["T1"]
    assert [r["risk_id"] for r in data.red] == ["R1"]
    assert data.red[0]["category"] == "竞争对手"
    assert [row["owner"] for row in data.leaders] == ["ann", "bob"]
    assert [count for row in data.heatmap for count in row].count(1) == 1


def test_quality_counts_issues_per_file(frames):
    err = IssueType("x.e", Severity.ERROR, "e", "e")
    warn = IssueType("x.w", Severity.WARNING, "w", "w")
    issues = [err(file="/t/ann.xlsx"), err(file="/t/ann.xlsx"), warn(file="/t/bob.xlsx")]
    data = build_report_data(frames, "2026-Q3", today=TODAY, issues=issues)
    assert data.quality == [{"file": "ann.xlsx", "error": 2, "warning": 0, "info": 0},
                            {"file": "bob.xlsx", "error": 0, "warning": 1, "info": 0}]


def test_html_is_self_contained_and_deterministic(frames):
    data = build_report_data(frames, "2026-Q3", today=TODAY,
                             waterfall={"start": 10.0, "new": 5.0, "won": 3.0, "end": 12.0})
    first, second = render_html(data), render_html(data)
    assert first == second
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)|url\(\s*["']?https?:|@import""", first)
    assert "<script" not in first
    for chart in ("monthly", "funnel", "waterfall", "attainment", "heatmap"):
        assert f'data-chart="{chart}"' in first
    assert first.count("<svg") == 5
