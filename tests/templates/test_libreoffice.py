"""LibreOffice recalculates generated workbooks; every computed cell must equal its Python twin."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from salessheet.schema import ColumnKind, ColumnSpec, WorkbookConfig, fold, label_to_key, sheet
from salessheet.templates import build_workbook, save_workbook
from tests.templates.recalc import as_date, read_table, recalculate_many
from tests.templates.samples import ROSTER, period_rows, random_periods, random_rows, sample_rows
from tests.tools.twins import python_twins

pytestmark = pytest.mark.tools

CASES: dict[str, tuple[str, WorkbookConfig]] = {
    "rep-en": ("en", WorkbookConfig()),
    "rep-zh-fy4": (
        "zh",
        WorkbookConfig(fiscal_year_start_month=4, stale_deal_days=20, risk_amber=6, risk_red=12),
    ),
    "rep-en-fy7-random": ("en", WorkbookConfig(fiscal_year_start_month=7)),
}


def case_rows(case: str, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Rows of a case: the samples, plus random rows and 400 random period labels in the random case."""
    rows = sample_rows(today)
    if "random" in case:
        for key, extra in random_rows(today).items():
            rows[key] = rows[key] + extra
        rows["targets"] = rows["targets"] + period_rows(random_periods(400))
    return rows


@pytest.fixture(scope="module")
def today() -> dt.date:
    return dt.date.today()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory, today: dt.date) -> dict[str, Path]:
    """Build every case plus an empty master, recalculate all in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("lo")
    paths = []
    for name, (lang, config) in CASES.items():
        wb = build_workbook("rep", lang, config=config, roster=ROSTER, owner="alice",
                            rows=case_rows(name, today), prefilled_rows=3)
        paths.append(save_workbook(wb, folder / f"{name}.xlsx"))
    paths.append(save_workbook(build_workbook("master", "zh", prefilled_rows=20), folder / "master-zh.xlsx"))
    converted = recalculate_many(paths, folder / "out")
    return {p.stem: p for p in converted}


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _check(expected: Any, actual: Any, column: ColumnSpec, config: WorkbookConfig, where: str) -> None:
    if _missing(expected):
        assert actual in (None, ""), f"{where}: expected blank, got {actual!r}"
    elif column.kind is ColumnKind.DATE:
        assert as_date(actual) == pd.Timestamp(expected).date(), f"{where}: {actual!r} != {expected!r}"
    elif column.kind is ColumnKind.BOOLEAN:
        assert actual in (True, False, 0, 1), f"{where}: not a boolean: {actual!r}"
        assert bool(actual) == bool(expected), f"{where}: {actual!r} != {expected!r}"
    elif isinstance(expected, str):
        mapping = label_to_key(column.choices or "forecast_categories", config)
        assert mapping.get(fold(str(actual))) == expected, f"{where}: {actual!r} is not {expected!r}"
    else:
        assert isinstance(actual, int | float) and not isinstance(actual, bool), f"{where}: {actual!r}"
        assert abs(float(actual) - float(expected)) <= 1e-9, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("sheet_key", ["pipeline", "tasks", "risks", "targets"])
def test_formulas_equal_python_twins(recalculated: dict[str, Path], today: dt.date, case: str,
                                     sheet_key: str) -> None:
    lang, config = CASES[case]
    spec = sheet(sheet_key)
    rows = case_rows(case, today)
    expected = python_twins(sheet_key, rows, config, today)
    actual = read_table(recalculated[case], spec, lang)
    assert len(actual) == len(rows[sheet_key]) + 3
    for index, column in enumerate(spec.computed_columns):
        assert column.key in expected.columns, column.key
        for i in range(len(rows[sheet_key])):
            where = f"{case} {spec.name(lang)} row {i + 2} {column.key} ({index})"
            _check(expected[column.key].iloc[i], actual[i][column.key], column, config, where)
    for blank in actual[len(rows[sheet_key]):]:
        assert all(blank[c.key] in (None, "") for c in spec.computed_columns), blank


def test_empty_master_has_no_formula_errors(recalculated: dict[str, Path]) -> None:
    for spec in (sheet("pipeline"), sheet("tasks"), sheet("risks"), sheet("targets")):
        rows = read_table(recalculated["master-zh"], spec, "zh")
        assert len(rows) == 20
        for row in rows:
            assert all(row[c.key] in (None, "") for c in spec.computed_columns), row
