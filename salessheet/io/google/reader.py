"""Reading a rep's Google spreadsheet: one metadata call and one ``values:batchGet`` for every template tab.

``GoogleSheetSource`` implements the reader's ``SheetSource``, so the same code that reads .xlsx
files (``salessheet.read.read_source``) types, checks and reports Google rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salessheet.io.google.connection import GoogleConnection
from salessheet.io.google.errors import google_errors
from salessheet.io.google.keys import spreadsheet_key
from salessheet.read import RawSheet, find_sheet, read_source
from salessheet.schema import SHEETS, WorkbookConfig
from salessheet.workbook import ROW_COLUMN, SheetRows, WorkbookData

__all__ = [
    "ERROR_VALUES",
    "GoogleSheetSource",
    "read_google_tabs",
    "read_google_workbook",
    "spreadsheet_revision",
    "template_tabs",
]

ERROR_VALUES = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!"})
"""Formula error texts Google returns in place of a value."""

CONFIG_TAB_NAMES = ("config", "配置", "设置", "settings")
"""Names the reader accepts for the Config tab (kept equal to ``salessheet.read``'s by a test)."""

_METADATA_FIELDS = "properties.title,sheets.properties(sheetId,title,index,gridProperties),sheets.merges"
_VALUE_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                 "majorDimension": "ROWS"}


def quote_title(title: str) -> str:
    """A tab title as an A1 range of the whole sheet.

    >>> quote_title("Pipeline"), quote_title("Tom's 商机")
    ("'Pipeline'", "'Tom''s 商机'")
    """
    return "'" + title.replace("'", "''") + "'"


def template_tabs(names: Iterable[str]) -> list[str]:
    """The tabs among ``names`` that the reader uses (registry sheets in either language, Config)."""
    names = list(names)
    wanted = [find_sheet(names, (s.name_en, s.name_zh, s.table_name, s.key)) for s in SHEETS]
    wanted.append(find_sheet(names, CONFIG_TAB_NAMES))
    return [n for n in names if n in wanted]


@dataclass
class GoogleTabs:
    """Raw values of a spreadsheet's template tabs.

    Attributes:
        key: spreadsheet key.
        title: spreadsheet title.
        sheet_names: every tab, in order.
        rows: tab -> row-major values from A1 (UNFORMATTED_VALUE; dates as serial numbers).
        merges: tab -> merged ranges (first_row, first_col, last_row, last_col), 1-based inclusive.
    """

    key: str
    title: str
    sheet_names: list[str]
    rows: dict[str, list[list[Any]]] = field(default_factory=dict)
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)


def read_google_tabs(
    connection: GoogleConnection, key_or_url: str, tabs: Sequence[str] | None = None
) -> GoogleTabs:
    """Raw rows of the template tabs (or of ``tabs``) in at most two API calls.

    Raises:
        UnreadableFileError: wrong key (404) or not shared with the connection's account (403).
        GoogleBusyError: quota or server errors persisted through every retry.
    """
    key = spreadsheet_key(key_or_url)
    http = connection.http
    with google_errors(key, connection.account_email):
        meta = http.fetch_sheet_metadata(key, params={"fields": _METADATA_FIELDS})
        sheets = meta.get("sheets", [])
        names = [s["properties"]["title"] for s in sheets]
        wanted = template_tabs(names) if tabs is None else [t for t in tabs if t in names]
        result = GoogleTabs(key, meta.get("properties", {}).get("title", key), names)
        for entry in sheets:
            title = entry["properties"]["title"]
            result.merges[title] = [
                (m.get("startRowIndex", 0) + 1, m.get("startColumnIndex", 0) + 1,
                 m["endRowIndex"], m["endColumnIndex"])
                for m in entry.get("merges", [])
            ]
        if wanted:
            answer = http.values_batch_get(key, [quote_title(t) for t in wanted], params=dict(_VALUE_PARAMS))
            for title, value_range in zip(wanted, answer.get("valueRanges", []), strict=True):
                result.rows[title] = value_range.get("values", [])
    return result


class GoogleSheetSource:
    """A fetched Google spreadsheet as the reader's ``SheetSource``."""

    def __init__(self, tabs: GoogleTabs):
        self.tabs = tabs
        self.path = tabs.key

    @property
    def sheet_names(self) -> list[str]:
        """Tab names in order."""
        return self.tabs.sheet_names

    @property
    def properties(self) -> dict[str, str]:
        """Google has no custom document properties; the stamp lives on the Config tab."""
        return {}

    def sheet(self, name: str) -> RawSheet:
        """Values of tab ``name`` with formula errors located."""
        rows = self.tabs.rows.get(name, [])
        errors = {
            (r, c): value
            for r, row in enumerate(rows, start=1)
            for c, value in enumerate(row, start=1)
            if isinstance(value, str) and value in ERROR_VALUES
        }
        return RawSheet(name=name, rows=rows, merged=self.tabs.merges.get(name, []), errors=errors)


def read_google_workbook(
    connection: GoogleConnection,
    key_or_url: str,
    *,
    config_override: WorkbookConfig | None = None,
    roster: Iterable[str] | None = None,
) -> WorkbookData:
    """Read a rep's Google spreadsheet into WorkbookData, exactly as an .xlsx rep workbook is read.

    Args:
        connection: from ``connect``.
        key_or_url: spreadsheet key or URL.
        config_override: team settings instead of the spreadsheet's Config tab.
        roster: the team's rep ids, for owner checks.

    Raises:
        UnreadableFileError: wrong key, not shared, or not a salessheet spreadsheet.
        GoogleBusyError: Google stayed unavailable through every retry.
    """
    data = read_source(GoogleSheetSource(read_google_tabs(connection, key_or_url)),
                       config_override=config_override)
    if roster is not None:
        ids = list(roster)
        frame = pd.DataFrame({"rep_id": pd.Series(ids, dtype=object),
                              ROW_COLUMN: pd.Series([0] * len(ids), dtype="int64")})
        existing = data.sheets.get("roster")
        data.sheets["roster"] = SheetRows("roster", existing.sheet_name if existing else None, frame)
    return data


def spreadsheet_revision(connection: GoogleConnection, key_or_url: str) -> str:
    """Drive's ``modifiedTime`` of the spreadsheet: one cheap call to skip re-reading unchanged reps.

    Raises:
        UnreadableFileError: wrong key or not shared with the connection's account.
    """
    key = spreadsheet_key(key_or_url)
    with google_errors(key, connection.account_email):
        info = connection.client.get_file_drive_metadata(key)
    return str(info.get("modifiedTime", ""))
