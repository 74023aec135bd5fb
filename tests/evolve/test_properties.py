"""Property: whatever a rep types into a version 1 workbook's input cells survives the upgrade."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from salessheet.evolve.history import build_workbook_at
from salessheet.evolve.states import state_at
from salessheet.evolve.upgrade import upgrade_file
from salessheet.schema import fold
from salessheet.templates import workbook_bytes
from tests.evolve.workbooks import typed_cells

STATE = state_at(1)
OLD_STAGES = {fold(v) for v in ("Discovery", "discovery", "需求挖掘")}
SHEETS = {"Pipeline": "pipeline", "Tasks": "tasks", "Risks": "risks"}

texts = st.text(alphabet=st.sampled_from("abcXYZ 019-_.客户阶段"), min_size=1, max_size=12).filter(
    lambda s: s.strip() and fold(s) not in OLD_STAGES)
values = st.one_of(texts, st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False).map(float),
                   st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(
                       lambda d: dt.datetime(d.year, d.month, d.day)), st.booleans())


def _inputs(sheet_name: str) -> list[int]:
    columns = STATE.columns[SHEETS[sheet_name]]
    return [i for i, c in enumerate(columns, start=1) if not c.spec(SHEETS[sheet_name]).computed]


cells = st.lists(st.tuples(st.sampled_from(sorted(SHEETS)), st.integers(2, 9), st.integers(0, 40), values),
                 min_size=1, max_size=12)


def _stored(cells: dict[tuple[int, str], Any]) -> dict[tuple[int, str], Any]:
    """Values as stored in the file: a number typed into a date column is the same number, shown as a date."""
    out = {}
    for where, value in cells.items():
        if isinstance(value, dt.datetime | dt.date | dt.time):
            value = to_excel(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = round(float(value), 6)  # openpyxl reads a serial shown as a date to the microsecond
        out[where] = value
    return out


@pytest.fixture(scope="module")
def base() -> bytes:
    return workbook_bytes(build_workbook_at(1, "en", roster=[{"rep_id": "alice"}], prefilled_rows=4))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=cells)
def test_typed_values_survive(base: bytes, typed: list[tuple[str, int, int, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rep.xlsx"
        path.write_bytes(base)
        wb = openpyxl.load_workbook(path)
        for sheet_name, row, pick, value in typed:
            inputs = _inputs(sheet_name)
            wb[sheet_name].cell(row=row, column=inputs[pick % len(inputs)], value=value)
        wb.save(path)
        before = typed_cells(path, 1, "en")
        assert upgrade_file(path, apply=True).applied
        after = typed_cells(path, None, "en")
        for key in SHEETS.values():
            assert _stored(after[key]) == _stored(before[key])


@pytest.mark.parametrize("row", [3, 9])  # inside the table (date-formatted) and below it
def test_a_number_outside_the_calendar_in_a_date_cell_survives(base: bytes, row: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rep.xlsx"
        path.write_bytes(base)
        wb = openpyxl.load_workbook(path)
        inputs = _inputs("Pipeline")
        wb["Pipeline"].cell(row=2, column=inputs[0], value="0")
        wb["Pipeline"].cell(row=row, column=inputs[10], value=-912176.1123069021)
        wb.save(path)
        before = typed_cells(path, 1, "en")
        assert -912176.1123069021 in before["pipeline"].values()
        assert upgrade_file(path, apply=True).applied
        after = typed_cells(path, None, "en")
        assert _stored(after["pipeline"]) == _stored(before["pipeline"])
