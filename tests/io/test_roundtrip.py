"""Property: deals written in many cell styles read back to the same typed values."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salessheet.io.reader import read_workbook
from salessheet.schema import DEFAULT_STAGES
from tests.io.workbooks import build, deal

_amount = st.decimals(min_value=1, max_value=10**8, places=2, allow_nan=False, allow_infinity=False)
_date = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
_stage = st.sampled_from(DEFAULT_STAGES)


def _amount_cell(value: Decimal, style: int) -> object:
    styles = [float(value), f"¥{value:,.2f}", f"{value:,.2f}元", f"{value / 10000:f}万", f"RMB {value:f}"]
    return styles[style]


def _date_cell(value: dt.date, style: int) -> object:
    return [value, value.isoformat(), f"{value.year}/{value.month}/{value.day}",
            f"{value.year}年{value.month}月{value.day}日", (value - dt.date(1899, 12, 30)).days][style]


_row = st.tuples(_amount, st.integers(0, 4), _date, st.integers(0, 4), _stage, st.sampled_from(["en", "zh"]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, min_size=1, max_size=6))
def test_typed_values_survive_any_cell_style(rows):
    deals = [deal(i, amount=_amount_cell(a, a_style), created_date=_date_cell(d, d_style),
                  stage=stage.label(lang))
             for i, (a, a_style, d, d_style, stage, lang) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        data = read_workbook(build(Path(folder) / "rt.xlsx", rows={"pipeline": deals}, prefilled=2))
    frame = data.frame("pipeline")
    assert frame["amount"].tolist() == [float(a) for a, *_ in rows]
    assert frame["created_date"].tolist() == [d for _, _, d, *_ in rows]
    assert frame["stage"].tolist() == [s.key for *_, s, _ in rows]
    assert not data.report.errors
