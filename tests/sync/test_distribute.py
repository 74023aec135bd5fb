"""distribute: manager targets and assigned tasks pushed into rep workbooks, safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from salessheet.errors import WriteRefusedError
from salessheet.io import read_workbook
from sync.distribute import distribute
from sync.pipeline import consolidate
from sync.team import load_team
from tests.sync.conftest import TODAY
from tests.tools.authored import add_sparklines


def _run(team_dir: Path):
    team = load_team(team_dir / "reps", master=team_dir / "master.xlsx")
    return consolidate(team, today=TODAY, executor="serial")


def _plan_manager_rows(team_dir: Path):
    first = _run(team_dir)
    rep = first.merged.roster[1].rep_id
    targets = first.merged.tables["targets"]
    mine = (targets["_rep"] == rep) & (targets["owner"] == rep) & (targets["metric"] == "revenue")
    existing = targets[mine].iloc[0]
    book = openpyxl.load_workbook(first.master)
    book["Targets"].append(["2027-Q1", rep, "Revenue", None, None, 424242])
    book["Targets"].append([existing["period"], rep, "Revenue", existing["product"], existing["region"], 7])
    book["Tasks"].append(["T-MGR-1", None, "Quarterly review with manager", rep, dt.date(2026, 12, 5),
                          "Not started"])
    book.save(first.master)
    return first.master, rep, existing["period"]


def test_dry_run_shows_the_diff_and_writes_nothing(team_dir):
    master, rep, period = _plan_manager_rows(team_dir)
    before = {p: p.read_bytes() for p in (team_dir / "reps").glob("*.xlsx")}
    plan = distribute(master)
    lines = {r.rep: r.lines() for r in plan.reps}
    chinese = "目标" in openpyxl.load_workbook(team_dir / "reps" / f"{rep}.xlsx").sheetnames
    metric = "销售额" if chinese else "Revenue"
    updated = next(line for line in lines[rep] if line.startswith(("Targets ~", "目标 ~")))
    old_value = updated.rsplit(": ", 1)[1].split(" → ")[0]
    assert sorted(lines[rep]) == sorted([
        f"{updated.split(' ')[0]} + 2027-Q1 / {rep} / {metric}: 424,242",
        f"{updated.split(' ')[0]} ~ {period} / {rep} / {metric}: {old_value} → 7",
        f"{'任务' if chinese else 'Tasks'} + T-MGR-1: Quarterly review with manager",
    ])
    assert old_value == f"{int(old_value.replace(',', '')):,}"  # as the new value is shown
    assert all(v == ["up to date"] for k, v in lines.items() if k != rep)
    assert {p: p.read_bytes() for p in before} == before
    assert not plan.applied and not plan.refused


def test_apply_updates_only_the_reps_rows_with_a_backup(team_dir):
    master, rep, period = _plan_manager_rows(team_dir)
    path = team_dir / "reps" / f"{rep}.xlsx"
    others = {p: p.read_bytes() for p in (team_dir / "reps").glob("*.xlsx") if p != path}
    plan = distribute(master, apply=True)
    mine = next(r for r in plan.reps if r.rep == rep)
    assert mine.written and mine.backup is not None and mine.backup.exists()
    assert {p: p.read_bytes() for p in others} == others

    data = read_workbook(path)
    targets = data.frame("targets")
    values = dict(zip(targets["period"].astype(str), targets["value"], strict=False))
    assert values["2027-Q1"] == 424242 and values[period] == 7
    assert "T-MGR-1" in set(data.frame("tasks")["task_id"])
    book = openpyxl.load_workbook(path)
    ws = book["Targets"] if "Targets" in book.sheetnames else book["目标"]
    assert any(isinstance(c.value, str) and c.value.startswith("=") for c in ws[2])

    again = _run(team_dir)
    codes = set(again.merged.quarantine["codes"])
    assert "sync.conflict.target_differs" not in codes
    task = again.merged.tables["tasks"].set_index("task_id").loc["T-MGR-1"]
    assert task["_rep"] == rep
    assert all(r.lines() == ["up to date"] for r in distribute(master).reps)


def test_open_rep_workbook_is_skipped_and_reported(team_dir):
    master, rep, _ = _plan_manager_rows(team_dir)
    path = team_dir / "reps" / f"{rep}.xlsx"
    before = path.read_bytes()
    (team_dir / "reps" / f"~${rep}.xlsx").write_bytes(b"owner")
    plan = distribute(master, apply=True)
    assert plan.refused and plan.exit_code == 3
    mine = next(r for r in plan.reps if r.rep == rep)
    assert "open in Excel" in (mine.error or "") and path.read_bytes() == before


def test_a_workbook_the_rewrite_would_damage_is_left_as_it_is(team_dir):
    master, rep, _ = _plan_manager_rows(team_dir)
    path = team_dir / "reps" / f"{rep}.xlsx"
    sheet = "Targets" if "Targets" in openpyxl.load_workbook(path).sheetnames else "目标"
    add_sparklines(path, sheet)  # a rep drew sparklines beside their targets in Excel
    before = {p: p.read_bytes() for p in (team_dir / "reps").iterdir()}
    dry = next(r for r in distribute(master).reps if r.rep == rep)
    assert isinstance(dry.problem, WriteRefusedError) and dry.edits  # the dry run says so too
    assert dry.problem.message("en") == (f"{path}: not written: salessheet cannot keep {sheet}: sparklines "
                                         "in this workbook; make the change by hand")
    assert "迷你图" in dry.problem.message("zh")
    plan = distribute(master, apply=True)
    mine = next(r for r in plan.reps if r.rep == rep)
    assert not mine.written and mine.backup is None and plan.exit_code == 3
    assert {p: p.read_bytes() for p in (team_dir / "reps").iterdir()} == before  # and no backup


def test_a_missing_or_broken_workbook_is_reported_in_both_languages_and_exits_2(team_dir):
    master, rep, _ = _plan_manager_rows(team_dir)
    path = team_dir / "reps" / f"{rep}.xlsx"
    path.write_bytes(b"not a zip")
    others = sorted(p for p in (team_dir / "reps").glob("*.xlsx") if p != path)
    others[0].unlink()
    plan = distribute(master, apply=True)
    problems = {r.path.name: r.problem for r in plan.reps if r.problem}
    assert set(problems) == {path.name, others[0].name} and plan.exit_code == 2 and not plan.refused
    assert problems[path.name].message("en") == f"{path}: cannot be opened as a workbook (BadZipFile)"
    assert problems[path.name].message("zh") == f"{path}: 无法作为工作簿打开（BadZipFile）"
    assert problems[others[0].name].message("zh").endswith(": 找不到工作簿")


def test_what_is_not_a_team_master_is_one_clear_error(team_dir, tmp_path):
    """A rep's workbook, a missing file or a damaged one used to pass for a master with no reps
    (a silent dry run), or to be called "the previous master"."""
    from salessheet.errors import ConfigError, UnreadableFileError

    rep_book = sorted((team_dir / "reps").glob("*.xlsx"))[0]
    with pytest.raises(ConfigError) as raised:
        distribute(rep_book)
    assert raised.value.message("en") == (f"{rep_book}: not a team master (it has no Dashboard sheet); "
                                          "distribute reads the master that consolidate writes")
    assert "不是团队总表" in raised.value.message("zh")
    with pytest.raises(UnreadableFileError) as raised:
        distribute(tmp_path / "master.xlsx")
    assert raised.value.message("en") == f"{tmp_path / 'master.xlsx'}: no such master workbook"
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(UnreadableFileError) as raised:
        distribute(damaged)
    assert raised.value.message("en").startswith(f"{damaged}: the master cannot be read (")
    assert "previous" not in raised.value.message("en")
