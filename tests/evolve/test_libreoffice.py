"""LibreOffice opens upgraded version 1 and 2 workbooks and their formulas equal the Python twins."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from salessheet.evolve.upgrade import upgrade_file
from salessheet.schema import ColumnKind, ColumnSpec, WorkbookConfig, fold, label_to_key, sheet
from tests.evolve.workbooks import write_version
from tests.templates.recalc import as_date, read_table, recalculate_many
from tests.templates.samples import sample_rows
from tests.tools.twins import python_twins

pytestmark = pytest.mark.tools

CONFIG = WorkbookConfig()


@pytest.fixture(scope="module")
def today() -> dt.date:
    return dt.date.today()


CASES = {"v1-en": (1, "en"), "v2-zh": (2, "zh")}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory, today: dt.date) -> dict[str, Path]:
    """Upgrade a version 1 (English) and a version 2 (Chinese) workbook; one LibreOffice run for both."""
    folder = tmp_path_factory.mktemp("evolve-lo")
    paths = []
    for version, lang in CASES.values():
        path = write_version(folder, version, lang, today, prefilled_rows=2)
        assert upgrade_file(path, apply=True).applied
        paths.append(path)
    return {p.stem: p for p in recalculate_many(paths, folder / "out")}


def _current_rows(today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The samples as the upgrade leaves them: version 1 had no forecast category."""
    rows = sample_rows(today)
    rows["pipeline"] = [{k: v for k, v in r.items() if k != "forecast_category"} for r in rows["pipeline"]]
    return rows


def _same(expected: Any, actual: Any, column: ColumnSpec) -> bool:
    if expected is None or expected is pd.NA or expected is pd.NaT or (
            isinstance(expected, float) and math.isnan(expected)):
        return actual in (None, "")
    if column.kind is ColumnKind.DATE:
        return as_date(actual) == pd.Timestamp(expected).date()
    if column.kind is ColumnKind.BOOLEAN:
        return actual in (True, False, 0, 1) and bool(actual) == bool(expected)
    if isinstance(expected, str):
        keys = label_to_key(column.choices or "forecast_categories", CONFIG)
        return keys.get(fold(str(actual))) == expected
    return isinstance(actual, int | float) and abs(float(actual) - float(expected)) <= 1e-9


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("sheet_key", ["pipeline", "tasks", "risks", "targets"])
def test_upgraded_formulas_equal_python_twins(recalculated: dict[str, Path], today: dt.date, case: str,
                                              sheet_key: str) -> None:
    spec = sheet(sheet_key)
    rows = _current_rows(today)
    expected = python_twins(sheet_key, rows, CONFIG, today)
    actual = read_table(recalculated[case], spec, CASES[case][1])
    assert len(actual) >= len(rows[sheet_key])
    for column in spec.computed_columns:
        for i in range(len(rows[sheet_key])):
            value = actual[i][column.key]
            assert _same(expected[column.key].iloc[i], value, column), (sheet_key, i + 2, column.key, value)
