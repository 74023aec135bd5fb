"""``spreadsheets.batchUpdate``: each request kind the project (and the recorded cassettes) use."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

from tests.tools.sheets_emulator.cells import Cell, parse_user_entered
from tests.tools.sheets_emulator.errors import ApiError, bad_request
from tests.tools.sheets_emulator.fieldmask import Mask, parse_mask
from tests.tools.sheets_emulator.model import Sheet, Spreadsheet, prune

__all__ = ["CELL_LIMIT", "apply_batch_update", "new_sheet", "shift_cells"]

CELL_LIMIT = 10_000_000
"""Google's limit of cells per spreadsheet."""

Handler = Callable[[Spreadsheet, dict[str, Any], "Context"], dict[str, Any]]


class Context:
    """What a request handler needs besides the spreadsheet: the caller and a random source for ids."""

    def __init__(self, caller: str, rng: random.Random, index: int, kind: str):
        self.caller, self.rng, self.index, self.kind = caller, rng, index, kind

    def fail(self, message: str) -> ApiError:
        return bad_request(f"Invalid requests[{self.index}].{self.kind}: {message}")


def new_sheet(sheet_id: int, title: str, index: int, rows: int = 1000, cols: int = 26) -> Sheet:
    """A blank grid sheet."""
    return Sheet(
        {
            "sheetId": sheet_id,
            "title": title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": cols},
        }
    )


def _sheet(book: Spreadsheet, sheet_id: Any, ctx: Context) -> Sheet:
    found = book.by_id(int(sheet_id or 0))
    if found is None:
        raise ctx.fail(f"No grid with id: {sheet_id or 0}")
    return found


