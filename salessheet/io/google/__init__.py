"""Google Sheets adapter: the only package importing gspread.

Modules: ``connection`` (connect: service account, OAuth or an injected session), ``auth``
(credentials), ``retry`` (backoff for 429/5xx), ``errors`` (403/404/429 as bilingual errors),
``keys`` (key from URL), ``reader`` (two-call reads into WorkbookData), ``writer`` (batched,
size-bounded writes of master tabs), ``values`` (Python values for RAW input), ``template_plan``
(the requests building a rep spreadsheet from the registry, pure), ``template`` (sending them)
and ``sharing`` (Drive permissions).
"""

from __future__ import annotations

from salessheet.lazy import lazy_exports

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "GoogleBusyError",
    "GoogleConnection",
    "GoogleSheetSource",
    "GoogleTabs",
    "RepSpreadsheet",
    "RetryPolicy",
    "RetryingHTTPClient",
    "WriteSummary",
    "connect",
    "create_rep_spreadsheet",
    "frame_rows",
    "is_google_source",
    "read_google_tabs",
    "read_google_workbook",
    "service_account_email",
    "share_with",
    "spreadsheet_key",
    "spreadsheet_revision",
    "spreadsheet_url",
    "write_tabs",
]

_LAZY = {
    "GoogleBusyError": "salessheet.io.google.errors",
    "GoogleConnection": "salessheet.io.google.connection",
    "GoogleSheetSource": "salessheet.io.google.reader",
    "GoogleTabs": "salessheet.io.google.reader",
    "MAX_PAYLOAD_BYTES": "salessheet.io.google.writer",
    "RepSpreadsheet": "salessheet.io.google.template",
    "RetryPolicy": "salessheet.io.google.retry",
    "RetryingHTTPClient": "salessheet.io.google.retry",
    "WriteSummary": "salessheet.io.google.writer",
    "connect": "salessheet.io.google.connection",
    "create_rep_spreadsheet": "salessheet.io.google.template",
    "frame_rows": "salessheet.io.google.writer",
    "is_google_source": "salessheet.io.google.keys",
    "read_google_tabs": "salessheet.io.google.reader",
    "read_google_workbook": "salessheet.io.google.reader",
    "service_account_email": "salessheet.io.google.auth",
    "share_with": "salessheet.io.google.sharing",
    "spreadsheet_key": "salessheet.io.google.keys",
    "spreadsheet_revision": "salessheet.io.google.reader",
    "spreadsheet_url": "salessheet.io.google.keys",
    "write_tabs": "salessheet.io.google.writer",
}
"""Each name is imported on first use: ``keys`` (what a team's sources are checked with) stays
free of gspread and its HTTP stack, which take 0.6 s to import here."""

__getattr__ = lazy_exports(__name__, _LAZY)
