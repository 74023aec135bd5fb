"""The demo's week: every scripted edit shows up as the change sync reports for it."""

from __future__ import annotations

import datetime as dt

from salessheet.demo import generate_team
from salessheet.demo.week import EDIT_KINDS, apply_edits, plan_week
from salessheet.demo.workbooks import LANGUAGES, write_team
from sync.changes import CHANGE_KINDS
from sync.pipeline import consolidate
from sync.team import load_team

TODAY = dt.date(2026, 11, 25)


def test_week_plan_has_one_edit_of_each_kind():
    team = generate_team(3, 30, today=TODAY)
    edits = plan_week(team, TODAY)
    assert sorted(e.kind for e in edits) == sorted(EDIT_KINDS)
    assert set(EDIT_KINDS) <= set(CHANGE_KINDS)


def test_every_edit_is_reported_as_its_change(tmp_path):
    team = generate_team(3, 30, today=TODAY)
    team_dir = tmp_path / "team"
    write_team(team, team_dir)
    master = tmp_path / "master.xlsx"
    consolidate(load_team(team_dir, master=master), today=TODAY - dt.timedelta(days=7), executor="serial")
    edits = plan_week(team, TODAY)
    apply_edits(team, team_dir, edits, LANGUAGES)
    result = consolidate(load_team(team_dir, master=master), today=TODAY, executor="serial")
    reported = {(c.kind, c.key) for c in result.changes}
    for edit in edits:
        key = edit.row_id or edit.values[{"deal": "deal_id", "task": "task_id", "risk": "risk_id"}[
            edit.kind.split(".")[0]]]
        assert (edit.kind, key) in reported, edit
