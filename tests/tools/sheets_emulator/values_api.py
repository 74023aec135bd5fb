"""``spreadsheets.values``: get, batchGet, update, batchUpdate, append, clear and batchClear."""

from __future__ import annotations

from typing import Any

from tests.tools.sheets_emulator.batch_update import shift_cells
from tests.tools.sheets_emulator.cells import (
    Value,
    format_value,
    is_date_format,
    json_number,
    parse_user_entered,
)
from tests.tools.sheets_emulator.errors import bad_request
from tests.tools.sheets_emulator.model import Sheet, Spreadsheet
from tests.tools.sheets_emulator.ranges import col_letters, parse_range

__all__ = [
    "ValueOptions",
    "append",
    "batch_clear",
    "batch_get",
    "batch_update",
    "clear",
    "get",
    "locate",
    "update",
]

_RENDER = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
_DATETIME = ("SERIAL_NUMBER", "FORMATTED_STRING")
_INPUT = ("RAW", "USER_ENTERED")


class ValueOptions:
    """Render and input options of a values request, validated like Google does."""

    def __init__(self, params: dict[str, str], body: dict[str, Any] | None = None):
        body = body or {}
        self.render = params.get("valueRenderOption") or body.get("valueRenderOption") or "FORMATTED_VALUE"
        self.datetime = (
            params.get("dateTimeRenderOption") or body.get("dateTimeRenderOption") or "SERIAL_NUMBER"
        )
        self.major = params.get("majorDimension") or "ROWS"
        self.input = params.get("valueInputOption") or body.get("valueInputOption")
        for name, value, allowed in (
            ("valueRenderOption", self.render, _RENDER),
            ("dateTimeRenderOption", self.datetime, _DATETIME),
            ("majorDimension", self.major, ("ROWS", "COLUMNS")),
        ):
            if value not in allowed:
                raise bad_request(
                    f"Invalid value at '{_snake(name)}' (type.googleapis.com/google.apps.sheets.v4."
                    f'{name[0].upper() + name[1:]}), "{value}"',
                    field=_snake(name),
                )

    def require_input(self) -> str:
        if self.input is None:
            raise bad_request("'valueInputOption' is required but not specified")
        if self.input not in _INPUT:
            raise bad_request(
                f"Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4."
                f'ValueInputOption), "{self.input}"',
                field="value_input_option",
            )
        return str(self.input)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def locate(book: Spreadsheet, text: str) -> tuple[Sheet, int, int, int, int]:
    """The sheet and clipped bounds (r0, r1, c0, c1) of an A1 range; 400 when it does not parse."""
    try:
        parsed = parse_range(text, [s.title for s in book.sheets])
    except ValueError as exc:
        raise bad_request(f"Unable to parse range: {text}") from exc
    sheet = book.by_title(parsed.title) if parsed.title is not None else book.sheets[0]
    if sheet is None:
        raise bad_request(f"Unable to parse range: {text}")
    r0, r1, c0, c1 = parsed.clip(sheet.rows, sheet.cols)
    return sheet, r0, min(r1, sheet.rows), c0, min(c1, sheet.cols)


def _render(sheet: Sheet, r: int, c: int, opts: ValueOptions) -> Any:
    cell = sheet.cells.get((r, c))
    if cell is None:
        return ""
    if opts.render == "FORMULA" and cell.formula is not None:
        return cell.formula
    if opts.render == "FORMATTED_VALUE":
        return sheet.formatted(r, c)
    value = sheet.value(r, c)
    if value is None:
        return ""
    if (
        opts.datetime == "FORMATTED_STRING"
        and is_date_format(cell.number_format)
        and not isinstance(value, str)
    ):
        return format_value(value, cell.number_format)
    return json_number(value)


def value_range(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, opts: ValueOptions) -> dict[str, Any]:
    """A ValueRange: trailing empty cells and rows trimmed, ``values`` absent when all is empty."""
    rows: list[list[Any]] = []
    for r in range(r0, r1):
        row = [_render(sheet, r, c, opts) for c in range(c0, c1)]
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    if opts.major == "COLUMNS" and rows:
        width = max(len(r) for r in rows)
        cols = [[row[c] if c < len(row) else "" for row in rows] for c in range(width)]
        rows = []
        for col in cols:
            while col and col[-1] == "":
                col.pop()
            rows.append(col)
    out: dict[str, Any] = {"range": sheet.range_name(r0, r1, c0, c1), "majorDimension": opts.major}
    if rows:
        out["values"] = rows
    return out


