"""Writing tabs of a Google spreadsheet (the team master): few, batched, size-bounded requests.

A write is: one metadata call; one ``batchUpdate`` that adds missing tabs, grows grids that are
too small and sets header and date formats; one ``values:batchClear`` of the old values; then
``values:batchUpdate`` requests of at most ``MAX_PAYLOAD_BYTES`` each. Values go in RAW, so text
is never parsed as a formula or a number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from salessheet.address import column_letter
from salessheet.errors import WriteRefusedError
from salessheet.io.google.connection import GoogleConnection
from salessheet.io.google.errors import google_errors
from salessheet.io.google.keys import spreadsheet_key, spreadsheet_url
from salessheet.io.google.reader import quote_title
from salessheet.io.google.values import to_cell
from salessheet.schema import SheetSpec
from salessheet.workbook import ROW_COLUMN

__all__ = [
    "CELL_LIMIT",
    "MAX_PAYLOAD_BYTES",
    "WriteSummary",
    "chunk_rows",
    "frame_rows",
    "send_value_ranges",
    "write_tabs",
]

MAX_PAYLOAD_BYTES = 1_000_000
"""Largest JSON body of one values:batchUpdate. Google recommends at most 2 MB per request and
rejects bodies over 10 MB; 1 MB keeps each request fast and far from both."""

CELL_LIMIT = 10_000_000
"""Google's limit of cells in one spreadsheet (all tabs)."""

_DATE_FORMAT = {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}
_HEADER_FORMAT = {"textFormat": {"bold": True}}


@dataclass(frozen=True)
class WriteSummary:
    """What a write did: tabs written, rows and cells sent and API requests made."""

    key: str
    tabs: tuple[str, ...]
    rows: int
    cells: int
    requests: int


def _row_bytes(row: Sequence[Any]) -> int:
    return len(json.dumps(row, ensure_ascii=False).encode()) + 2


def chunk_rows(
    tab: str, rows: Sequence[Sequence[Any]], max_bytes: int = MAX_PAYLOAD_BYTES
) -> Iterator[dict[str, Any]]:
    """ValueRanges of consecutive rows of ``tab``, each under ``max_bytes`` of JSON.

    >>> [c["range"] for c in chunk_rows("T", [["x" * 40]] * 5, max_bytes=180)]
    ["'T'!A1", "'T'!A3", "'T'!A5"]
    """
    start, size = 0, 0
    chunk: list[list[Any]] = []
    overhead = len(tab.encode()) + 64
    for index, row in enumerate(rows):
        cost = _row_bytes(row)
        if chunk and size + cost + overhead > max_bytes:
            yield {"range": f"{quote_title(tab)}!A{start + 1}", "values": chunk}
            start, size, chunk = index, 0, []
        chunk.append(list(row))
        size += cost
    if chunk:
        yield {"range": f"{quote_title(tab)}!A{start + 1}", "values": chunk}


def _date_columns(rows: Sequence[Sequence[Any]]) -> list[int]:
    """0-based columns whose first non-blank data value (below the header) is a date."""
    width = max((len(r) for r in rows), default=0)
    found = []
    for col in range(width):
        first = next((r[col] for r in rows[1:] if col < len(r) and r[col] not in (None, "")), None)
        if isinstance(first, dt.date):
            found.append(col)
    return found


def _structure_requests(
    meta: Mapping[str, Any], tabs: Mapping[str, Sequence[Sequence[Any]]], next_id: int
) -> list[dict[str, Any]]:
    existing = {s["properties"]["title"]: s["properties"] for s in meta.get("sheets", [])}
    requests: list[dict[str, Any]] = []
    for tab, rows in tabs.items():
        height = max(len(rows), 1)
        width = max((len(r) for r in rows), default=1) or 1
        props = existing.get(tab)
        if props is None:
            sheet_id = next_id
            next_id += 1
            requests.append({"addSheet": {"properties": {
                "sheetId": sheet_id, "title": tab,
                "gridProperties": {"rowCount": height, "columnCount": width, "frozenRowCount": 1}}}})
        else:
            sheet_id = props["sheetId"]
            grid = props.get("gridProperties", {})
            rows_now, cols_now = grid.get("rowCount", 0), grid.get("columnCount", 0)
            if rows_now < height or cols_now < width:
                requests.append({"updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "gridProperties": {
                        "rowCount": max(rows_now, height), "columnCount": max(cols_now, width)}},
                    "fields": "gridProperties.rowCount,gridProperties.columnCount"}})
        header = {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
                  "endColumnIndex": width}
        requests.append({"repeatCell": {"range": header, "cell": {"userEnteredFormat": _HEADER_FORMAT},
                                        "fields": "userEnteredFormat.textFormat.bold"}})
        for col in _date_columns(rows):
            requests.append({"repeatCell": {
                "range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": height,
                          "startColumnIndex": col, "endColumnIndex": col + 1},
                "cell": {"userEnteredFormat": _DATE_FORMAT}, "fields": "userEnteredFormat.numberFormat"}})
    return requests


