"""Text columns and row hashes: the fast paths give what pandas' machinery gives, whatever the values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from salessheet.schema import ColumnKind, sheet
from sync.frames import _pandas_hash_texts, _plain_hash_texts, key_series, row_hashes, text_column

_TEXT = st.text(alphabet=st.sampled_from([*"aB 中\t\n", "\u3000", "\xa0"]), max_size=5)


def _reference(series: pd.Series) -> list[str]:
    values = series.astype(object).where(series.notna(), "")
    return values.astype(str).str.strip().astype(object).tolist()


@given(st.lists(st.one_of(st.none(), _TEXT), max_size=20), st.sampled_from(["object", "str", "string"]))
def test_text_column_equals_pandas_string_machinery(values, dtype):
    series = pd.Series(values, dtype=dtype)
    assert text_column(series).tolist() == _reference(series)


@given(st.lists(st.one_of(st.none(), _TEXT), max_size=20), st.sampled_from(["object", "str"]))
def test_deal_keys_are_folded_stripped_text_whatever_the_dtype(values, dtype):
    frame = pd.DataFrame({"deal_id": pd.Series(values, dtype=dtype)})
    expected = [v.casefold() for v in _reference(frame["deal_id"])]
    assert key_series(frame, sheet("pipeline")).tolist() == expected


_VALUE = st.one_of(
    st.none(), _TEXT, st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(),
    st.sampled_from([dt.date(1600, 1, 1), dt.date(2262, 4, 12), dt.date(1700, 1, 1), dt.date(2199, 12, 31),
                     0.1 + 0.2, 1e16, -0.0, 2**53 + 1, 2**63 - 1, -2**63, pd.NA, float("nan")]),
)
_KINDS = st.sampled_from([None, ColumnKind.TEXT, ColumnKind.DATE, ColumnKind.MONEY, ColumnKind.INTEGER,
                          ColumnKind.PERCENT, ColumnKind.NUMBER, ColumnKind.BOOLEAN])


@given(st.lists(_VALUE, max_size=12), st.lists(st.one_of(st.none(), st.floats()), max_size=12), _KINDS)
def test_plain_hash_texts_are_pandas_own(values, floats, kind):
    """Where the plain path answers (usual values), it is pandas' conversion, value for value;
    for anything else it leaves the column to pandas."""
    for series in (pd.Series(values, dtype=object), pd.Series(floats, dtype=float)):
        plain = _plain_hash_texts(series, kind)
        if plain is not None:
            assert plain == _pandas_hash_texts(series, kind).tolist()


def test_plain_hash_texts_cover_the_usual_columns():
    """The plain path answers for text, dates and numbers as read (else it would save nothing)."""
    cases = [(["a", None], ColumnKind.TEXT), ([dt.date(2026, 1, 2), None], ColumnKind.DATE),
             ([1, 2.5, None], ColumnKind.MONEY), ([None, None], ColumnKind.NUMBER)]
    for values, kind in cases:
        assert _plain_hash_texts(pd.Series(values, dtype=object), kind) is not None
    assert _plain_hash_texts(pd.Series([1.5, float("nan")]), ColumnKind.MONEY) == ["1.5", ""]
    assert _plain_hash_texts(pd.Series([dt.date(1600, 1, 1)], dtype=object), ColumnKind.DATE) is None


def test_plain_hash_texts_convert_each_distinct_value_once_and_keep_minus_zero():
    nan = float("nan")
    floats = pd.Series([0.0, -0.0, 1.5, -0.0, nan, 0.0, 1.5, nan, 1e-10])
    expected = ["0.0", "-0.0", "1.5", "-0.0", "", "0.0", "1.5", "", "0.0"]
    assert _plain_hash_texts(floats, ColumnKind.MONEY) == expected == _pandas_hash_texts(
        floats, ColumnKind.MONEY).tolist()
    dates = pd.Series([dt.date(2026, 1, 2), None, dt.date(2026, 1, 2), dt.date(1999, 12, 31)], dtype=object)
    assert _plain_hash_texts(dates, ColumnKind.DATE) == ["2026-01-02", "", "2026-01-02", "1999-12-31"]
    assert _plain_hash_texts(pd.Series([1, True, 2.0], dtype=object), ColumnKind.MONEY) is None  # (bool)
    assert _plain_hash_texts(pd.Series([[1], None], dtype=object), ColumnKind.TEXT) is None  # unhashable


_EDGE_DATES = st.sampled_from([dt.date(1600, 1, 1), dt.date(2262, 4, 12)])


@given(st.lists(st.one_of(st.none(), st.dates(), _EDGE_DATES), max_size=12))
def test_dates_as_read_are_stored_as_the_conversion_would_store_them(values):
    from sync.frames import plain_column
    from sync.state import db_column

    series = pd.Series(values, dtype=object)
    assert db_column(series, ColumnKind.DATE) == plain_column(pd.to_datetime(series, errors="coerce"))


def test_row_hashes_tell_rows_apart_and_follow_the_values():
    spec = sheet("risks")
    frame = pd.DataFrame({"risk_id": ["R-1", "R-2", "R-1"], "likelihood": [3, 3, 3],
                          "_source": ["a.xlsx"] * 3, "_rep": ["ann"] * 3})
    extra = ("_source", "_rep")
    first, second, third = row_hashes(frame, spec.input_columns, extra)
    assert first == third != second
    assert row_hashes(frame.astype({"likelihood": float}), spec.input_columns, extra)[0] == first