def get(book: Spreadsheet, range_text: str, params: dict[str, str]) -> dict[str, Any]:
    """values.get."""
    return value_range(*locate(book, range_text), ValueOptions(params))


def batch_get(book: Spreadsheet, ranges: list[str], params: dict[str, str]) -> dict[str, Any]:
    """values.batchGet."""
    opts = ValueOptions(params)
    return {
        "spreadsheetId": book.spreadsheet_id,
        "valueRanges": [value_range(*locate(book, text), opts) for text in ranges],
    }


def _check_values(values: Any, field: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list) or any(not isinstance(row, list) for row in values):
        bad = values if not isinstance(values, list) else next(r for r in values if not isinstance(r, list))
        raw = f'"{bad}"' if isinstance(bad, str) else str(bad)
        kind = "ListValue"
        raise bad_request(
            f"Invalid value at '{field}' (type.googleapis.com/google.protobuf.{kind}), {raw}", field=field
        )
    return values


def _write(sheet: Sheet, r0: int, c0: int, values: list[list[Any]], mode: str) -> None:
    for dr, row in enumerate(values):
        for dc, raw in enumerate(row):
            if raw is None:
                continue  # null leaves the cell as it is
            cell = sheet.cell(r0 + dr, c0 + dc)
            cell.formula = None
            value: Value
            if isinstance(raw, bool | int | float):
                value = float(raw) if not isinstance(raw, bool) else raw
            elif mode == "USER_ENTERED":
                value, formula, number_format = parse_user_entered(str(raw))
                cell.formula = formula
                if number_format:
                    cell.fmt["numberFormat"] = number_format
            else:
                value = str(raw)
            cell.value = None if value == "" else value


def _oriented(values: list[list[Any]], major: str | None) -> list[list[Any]]:
    if major != "COLUMNS" or not values:
        return values
    height = max(len(col) for col in values)
    return [[col[r] if r < len(col) else None for col in values] for r in range(height)]


