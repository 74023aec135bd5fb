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


def _python_days(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp,
                 where: pd.Series | None) -> list[int | None]:
    """The day count by Python's own datetimes, which hold any two dates' distance."""
    size = len(later) if isinstance(later, pd.Series) else len(earlier)
    def side(x: pd.Series | pd.Timestamp) -> list[dt.datetime | None]:
        if isinstance(x, pd.Timestamp):
            return [x.to_pydatetime()] * size
        return [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime() for v in x]
    flags = [True] * size if where is None else list(where)
    return [(a - b).days if a is not None and b is not None and f else None
            for a, b, f in zip(side(later), side(earlier), flags, strict=True)]


def _check_days(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp,
                where: pd.Series | None) -> None:
    counted = _days(later, earlier, where)
    assert [None if pd.isna(v) else int(v) for v in counted] == _python_days(later, earlier, where)
    try:
        expected = _reference(later, earlier, where)
    except OverflowError:  # more than 292 years apart in nanoseconds: pandas cannot subtract them
        return
    pd.testing.assert_series_equal(counted, expected)


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
        _check_days(*args)


def test_dates_further_apart_than_nanoseconds_reach_still_count() -> None:
    """Found by the property test above: 1902 to 2195 overflowed an int64 of nanoseconds."""
    later = pd.Series([None, dt.datetime(1902, 1, 1)], dtype="datetime64[ns]", name="later")
    earlier = pd.Series([None, dt.datetime(2195, 1, 1)], dtype="datetime64[ns]")
    assert list(_days(later, earlier)) == [pd.NA, -(dt.date(2195, 1, 1) - dt.date(1902, 1, 1)).days]
    assert list(_days(earlier, later)) == [pd.NA, (dt.date(2195, 1, 1) - dt.date(1902, 1, 1)).days]
    _check_days(later, earlier, None)


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


def _target_reference(targets: pd.DataFrame, pipeline: pd.DataFrame) -> list[float | None]:
    """Target actuals as first written: one boolean mask over every won deal per target row."""
    from salessheet.compute.columns import _column, _period_bounds
    from salessheet.schema import WorkbookConfig

    config = WorkbookConfig()
    won = pipeline[_column(pipeline, "stage") == config.won_stage.key]
    closed = _dates(_column(won, "actual_close_date"))
    amounts = pd.to_numeric(_column(won, "amount"), errors="coerce").fillna(0.0)
    out: list[float | None] = []
    for _, row in targets.iterrows():
        start, end = _period_bounds(row.get("period"), config.fiscal_year_start_month)
        if row.get("metric") not in ("revenue", "won_deals") or pd.isna(start):
            out.append(None)
            continue
        mask = closed.notna() & (closed >= start) & (closed <= end)
        owner = row.get("owner")
        if owner and str(owner).upper() != "TEAM":
            mask &= _column(won, "owner") == owner
        for key in ("product", "region"):
            wanted = row.get(key)
            if isinstance(wanted, str) and wanted:
                mask &= _column(won, key) == wanted
        out.append(float(amounts[mask].sum()) if row.get("metric") == "revenue" else float(mask.sum()))
    return out


_owners = st.sampled_from(["ann", "bob", "TEAM", "team", "", None, float("nan")])
_deal_rows = st.fixed_dictionaries({
    "stage": st.sampled_from(["won", "won", "lost", "demo"]),
    "owner": _owners,
    "amount": st.one_of(st.none(), st.floats(0, 1e6), st.sampled_from(["12", "x"])),
    "product": st.sampled_from(["A", "B", None]),
    "region": st.sampled_from(["N", "S", None]),
    "actual_close_date": st.one_of(st.none(), st.dates(dt.date(2025, 10, 1), dt.date(2027, 3, 31))),
})
_target_rows = st.fixed_dictionaries({
    "period": st.sampled_from(["2026", "2026-Q1", "2026-Q4", "2026-11", "2026-W48", "FY2026", "bad", None]),
    "owner": _owners,
    "metric": st.sampled_from(["revenue", "won_deals", "new_customers", None]),
    "product": st.sampled_from(["A", "", None]),
    "region": st.sampled_from(["S", None]),
    "value": st.one_of(st.none(), st.floats(0, 1e6)),
})


@given(deals=st.lists(_deal_rows, max_size=40), targets=st.lists(_target_rows, min_size=1, max_size=12))
def test_target_actuals_equal_one_mask_per_target(deals: list[dict[str, object]],
                                                  targets: list[dict[str, object]]) -> None:
    from salessheet.compute.columns import target_columns
    from salessheet.schema import WorkbookConfig

    pipeline = pd.DataFrame(deals, columns=["stage", "owner", "amount", "product", "region",
                                            "actual_close_date"])
    frame = pd.DataFrame(targets)
    got = target_columns(frame, pipeline, WorkbookConfig())["actual"].tolist()
    expected = _target_reference(frame, pipeline)
    assert [None if pd.isna(v) else v for v in got] == [None if v is None else v for v in expected]
