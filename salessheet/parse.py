"""Locale-aware parsing of cell values (numbers, money, percentages, dates, booleans) into Python.

Every parser returns ``(value, ok)``: ``(None, True)`` for an empty cell, ``(None, False)``
when the text cannot be understood (the caller reports it with the raw text).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "is_blank",
    "parse_bool",
    "parse_date",
    "parse_integer",
    "parse_number",
    "parse_percent",
    "parse_text",
    "raw_text",
]

Parsed = tuple[Any, bool]

_LARGEST = Decimal("1e18")  # beyond any amount; keeps floats finite
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_MULTIPLIERS = {
    "": 1, "k": 10**3, "千": 10**3, "w": 10**4, "万": 10**4, "m": 10**6, "mn": 10**6,
    "百万": 10**6, "b": 10**9, "bn": 10**9, "亿": 10**8,
}
_CURRENCY = re.compile(
    r"^(?:rmb|cny|usd|eur|gbp|jpy|hkd|us\$|hk\$|[¥$€£])|(?:rmb|cny|usd|eur|gbp|元|人民币)$"
)
_NUMBER = re.compile(r"^(\d[\d,.' _]*\d|\d|\.\d+)(?:e([+-]?\d{1,3}))?\s*(千|万|百万|亿|bn|mn|[kwmb])?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d*)?$")
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}([ '_]\d{3})+(\.\d*)?$")
_TRUE = frozenset({"y", "yes", "true", "t", "1", "是", "对", "✓", "✔", "√", "x", "on"})
_FALSE = frozenset({"n", "no", "false", "f", "0", "否", "错", "✗", "✘", "×", "off", "-"})


def is_blank(raw: Any) -> bool:
    """True for None, NaN and whitespace-only text.

    >>> is_blank("  "), is_blank(0)
    (True, False)
    """
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, float) and raw != raw


def raw_text(raw: Any) -> str:
    """The cell as a user would read it (for messages).

    >>> raw_text(1200.0), raw_text(dt.date(2026, 3, 5))
    ('1200', '2026-03-05')
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime) and raw.time() == dt.time(0):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\uff0d", "-")
    return " ".join(text.split()).casefold()


def _decimal(text: str) -> Decimal | None:
    """Digits with separators -> Decimal; None when the grouping makes no sense."""
    if _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    elif _THOUSANDS_SPACE.match(text):
        text = re.sub(r"[ '_]", "", text)
    elif _THOUSANDS_DOT.match(text) and (text.count(".") > 1 or "," in text):
        text = text.replace(".", "").replace(",", ".")  # 1.200.000,50
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # decimal comma: 12,5
    if not re.fullmatch(r"\d*\.?\d*", text) or text in ("", "."):
        return None
    return Decimal(text)


def _number(raw: Any) -> Decimal | float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return None if raw != raw or raw in (float("inf"), float("-inf")) else raw
    text = _norm(str(raw))
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    signed = False
    for _ in range(2):  # sign and currency in either order: -¥5, ¥-5
        text = _CURRENCY.sub("", text).strip()
        if text[:1] in ("-", "+") and not signed:
            signed, negative = True, negative ^ (text[0] == "-")
            text = text[1:].strip()
    match = _NUMBER.match(text)
    if not match:
        return None
    digits, exponent, unit = match.groups()
    value = _decimal(digits)
    if value is None:
        return None
    try:
        if exponent:
            value = value.scaleb(int(exponent))
        value *= _MULTIPLIERS[unit or ""]
    except InvalidOperation:
        return None
    if abs(value) > _LARGEST:
        return None
    return -value if negative else value


def parse_number(raw: Any) -> Parsed:
    """Money or plain numbers: currency symbols, separators, 万/亿, k/M, (negatives).

    >>> parse_number("¥1,200,000"), parse_number("1.5亿"), parse_number("(300k)")
    ((1200000.0, True), (150000000.0, True), (-300000.0, True))
    >>> parse_number("12,5O0")
    (None, False)
    """
    if is_blank(raw):
        return None, True
    value = _number(raw)
    return (None, False) if value is None else (float(value), True)


