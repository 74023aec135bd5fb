"""Text columns: the fast paths give what pandas' string machinery gives, whatever the dtype."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from salessheet.schema import sheet
from sync.frames import key_series, text_column

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
