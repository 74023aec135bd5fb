"""Payloads shaped as xlwings' Office.js client sends them, and helpers to post them to xlwings."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import ModuleType
from typing import Any

import xlwings as xw
from xlwings import server

EPOCH = dt.date(1899, 12, 30)


def serial(day: dt.date) -> float:
    """Excel's serial number of ``day`` (what a custom function receives for a date cell)."""
    return float((day - EPOCH).days)


def function_payload(name: str, *args: Any) -> dict[str, Any]:
    """The body the Office.js client posts to call custom function ``name``."""
    return {
        "func_name": name,
        "args": list(args),
        "caller_address": "Sheet1!B2",
        "formula_name": name,
        "version": xw.__version__,
        "client": "Office.js",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
        "runtime": "1.4",
    }


def call_function(module: ModuleType, name: str, *args: Any) -> Any:
    """Run custom function ``name`` of ``module`` through ``xlwings.server.custom_functions_call``."""
    return asyncio.run(server.custom_functions_call(function_payload(name, *args), module))


def unwrap(cell: Any) -> Any:
    """A returned cell's plain value: Excel date numbers -> date, errors -> their type name."""
    if isinstance(cell, dict) and cell.get("type") == "FormattedNumber":
        return EPOCH + dt.timedelta(days=int(cell["basicValue"]))
    if isinstance(cell, dict) and cell.get("type") == "Error":
        return "#" + cell["errorType"]
    return None if cell == "" else cell


def values(result: list[list[Any]]) -> list[list[Any]]:
    """The returned 2D array with every cell unwrapped."""
    return [[unwrap(c) for c in row] for row in result]


def column(result: list[list[Any]]) -> list[Any]:
    """A returned one-column dynamic array as a flat list."""
    assert all(len(row) == 1 for row in result), result
    return [unwrap(row[0]) for row in result]


def book_payload(
    sheets: dict[str, list[list[Any]]], *, active: int = 0, name: str = "rep.xlsx"
) -> dict[str, Any]:
    """The workbook JSON the Office.js client posts when a script runs (dates as ISO strings)."""
    def cell(value: Any) -> Any:
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day).isoformat() + ".000Z"
        return "" if value is None else value

    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": active, "selection": "A1"},
        "names": [],
        "sheets": [
            {"name": title, "values": [[cell(v) for v in row] for row in rows] or [[]], "pictures": [],
             "tables": []}
            for title, rows in sheets.items()
        ],
    }


def run_script(module: ModuleType, name: str, payload: dict[str, Any], *args: Any) -> list[dict[str, Any]]:
    """Run script ``name`` on a book built from ``payload``; the actions sent back to Excel."""
    book = xw.Book(json=payload)
    call = server.custom_scripts_call(module, name, typehint_to_value={xw.Book: book}, args=list(args))
    result = asyncio.run(call)
    actions: list[dict[str, Any]] = result.json()["actions"]
    return actions
