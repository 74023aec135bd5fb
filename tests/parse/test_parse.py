"""Value parsing: examples per format and round-trip properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.parse import (
    is_blank,
    parse_bool,
    parse_date,
    parse_integer,
    parse_number,
    parse_percent,
    parse_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¥1,200,000", 1_200_000.0), ("￥1,200", 1200.0), ("$1,200.50", 1200.5), ("€3.5", 3.5),
        ("£10", 10.0), ("12万", 120_000.0), ("1.5亿", 150_000_000.0), ("1.2M", 1_200_000.0),
        ("300k", 300_000.0), ("３００Ｋ", 300_000.0), ("１２，０００", 12_000.0), ("(1,200)", -1200.0),
        ("-¥1,200", -1200.0), ("12万元", 120_000.0), ("1 200 000", 1_200_000.0),
        ("1.200.000,50", 1_200_000.5), ("12,5", 12.5), ("RMB 500", 500.0), ("1e3", 1000.0),
        (1200, 1200.0), (12.5, 12.5), ("  42  ", 42.0),
    ],
)
def test_numbers(raw, expected):
    assert parse_number(raw) == (expected, True)


@pytest.mark.parametrize("raw", ["12,5O0", "abc", "1,2,3", "¥", "12万万", "--5", True, "1e999", "nan"])
def test_not_numbers(raw):
    assert parse_number(raw) == (None, False)


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_blank_is_ok_and_none(raw):
    assert is_blank(raw)
    for parser in (parse_number, parse_percent, parse_integer, parse_bool, parse_date, parse_text):
        assert parser(raw) == (None, True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("40%", 0.4), (0.4, 0.4), (40, 0.4), ("40", 0.4), ("４０％", 0.4), (1, 1.0), ("100%", 1.0),
     ("0.35", 0.35), (150, 1.5), ("-10%", -0.1), (-20, -0.2)],
)
def test_percentages(raw, expected):
    value, ok = parse_percent(raw)
    assert ok and value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "order", "expected"),
    [
        (dt.date(2026, 3, 5), "MDY", dt.date(2026, 3, 5)),
        (dt.datetime(2026, 3, 5, 14, 30), "MDY", dt.date(2026, 3, 5)),
        (46086, "MDY", dt.date(2026, 3, 5)), (46086.75, "MDY", dt.date(2026, 3, 5)),
        ("2026-03-05", "MDY", dt.date(2026, 3, 5)), ("2026-03-05T10:30:00Z", "MDY", dt.date(2026, 3, 5)),
        ("2026/3/5", "MDY", dt.date(2026, 3, 5)), ("2026-3-5", "MDY", dt.date(2026, 3, 5)),
        ("2026年3月5日", "MDY", dt.date(2026, 3, 5)), ("2026年3月5日 10:30", "DMY", dt.date(2026, 3, 5)),
        ("3/5/2026", "MDY", dt.date(2026, 3, 5)), ("3/5/2026", "DMY", dt.date(2026, 5, 3)),
        ("13/5/2026", "MDY", dt.date(2026, 5, 13)), ("5/13/2026", "DMY", dt.date(2026, 5, 13)),
        ("3/5/26", "MDY", dt.date(2026, 3, 5)), ("2026/3/5 9:15:00", "MDY", dt.date(2026, 3, 5)),
        ("5 Mar 2026", "MDY", dt.date(2026, 3, 5)), ("March 5, 2026", "MDY", dt.date(2026, 3, 5)),
        ("２０２６／３／５", "MDY", dt.date(2026, 3, 5)), ("20260305", "MDY", dt.date(2026, 3, 5)),
        ("46086", "MDY", dt.date(2026, 3, 5)),
    ],
)
def test_dates(raw, order, expected):
    assert parse_date(raw, order) == (expected, True)


@pytest.mark.parametrize("raw", ["2026/2/30", "next week", "13/13/2026", -5, True, "2026-13-01", 10**9])
def test_not_dates(raw):
    assert parse_date(raw) == (None, False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Y", True), ("n", False), ("yes", True), ("No", False), ("是", True), ("否", False),
     ("TRUE", True), ("false", False), ("✓", True), ("✗", False), (1, True), (0, False), (True, True),
     ("1", True), ("0", False)],
)
def test_booleans(raw, expected):
    assert parse_bool(raw) == (expected, True)


@pytest.mark.parametrize("raw", ["maybe", 2, "是的吧"])
def test_not_booleans(raw):
    assert parse_bool(raw) == (None, False)


def test_integers_and_text():
    assert parse_integer("３") == (3, True)
    assert parse_integer("1,000") == (1000, True)
    assert parse_integer(2.5) == (None, False)
    assert parse_text(1001.0) == ("1001", True)
    assert parse_text(dt.date(2026, 3, 5)) == ("2026-03-05", True)


# --- round trips: format a value in many styles, parse it back -------------------------------------

_amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def _styles(value: Decimal) -> list[str]:
    plain = f"{value:f}"
    grouped = f"{value:,.2f}"
    styles = [plain, grouped, f"¥{grouped}", f"￥{grouped}", f"${grouped}", f"{grouped}元", f"RMB {plain}",
              f"{value:,.2f}".replace(",", " "),
              plain.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
    styles.append(f"{value / 10000:f}万")
    styles.append(f"{value / 1000:f}k")
    styles.append(f"{value / 1000000:f}M")
    return styles


@given(_amounts)
def test_number_round_trip(value):
    for text in _styles(value):
        parsed, ok = parse_number(text)
        assert ok, text
        assert parsed == float(value), text
    negative, ok = parse_number(f"({value:,.2f})")
    assert ok and negative == -float(value)


_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@given(_dates, st.sampled_from(["MDY", "DMY"]))
def test_date_round_trip(value, order):
    y, m, d = value.year, value.month, value.day
    first, second = (m, d) if order == "MDY" else (d, m)
    styles = [value.isoformat(), f"{y}/{m}/{d}", f"{y}-{m}-{d}", f"{y}年{m}月{d}日", f"{first}/{second}/{y}",
              f"{value.isoformat()} 08:30", f"{y}/{m:02d}/{d:02d} 23:59:59", value.strftime("%d %b %Y"),
              value.strftime("%B %d, %Y"), value.strftime("%Y%m%d"),
              str((value - dt.date(1899, 12, 30)).days)]
    for text in styles:
        assert parse_date(text, order) == (value, True), text
    assert parse_date((value - dt.date(1899, 12, 30)).days, order) == (value, True)


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_percent_round_trip(value):
    text = f"{Decimal(repr(value)) * 100}%"
    parsed, ok = parse_percent(text)
    assert ok and parsed == pytest.approx(value, abs=1e-12)
    assert parse_percent(value) == (pytest.approx(value), True)


@given(st.booleans(), st.sampled_from([("Y", "N"), ("yes", "no"), ("是", "否"), ("TRUE", "FALSE"),
                                        ("✓", "✗"), ("1", "0")]))
def test_bool_round_trip(value, words):
    assert parse_bool(words[0] if value else words[1]) == (value, True)


@given(st.text(max_size=30))
def test_parsers_never_raise(text):
    for parser in (parse_number, parse_percent, parse_integer, parse_bool, parse_date, parse_text):
        value, ok = parser(text)
        assert ok or value is None