def _grid(book: Spreadsheet, rng: dict[str, Any], ctx: Context) -> tuple[Sheet, int, int, int, int]:
    sheet = _sheet(book, rng.get("sheetId", 0), ctx)
    r0, r1 = rng.get("startRowIndex", 0), rng.get("endRowIndex", sheet.rows)
    c0, c1 = rng.get("startColumnIndex", 0), rng.get("endColumnIndex", sheet.cols)
    if r1 > sheet.rows or c1 > sheet.cols:
        raise ctx.fail(
            f"Range ({sheet.range_name(r0, r1, c0, c1)}) exceeds grid limits. "
            f"Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    return sheet, r0, r1, c0, c1


def _public_range(rng: dict[str, Any]) -> dict[str, Any]:
    # sheetId 0 is a proto3 default and is omitted from answers.
    return {k: v for k, v in rng.items() if not (k == "sheetId" and v == 0)}


def _check_cells(book: Spreadsheet, ctx: Context) -> None:
    total = sum(s.rows * s.cols for s in book.sheets)
    if total > CELL_LIMIT:
        raise ctx.fail(
            f"This action would increase the number of cells in the workbook above the limit "
            f"of {CELL_LIMIT} cells."
        )


def _set_masked(target: dict[str, Any], source: dict[str, Any], mask: Mask) -> None:
    """Copy the masked fields of ``source`` into ``target`` (absent in source = cleared)."""
    for key, sub in mask.items():
        if key == "*":
            target.clear()
            target.update(copy.deepcopy(source))
            continue
        if sub and isinstance(source.get(key), dict):
            _set_masked(target.setdefault(key, {}), source[key], sub)
        elif key in source and source[key] is not None:
            target[key] = copy.deepcopy(source[key])
        else:
            target.pop(key, None)


def _mirror_styles(fmt: dict[str, Any]) -> None:
    """Google answers every colour also as a ``...Style`` (rgbColor) twin."""
    if "backgroundColor" in fmt:
        fmt["backgroundColorStyle"] = {"rgbColor": fmt["backgroundColor"]}
    text = fmt.get("textFormat")
    if isinstance(text, dict) and "foregroundColor" in text:
        text["foregroundColorStyle"] = {"rgbColor": text["foregroundColor"]}


def add_sheet(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    props = copy.deepcopy(req.get("properties", {}))
    title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
    if book.by_title(title):
        raise ctx.fail(f'A sheet with the name "{title}" already exists. Please enter another name.')
    sheet_id = props.get("sheetId")
    if sheet_id is None:
        sheet_id = ctx.rng.randrange(1, 2**31 - 1)
    elif book.by_id(sheet_id):
        raise ctx.fail(f"Sheet with id {sheet_id} already exists.")
    grid = props.get("gridProperties", {})
    index = props.get("index", len(book.sheets))
    for other in book.sheets:
        if other.props["index"] >= index:
            other.props["index"] += 1
    sheet = new_sheet(sheet_id, title, index, grid.get("rowCount", 1000), grid.get("columnCount", 26))
    for key in ("frozenRowCount", "frozenColumnCount", "hideGridlines"):
        if grid.get(key):
            sheet.props["gridProperties"][key] = grid[key]
    for key in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
        if props.get(key):
            sheet.props[key] = props[key]
    book.sheets.append(sheet)
    book.reindex()
    _check_cells(book, ctx)
    return {"addSheet": {"properties": prune(copy.deepcopy(sheet.props))}}


def delete_sheet(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    sheet = _sheet(book, req.get("sheetId"), ctx)
    if len(book.sheets) == 1:
        raise ctx.fail("You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    for i, s in enumerate(book.sheets):
        s.props["index"] = i
    return {}


def update_sheet_properties(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    props = req.get("properties", {})
    sheet = _sheet(book, props.get("sheetId", 0), ctx)
    mask = parse_mask(req.get("fields", ""))
    if "title" in mask and props.get("title") != sheet.title and book.by_title(props.get("title", "")):
        raise ctx.fail(f'A sheet with the name "{props["title"]}" already exists. Please enter another name.')
    old_index = sheet.props["index"]
    _set_masked(sheet.props, props, mask)
    grid = sheet.props["gridProperties"]
    for key in ("frozenRowCount", "frozenColumnCount"):
        if not grid.get(key):
            grid.pop(key, None)
    sheet.resize()
    if sheet.props["index"] != old_index:
        target = sheet.props["index"]
        others = [s for s in book.sheets if s is not sheet]
        others.insert(min(target, len(others)), sheet)
        for i, s in enumerate(others):
            s.props["index"] = i
        book.reindex()
    _check_cells(book, ctx)
    return {}


def update_spreadsheet_properties(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    props = req.get("properties", {})
    for key in parse_mask(req.get("fields", "")):
        if key == "title":
            book.title = props["title"]
        elif key == "locale":
            book.locale = props["locale"]
        elif key == "timeZone":
            book.time_zone = props["timeZone"]
        elif key in props:
            book.extra_properties[key] = props[key]
    return {}


def repeat_cell(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    sheet, r0, r1, c0, c1 = _grid(book, req.get("range", {}), ctx)
    _write_cell_data(sheet, [[req.get("cell", {})] * (c1 - c0)] * (r1 - r0), r0, c0, req.get("fields", "*"))
    return {}


def update_cells(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    if "start" in req:
        start = req["start"]
        sheet = _sheet(book, start.get("sheetId", 0), ctx)
        r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
    else:
        sheet, r0, _, c0, _ = _grid(book, req.get("range", {}), ctx)
    rows = [row.get("values", []) for row in req.get("rows", [])]
    if r0 + len(rows) > sheet.rows or c0 + max((len(r) for r in rows), default=0) > sheet.cols:
        raise ctx.fail("Range exceeds grid limits.")
    _write_cell_data(sheet, rows, r0, c0, req.get("fields", "*"))
    return {}


def _write_cell_data(sheet: Sheet, rows: list[list[dict[str, Any]]], r0: int, c0: int, fields: str) -> None:
    mask = parse_mask(fields)
    everything = "*" in mask
    for dr, row in enumerate(rows):
        for dc, data in enumerate(row):
            cell = sheet.cell(r0 + dr, c0 + dc)
            if everything or "userEnteredFormat" in mask:
                sub = {} if everything else mask["userEnteredFormat"]
                source = data.get("userEnteredFormat", {})
                if sub:
                    _set_masked(cell.fmt, source, sub)
                else:
                    cell.fmt = copy.deepcopy(source)
                _mirror_styles(cell.fmt)
            if everything or "userEnteredValue" in mask:
                _set_entered(cell, data.get("userEnteredValue"))
            if everything or "dataValidation" in mask:
                cell.validation = copy.deepcopy(data.get("dataValidation"))


def _set_entered(cell: Cell, entered: dict[str, Any] | None) -> None:
    cell.value, cell.formula = None, None
    if not entered:
        return
    if "formulaValue" in entered:
        cell.formula = entered["formulaValue"]
    elif "numberValue" in entered:
        cell.value = float(entered["numberValue"])
    elif "boolValue" in entered:
        cell.value = bool(entered["boolValue"])
    elif "stringValue" in entered:
        cell.value = entered["stringValue"]
    else:
        value, formula, _ = parse_user_entered(str(next(iter(entered.values()))))
        cell.value, cell.formula = value, formula


def set_data_validation(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    sheet, r0, r1, c0, c1 = _grid(book, req.get("range", {}), ctx)
    rule = req.get("rule")
    for r in range(r0, r1):
        for c in range(c0, c1):
            sheet.cell(r, c).validation = copy.deepcopy(rule) if rule else None
    return {}


def add_protected_range(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    wanted = req.get("protectedRange", {})
    _grid(book, wanted.get("range", {}), ctx)
    sheet = _sheet(book, wanted.get("range", {}).get("sheetId", 0), ctx)
    editors = wanted.get("editors") or {}
    protected: dict[str, Any] = {
        "protectedRangeId": ctx.rng.randrange(1, 2**31 - 1),
        "range": _public_range(wanted.get("range", {})),
        "description": wanted.get("description"),
        "warningOnly": wanted.get("warningOnly", False),
        "requestingUserCanEdit": True,
    }
    reply = prune(dict(protected, editors={k: v for k, v in editors.items() if v}))
    if not protected["warningOnly"]:
        users = list(dict.fromkeys([*editors.get("users", []), ctx.caller]))
        protected["editors"] = prune(
            {
                "users": users,
                "groups": editors.get("groups", []),
                "domainUsersCanEdit": editors.get("domainUsersCanEdit"),
            }
        )
    sheet.protected_ranges.append(prune(protected))
    return {"addProtectedRange": {"protectedRange": reply}}


def add_conditional_format_rule(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    rule = copy.deepcopy(req.get("rule", {}))
    ranges = rule.get("ranges", [])
    if not ranges:
        raise ctx.fail("At least one range must be specified.")
    sheet = _sheet(book, ranges[0].get("sheetId", 0), ctx)
    for rng in ranges:
        _grid(book, rng, ctx)
    rule["ranges"] = [_public_range(r) for r in ranges]
    sheet.conditional_formats.insert(req.get("index", len(sheet.conditional_formats)), rule)
    return {}


def update_dimension_properties(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    dim = req.get("range", {})
    sheet = _sheet(book, dim.get("sheetId", 0), ctx)
    props, mask = req.get("properties", {}), parse_mask(req.get("fields", ""))
    columns = dim.get("dimension") == "COLUMNS"
    end = dim.get("endIndex", sheet.cols if columns else sheet.rows)
    for i in range(dim.get("startIndex", 0), end):
        if "pixelSize" in mask:
            (sheet.col_widths if columns else sheet.row_heights)[i] = int(props.get("pixelSize", 100))
        if "hiddenByUser" in mask and columns:
            (sheet.hidden_cols.add if props.get("hiddenByUser") else sheet.hidden_cols.discard)(i)
    return {}


def _text_width(text: str) -> int:
    # Arial 10 advance widths in pixels, calibrated on recorded autoResize answers.
    widths = {"upper": 8.48, "lower": 6.7, "digit": 7.0, "wide": 13.4, "other": 4.5}
    total = 0.0
    for char in max(text.split("\n"), key=len):
        if char.isupper():
            total += widths["upper"]
        elif char.islower():
            total += widths["lower"]
        elif char.isdigit():
            total += widths["digit"]
        elif ord(char) > 0x2E80:
            total += widths["wide"]
        else:
            total += widths["other"]
    return round(total) + 7


def auto_resize_dimensions(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    dim = req.get("dimensions", {})
    sheet = _sheet(book, dim.get("sheetId", 0), ctx)
    if dim.get("dimension") != "COLUMNS":
        return {}
    for col in range(dim.get("startIndex", 0), dim.get("endIndex", sheet.cols)):
        texts = [sheet.formatted(r, c) for (r, c) in list(sheet.cells) if c == col]
        sheet.col_widths[col] = max([_text_width(t) for t in texts if t], default=100)
    return {}


def set_basic_filter(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    wanted = copy.deepcopy(req.get("filter", {}))
    sheet, r0, r1, c0, c1 = _grid(book, wanted.get("range", {}), ctx)
    wanted["range"] = {"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}
    if sheet.sheet_id:
        wanted["range"]["sheetId"] = sheet.sheet_id
    sheet.basic_filter = wanted
    return {}


def clear_basic_filter(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    _sheet(book, req.get("sheetId", 0), ctx).basic_filter = None
    return {}


def shift_cells(sheet: Sheet, columns: bool, start: int, delta: int) -> None:
    moved: dict[tuple[int, int], Cell] = {}
    for (r, c), cell in sheet.cells.items():
        pos = c if columns else r
        if delta < 0 and start <= pos < start - delta:
            continue
        if pos >= start:
            pos += delta
        moved[(r, pos) if columns else (pos, c)] = cell
    sheet.cells = moved


def insert_dimension(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    dim = req.get("range", {})
    sheet = _sheet(book, dim.get("sheetId", 0), ctx)
    columns = dim.get("dimension") == "COLUMNS"
    start, end = dim.get("startIndex", 0), dim.get("endIndex", 0)
    if columns:
        sheet.props["gridProperties"]["columnCount"] += end - start
    else:
        sheet.props["gridProperties"]["rowCount"] += end - start
    shift_cells(sheet, columns, start, end - start)
    _check_cells(book, ctx)
    return {}


def delete_dimension(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    dim = req.get("range", {})
    sheet = _sheet(book, dim.get("sheetId", 0), ctx)
    columns = dim.get("dimension") == "COLUMNS"
    start, end = dim.get("startIndex", 0), dim.get("endIndex", 0)
    shift_cells(sheet, columns, start, start - end)
    grid = sheet.props["gridProperties"]
    grid["columnCount" if columns else "rowCount"] -= end - start
    return {}


def merge_cells(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    _grid(book, req.get("range", {}), ctx)
    sheet = _sheet(book, req.get("range", {}).get("sheetId", 0), ctx)
    sheet.merges.append(_public_range(req["range"]))
    return {}


def add_named_range(book: Spreadsheet, req: dict[str, Any], ctx: Context) -> dict[str, Any]:
    wanted = copy.deepcopy(req.get("namedRange", {}))
    name = wanted.get("name", "")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) or re.fullmatch(
        r"[A-Za-z]{1,3}\d+|[RrCc]\d*", name
    ):
        raise ctx.fail(f"Invalid name: {name}.")
    if any(n["name"].lower() == name.lower() for n in book.named_ranges):
        raise ctx.fail(f"Named range with name {name} already exists.")
    _grid(book, wanted.get("range", {}), ctx)
    wanted["namedRangeId"] = wanted.get("namedRangeId") or "".join(
        ctx.rng.choices("abcdefghijklmnop0123456789", k=12)
    )
    wanted["range"] = _public_range(wanted.get("range", {}))
    book.named_ranges.append(wanted)
    return {"addNamedRange": {"namedRange": wanted}}


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "repeatCell": repeat_cell,
    "updateCells": update_cells,
    "setDataValidation": set_data_validation,
    "addProtectedRange": add_protected_range,
    "addConditionalFormatRule": add_conditional_format_rule,
    "updateDimensionProperties": update_dimension_properties,
    "autoResizeDimensions": auto_resize_dimensions,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "mergeCells": merge_cells,
    "addNamedRange": add_named_range,
}


def apply_batch_update(
    book: Spreadsheet, body: dict[str, Any], caller: str, rng: random.Random
) -> tuple[Spreadsheet, dict[str, Any]]:
    """Apply all requests to a copy of ``book`` (all or nothing); (new state, response body)."""
    requests = body.get("requests")
    if not isinstance(requests, list) or not requests:
        raise bad_request("Must specify at least one request.")
    work = copy.deepcopy(book)
    replies = []
    for index, request in enumerate(requests):
        if not isinstance(request, dict) or len(request) != 1:
            raise bad_request(f"Invalid requests[{index}]: No request set.")
        kind, payload = next(iter(request.items()))
        handler = HANDLERS.get(kind)
        if handler is None:
            raise bad_request(
                f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{index}]': "
                "Cannot find field.",
                field=f"requests[{index}]",
            )
        replies.append(handler(work, payload or {}, Context(caller, rng, index, kind)))
    work.touch()
    return work, {"spreadsheetId": book.spreadsheet_id, "replies": replies}
