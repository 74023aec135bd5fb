"""A local Google Sheets API v4 + Drive API v3 for tests, held to gspread's recorded cassettes.

Start it in-process (it listens on 127.0.0.1 on a free port, in a background thread) and point
real gspread at :attr:`SheetsEmulator.base_url`::

    with SheetsEmulator(quota_per_minute=60) as emulator:
        session = emulator.session("me@example.com")   # a RedirectingSession
        ...

Modules: ``server`` (HTTP, routing, quota, access, call log), ``model`` (spreadsheets, sheets,
cells), ``values_api`` and ``batch_update`` (the API methods), ``drive_api``, ``cells``
(USER_ENTERED parsing and value formatting), ``formulas`` (a small evaluator), ``ranges`` (A1),
``fieldmask`` (partial responses), ``errors`` (Google's error bodies), ``defaults``.
"""

from tests.tools.sheets_emulator.server import DEFAULT_ACCOUNT, RequestRecord, SheetsEmulator
from tests.tools.sheets_emulator.session import RedirectingSession

__all__ = ["DEFAULT_ACCOUNT", "RedirectingSession", "RequestRecord", "SheetsEmulator"]
