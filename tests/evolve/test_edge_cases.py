"""Less common drift: deleted and added sheets, moved and unheaded columns, missing stamps, blockers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from salessheet.evolve.drift import doctor
from salessheet.evolve.upgrade import UpgradeResult, summary, upgrade_file
from salessheet.io import read_workbook
from salessheet.schema import TEMPLATE_VERSION
from salessheet.templates import build_workbook, save_workbook
from tests.evolve.workbooks import typed_cells, write_version

TODAY = dt.date(2026, 11, 25)


def _edit(path: Path, edit: Callable[[openpyxl.Workbook], object]) -> None:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)


def test_deleted_sheet_added_sheet_and_unheaded_values(tmp_path: Path) -> None:
    path = write_version(tmp_path, 2, "en", TODAY)

    def edit(wb: openpyxl.Workbook) -> None:
        del wb["Risks"]
        notes = wb.create_sheet("My notes")
        notes["A1"], notes["B2"] = "Ideas", 42
        wb["Tasks"]["AA3"] = "typed far right"

    _edit(path, edit)
    report, _, _ = doctor([path])
    flat = report.flatten()
    assert [None, None, "drift.sheet.missing"] in flat
    assert ["Tasks", "AA1", "drift.column.extra"] in flat
    assert upgrade_file(path, apply=True).applied
    wb = openpyxl.load_workbook(path)
    assert wb["Risks"].tables["Risks"].ref.startswith("A1:")
    assert (wb["My notes"]["A1"].value, wb["My notes"]["B2"].value) == ("Ideas", 42)
    tasks = wb["Tasks"]
    header = [c.value for c in tasks[1]]
    assert header[-1] == "Column AA" and tasks.cell(3, len(header)).value == "typed far right"
    assert not upgrade_file(path).changes


def test_moved_columns_and_missing_stamp(tmp_path: Path) -> None:
    path = write_version(tmp_path, 3, "zh", TODAY)
    before = typed_cells(path, None, "zh")

    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["商机"]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=2, max_col=3):
            row[0].value, row[1].value = row[1].value, row[0].value  # swap Deal name and Customer
        wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if "template_version" not in p.name]
        config = wb["配置"]
        for row in config.iter_rows():
            if row[0].value == "template_version":
                row[2].value = None

    _edit(path, edit)
    codes = {i.code for i in doctor([path])[0]}
    assert {"drift.template.not_stamped", "drift.column.order"} <= codes
    assert upgrade_file(path, apply=True).applied
    assert typed_cells(path, None, "zh") == before
    assert read_workbook(path).template_version == TEMPLATE_VERSION


def _stamp_99(wb: openpyxl.Workbook) -> None:
    for prop in wb.custom_doc_props.props:
        if prop.name.endswith("template_version"):
            prop.value = 99
    for row in wb["Config"].iter_rows():
        if row[0].value == "template_version":
            row[2].value = "99"


@pytest.mark.parametrize("case", ["newer", "xlsm", "master"])
def test_blocked_files_are_left_alone(tmp_path: Path, case: str) -> None:
    if case == "master":
        path = save_workbook(build_workbook("master", "en", prefilled_rows=2), tmp_path / "master.xlsx")
        _edit(path, lambda wb: setattr(wb["Pipeline"].protection, "sheet", False))
    else:
        path = write_version(tmp_path, 3, "en", TODAY, name="rep.xlsm" if case == "xlsm" else "rep.xlsx")
        if case == "newer":
            _edit(path, _stamp_99)
        else:
            _edit(path, lambda wb: setattr(wb["Pipeline"].protection, "sheet", False))
    original = path.read_bytes()
    result = upgrade_file(path, apply=True)
    assert result.blocked and not result.applied and result.backup is None
    assert path.read_bytes() == original
    _assert_reason_in_both_languages(result)


def _assert_reason_in_both_languages(result: UpgradeResult) -> None:
    """The reason a file is left alone reaches a Chinese run in Chinese, on the file's line."""
    assert result.blocked_zh and result.reason("zh") == result.blocked_zh != result.blocked
    assert re.search(r"[\u4e00-\u9fff]", result.blocked_zh)
    assert summary(result, "zh") == f"{result.path.name}: 未改动: {result.blocked_zh}"
    assert summary(result, "en") == f"{result.path.name}: left unchanged: {result.blocked}"


def test_an_unreadable_file_is_reported_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "rep.xlsx"
    path.write_text("Deal ID,Amount\nD-1,100\n")
    result = upgrade_file(path, apply=True)
    assert result.unreadable and not result.applied and path.read_text().startswith("Deal ID")
    _assert_reason_in_both_languages(result)
