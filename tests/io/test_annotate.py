"""Annotated copies: Issues sheet, highlighted cells, and everything already in the workbook kept."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from salessheet.io.annotate import annotate_workbook
from salessheet.io.reader import read_workbook
from salessheet.templates import build_workbook, save_workbook
from salessheet.validate import validate_workbook
from tests.io.workbooks import TODAY

ROSTER = [{"rep_id": "alice", "name": "Alice"}, {"rep_id": "bob", "name": "Bob"}]
ROWS = {
    "pipeline": [
        {"deal_id": "D-1", "customer": "ACME", "owner": "alice", "stage": "proposal", "amount": 1000.0,
         "created_date": dt.date(2026, 1, 1), "expected_close_date": dt.date(2026, 3, 1)},
        {"deal_id": "D-2", "customer": "Beta", "owner": "bob", "stage": "won", "amount": 500.0,
         "created_date": dt.date(2026, 1, 1)},
    ],
    "tasks": [{"task_id": "T-1", "deal_id": "D-9", "title": "Call", "owner": "alice",
               "due_date": dt.date(2026, 12, 1), "status": "in_progress"}],
}


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A template workbook with a rep's custom column, a defined name and an existing comment."""
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    book = build_workbook("rep", "en", roster=ROSTER, owner="alice", rows=ROWS, prefilled_rows=20)
    path = save_workbook(book, tmp_path / "rep.xlsx")
    book = load_workbook(path)
    ws = book["Pipeline"]
    column = ws.max_column + 1
    ws.cell(1, column, "My score")
    ws.cell(2, column, 7)
    ws.cell(3, column, "=AD2*2")
    book["Tasks"]["B2"].comment = Comment("rep's own note", "alice")  # a cell that will be flagged
    book.defined_names["MyRange"] = DefinedName("MyRange", attr_text="Pipeline!$A$2:$A$5")
    book.save(path)
    return path


def _snapshot(path: Path) -> dict[str, object]:
    book = load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = {
            "cells": {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
            "tables": dict(ws.tables.items()),
            "validations": sorted(repr((dv.type, dv.formula1, str(dv.sqref)))
                                  for dv in ws.data_validations.dataValidation),
            "conditional": sorted(str(rng.sqref) for rng in ws.conditional_formatting),
            "protected": ws.protection.sheet,
            "state": ws.sheet_state,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
    return {"sheets": sheets, "names": sorted(book.defined_names), "order": book.sheetnames}


def test_copy_keeps_everything_and_adds_issues(workbook: Path, tmp_path: Path):
    report = validate_workbook(read_workbook(workbook), today=TODAY)
    before = _snapshot(workbook)
    out = annotate_workbook(workbook, report, tmp_path / "annotated.xlsx").path
    after = _snapshot(out)
    assert _snapshot(workbook) == before  # source untouched
    assert after["order"] == [*before["order"], "Issues"]
    assert after["names"] == before["names"]
    for title, sheet in before["sheets"].items():
        assert after["sheets"][title] == sheet, title
    assert before["sheets"]["Pipeline"]["validations"] and before["sheets"]["Pipeline"]["tables"]

    book = load_workbook(out)
    issues = book["Issues"]
    located = [i for i in report.sorted() if i.cell]
    assert issues.max_row == len(report) + 1
    links = {c.hyperlink.location or c.hyperlink.target for c in issues["C"][1:] if c.hyperlink}
    assert {f"Pipeline!{i.cell}" for i in located if i.sheet == "Pipeline"} <= {
        link.lstrip("#") for link in links}
    for issue in located:
        cell = book[issue.sheet][issue.cell]
        assert issue.code in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C", "DDEBF7"))
    note = book["Tasks"]["B2"].comment.text
    assert "rep's own note" in note and "tasks.deal_id.unknown_deal" in note


def test_in_place_makes_backup_and_can_repeat(workbook: Path):
    report = validate_workbook(read_workbook(workbook), today=TODAY)
    original = workbook.read_bytes()
    annotate_workbook(workbook, report, workbook)
    assert Path(f"{workbook}.bak").read_bytes() == original
    annotate_workbook(workbook, report, workbook, lang="zh")
    book = load_workbook(workbook)
    assert [n for n in book.sheetnames if n in ("Issues", "问题")] == ["问题"]
    again = validate_workbook(read_workbook(workbook), today=TODAY)
    assert again.flatten() == report.flatten()  # annotating changes no data


def test_cli_annotate(workbook: Path, tmp_path: Path):
    out = tmp_path / "out.xlsx"
    result = subprocess.run([sys.executable, "-m", "salessheet", "validate", str(workbook), "--annotate",
                             str(out)], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Issues" in load_workbook(out).sheetnames
