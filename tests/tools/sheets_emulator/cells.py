"""Cell contents: what USER_ENTERED input becomes (number, date, formula...) and how values render."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Cell", "Value", "format_value", "parse_user_entered", "serial_to_date"]

Value = float | str | bool | None

_EPOCH = dt.date(1899, 12, 30)
_NUMBER = re.compile(r"^([+-]?)([$¥€£]?)((?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?)(%?)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class Cell:
    """One cell: its entered value or formula, and its format, validation and note."""

    value: Value = None
    formula: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)
    validation: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        """No value and no formula (formats alone do not make a cell non-empty)."""
        return self.formula is None and (self.value is None or self.value == "")

    @property
    def number_format(self) -> dict[str, str]:
        """The cell's numberFormat ({"type", "pattern"}) or {}."""
        nf: dict[str, str] = self.fmt.get("numberFormat") or {}
        return nf


def date_to_serial(day: dt.date) -> int:
    """Days since 1899-12-30, Google's (and Excel's) date serial."""
    return (day - _EPOCH).days


def serial_to_date(serial: float) -> dt.date:
    """Inverse of :func:`date_to_serial` (fractions ignored)."""
    return _EPOCH + dt.timedelta(days=int(serial))


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def parse_user_entered(text: str) -> tuple[Value, str | None, dict[str, str] | None]:
    """(value, formula, numberFormat) of ``text`` typed into a cell, the way an en_US sheet reads it.

    >>> parse_user_entered("2,000,000.01")
    (2000000.01, None, {'type': 'NUMBER', 'pattern': '#,##0.00'})
    >>> parse_user_entered("2020-01-01")[0]
    43831
    """
    if text.startswith("="):
        return None, text, None
    if text.startswith("'"):
        return text[1:], None, None
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE", None, None
    match = _NUMBER.match(stripped)
    if match and any(ch.isdigit() for ch in match.group(3)):
        sign, currency, digits, percent = match.groups()
        number = float(digits.replace(",", "")) * (-1 if sign == "-" else 1)
        decimals = len(digits.partition(".")[2])
        fraction = "." + "0" * decimals if decimals else ""
        if percent:
            return number / 100, None, {"type": "PERCENT", "pattern": f"0{fraction}%"}
        if currency:
            return (
                _plain_number(number),
                None,
                {"type": "CURRENCY", "pattern": f'"{currency}"#,##0{fraction}'},
            )
        if "," in digits:
            return _plain_number(number), None, {"type": "NUMBER", "pattern": f"#,##0{fraction}"}
        return _plain_number(number), None, None
    for pattern, order, fmt in ((_ISO_DATE, (0, 1, 2), "yyyy-mm-dd"), (_US_DATE, (2, 0, 1), "M/d/yyyy")):
        m = pattern.match(stripped)
        if m:
            parts = [int(m.group(i + 1)) for i in order]
            try:
                day = dt.date(parts[0], parts[1], parts[2])
            except ValueError:
                break
            return date_to_serial(day), None, {"type": "DATE", "pattern": fmt}
    return text, None, None


def general_number(value: float) -> str:
    """A number in the sheet's automatic format: up to 10 decimals, no trailing zeros."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-10):
        mantissa, _, exponent = f"{value:.5E}".partition("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent[0]}{int(exponent[1:]):02d}"
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _format_date(serial: float, pattern: str) -> str:
    day = serial_to_date(serial)
    tokens = re.findall(r"yyyy|yy|mmmm|mmm|mm|m|MM|M|dd|d|[^ymMd]+", pattern)
    out = []
    for token in tokens:
        lower = token.lower()
        if lower == "yyyy":
            out.append(f"{day.year:04d}")
        elif lower == "yy":
            out.append(f"{day.year % 100:02d}")
        elif lower == "mmmm":
            out.append(day.strftime("%B"))
        elif lower == "mmm":
            out.append(day.strftime("%b"))
        elif lower == "mm":
            out.append(f"{day.month:02d}")
        elif lower == "m":
            out.append(str(day.month))
        elif lower == "dd":
            out.append(f"{day.day:02d}")
        elif lower == "d":
            out.append(str(day.day))
        else:
            out.append(token)
    return "".join(out)


def _format_number(value: float, pattern: str) -> str:
    section = pattern.split(";")[0]
    literals = re.findall(r'"([^"]*)"', section)
    core = re.sub(r'"[^"]*"', "", section)
    prefix = literals[0] if literals and section.startswith('"') else ""
    suffix = literals[-1] if literals and section.endswith('"') else ""
    if "%" in core:
        value *= 100
    decimals = len(core.partition(".")[2].rstrip("%").replace("#", "0")) if "." in core else 0
    grouped = "," in core
    body = f"{abs(value):,.{decimals}f}" if grouped else f"{abs(value):.{decimals}f}"
    sign = "-" if value < 0 and float(body.replace(",", "")) != 0 else ""
    return f"{sign}{prefix}{body}{'%' if '%' in core else ''}{suffix}"


def format_value(value: Value, number_format: dict[str, str]) -> str:
    """The FORMATTED_VALUE of ``value`` under ``number_format``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    kind = number_format.get("type")
    pattern = number_format.get("pattern", "")
    if kind in ("DATE", "DATE_TIME"):
        return _format_date(value, pattern or "M/d/yyyy")
    if kind in ("NUMBER", "CURRENCY", "PERCENT") and pattern:
        return _format_number(value, pattern)
    if kind == "PERCENT":
        return _format_number(value, "0.00%")
    return general_number(value)


def is_date_format(number_format: dict[str, str]) -> bool:
    """True for DATE, TIME and DATE_TIME formats (affected by dateTimeRenderOption)."""
    return number_format.get("type") in ("DATE", "TIME", "DATE_TIME")


def json_number(value: Value) -> Any:
    """Value as the API prints it in JSON: integral numbers without ".0"."""
    if isinstance(value, float) and not isinstance(value, bool):
        return _plain_number(value)
    return value
