"""`salessheet export`: team folder -> SQLite twice (no-op), -> CRM files, wrong usage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.cli import run
from salessheet.demo.data import generate_team
from salessheet.demo.workbooks import write_team


@pytest.fixture(scope="module")
def team_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "team"
    write_team(generate_team(reps=2, deals=8, today=dt.date(2026, 11, 25)), folder, plant_problems=False)
    return folder


def test_export_sql_twice(team_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'sales.db'}"
    assert run(["export", str(team_dir), "--to", url]) == 0
    assert "deals: 16 rows (16 inserted, 0 updated, 0 deleted)" in capsys.readouterr().out
    assert run(["export", str(team_dir), "--to", url]) == 0
    assert capsys.readouterr().out.strip().endswith("0 rows changed")


def test_export_crm_files(team_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", str(team_dir), str(tmp_path / "hs"), "--to", "hubspot-csv"]) == 0
    assert sorted(p.name for p in (tmp_path / "hs").iterdir()) == [
        "1-companies.csv", "2-contacts.csv", "3-deals.csv", "4-tasks.csv",
    ]
    assert "note: Create a unique-value text property" in capsys.readouterr().out
    assert run(["--lang", "zh", "export", str(team_dir), str(tmp_path / "hs"), "--to", "hubspot-csv"]) == 0
    out = capsys.readouterr().out
    assert f"已写入 {tmp_path / 'hs' / '3-deals.csv'}" in out
    assert "注意: 请在公司、联系人、交易和任务上" in out


def test_every_crm_says_what_to_set_up_in_both_languages() -> None:
    from salessheet.export.crm_targets import TARGETS

    for target in TARGETS.values():
        assert target.notes and len(target.notes_zh) == len(target.notes), target.key
        assert target.notes_in("zh") == target.notes_zh and target.notes_in("en") == target.notes


def test_export_usage_errors(team_dir: Path) -> None:
    assert run(["export", str(team_dir), "--to", "hubspot-csv"]) == 64
    assert run(["export", str(team_dir), "x", "--to", "twenty-csv", "--stage", "lost"]) == 64
    assert run(["export", str(team_dir), "--to", "mysql://x"]) == 4
