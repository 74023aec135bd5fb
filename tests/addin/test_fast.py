"""The whole-column fast paths of addin.ranges give the general (cell-by-cell) path's results exactly."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlwings import conversion

from salessheet.addin import fast, ranges
from salessheet.addin.xl import OfficeCells
from salessheet.compute.pipeline import prepare_deals
from salessheet.schema import WorkbookConfig

CONFIG = WorkbookConfig()
ERROR = {"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}

serials = st.floats(min_value=-10, max_value=3_000_000, allow_nan=False)
numbers = st.one_of(
    serials,
    st.integers(min_value=-10**6, max_value=10**6),
    st.sampled_from([0.0, -0.0, 0.5, 1.0, 1.5, 40.0, 75, 100, 1e300, math.inf, -math.inf, math.nan,
                     46086.75]),
)
texts = st.sampled_from(["", " ", "Proposal", "报价", " won ", "x", "12万", "¥1,200", "40%", "0.3",
                         "2026-03-05", "2026年3月6日", "3/5/2026", "2026-Q3", "46086", "TRUE", "#N/A"])
blanks = st.sampled_from([None, ""])
cell = st.one_of(numbers, texts, blanks, st.booleans(), st.just(ERROR),
                 st.just({"type": "Double", "basicValue": 3.0}), st.just(dt.date(2026, 3, 5)))
plain_cell = st.one_of(numbers, blanks)  # the common case: what the fast paths take
column = st.one_of(st.lists(plain_cell, max_size=30), st.lists(st.one_of(plain_cell, texts), max_size=30),
                   st.lists(cell, max_size=30))


@contextlib.contextmanager
def general_path() -> Iterator[None]:
    """Every fast path declines, so ranges types each cell the general way."""
    with mock.patch.multiple(fast, rows=lambda values: None, flattened=lambda values: None,
                             cleaned=lambda flat: None, table_columns=lambda body, width, blank: None):
        yield


def typed(values: list[Any]) -> list[Any]:
    """Values with their types, so that 1 and 1.0 (or -0.0 and 0.0) differ; NaN equals NaN."""
    return [typed(v) if isinstance(v, list) else (type(v), "nan" if v != v else repr(v)) for v in values]


def both(function: Callable[..., list[Any]], *args: Any) -> tuple[list[Any], list[Any]]:
    quick = function(*args)
    with general_path():
        general = function(*args)
    return quick, general


@pytest.mark.parametrize("function", [ranges.cells, ranges.numbers, ranges.percents, ranges.dates,
                                      ranges.texts])
@settings(max_examples=150)
@given(values=column, shape=st.sampled_from(["column", "row"]))
def test_fast_path_equals_general_path(function: Callable[..., list[Any]], values: list[Any],
                                       shape: str) -> None:
    rng = [[v] for v in values] if shape == "column" else values
    quick, general = both(function, rng)
    assert typed(quick) == typed(general)


@settings(max_examples=150)
@given(values=st.lists(st.one_of(texts, blanks, st.sampled_from(["Won", "赢单", "lead", "Lost "])),
                       max_size=30),
       extra=st.lists(cell, max_size=3))
def test_choice_keys_fast_path(values: list[Any], extra: list[Any]) -> None:
    for rng in ([[v] for v in values], [[v] for v in values + extra]):
        quick, general = both(ranges.choice_keys, rng, "stages", CONFIG)
        assert typed(quick) == typed(general)


HEADER = ["Deal ID", "Owner", "Stage", "Amount", "Probability", "Created", "Expected close", "Actual close"]
row = st.tuples(st.one_of(st.sampled_from(["D1", "D2"]), blanks, st.just(ERROR)), st.one_of(texts, blanks),
                st.one_of(st.sampled_from(["Won", "报价", "Demo", "lost"]), blanks, texts),
                plain_cell, plain_cell, plain_cell, plain_cell, st.one_of(plain_cell, texts, st.just(ERROR)))


@settings(max_examples=200)
@given(rows=st.lists(st.one_of(row.map(list), st.just([None] * 8), st.just([""] * 8),
                               st.just([ERROR, None, "", None, None, None, None, None]),
                               row.map(lambda r: list(r[:4]))), max_size=25),
       keys=st.sampled_from([None, frozenset({"stage", "amount", "probability", "created_date"})]))
def test_table_fast_path_equals_general_path(rows: list[list[Any]], keys: frozenset[str] | None) -> None:
    values = [HEADER, *rows]
    quick = ranges.table("pipeline", values, CONFIG, keys)
    with general_path():
        general = ranges.table("pipeline", values, CONFIG, keys)
    pd.testing.assert_frame_equal(quick, general, check_exact=True)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([[46086.0], [None], [46086.9], [0.5], [2958466.0], [""]], [dt.date(2026, 3, 5), None,
                                                                   dt.date(2026, 3, 5), None, None, None]),
        ([[1], [2958465]], [dt.date(1899, 12, 31), dt.date(9999, 12, 31)]),
    ],
)
def test_serial_dates(values: list[list[Any]], expected: list[Any]) -> None:
    assert ranges.dates(values) == expected


def test_plain_number_columns_become_float_frame_columns() -> None:
    rows = [["Stage", "Amount", "Probability"], ["Won", 1, None], ["Demo", None, None]]
    frame = ranges.table("pipeline", rows, CONFIG)
    assert frame.dtypes.astype(str).to_dict() == {"stage": "str", "amount": "float64",
                                                  "probability": "object"}
    assert frame["probability"].tolist() == [None, None]


RESULT_CELLS = [dt.date(2026, 3, 5), dt.date(1899, 12, 31), dt.datetime(2026, 3, 5, 12, 30), None, "", "Q3",
                "#N/A", "#DIV/0!", 1.5, math.nan, 3, True, np.float64(2.5), np.int64(4),
                pd.Timestamp("2026-03-05"), pd.NaT]


@pytest.mark.parametrize("runtime", ["1.2", "1.4"])
@pytest.mark.parametrize("date_format", [None, "M/d/yyyy"])
@pytest.mark.parametrize("value", [[[c] for c in RESULT_CELLS], [RESULT_CELLS[:5], RESULT_CELLS[5:10]],
                                   RESULT_CELLS[:3], dt.date(2026, 1, 1), None, []])
def test_office_cells_converter_equals_xlwings_default(value: Any, runtime: str,
                                                       date_format: str | None) -> None:

    assert OfficeCells is not None  # the tests run on the Office.js protocol (conftest)
    options = {"date_format": date_format, "runtime": runtime}

    def write(convert: Any) -> Any:
        return asyncio.run(conversion.async_write(value, None, {**options, "convert": convert},
                                                  engine_name="officejs"))

    assert repr(write(OfficeCells)) == repr(write(Any))


COLUMN_VALUES = [
    pd.Series([1.5, math.nan, 2.0]),
    pd.Series([1, None, 3], dtype="Int64"),
    pd.Series(["red", None, "green"], dtype=object),
    pd.Series(["红", None]),
    pd.Series([True, False]),
    pd.Series(pd.to_datetime(["2026-01-02", None])),
    pd.Series([dt.date(2026, 1, 2), None, np.float64(2.5), np.int64(3), pd.NA], dtype=object),
    pd.Series([], dtype="float64"),
    [1.5, None, math.nan, 3, "a", True, dt.date(2026, 1, 2), np.float64(1.0), pd.NaT, pd.NA],
    [],
]


@pytest.mark.parametrize("values", COLUMN_VALUES)
def test_column_result_in_one_pass_equals_column_then_result(values: Any) -> None:
    assert typed(ranges.result(ranges.Column(values))) == typed(ranges.result(ranges.column(values)))


DATE_KEYS = ["created_date", "expected_close_date", "actual_close_date"]


@settings(max_examples=150)
@given(rows=st.lists(row.map(list), max_size=25))
def test_datetime_dates_are_what_prepare_deals_makes_of_the_dates(rows: list[list[Any]]) -> None:
    values = [HEADER, *rows]
    as_dates = ranges.table("pipeline", values, CONFIG)
    quick = ranges.table("pipeline", values, CONFIG, datetimes=True)
    with general_path():
        general = ranges.table("pipeline", values, CONFIG, datetimes=True)
    pd.testing.assert_frame_equal(quick, general, check_exact=True)
    converted = as_dates.copy()
    for key in DATE_KEYS:
        converted[key] = pd.to_datetime(as_dates[key], errors="coerce").astype("datetime64[s]")
    pd.testing.assert_frame_equal(quick, converted, check_exact=True)
    today = dt.date(2026, 8, 15)
    prepared = prepare_deals(quick, CONFIG, today).drop(columns=DATE_KEYS)
    expected = prepare_deals(as_dates, CONFIG, today).drop(columns=DATE_KEYS)
    pd.testing.assert_frame_equal(prepared, expected, check_exact=True)
