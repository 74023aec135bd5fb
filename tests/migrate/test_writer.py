"""write_import: rep workbooks readable by the reader, roster.csv, an injection-safe report."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

from salessheet.io import read_workbook
from salessheet.migrate import import_file


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def test_team_folder_round_trips_through_the_reader(messy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "team"
    result, output = import_file(messy["source"], messy["mapping"], out, roster=messy["team"], processes=1)
    assert output is not None
    assert sorted(p.name for p in out.iterdir()) == [
        "darcel.schlecht.xlsx", "import-report.csv", "import-summary.txt", "moses.frase.xlsx", "roster.csv",
        "zoe.muller.xlsx",
    ]
    for rep_id, rows in result.rows.items():
        data = read_workbook(out / f"{rep_id}.xlsx")
        assert data.owner == rep_id
        assert data.config.currency == "USD"
        frame = data.frame("pipeline")
        assert len(frame) == len(rows)
        for expected, (_, got) in zip(rows, frame.iterrows(), strict=True):
            for key, value in expected.items():
                assert _clean(got[key]) == value, (rep_id, key)
        roster_ids = list(data.frame("roster")["rep_id"])
        assert roster_ids == [r["rep_id"] for r in result.roster]


def test_roster_csv_and_report_csv(messy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "team"
    result, _ = import_file(messy["source"], messy["mapping"], out, roster=messy["team"], processes=1)
    roster = _csv(out / "roster.csv")
    assert [(r["rep_id"], r["manager"]) for r in roster] == [
        ("moses.frase", "Dustin Brinkmann"), ("darcel.schlecht", "Melvin Marxen"),
        ("anna.snelling", "Dustin Brinkmann"), ("zoe.muller", ""),
    ]
    report = _csv(out / "import-report.csv")
    assert len(report) == len(result.report)
    product = next(r for r in report if r["cell"] == "H8")
    assert product["raw"] == "'=cmd|' /C calc'!A0"  # neutralised for spreadsheets
    assert product["message_en"].startswith("Item: product")
    assert all(not r[k].startswith(("=", "+", "@")) for r in report for k in r)
    summary = (out / "import-summary.txt").read_text(encoding="utf-8")
    assert "source rows: 7" in summary and "rows not imported: 3" in summary
    assert "import.id.duplicate: 1" in summary


def test_formula_like_text_stays_text(messy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "team"
    import_file(messy["source"], messy["mapping"], out, roster=messy["team"], processes=1)
    row = read_workbook(out / "zoe.muller.xlsx").frame("pipeline").iloc[0]
    assert row["customer"] == '=HYPERLINK("http://evil")'


def test_reimport_keeps_earlier_workbooks_as_backups(messy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "team"
    import_file(messy["source"], messy["mapping"], out, roster=messy["team"], processes=1)
    before = (out / "moses.frase.xlsx").read_bytes()
    _, output = import_file(messy["source"], messy["mapping"], out, roster=messy["team"], processes=1)
    assert output is not None
    assert sorted(p.name for p in output.backups) == [
        "darcel.schlecht.xlsx.bak", "moses.frase.xlsx.bak", "zoe.muller.xlsx.bak",
    ]
    assert (out / "moses.frase.xlsx.bak").read_bytes() == before
