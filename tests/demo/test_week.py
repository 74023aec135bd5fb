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
        key = edit.row_id or edit.values[{"deal": "deal_id", "task": "task_id", "risk": "risk_id"}[
            edit.kind.split(".")[0]]]
        assert (edit.kind, key) in reported, edit


def test_report_of_the_master_shows_the_snapshot_waterfall(week):
    root, master, _, _ = week
    flow = waterfall_for(master, parse_period("2026-Q4"), WorkbookConfig())
    assert flow is not None
    assert flow["start"] + flow["new"] + flow["increased"] - flow["decreased"] - flow["won"] - flow["lost"] \
        - flow["slipped"] == pytest.approx(flow["end"], abs=0.01)
    assert flow["slipped"] > 0  # the scripted slip moves a deal due this quarter into the next
    html = root / "report.html"
    args = ["report", str(master), "--period", "2026-Q4", "--today", TODAY.isoformat(), "-o", str(html)]
    assert run(args) == 0
    text = html.read_text(encoding="utf-8")
    section = text[text.index('data-chart="waterfall"'):]
    assert section[: section.index("</section>")].count("<svg") == 1
