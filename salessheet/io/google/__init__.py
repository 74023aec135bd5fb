"""Google Sheets adapter: the only package importing gspread.

Modules: ``connection`` (connect: service account, OAuth or an injected session), ``auth``
(credentials), ``retry`` (backoff for 429/5xx), ``errors`` (403/404/429 as bilingual errors),
``keys`` (key from URL), ``reader`` (two-call reads into WorkbookData), ``writer`` (batched,
size-bounded writes of master tabs), ``values`` (Python values for RAW input), ``template_plan``
(the requests building a rep spreadsheet from the registry, pure), ``template`` (sending them)
and ``sharing`` (Drive permissions).
"""

from salessheet.io.google.auth import service_account_email
from salessheet.io.google.connection import GoogleConnection, connect
from salessheet.io.google.errors import GoogleBusyError
from salessheet.io.google.keys import is_google_source, spreadsheet_key, spreadsheet_url
from salessheet.io.google.reader import (
    GoogleSheetSource,
    GoogleTabs,
    read_google_tabs,
    read_google_workbook,
    spreadsheet_revision,
)
from salessheet.io.google.retry import RetryingHTTPClient, RetryPolicy
from salessheet.io.google.sharing import share_with
from salessheet.io.google.template import RepSpreadsheet, create_rep_spreadsheet
from salessheet.io.google.writer import MAX_PAYLOAD_BYTES, WriteSummary, frame_rows, write_tabs

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
