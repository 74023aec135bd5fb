"""Demo team workbooks: one per rep, from the template, with the planted mistakes in place."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import openpyxl
import pytest

from salessheet.demo import generate_team
from salessheet.demo.workbooks import DELIBERATE_PROBLEMS, write_team
from salessheet.schema import fold, sheet

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def team_dir(tmp_path_factory):
    team = generate_team(6, 12, today=TODAY)
    out = tmp_path_factory.mktemp("team")
    paths = write_team(team, out, languages=("en", "zh"))
    return team, out, paths


def _column_values(path, sheet_key, lang, column_key):
    spec = sheet(sheet_key)
    ws = openpyxl.load_workbook(path)[spec.name(lang)]
    header = [fold(str(c.value or "")) for c in ws[1]]
    col = header.index(fold(spec.column(column_key).label(lang))) + 1
    return [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]


def test_one_workbook_per_rep(team_dir):
    team, _out, paths = team_dir
    assert sorted(p.name for p in paths) == sorted(f"{r.rep_id}.xlsx" for r in team.reps)
    assert all(p.stat().st_size > 0 for p in paths)


def test_planted_problems_are_in_the_files(team_dir):
    team, out, _paths = team_dir
    for problem in DELIBERATE_PROBLEMS:
        if problem.rep_index >= len(team.reps) or problem.value in (None, "@dup"):
            continue
        lang = ("en", "zh")[problem.rep_index % 2]
        path = out / f"{team.reps[problem.rep_index].rep_id}.xlsx"
        values = _column_values(path, problem.sheet, lang, problem.column)
        assert problem.value in values, problem


def test_duplicate_id_is_planted(team_dir):
    team, out, _paths = team_dir
    dup = next(p for p in DELIBERATE_PROBLEMS if p.value == "@dup")
    path = out / f"{team.reps[dup.rep_index].rep_id}.xlsx"
    ids = [v for v in _column_values(path, "pipeline", ("en", "zh")[dup.rep_index % 2], "deal_id") if v]
    assert len(ids) == len(set(ids)) + 1


def test_demo_command_writes_templates_and_team(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "salessheet", "demo", "--out", str(tmp_path), "--reps", "2", "--deals", "5",
         "--today", "2026-11-25"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "templates").glob("*.xlsx"))) == 4
    assert len(list((tmp_path / "team").glob("*.xlsx"))) == 2


def test_the_demo_consolidates_with_no_other_thread_running(tmp_path, monkeypatch):
    """Its progress bars have no refresh thread, so the consolidations may fork (workers and
    the snapshot process) safely."""
    import threading

    from salessheet.cli.app import run
    from sync import pipeline
    from sync.forked import fork_available

    seen: list[tuple[int, bool]] = []
    original = pipeline.consolidate

    def consolidate(*args, **kwargs):
        seen.append((threading.active_count(), fork_available()))
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "consolidate", consolidate)
    assert run(["demo", "--out", str(tmp_path), "--reps", "2", "--deals", "5", "--today", "2026-11-25"]) == 0
    assert seen == [(1, True), (1, True)]
    assert (tmp_path / "master.xlsx").exists() and (tmp_path / "changes.md").exists()


def test_a_chinese_demo_speaks_chinese(tmp_path, capsys):
    from salessheet.cli.app import run, settings

    try:
        assert run(["--lang", "zh", "demo", "--out", str(tmp_path), "--reps", "3", "--deals", "12",
                    "--today", "2026-11-25"]) == 0
    finally:
        settings.lang = "en"
    out = capsys.readouterr().out
    for words in ("汇总（一周前）", "汇总（今天）", "团队总表", "变更摘要", "3 个销售工作簿", "周报已写入",
                  "3 名销售，36 个商机；埋了"):
        assert words in out, words
    assert not any(words in out for words in ("consolidate", "rep workbooks", "planted", "report written"))
    assert out.rstrip().endswith(f"（试试：salessheet validate {tmp_path / 'team'}）")
    digest = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert digest.startswith("# 本周变更") and "- 期初: " in digest and "- 期末: " in digest
    assert "start:" not in digest
    assert re.search(r"^- 新商机：\S+（[\d,]+）（\w+）$", digest, re.M)
