"""Creating a rep's Google spreadsheet from the template and sharing it with the rep only."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gspread.urls import DRIVE_FILES_API_V3_URL

from salessheet.io.google.connection import GoogleConnection
from salessheet.io.google.errors import google_errors
from salessheet.io.google.keys import spreadsheet_url
from salessheet.io.google.sharing import share_with
from salessheet.io.google.template_plan import plan_rep_spreadsheet
from salessheet.io.google.writer import MAX_PAYLOAD_BYTES, send_value_ranges
from salessheet.schema import WorkbookConfig

__all__ = ["RepSpreadsheet", "create_rep_spreadsheet"]

_SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"


@dataclass(frozen=True)
class RepSpreadsheet:
    """A created rep spreadsheet."""

    key: str
    url: str
    title: str
    shared_with: str | None
    requests: int


def create_rep_spreadsheet(
    connection: GoogleConnection,
    title: str,
    *,
    lang: str = "en",
    owner: str | None = None,
    rep_email: str | None = None,
    config: WorkbookConfig | None = None,
    roster: Sequence[Mapping[str, Any]] = (),
    folder_id: str | None = None,
    prefilled_rows: int = 200,
    notify: bool = True,
) -> RepSpreadsheet:
    """Create a rep spreadsheet in ``lang`` and share it (editor) with ``rep_email`` only.

    The spreadsheet is owned by the connection's account (the service account), which keeps
    edit rights on the protected computed columns; the rep can edit every input column.
    If a step after the creation fails, the half-built file is deleted.

    Args:
        connection: from ``connect``.
        title: spreadsheet title ("Pipeline 2026 - Alice").
        lang: "en" or "zh".
        owner: rep id stamped on the Config tab.
        rep_email: Google account of the rep; None to share later.
        config: team settings for the Config tab.
        roster: Roster rows (``rep_id``, ``name``...); their ids feed the owner dropdowns.
        folder_id: Drive folder to create the file in (shared drives supported).
        prefilled_rows: table rows with formulas, validation and formats.
        notify: send the rep Google's sharing e-mail.

    Raises:
        WriteRefusedError / UnreadableFileError / GoogleBusyError: from the Google API.
    """
    plan = plan_rep_spreadsheet(lang, config=config, roster=roster, owner=owner,
                                prefilled_rows=prefilled_rows)
    http = connection.http
    body: dict[str, Any] = {"name": title, "mimeType": _SPREADSHEET_MIME}
    if folder_id:
        body["parents"] = [folder_id]
    with google_errors(folder_id or "(new spreadsheet)", connection.account_email, writing=True):
        created = http.request("post", DRIVE_FILES_API_V3_URL, json=body, params={"supportsAllDrives": True})
    key = str(created.json()["id"])
    made = 1
    try:
        with google_errors(key, connection.account_email, writing=True):
            http.batch_update(key, {"requests": plan.requests})
            made += 1
            made += send_value_ranges(connection, key, plan.values, "RAW", MAX_PAYLOAD_BYTES)
            made += send_value_ranges(connection, key, plan.formulas, "USER_ENTERED", MAX_PAYLOAD_BYTES)
        if rep_email:
            share_with(connection, key, rep_email, notify=notify, lang=lang)
            made += 1
    except BaseException:
        with contextlib.suppress(Exception):  # the original error matters, not the clean-up's
            http.request("delete", f"{DRIVE_FILES_API_V3_URL}/{key}", params={"supportsAllDrives": True})
        raise
    return RepSpreadsheet(key, spreadsheet_url(key), title, rep_email, made)
