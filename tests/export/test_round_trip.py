"""Sheets -> SQL -> sheets: workbooks read, exported, rebuilt from the database and read again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from salessheet.demo.data import generate_team
from salessheet.demo.workbooks import write_team
from salessheet.export import export_sql, load_team_data, read_tables
from salessheet.export.sql import sheets_from_tables
from salessheet.schema import SHEETS
from salessheet.templates import build_workbook, save_workbook


def _by_key(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    out = {}
    for spec in SHEETS:
        out[spec.key] = {
            tuple(r.get(k) for k in spec.key_columns): {k: v for k, v in r.items() if v is not None}
            for r in rows.get(spec.key, [])
        }
    return out


def test_sheets_sql_sheets_preserves_every_value(db_url: str, tmp_path: Path) -> None:
    team = generate_team(reps=3, deals=12, today=dt.date(2026, 11, 25))
    write_team(team, tmp_path / "team", plant_problems=False)
    original = load_team_data(tmp_path / "team")
    assert original.report.ok, original.report.flatten()[:5]
    stats = export_sql(original, db_url)
    assert len(stats.report) == 0

    rows = sheets_from_tables(read_tables(db_url))
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    first = rows["roster"][0]["rep_id"]
    for rep in rows["roster"]:  # team-level targets (owner TEAM) go with the first rep, as in the demo
        mine = {key: [r for r in rows[key] if r.get("owner") == rep["rep_id"]
                      or (key == "targets" and r["owner"] == "TEAM" and rep["rep_id"] == first)]
                for key in ("targets", "pipeline", "tasks", "risks")}
        lang = "zh" if rep["rep_id"] == team.reps[2].rep_id else "en"
        wb = build_workbook("rep", lang, config=original.config, roster=rows["roster"], owner=rep["rep_id"],
                            rows=mine)
        save_workbook(wb, rebuilt / f"{rep['rep_id']}.xlsx")
    again = load_team_data(rebuilt)
    assert _by_key(again.rows) == _by_key(original.rows)
    assert sum(len(v) for v in original.rows.values()) > 50
    assert export_sql(again, db_url).changed == 0
