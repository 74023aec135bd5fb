"""Rep workbooks kept as Google Sheets, behind the same Source protocol as files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from salessheet.schema import DATA_SHEETS, WorkbookConfig, choice_labels
from salessheet.workbook import WorkbookData

if TYPE_CHECKING:
    from salessheet.io.google.connection import GoogleConnection

__all__ = ["GoogleSource", "connection_for", "push_master", "set_connection_factory"]

ConnectionFactory = Callable[[str | None], "GoogleConnection"]


def _connect(credentials: str | None) -> GoogleConnection:
    from salessheet.io.google.connection import connect

    return connect(credentials)


_factory: ConnectionFactory = _connect
_connections: dict[str | None, GoogleConnection] = {}


def set_connection_factory(factory: ConnectionFactory | None) -> None:
    """Make Google sources connect through ``factory`` (a proxy, another account, the test
    emulator); None restores the default (service account from the credentials file)."""
    global _factory
    _factory = factory or _connect
    _connections.clear()


def connection_for(credentials: str | None) -> GoogleConnection:
    """One connection per credentials file and process, made on first use."""
    if credentials not in _connections:
        _connections[credentials] = _factory(credentials)
    return _connections[credentials]


@dataclass(frozen=True)
class GoogleSource:
    """A rep's Google spreadsheet, given as a URL or ``gsheet:<key>``.

    ``fingerprint`` costs one Drive call (the file's modified time), so an unchanged
    spreadsheet is taken from the cache without reading its cells; ``read`` is two calls.
    """

    location: str
    rep_id: str | None = None
    credentials: str | None = None

    @property
    def key(self) -> str:
        """The spreadsheet key."""
        from salessheet.io.google.keys import spreadsheet_key

        text = self.location.strip()
        return spreadsheet_key(text[len("gsheet:"):] if text.startswith("gsheet:") else text)

    @property
    def id(self) -> str:
        """``gsheet:<key>``: stable whatever form the roster used."""
        return f"gsheet:{self.key}"

    def fingerprint(self) -> str:
        """Hash of the key and Drive's modified time."""
        from salessheet.io.google.reader import spreadsheet_revision

        revision = spreadsheet_revision(connection_for(self.credentials), self.key)
        return hashlib.sha256(f"{self.key}:{revision}".encode()).hexdigest()

    def read(self) -> WorkbookData:
        """Read the spreadsheet's template tabs (two API calls)."""
        from salessheet.io.google.reader import read_google_workbook

        data = read_google_workbook(connection_for(self.credentials), self.key)
        data.path = self.id
        return data


def push_master(connection: GoogleConnection, key_or_url: str, tables: dict[str, pd.DataFrame], *,
                lang: str = "en", config: WorkbookConfig | None = None) -> int:
    """Write the consolidated data tabs (Targets, Pipeline, Tasks, Risks) to a Google master.

    Choice values are written as labels of ``lang``, as in the .xlsx master; returns the
    number of API requests made.
    """
    from salessheet.io.google.writer import frame_rows, write_tabs

    config = config or WorkbookConfig()
    tabs = {}
    for spec in DATA_SHEETS:
        frame = tables.get(spec.key, pd.DataFrame()).copy()
        for column in spec.columns:
            if column.choices and column.choices != "owners" and column.key in frame.columns:
                labels = dict(choice_labels(column.choices, config, lang))
                frame[column.key] = frame[column.key].map(lambda v, m=labels: m.get(v, v))
        tabs[spec.name(lang)] = frame_rows(frame, spec, lang)
    return write_tabs(connection, key_or_url, tabs).requests
