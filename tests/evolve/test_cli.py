"""`salessheet doctor` and `salessheet upgrade` on a team folder: output, JSON and exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salessheet.cli.app import run
from tests.evolve.workbooks import write_version

TODAY = dt.date(2026, 11, 25)


def test_doctor_and_upgrade_a_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = tmp_path / "team"
    team.mkdir()
    write_version(team, 1, "zh", TODAY, name="alice.xlsx")
    write_version(team, 3, "en", TODAY, name="bob.xlsx")

    assert run(["doctor", str(team), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    files = {Path(f["file"]).name: f for f in payload["files"]}
    assert files["alice.xlsx"]["template_version"] == 1 and files["alice.xlsx"]["pending"] > 0
    assert files["bob.xlsx"]["pending"] == 0
    renamed = next(f for f in files["alice.xlsx"]["findings"] if f["code"] == "drift.value.renamed")
    assert (renamed["location"], renamed["raw"], renamed["fixable"]) == ("商机!F7", "需求挖掘", True)

    assert run(["upgrade", str(team)]) == 1
    out = capsys.readouterr().out
    assert "would upgrade from version 1" in out and "dry run" in out
    assert not list(team.glob("*.bak"))
    assert run(["upgrade", str(team), "--apply"]) == 0
    assert "upgraded from version 1" in capsys.readouterr().out
    assert [p.name for p in team.glob("*.bak")] == ["alice.xlsx.bak"]
    assert run(["upgrade", str(team), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert [f["changes"] for f in plan["files"]] == [[], []]

    (team / "carol.xlsx").write_text("not a workbook")
    assert run(["doctor", str(team)]) == 2
    assert "carol.xlsx: " in capsys.readouterr().out