def _update_one(
    book: Spreadsheet, range_text: str, body: dict[str, Any], mode: str, field: str
) -> tuple[Sheet, dict[str, Any], set[int], set[int]]:
    sheet, r0, r1, c0, c1 = locate(book, range_text)
    values = _oriented(_check_values(body.get("values"), field), body.get("majorDimension"))
    height, width = len(values), max((len(r) for r in values), default=0)
    parsed = parse_range(range_text, [s.title for s in book.sheets])
    single = parsed.end_row == r0 + 1 and parsed.end_col == c0 + 1
    if not single and parsed.end_row is not None and height > r1 - r0:
        raise bad_request(
            f"Requested writing within range [{range_text}], but tried writing to row [{r0 + height}]"
        )
    if not single and parsed.end_col is not None and width > c1 - c0:
        raise bad_request(
            f"Requested writing within range [{range_text}], but tried writing to column "
            f"[{col_letters(c0 + width - 1)}]"
        )
    if r0 + height > sheet.rows or c0 + width > sheet.cols:
        raise bad_request(
            f"Range ({sheet.range_name(r0, r0 + max(height, 1), c0, c0 + max(width, 1))}) exceeds "
            f"grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    _write(sheet, r0, c0, values, mode)
    result = {
        "spreadsheetId": book.spreadsheet_id,
        "updatedRange": sheet.range_name(r0, r0 + max(height, 1), c0, c0 + max(width, 1)),
    }
    if height:
        result.update(updatedRows=height, updatedColumns=width, updatedCells=sum(len(r) for r in values))
    rows = {r0 + i for i in range(height)}
    cols = {c0 + i for i in range(width)}
    return sheet, result, rows, cols


def update(
    book: Spreadsheet, range_text: str, params: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    """values.update (PUT)."""
    opts = ValueOptions(params)
    mode = opts.require_input()
    _, result, _, _ = _update_one(book, range_text, body, mode, "data.values")
    if params.get("includeValuesInResponse", "").lower() == "true":
        result["updatedData"] = get(
            book,
            result["updatedRange"],
            {
                "valueRenderOption": params.get("responseValueRenderOption", "FORMATTED_VALUE"),
                "dateTimeRenderOption": params.get("responseDateTimeRenderOption", "SERIAL_NUMBER"),
            },
        )
    book.touch()
    return result


def batch_update(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """values.batchUpdate."""
    opts = ValueOptions({}, body)
    mode = opts.require_input()
    responses, touched_rows, touched_cols, sheets = [], set(), set(), set()
    for i, data in enumerate(body.get("data") or []):
        sheet, result, rows, cols = _update_one(book, data.get("range", ""), data, mode, f"data[{i}].values")
        responses.append(result)
        touched_rows |= {(sheet.sheet_id, r) for r in rows}
        touched_cols |= {(sheet.sheet_id, c) for c in cols}
        sheets.add(sheet.sheet_id)
    book.touch()
    out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if responses:
        out.update(
            totalUpdatedRows=len(touched_rows),
            totalUpdatedColumns=len(touched_cols),
            totalUpdatedCells=sum(r.get("updatedCells", 0) for r in responses),
            totalUpdatedSheets=len(sheets),
            responses=responses,
        )
    return out


def _row_empty(sheet: Sheet, r: int, c0: int, c1: int) -> bool:
    return all(sheet.cells.get((r, c)) is None or sheet.cells[(r, c)].empty for c in range(c0, c1))


def append(
    book: Spreadsheet, range_text: str, params: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    """values.append: find the table at the range and write below it, growing the grid as needed."""
    mode = ValueOptions(params).require_input()
    sheet, r0, r1, c0, _ = locate(book, range_text)
    values = _oriented(_check_values(body.get("values"), "data.values"), body.get("majorDimension"))
    first = next((r for r in range(r0, r1) if not _row_empty(sheet, r, c0, sheet.cols)), None)
    table: tuple[int, int, int, int] | None = None
    target = r0
    if first is not None:
        last = first
        while last + 1 < sheet.rows and not _row_empty(sheet, last + 1, c0, sheet.cols):
            last += 1
        used = [
            c for (r, c), cell in sheet.cells.items() if first <= r <= last and c >= c0 and not cell.empty
        ]
        table = (first, last + 1, min(used), max(used) + 1)
        target = last + 1
    height, width = len(values), max((len(r) for r in values), default=0)
    if params.get("insertDataOption") == "INSERT_ROWS":
        shift_cells(sheet, False, target, height)
        sheet.props["gridProperties"]["rowCount"] += height
    if target + height > sheet.rows:
        sheet.props["gridProperties"]["rowCount"] = target + height
    if c0 + width > sheet.cols:
        sheet.props["gridProperties"]["columnCount"] = c0 + width
    _write(sheet, target, c0, values, mode)
    book.touch()
    updates: dict[str, Any] = {
        "spreadsheetId": book.spreadsheet_id,
        "updatedRange": sheet.range_name(target, target + max(height, 1), c0, c0 + max(width, 1)),
    }
    if height:
        updates.update(updatedRows=height, updatedColumns=width, updatedCells=sum(len(r) for r in values))
    out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if table:
        out["tableRange"] = sheet.range_name(*table)
    out["updates"] = updates
    return out


def clear(book: Spreadsheet, range_text: str) -> dict[str, Any]:
    """values.clear: values and formulas go, formats and validation stay."""
    sheet, r0, r1, c0, c1 = locate(book, range_text)
    for (r, c), cell in sheet.cells.items():
        if r0 <= r < r1 and c0 <= c < c1:
            cell.value, cell.formula = None, None
    book.touch()
    return {"spreadsheetId": book.spreadsheet_id, "clearedRange": sheet.range_name(r0, r1, c0, c1)}


def batch_clear(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """values.batchClear."""
    cleared = [clear(book, text)["clearedRange"] for text in body.get("ranges") or []]
    return {"spreadsheetId": book.spreadsheet_id, "clearedRanges": cleared}