def send_value_ranges(
    connection: GoogleConnection,
    key: str,
    data: Sequence[Mapping[str, Any]],
    input_option: str,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
) -> int:
    """Send ValueRanges in as few values:batchUpdate requests as the payload limit allows.

    Returns:
        The number of requests made.
    """
    made, size = 0, 0
    batch: list[Mapping[str, Any]] = []
    for item in data:
        cost = len(json.dumps(item, ensure_ascii=False).encode())
        if batch and size + cost > max_payload_bytes:
            connection.http.values_batch_update(key, body={"valueInputOption": input_option, "data": batch})
            made += 1
            batch, size = [], 0
        batch.append(item)
        size += cost
    if batch:
        connection.http.values_batch_update(key, body={"valueInputOption": input_option, "data": batch})
        made += 1
    return made


def write_tabs(
    connection: GoogleConnection,
    key_or_url: str,
    tabs: Mapping[str, Sequence[Sequence[Any]]],
    *,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
) -> WriteSummary:
    """Replace the values of ``tabs`` (tab name -> rows, header first) in a Google spreadsheet.

    Missing tabs are added, too-small grids grown (never shrunk), old values cleared; other tabs
    are left alone. Dates become date serials formatted yyyy-mm-dd.

    Raises:
        WriteRefusedError: the spreadsheet is not shared with the account (403), or the data
            would exceed Google's 10 million cell limit.
        UnreadableFileError: wrong key (404).
        GoogleBusyError: Google stayed unavailable through every retry.
    """
    key = spreadsheet_key(key_or_url)
    http = connection.http
    converted = {tab: [[to_cell(v) for v in row] for row in rows] for tab, rows in tabs.items()}
    requests_made = 0
    with google_errors(key, connection.account_email, writing=True):
        meta = http.fetch_sheet_metadata(key, params={"fields": "sheets.properties"})
        requests_made += 1
        existing = {s["properties"]["title"]: s["properties"] for s in meta.get("sheets", [])}
        kept_cells = sum(p["gridProperties"]["rowCount"] * p["gridProperties"]["columnCount"]
                         for t, p in existing.items() if t not in tabs)
        new_cells = sum(max(len(r), 1) * max((len(x) for x in r), default=1) for r in converted.values())
        if kept_cells + new_cells > CELL_LIMIT:
            raise WriteRefusedError(
                f"the data needs {kept_cells + new_cells:,} cells; a Google spreadsheet holds {CELL_LIMIT:,}",
                f"数据需要 {kept_cells + new_cells:,} 个单元格，超过 Google 每个表格 {CELL_LIMIT:,} 个的上限",
                location=spreadsheet_url(key))
        next_id = max([p["sheetId"] for p in existing.values()] + [0]) + 1
        structure = _structure_requests(meta, tabs, next_id)
        if structure:
            http.batch_update(key, {"requests": structure})
            requests_made += 1
        present = [t for t in tabs if t in existing]
        if present:
            http.values_batch_clear(key, body={"ranges": [quote_title(t) for t in present]})
            requests_made += 1
        data = [c for tab, rows in converted.items() for c in chunk_rows(tab, rows, max_payload_bytes)]
        requests_made += send_value_ranges(connection, key, data, "RAW", max_payload_bytes)
    return WriteSummary(key, tuple(tabs), sum(len(r) for r in converted.values()),
                        sum(len(row) for r in converted.values() for row in r), requests_made)


def frame_rows(frame: pd.DataFrame, spec: SheetSpec, lang: str) -> list[list[Any]]:
    """Header (labels in ``lang``) and rows of a frame with canonical column keys, for ``write_tabs``.

    Registry columns come first in template order, then any other columns; ``_row`` is dropped.

    >>> from salessheet.schema import sheet
    >>> frame_rows(pd.DataFrame({"risk_id": ["R-1"], "extra": [1], "_row": [2]}), sheet("risks"), "zh")[0][:2]
    ['风险编号', 'extra']
    """
    known = [c for c in spec.columns if c.key in frame.columns]
    others = [c for c in frame.columns if c not in {k.key for k in known} and c != ROW_COLUMN]
    header: list[Any] = [c.label(lang) for c in known] + [str(c) for c in others]
    keys = [c.key for c in known] + others
    body = frame[keys].astype(object).where(frame[keys].notna(), None).values.tolist()
    return [header, *body]


def column_range(tab: str, col: int, first_row: int, last_row: int) -> str:
    """A1 range of one column (1-based) of ``tab``.

    >>> column_range("Pipeline", 3, 2, 10)
    "'Pipeline'!C2:C10"
    """
    letter = column_letter(col)
    return f"{quote_title(tab)}!{letter}{first_row}:{letter}{last_row}"
