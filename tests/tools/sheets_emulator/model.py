"""The emulator's state: spreadsheets, their sheets (tabs) and cells, and their JSON form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.tools.sheets_emulator.cells import Cell, Value, format_value, json_number
from tests.tools.sheets_emulator.defaults import default_format, default_theme
from tests.tools.sheets_emulator.formulas import UnsupportedFormulaError, evaluate
from tests.tools.sheets_emulator.ranges import format_range

__all__ = ["Sheet", "Spreadsheet", "prune"]

DEFAULT_COLUMN_WIDTH = 100
DEFAULT_ROW_HEIGHT = 21


def prune(value: Any) -> Any:
    """Drop what proto3 JSON omits: false, 0 for plain ints is kept by callers, None and empty lists."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not None and v is not False and v != []}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


@dataclass
class Sheet:
    """One tab: properties as the API shows them, sparse cells and sheet-level features."""

    props: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    col_widths: dict[int, int] = field(default_factory=dict)
    row_heights: dict[int, int] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sheet_id(self) -> int:
        return int(self.props["sheetId"])

    @property
    def title(self) -> str:
        return str(self.props["title"])

    @property
    def rows(self) -> int:
        return int(self.props["gridProperties"]["rowCount"])

    @property
    def cols(self) -> int:
        return int(self.props["gridProperties"]["columnCount"])

    def resize(self, rows: int | None = None, cols: int | None = None) -> None:
        """Set the grid size, dropping cells outside it."""
        grid = self.props["gridProperties"]
        if rows is not None:
            grid["rowCount"] = rows
        if cols is not None:
            grid["columnCount"] = cols
        self.cells = {k: v for k, v in self.cells.items() if k[0] < self.rows and k[1] < self.cols}

    def cell(self, row: int, col: int) -> Cell:
        """The cell at (row, col), created when absent."""
        return self.cells.setdefault((row, col), Cell())

    def value(self, row: int, col: int, depth: int = 0) -> Value:
        """Effective value: the entered value, or the formula's result (empty when unsupported)."""
        cell = self.cells.get((row, col))
        if cell is None:
            return None
        if cell.formula is None:
            return cell.value
        if depth > 50:
            return "#REF!"
        try:
            result = evaluate(cell.formula, lambda r, c: self.value(r, c, depth + 1))
        except UnsupportedFormulaError as exc:
            text = str(exc)
            return text if text.startswith("#") else None
        except (ArithmeticError, TypeError, ValueError):
            return "#VALUE!"
        return result if isinstance(result, str | bool) or result is None else float(result)

    def formatted(self, row: int, col: int) -> str:
        """FORMATTED_VALUE of a cell."""
        cell = self.cells.get((row, col))
        return format_value(self.value(row, col), cell.number_format if cell else {})

    def used_extent(self) -> tuple[int, int]:
        """(rows, cols) up to the last non-empty cell."""
        used = [k for k, c in self.cells.items() if not c.empty]
        if not used:
            return 0, 0
        return max(r for r, _ in used) + 1, max(c for _, c in used) + 1

    def range_name(self, r0: int, r1: int, c0: int, c1: int) -> str:
        return format_range(self.title, r0, r1, c0, c1)

    def column_width(self, col: int) -> int:
        return self.col_widths.get(col, DEFAULT_COLUMN_WIDTH)

    def grid_data(self, r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
        """GridData of a rectangle, as ``includeGridData`` returns it."""
        row_data = []
        last = max((r + 1 for (r, c) in self.cells if r0 <= r < r1 and c0 <= c < c1), default=r0)
        for r in range(r0, last):
            values = []
            for c in range(c0, c1):
                values.append(self._cell_data(r, c))
            while values and not values[-1]:
                values.pop()
            row_data.append({"values": values} if values else {})
        while row_data and not row_data[-1]:
            row_data.pop()
        data: dict[str, Any] = {
            "rowMetadata": [
                {"pixelSize": self.row_heights.get(r, DEFAULT_ROW_HEIGHT)} for r in range(r0, r1)
            ],
            "columnMetadata": [self._column_metadata(c) for c in range(c0, c1)],
        }
        if r0:
            data["startRow"] = r0
        if c0:
            data["startColumn"] = c0
        if row_data:
            data["rowData"] = row_data
        return data

    def _column_metadata(self, col: int) -> dict[str, Any]:
        meta: dict[str, Any] = {"pixelSize": self.column_width(col)}
        if col in self.hidden_cols:
            meta["hiddenByUser"] = True
        return meta

    def _cell_data(self, r: int, c: int) -> dict[str, Any]:
        cell = self.cells.get((r, c))
        if cell is None:
            return {}
        out: dict[str, Any] = {}
        if cell.formula is not None:
            out["userEnteredValue"] = {"formulaValue": cell.formula}
        elif cell.value is not None and cell.value != "":
            out["userEnteredValue"] = _typed(cell.value)
        value = self.value(r, c)
        if value is not None and value != "":
            out["effectiveValue"] = _typed(value)
            out["formattedValue"] = self.formatted(r, c)
        if cell.fmt:
            out["userEnteredFormat"] = cell.fmt
        if cell.validation:
            out["dataValidation"] = cell.validation
        return out

    def to_json(self) -> dict[str, Any]:
        """The sheet as it appears in ``spreadsheets.get`` (without grid data)."""
        out: dict[str, Any] = {"properties": prune(self.props)}
        if self.merges:
            out["merges"] = self.merges
        if self.conditional_formats:
            out["conditionalFormats"] = self.conditional_formats
        if self.protected_ranges:
            out["protectedRanges"] = self.protected_ranges
        if self.basic_filter:
            out["basicFilter"] = self.basic_filter
        return out


def _typed(value: Value) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, str):
        return (
            {"errorValue": {"type": "ERROR", "message": value}}
            if value[:1] == "#" and value.endswith(("!", "?", "A"))
            else {"stringValue": value}
        )
    return {"numberValue": json_number(value)}


@dataclass
class Spreadsheet:
    """A spreadsheet (a Drive file): properties, tabs, owner and who it is shared with."""

    spreadsheet_id: str
    title: str
    owner: str
    sheets: list[Sheet] = field(default_factory=list)
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"
    permissions: list[dict[str, Any]] = field(default_factory=list)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    modified: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    extra_properties: dict[str, Any] = field(default_factory=dict)
    named_ranges: list[dict[str, Any]] = field(default_factory=list)

    def can_access(self, email: str) -> bool:
        """Whether ``email`` owns the file or was given a permission on it."""
        if email == self.owner:
            return True
        return any(p.get("emailAddress") == email or p.get("type") == "anyone" for p in self.permissions)

    def by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def reindex(self) -> None:
        self.sheets.sort(key=lambda s: s.props["index"])
        for i, s in enumerate(self.sheets):
            s.props["index"] = i

    def touch(self) -> None:
        self.modified = dt.datetime.now(dt.UTC)

    def properties_json(self) -> dict[str, Any]:
        props = {
            "title": self.title,
            "locale": self.locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": self.time_zone,
            "defaultFormat": default_format(),
            "spreadsheetTheme": default_theme(),
        }
        props.update(self.extra_properties)
        return props

    def to_json(self) -> dict[str, Any]:
        """``spreadsheets.get`` body without grid data."""
        out = {
            "spreadsheetId": self.spreadsheet_id,
            "properties": self.properties_json(),
            "sheets": [s.to_json() for s in self.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit",
        }
        if self.named_ranges:
            out["namedRanges"] = self.named_ranges
        return out
