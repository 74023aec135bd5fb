"""docs/sync.md: the team.toml example loads and consolidates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sync.pipeline import consolidate
from sync.team import load_team
from tests.sync.conftest import TODAY

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync.md"


def _toml_example() -> str:
    block = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block.group(1).splitlines())


def test_team_toml_example_consolidates(team_dir, tmp_path):
    folder = tmp_path / "east"
    (folder / "reps").mkdir(parents=True)
    files = sorted((team_dir / "reps").glob("*.xlsx"))
    shutil.copy(files[0], folder / "reps" / "alice.xlsx")
    shutil.copy(files[1], folder / "reps" / "bob-north.xlsx")
    shutil.copy(files[2], folder / "reps" / "bob-south.xlsx")
    (folder / "team.toml").write_text(_toml_example(), encoding="utf-8")

    team = load_team(folder)
    assert team.name == "East region" and [r.rep_id for r in team.reps] == ["alice", "bob"]
    assert [Path(s.id).name for s in team.sources] == ["alice.xlsx", "bob-north.xlsx", "bob-south.xlsx"]
    assert team.config is not None and team.config.stale_deal_days == 21
    result = consolidate(team, today=TODAY, executor="serial")
    assert result.master == folder / "master.xlsx" and result.master.exists()
    assert {s.rep for s in result.merged.sources} == {"alice", "bob"}
