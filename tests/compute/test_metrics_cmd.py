"""`salessheet metrics`: rendering from constructed frames, argument errors, and end to end on files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest
from rich.console import Console

from salessheet.cli import metrics_cmd
from salessheet.cli.app import run
from salessheet.compute.metrics import TeamFrames, team_metrics
from salessheet.schema import WorkbookConfig
from salessheet.workbook import SheetRows, WorkbookData

from .conftest import TODAY


def _text(table) -> str:
    console = Console(width=200, record=True)
    console.print(table)
    return console.export_text()


@pytest.fixture
def workbook(deals, tasks, risks) -> WorkbookData:
    targets = pd.DataFrame({"period": ["2026-Q3"] * 2, "owner": ["ann", "bob"], "metric": ["revenue"] * 2,
                            "value": [30000.0, 10000.0]})
    frames = {"pipeline": deals, "tasks": tasks, "risks": risks, "targets": targets}
    return WorkbookData(path="team.xlsx", lang="en", template_version=1, schema_hash=None, owner=None,
                        config=WorkbookConfig(), sheets={k: SheetRows(k, k, f) for k, f in frames.items()})


def test_render_tables_english_and_chinese(workbook):
    result = team_metrics([workbook], "2026-Q3", "owner", TODAY)
    revenue, health = (_text(t) for t in metrics_cmd.render_tables(result, "en"))
    assert "2026-Q3 (2026-07-01 – 2026-09-30), to 2026-08-15, CNY" in revenue
    ann = next(line for line in revenue.splitlines() if " ann " in line)
    assert "30k" in ann and "10k" in ann and "33%" in ann  # target, won, attainment
    team = next(line for line in health.splitlines() if "Team" in line)
    assert "9,500" in team and "67%" in team  # weighted pipeline, win rate
    zh = _text(metrics_cmd.render_tables(result, "zh")[0])
    assert "团队" in zh and "4万" in zh and "截至" in zh


def test_render_without_groups_shows_dash_for_missing(workbook):
    result = team_metrics(TeamFrames(), "2026-Q3", None, TODAY)
    revenue = _text(metrics_cmd.render_tables(result)[0])
    assert "Team" in revenue and "–" in revenue


def test_command_json_with_injected_reader(monkeypatch, capsys, workbook):
    monkeypatch.setattr(metrics_cmd, "load_workbooks", lambda paths: [workbook])
    code = run(["metrics", "team.xlsx", "--period", "2026-Q3", "--by", "owner", "--json",
                "--today", "2026-08-15"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["team"]["closed_won"] == 12000.0 and data["team"]["target"] == 40000.0
    assert [g["group"] for g in data["groups"]] == ["ann", "bob"]


@pytest.mark.parametrize(
    "args",
    [["--period", "2026-Q5"], ["--period", "2026-Q3", "--today", "15/08/2026"],
     ["--period", "2026-Q3", "--by", "planet"]],
)
def test_bad_arguments_are_usage_errors(monkeypatch, capsys, workbook, args):
    monkeypatch.setattr(metrics_cmd, "load_workbooks", lambda paths: [workbook])
    assert run(["metrics", "team.xlsx", *args]) == 64
    assert "Traceback" not in capsys.readouterr().err


def test_end_to_end_on_generated_workbooks(tmp_path):
    pytest.importorskip("salessheet.io.reader")
    from salessheet.demo import generate_team
    from salessheet.demo.workbooks import write_team

    today = dt.date(2026, 11, 25)
    team = generate_team(3, 12, today=today)
    paths = write_team(team, tmp_path, languages=("en", "zh"), plant_problems=False)
    result = subprocess.run(
        [sys.executable, "-m", "salessheet", "metrics", *map(str, paths), "--period", "2026-Q4",
         "--by", "owner", "--json", "--today", today.isoformat()],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)

    def rows(key):
        return pd.DataFrame([row for rep in team.reps for row in rep.rows.get(key, [])])

    expected = team_metrics(
        TeamFrames(pipeline=rows("pipeline"), tasks=rows("tasks"), risks=rows("risks"),
                   targets=rows("targets"), roster=pd.DataFrame(team.roster), config=team.config),
        "2026-Q4", "owner", today,
    )
    assert data == json.loads(expected.to_json())
    table = subprocess.run(
        [sys.executable, "-m", "salessheet", "metrics", *map(str, paths), "--period", "2026-Q4",
         "--today", today.isoformat()], capture_output=True, text=True, check=False,
    )
    assert table.returncode == 0, table.stderr
    assert "Team" in table.stdout
