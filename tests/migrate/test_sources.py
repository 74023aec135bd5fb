"""Typed xlsx sources and other target sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from salessheet.errors import UnreadableFileError
from salessheet.migrate import ImportMapping, import_frame, read_source


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_source_keeps_typed_cells(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "deals.xlsx", [
        ["ID", "Owner", "Account", "Stage", "Amount", "Created"],
        [1001, "王 小明", "华东物流", "报价", 120000, dt.datetime(2026, 3, 5)],
        [1002, "王 小明", "金山零售", "Closed Won", "12万", "2026年3月6日"],
    ])
    frame, sheet_name = read_source(path)
    assert sheet_name == "Export"
    columns = {"deal_id": "ID", "owner": "Owner", "customer": "Account", "stage": "Stage", "amount": "Amount",
               "created_date": "Created"}
    mapping = ImportMapping(columns=columns,
                            stages={"Closed Won": "won"}, lang="zh")
    result = import_frame(frame, mapping, source="deals.xlsx", sheet_name=sheet_name)
    assert result.report.counts()["error"] == 0
    assert [(r["deal_id"], r["stage"], r["amount"], r["created_date"]) for r in result.rows["王小明"]] == [
        ("1001", "proposal", 120000.0, dt.date(2026, 3, 5)),
        ("1002", "won", 120000.0, dt.date(2026, 3, 6)),
    ]


def test_tasks_sheet_with_choice_labels(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "tasks.xlsx", [
        ["Task", "Who", "Due", "State", "Prio"],
        ["Call back", "amy", "2026-12-01", "进行中", "High"],
        ["Send deck", "amy", "2026-12-02", "Sleeping", "低"],
    ])
    frame, _ = read_source(path)
    mapping = ImportMapping(sheet="tasks", owner_ids="as_is",
                            columns={"task_id": "Task", "title": "Task", "owner": "Who", "due_date": "Due",
                                     "status": "State", "priority": "Prio"})
    result = import_frame(frame, mapping)
    assert [(r["status"], r["priority"]) for r in result.rows["amy"]] == [("in_progress", "high")]
    [issue] = [i for i in result.report if i.row]
    assert (issue.cell, issue.code) == ("D3", "import.value.invalid")
    assert "Not started, In progress, Blocked, Done, Cancelled" in issue.message_en


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the file is empty"),
    (b"PK\x03\x04 not a workbook", "the file is damaged or truncated (not a valid zip)"),
])
def test_a_damaged_xlsx_export_is_unreadable_not_a_crash(tmp_path: Path, content: bytes, reason: str) -> None:
    """calamine's own ZipError used to end ``import`` with an internal error."""
    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as raised:
        read_source(path)
    assert raised.value.message("en") == f"{path}: {reason}"


def test_an_xlsx_export_gets_the_checks_of_every_workbook(tmp_path: Path) -> None:
    """A zip bomb is refused before calamine inflates it, as for a rep's workbook."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 2**20))
    with pytest.raises(UnreadableFileError):
        read_source(path)
