"""deal_history from real sync snapshots: two consolidations, one stage change, exported from the master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from salessheet.demo.data import generate_team
from salessheet.demo.workbooks import write_team
from salessheet.export import export_sql, load_team_data, read_tables
from sync.pipeline import consolidate
from sync.team import load_team, master_database_url


def test_history_follows_the_snapshots(db_url: str, tmp_path: Path) -> None:
    team = generate_team(reps=2, deals=6, today=dt.date(2026, 11, 25))
    folder, master = tmp_path / "team", tmp_path / "master.xlsx"
    write_team(team, folder, plant_problems=False)
    consolidate(load_team(folder, master=master), today=dt.date(2026, 11, 20), executor="serial")
    deal = next(d for d in team.reps[0].rows["pipeline"] if d["stage"] not in ("won", "lost"))
    deal["stage"] = "won"
    deal["actual_close_date"] = dt.date(2026, 11, 24)
    write_team(team, folder, plant_problems=False)
    consolidate(load_team(folder, master=master), today=dt.date(2026, 11, 25), executor="serial")

    stats = export_sql(load_team_data(master), db_url, snapshots=master_database_url(master))
    history = read_tables(db_url)["deal_history"]
    assert stats.rows["deal_history"] == len(history) == 12 + 1
    mine = [(r["run_id"], r["as_of"], r["stage"]) for r in history if r["deal_id"] == deal["deal_id"]]
    assert mine[1] == (2, dt.date(2026, 11, 25), "won") and mine[0][:2] == (1, dt.date(2026, 11, 20))
    assert export_sql(load_team_data(master), db_url, snapshots=master_database_url(master)).changed == 0
