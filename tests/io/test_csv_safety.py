"""CSV injection guard."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.io.csv_safety import csv_safe, csv_safe_row


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://e")'])
def test_formula_triggers_are_escaped(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["ok", "D-1", "", 5, -5.0, None, "a=b"])
def test_other_values_unchanged(value):
    assert csv_safe(value) == value


@given(st.lists(st.text(max_size=12), max_size=6))
def test_written_rows_never_start_with_a_trigger(row):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_safe_row(row))
    written = next(csv.reader(io.StringIO(buffer.getvalue()), strict=False)) if row else []
    for cell in written:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