def parse_percent(raw: Any) -> Parsed:
    """A fraction: "40%", 0.4, and 40 (numbers beyond ±1 are read as percentage points).

    >>> parse_percent("40%"), parse_percent(0.4), parse_percent(40)
    ((0.4, True), (0.4, True), (0.4, True))
    """
    if is_blank(raw):
        return None, True
    if isinstance(raw, str):
        text = _norm(raw)
        if text.endswith("%"):
            value = _number(text[:-1])
            return (None, False) if value is None else (float(Decimal(str(value)) / 100), True)
    value = _number(raw)
    if value is None:
        return None, False
    number = Decimal(str(value))
    if abs(number) > 1:  # 40 means 40%
        number /= 100
    return float(number), True


def parse_integer(raw: Any) -> Parsed:
    """Whole numbers; 3.0 is fine, 3.5 is not.

    >>> parse_integer("3"), parse_integer(3.5)
    ((3, True), (None, False))
    """
    if is_blank(raw):
        return None, True
    value = _number(raw)
    if value is None or value != int(value):
        return None, False
    return int(value), True


def parse_bool(raw: Any) -> Parsed:
    """Y/N, yes/no, 是/否, TRUE/FALSE, ✓/✗, 1/0.

    >>> parse_bool("是"), parse_bool("N"), parse_bool("maybe")
    ((True, True), (False, True), (None, False))
    """
    if is_blank(raw):
        return None, True
    if isinstance(raw, bool):
        return raw, True
    if isinstance(raw, int | float):
        return (bool(raw), True) if raw in (0, 1) else (None, False)
    text = _norm(str(raw))
    if text in _TRUE:
        return True, True
    if text in _FALSE:
        return False, True
    return None, False


def parse_text(raw: Any) -> Parsed:
    """Text, stripped; numbers typed in text columns lose a trailing ``.0`` (ids such as 1001).

    >>> parse_text(1001.0), parse_text("  D-1 ")
    (('1001', True), ('D-1', True))
    """
    if is_blank(raw):
        return None, True
    return raw_text(raw).strip(), True


_TIME = (r"(?:[ t]+\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?(?:\s*[ap]m)?(?:z|[+-]\d{2}:?\d{2})?"
         r"|[ ]?\d{1,2}[时點点]\d{0,2}分?)?")
_YMD = re.compile(rf"^(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_TIME}$")
_DMY = re.compile(rf"^(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{4}}|\d{{2}}){_TIME}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_NAMED = re.compile(
    r"^(?:(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ -,]*(\d{4})|([a-z]{3})[a-z]*\.?[ -](\d{1,2}),?[ ](\d{4}))"
    + _TIME + "$"
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _serial(value: float) -> dt.date | None:
    if not 1 <= value <= _MAX_SERIAL:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(value))


def _date_text(text: str, date_order: str) -> dt.date | None:
    if match := _YMD.match(text):
        return _make(*(int(g) for g in match.groups()))
    if match := _DMY.match(text):
        first, second, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
        day_first = date_order == "DMY"
        if first > 12 >= second:
            day_first = True
        elif second > 12 >= first:
            day_first = False
        return _make(year, first, second) if not day_first else _make(year, second, first)
    if match := _NAMED.match(text):
        d1, m1, y1, m2, d2, y2 = match.groups()
        month = _MONTHS.get(m1 or m2 or "")
        return _make(int(y1 or y2), month, int(d1 or d2)) if month else None
    if match := _COMPACT.match(text):
        return _make(*(int(g) for g in match.groups()))
    if re.fullmatch(r"\d{1,7}(\.\d+)?", text):
        return _serial(float(text))
    return None


def parse_date(raw: Any, date_order: str = "MDY") -> Parsed:
    """Dates from real dates, Excel serials and text in ISO, Chinese, slashed or named forms.

    Args:
        raw: the cell value.
        date_order: "MDY" or "DMY", how to read an ambiguous ``3/5/2026``.

    >>> parse_date("2026年3月5日")[0], parse_date("3/5/2026", "DMY")[0], parse_date(46086)[0]
    (datetime.date(2026, 3, 5), datetime.date(2026, 5, 3), datetime.date(2026, 3, 5))
    """
    if is_blank(raw):
        return None, True
    if isinstance(raw, dt.datetime):
        return raw.date(), True
    if isinstance(raw, dt.date):
        return raw, True
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, int | float):
        value = _serial(float(raw))
        return value, value is not None
    value = _date_text(_norm(str(raw)), date_order)
    return value, value is not None
