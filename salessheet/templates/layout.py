"""Where things sit in a generated workbook: columns, rows, Config cells and defined names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from salessheet.address import column_letter, quote_sheet
from salessheet.schema import SheetSpec, WorkbookConfig
from salessheet.templates.config_sheet import STAGES_MARKER, config_rows

__all__ = [
    "CONFIG_SETTING_NAMES",
    "FIRST_DATA_ROW",
    "SPARE_STAGE_ROWS",
    "SUM_RANGE_MIN_ROWS",
    "ConfigLayout",
    "TableLayout",
    "extra_sheet_name",
]

FIRST_DATA_ROW = 2
"""Every data sheet has its header in row 1 and data from row 2."""

SPARE_STAGE_ROWS = 10
"""Empty rows kept below the stage table so a manager can add stages that formulas see."""

SUM_RANGE_MIN_ROWS = 5000
"""Pipeline ranges summed by target formulas reach at least this row (rows added later count)."""

CONFIG_SETTING_NAMES: dict[str, str] = {
    "fiscal_year_start_month": "cfg_fiscal_start",
    "stale_deal_days": "cfg_stale_days",
    "risk_amber": "cfg_risk_amber",
    "risk_red": "cfg_risk_red",
}
"""Config settings that formulas read, and the defined name of each value cell."""

_EXTRA_SHEETS: dict[str, tuple[str, str]] = {
    "instructions": ("Instructions", "使用说明"),
    "dashboard": ("Dashboard", "看板"),
    "config": ("Config", "配置"),
    "lists": ("Lists", "列表"),
}


def extra_sheet_name(key: str, lang: str) -> str:
    """Tab name of a non-data sheet (instructions, dashboard, config, lists) in ``lang``.

    >>> extra_sheet_name("config", "zh")
    '配置'
    """
    en, zh = _EXTRA_SHEETS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class TableLayout:
    """Column letters and row span of one data sheet's table.

    Attributes:
        spec: the sheet.
        data_rows: number of data rows below the header (given rows + prefilled rows).
    """

    spec: SheetSpec
    data_rows: int

    @cached_property
    def letters(self) -> dict[str, str]:
        """Column key -> column letter."""
        return {c.key: column_letter(i) for i, c in enumerate(self.spec.columns, start=1)}

    @property
    def last_row(self) -> int:
        """Last row of the table."""
        return FIRST_DATA_ROW + self.data_rows - 1

    @property
    def last_letter(self) -> str:
        """Letter of the table's last column."""
        return column_letter(len(self.spec.columns))

    @property
    def ref(self) -> str:
        """The table's range, header included (``A1:AC201``)."""
        return f"A1:{self.last_letter}{self.last_row}"

    def column_range(self, key: str, *, absolute: bool = False) -> str:
        """Data cells of column ``key`` (``F2:F201``; ``$F$2:$F$201`` when absolute)."""
        letter = self.letters[key]
        if absolute:
            return f"${letter}${FIRST_DATA_ROW}:${letter}${self.last_row}"
        return f"{letter}{FIRST_DATA_ROW}:{letter}{self.last_row}"

    def sum_range(self, key: str, sheet_name: str) -> str:
        """Sheet-qualified absolute range of column ``key`` used by cross-sheet sums."""
        letter = self.letters[key]
        last = max(self.last_row, SUM_RANGE_MIN_ROWS)
        return f"{quote_sheet(sheet_name)}!${letter}${FIRST_DATA_ROW}:${letter}${last}"


@dataclass(frozen=True)
class ConfigLayout:
    """Rows of the Config sheet as written by ``config_rows`` and the names pointing into it."""

    rows: tuple[tuple[object, ...], ...]
    sheet_name: str
    lang: str

    @classmethod
    def build(cls, config: WorkbookConfig, stamp: dict[str, str], lang: str) -> ConfigLayout:
        """Lay out the Config sheet of ``config`` with ``stamp`` in ``lang``."""
        rows = tuple(tuple(r) for r in config_rows(config, stamp, lang))
        return cls(rows=rows, sheet_name=extra_sheet_name("config", lang), lang=lang)

    def row_of(self, key: str) -> int:
        """1-based row of setting ``key`` (column A)."""
        for number, row in enumerate(self.rows, start=1):
            if row and row[0] == key:
                return number
        raise KeyError(key)

    @property
    def stage_rows(self) -> tuple[int, int]:
        """First and last row of the stage table's data, spare rows included."""
        first = self.row_of(STAGES_MARKER) + 1
        count = sum(1 for row in self.rows[first - 1:] if len(row) > 1 and row[1])
        return first, first + count - 1 + SPARE_STAGE_ROWS

    def _abs(self, letter: str, first: int, last: int | None = None) -> str:
        cell = f"${letter}${first}" if last is None else f"${letter}${first}:${letter}${last}"
        return f"{quote_sheet(self.sheet_name)}!{cell}"

    def defined_names(self) -> dict[str, str]:
        """Defined name -> reference, for the settings and stage columns formulas read."""
        names = {name: self._abs("C", self.row_of(key)) for key, name in CONFIG_SETTING_NAMES.items()}
        first, last = self.stage_rows
        label_letter = "D" if self.lang == "zh" else "C"
        names["cfg_stage_key"] = self._abs("B", first, last)
        names["cfg_stage_label"] = self._abs(label_letter, first, last)
        names["cfg_stage_prob"] = self._abs("E", first, last)
        names["cfg_stage_forecast"] = self._abs("F", first, last)
        names["cfg_stage_state"] = self._abs("G", first, last)
        return names
