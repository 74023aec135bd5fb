"""Turn one foreign cell into a canonical value of a registry column (memoised per column)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from salessheet.parse import (
    is_blank,
    parse_bool,
    parse_date,
    parse_integer,
    parse_number,
    parse_percent,
    parse_text,
)
from salessheet.schema import ColumnKind, ColumnSpec, WorkbookConfig, choice_labels, fold, label_to_key

__all__ = ["MISSING", "Converter", "converter_for"]

MISSING: Any = object()
"""Returned for a blank cell (after value mapping)."""

_EXPECTED: dict[ColumnKind, tuple[str, str]] = {
    ColumnKind.TEXT: ("text", "文本"),
    ColumnKind.INTEGER: ("a whole number", "整数"),
    ColumnKind.NUMBER: ("a number", "数字"),
    ColumnKind.MONEY: ("an amount", "金额"),
    ColumnKind.PERCENT: ("a percentage", "百分比"),
    ColumnKind.DATE: ("a date", "日期"),
    ColumnKind.BOOLEAN: ("yes or no", "是或否"),
    ColumnKind.CHOICE: ("an allowed value", "允许的选项"),
}


def _strptime(fmt: str) -> Callable[[Any], tuple[Any, bool]]:
    def parse(raw: Any) -> tuple[Any, bool]:
        if isinstance(raw, dt.datetime):
            return raw.date(), True
        if isinstance(raw, dt.date):
            return raw, True
        try:
            return dt.datetime.strptime(str(raw).strip(), fmt).date(), True
        except ValueError:
            return None, False
    return parse


@dataclass
class Converter:
    """Converts raw cells of one column; ``expected`` describes a valid value in en and zh."""

    spec: ColumnSpec
    parse: Callable[[Any], tuple[Any, bool]]
    value_map: dict[str, str]
    expected: tuple[str, str]
    _cache: dict[Any, tuple[Any, bool]] = field(default_factory=dict)

    def __call__(self, raw: Any) -> tuple[Any, bool]:
        """``(value, True)``, ``(MISSING, True)`` for blank, ``(None, False)`` when unreadable."""
        try:
            return self._cache[raw]
        except KeyError:
            pass
        except TypeError:  # unhashable cell value
            return self._convert(raw)
        result = self._convert(raw)
        self._cache[raw] = result
        return result

    def _convert(self, raw: Any) -> tuple[Any, bool]:
        if is_blank(raw):
            return MISSING, True
        if self.value_map:
            raw = self.value_map.get(fold(str(raw)), raw)
            if is_blank(raw):
                return MISSING, True
        value, ok = self.parse(raw)
        if not ok:
            return None, False
        if value is None:
            return MISSING, True
        low, high = self.spec.minimum, self.spec.maximum
        if isinstance(value, int | float) and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            return None, False
        return value, True


def _choice(spec: ColumnSpec, config: WorkbookConfig, stage_map: dict[str, str]) -> Callable[[Any], Any]:
    assert spec.choices is not None
    keys = label_to_key(spec.choices, config)
    if spec.choices == "stages":
        keys = {**keys, **stage_map}
    as_int = spec.python_type is int

    def parse(raw: Any) -> tuple[Any, bool]:
        text = parse_text(raw)[0] or ""
        key = keys.get(fold(text))
        if key is None:
            return None, False
        return (int(key), True) if as_int else (key, True)
    return parse


def converter_for(
    spec: ColumnSpec,
    config: WorkbookConfig,
    *,
    value_map: dict[str, str],
    stage_map: dict[str, str],
    date_format: str | None,
) -> Converter:
    """A Converter for column ``spec``; owner columns are handled by the importer (text here)."""
    parse: Callable[[Any], tuple[Any, bool]]
    kind = spec.kind
    if spec.choices and spec.choices != "owners":
        parse = _choice(spec, config, stage_map)
        labels = ", ".join(label for _, label in choice_labels(spec.choices, config, "en"))
        expected = (f"one of {labels}", f"以下之一：{labels}")
        return Converter(spec, parse, value_map, expected)
    if kind is ColumnKind.DATE:
        parse = _strptime(date_format) if date_format else (lambda raw: parse_date(raw, config.date_order))
    elif kind in (ColumnKind.NUMBER, ColumnKind.MONEY):
        parse = parse_number
    elif kind is ColumnKind.PERCENT:
        parse = parse_percent
    elif kind is ColumnKind.INTEGER:
        parse = parse_integer
    elif kind is ColumnKind.BOOLEAN:
        parse = parse_bool
    else:
        parse = parse_text
    expected = _EXPECTED[kind if kind in _EXPECTED else ColumnKind.TEXT]
    if spec.minimum is not None or spec.maximum is not None:
        bounds = f" between {_num(spec.minimum)} and {_num(spec.maximum)}"
        expected = (expected[0] + bounds, expected[1] + f"（{_num(spec.minimum)}~{_num(spec.maximum)}）")
    return Converter(spec, parse, value_map, expected)


def _num(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)

