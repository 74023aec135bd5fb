"""The demo's week: every scripted edit shows up as the change sync reports for it."""

from __future__ import annotations

import datetime as dt

import pytest

from salessheet.cli.app import run
from salessheet.cli.history import waterfall_for
from salessheet.compute.periods import parse_period
from salessheet.demo import generate_team
from salessheet.demo.week import EDIT_KINDS, apply_edits, plan_week
from salessheet.demo.workbooks import LANGUAGES, write_team
from salessheet.schema import WorkbookConfig
from sync.changes import CHANGE_KINDS
from sync.pipeline import consolidate
from sync.team import load_team

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    root = tmp_path_factory.mktemp("week")
    team = generate_team(3, 30, today=TODAY)
    team_dir = root / "team"
    write_team(team, team_dir)
    master = root / "master.xlsx"
    consolidate(load_team(team_dir, master=master), today=TODAY - dt.timedelta(days=7), executor="serial")
    edits = plan_week(team, TODAY)
    apply_edits(team, team_dir, edits, LANGUAGES)
    result = consolidate(load_team(team_dir, master=master), today=TODAY, executor="serial")
    return root, master, edits, result


def test_week_plan_has_one_edit_of_each_kind():
    team = generate_team(3, 30, today=TODAY)
    edits = plan_week(team, TODAY)
    assert sorted(e.kind for e in edits) == sorted(EDIT_KINDS)
    assert set(EDIT_KINDS) <= set(CHANGE_KINDS)


def test_every_edit_is_reported_as_its_change(week):
    _, _, edits, result = week
    reported = {(c.kind, c.key) for c in result.changes}
    for edit in edits:
        if edit.kind.startswith("target."):  # (a target's key is its period, owner, metric...)
            assert any(kind == edit.kind and key.startswith(f"{edit.row_id}|")
                       for kind, key in reported), edit
            continue
        key = edit.row_id or edit.values[{"deal": "deal_id", "task": "task_id", "risk": "risk_id"}[
            edit.kind.split(".")[0]]]
        assert (edit.kind, key) in reported, edit


def test_report_of_the_master_shows_the_snapshot_waterfall(week):
    root, master, _, _ = week
    flow = waterfall_for(master, parse_period("2026-Q4"), WorkbookConfig())
    assert flow is not None
    assert flow["start"] + flow["new"] + flow["increased"] - flow["decreased"] - flow["won"] - flow["lost"] \
        - flow["slipped"] == pytest.approx(flow["end"], abs=0.01)
    # The scripted edits touch deals due this quarter: each movement of its pipeline shows.
    assert {k for k in ("new", "increased", "decreased", "won", "lost", "slipped") if flow[k] > 0} \
        == {"new", "increased", "decreased", "won", "lost", "slipped"}
    html = root / "report.html"
    args = ["report", str(master), "--period", "2026-Q4", "--today", TODAY.isoformat(), "-o", str(html)]
    assert run(args) == 0
    text = html.read_text(encoding="utf-8")
    section = text[text.index('data-chart="waterfall"'):]
    assert section[: section.index("</section>")].count("<svg") == 1


def _table_rows(ws, name):
    ref = ws.tables[name].ref
    rows = [[c.value for c in row] for row in ws[ref]]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_dashboard_shows_the_numbers_of_metrics_and_report(week):
    import openpyxl

    from salessheet.compute.metrics import combine_workbooks, team_metrics
    from salessheet.io.reader import read_workbook
    from salessheet.report import build_report_data

    _, master, _, _ = week
    ws = openpyxl.load_workbook(master)["Dashboard"]
    shown = {row["Rep"]: row for row in _table_rows(ws, "Attainment")}
    frames = combine_workbooks([read_workbook(master)])
    metrics = team_metrics(frames, "2026-Q4", "owner", TODAY)
    report = build_report_data(frames, "2026-Q4", today=TODAY)
    assert report.metrics == metrics
    groups = {g.group: g for g in metrics.groups}
    assert set(shown) == set(groups)
    for rep, row in shown.items():
        assert row["Won"] == pytest.approx(groups[rep].closed_won, abs=0.005)
        assert row["Target"] == pytest.approx(groups[rep].target or 0.0, abs=0.005)
        if groups[rep].attainment is not None:
            assert row["Attainment"] == pytest.approx(groups[rep].attainment, abs=1e-4)


def test_dashboard_waterfall_chart_floats_each_move_on_the_level_the_last_left(week):
    import openpyxl

    from salessheet.compute.waterfall import WATERFALL_STEPS, waterfall_bars, waterfall_floor

    _, master, _, _ = week
    ws = openpyxl.load_workbook(master)["Dashboard"]
    ref = ws.tables["Waterfall"].ref
    rows = [[c.value for c in row] for row in ws[ref]][1:]
    first = ws[ref][1][0].row
    bars = waterfall_bars(dict(zip(WATERFALL_STEPS, (float(r[1]) for r in rows), strict=True)))
    stacked = [(ws.cell(first + i, 27).value, ws.cell(first + i, 28).value) for i in range(len(rows))]
    assert [v for pair in stacked for v in pair] == pytest.approx([v for pair in bars for v in pair])
    hidden = ws.column_dimensions["AA"]
    assert hidden.hidden and (hidden.min, hidden.max) == (27, 28)  # AA:AB, out of sight
    [chart] = [c for c in ws._charts if getattr(c, "grouping", None) == "stacked"]
    bottom, shown = chart.series
    assert bottom.spPr.noFill  # the bottoms are not drawn: each move floats
    assert len(shown.dPt) == len(rows)  # one colour per step: totals, moves in, moves out
    floor = waterfall_floor(bars)
    assert floor > 0 and chart.y_axis.scaling.min == pytest.approx(floor)  # a week's moves show
