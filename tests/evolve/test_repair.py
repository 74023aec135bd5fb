"""A workbook a rep has drifted away from the template: doctor locates each change, upgrade repairs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from salessheet.address import column_letter
from salessheet.evolve.drift import doctor
from salessheet.evolve.upgrade import upgrade_file
from salessheet.schema import sheet
from salessheet.templates import build_workbook, save_workbook
from salessheet.templates.formulas import RowRefs, computed_formula
from salessheet.templates.layout import TableLayout
from tests.templates.samples import ROSTER, sample_rows

TODAY = dt.date(2026, 11, 25)
PIPE = TableLayout(sheet("pipeline"), len(sample_rows(TODAY)["pipeline"]) + 5)
L = PIPE.letters
EXTRA = column_letter(len(sheet("pipeline").columns) + 1)
LATE_ROW = PIPE.last_row + 2


@pytest.fixture
def drifted(tmp_path: Path) -> Path:
    path = save_workbook(build_workbook("rep", "en", roster=ROSTER, owner="alice", rows=sample_rows(TODAY),
                                        prefilled_rows=5), tmp_path / "alice.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Pipeline"]
    ws[f"{EXTRA}1"], ws[f"{EXTRA}2"], ws[f"{EXTRA}3"] = "My notes", "call Tuesday", 7
    late = {"deal_id": "D-900", "customer": "Late Ltd", "owner": "alice", "stage": "Won", "amount": 42,
            "created_date": dt.datetime(2026, 5, 1)}
    for key, value in late.items():
        ws[f"{L[key]}{LATE_ROW}"] = value
    ws.data_validations.dataValidation = [dv for dv in ws.data_validations.dataValidation
                                          if dv.formula1 != "list_stages"]
    ws[f"{L['weighted_amount']}3"] = 12345
    ws[f"{L['win_probability']}4"] = "=0.5"
    ws[f"{L['amount']}1"] = "Deal amount"
    ws.protection.sheet = False
    wb["Tasks"].title = "My tasks"
    wb.save(path)
    return path


def test_doctor_locates_every_change(drifted: Path) -> None:
    report, files, code = doctor([drifted])
    assert code == 1 and files[0]["template_version"] == 3
    found = report.flatten()
    expected = [
        ["Pipeline", f"{EXTRA}1", "drift.column.extra"],
        ["Pipeline", f"A{LATE_ROW}:{EXTRA}{LATE_ROW}", "drift.rows.below_table"],
        ["Pipeline", f"A1:{PIPE.last_letter}{PIPE.last_row}", "drift.table.range"],
        ["Pipeline", f"{L['amount']}1", "drift.column.renamed"],
        ["Pipeline", None, "drift.protection.removed"],
        ["Pipeline", f"{L['stage']}2:{L['stage']}{PIPE.last_row}", "drift.validation.removed"],
        ["Pipeline", f"{L['weighted_amount']}3", "drift.formula.deleted"],
        ["Pipeline", f"{L['win_probability']}4", "drift.formula.changed"],
        ["My tasks", None, "drift.sheet.renamed"],
    ]
    for row in expected:
        assert row in found, row
    deleted = next(i for i in report if i.code == "drift.formula.deleted")
    assert deleted.raw == "12345" and deleted.column == "weighted_amount"
    assert files[0]["pending"] == len([f for f in files[0]["findings"] if f["fixable"]]) >= len(expected) - 1


def test_upgrade_repairs_everything(drifted: Path) -> None:
    original = drifted.read_bytes()
    result = upgrade_file(drifted, apply=True)
    assert result.applied and result.backup is not None and result.backup.read_bytes() == original
    report, _, _ = doctor([drifted])
    assert sorted({i.code for i in report}) == ["drift.column.extra", "drift.value.not_in_list"]

    wb = openpyxl.load_workbook(drifted)
    assert "Tasks" in wb.sheetnames and "My tasks" not in wb.sheetnames
    ws = wb["Pipeline"]
    assert ws.protection.sheet
    table = ws.tables["Pipeline"]
    assert table.ref == f"A1:{EXTRA}{LATE_ROW + 50}"
    assert [c.name for c in table.tableColumns][-1] == "My notes"
    assert (ws[f"{EXTRA}2"].value, ws[f"{EXTRA}3"].value) == ("call Tuesday", 7)
    assert (ws[f"{L['deal_id']}{LATE_ROW}"].value, ws[f"{L['amount']}{LATE_ROW}"].value) == ("D-900", 42)
    assert ws[f"{L['created_date']}{LATE_ROW}"].value == dt.datetime(2026, 5, 1)
    assert ws[f"{L['amount']}1"].value == "Amount"
    for key, row in (("weighted_amount", 3), ("win_probability", 4), ("is_stale", LATE_ROW)):
        formula = computed_formula("pipeline", key, RowRefs(L, row), "deal_id", "en")
        assert ws[f"{L[key]}{row}"].value == formula
    stage = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == "list_stages"]
    assert len(stage) == 1 and str(stage[0].sqref) == f"{L['stage']}2:{L['stage']}{LATE_ROW + 50}"
    again = upgrade_file(drifted, apply=True)
    assert not again.changes and not again.applied
