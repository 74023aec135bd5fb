"""Day counts of the computed columns: the numpy route equals pandas' ``.dt.days`` route."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.compute.columns import _date_column, _dates, _days

days = st.lists(st.one_of(st.none(), st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2199, 12, 31))),
                max_size=20)


def _reference(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp,
               where: pd.Series | None) -> pd.Series:
    """The day count as first written: ``.dt.days`` as Int64, then ``where``."""
    counted = pd.Series(later - earlier).dt.days.astype("Int64")
    return counted if where is None else counted.where(where)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@given(first=days, second=days, flags=st.lists(st.booleans(), min_size=20, max_size=20),
       today=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)))
def test_days_equals_the_pandas_route(unit: str, first: list[dt.datetime | None],
                                      second: list[dt.datetime | None], flags: list[bool],
                                      today: dt.datetime) -> None:
    size = min(len(first), len(second))
    later = pd.Series(first[:size], dtype=f"datetime64[{unit}]", name="later")
    earlier = pd.Series(second[:size], dtype=f"datetime64[{unit}]")
    where = pd.Series(flags[:size], dtype=bool)
    now = pd.Timestamp(today)
    for args in ((later, earlier, None), (later, earlier, where), (now, earlier, where), (later, now, None)):
        pd.testing.assert_series_equal(_days(*args), _reference(*args))


def test_dates_keeps_datetime_columns_and_parses_the_rest() -> None:
    stamps = pd.Series(pd.to_datetime(["2026-01-02", None]).astype("datetime64[s]"))
    assert _dates(stamps) is stamps
    pd.testing.assert_series_equal(_dates(pd.Series([dt.date(2026, 1, 2), None, "x"], dtype=object)),
                                   pd.to_datetime(pd.Series([dt.date(2026, 1, 2), None, "x"], dtype=object),
                                                  errors="coerce"))


@pytest.mark.parametrize("size", [0, 1, 3])
def test_a_missing_date_column_is_what_to_datetime_makes_of_blanks(size: int) -> None:
    frame = pd.DataFrame({"stage": ["won"] * size}, index=range(7, 7 + size))
    blanks = pd.Series([None] * size, index=frame.index, dtype="object")
    expected = pd.to_datetime(blanks, errors="coerce")
    pd.testing.assert_series_equal(_date_column(frame, "created_date"), expected)
