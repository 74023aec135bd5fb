"""`salessheet doctor` and `salessheet upgrade` on a team folder: output, JSON and exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salessheet.cli.app import run
from salessheet.schema import TEMPLATE_VERSION
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
    assert run(["doctor", str(team), "--lang", "zh"]) == 2
    lines = capsys.readouterr().out.splitlines()
    carol = [line for line in lines if "carol.xlsx" in line and "│" not in line]
    assert carol == [f"{team / 'carol.xlsx'}: 这是文本/CSV 文件，不是 Excel 工作簿；请另存为 .xlsx"]
    current = TEMPLATE_VERSION
    assert f"alice.xlsx: 模板版本 {current}（当前 {current}），0 处可由 upgrade 修复" in lines


def test_a_chinese_upgrade_speaks_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = tmp_path / "team"
    team.mkdir()
    write_version(team, 1, "zh", TODAY, name="alice.xlsx")
    write_version(team, 3, "en", TODAY, name="bob.xlsm")
    assert run(["upgrade", str(team), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "alice.xlsx: 将升级，版本 1 -> " in out and "升级修复" in out and "级别" in out
    assert "bob.xlsm: 未改动: 启用宏的工作簿不会重建（宏会丢失）；请升级它的 .xlsx 副本" in out
    assert out.rstrip().endswith("演练：未写入任何文件；加 --apply 写入")
    assert not any(word in out for word in ("dry run", "severity", "macro", "would upgrade"))
    assert run(["upgrade", str(team), "--lang", "zh", "--apply"]) == 1
    out = capsys.readouterr().out
    assert f"  备份: {team / 'alice.xlsx.bak'}" in out and "alice.xlsx: 已升级" in out
    assert run(["upgrade", str(team), "--json"]) == 1
    bob = next(f for f in json.loads(capsys.readouterr().out)["files"] if f["file"].endswith("bob.xlsm"))
    assert bob["blocked"].startswith("macro-enabled") and bob["blocked_zh"].startswith("启用宏")
