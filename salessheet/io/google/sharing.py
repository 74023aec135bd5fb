"""Sharing a spreadsheet through Drive permissions: the rep gets edit rights, nobody else."""

from __future__ import annotations

from salessheet.io.google.connection import GoogleConnection
from salessheet.io.google.errors import google_errors

__all__ = ["share_with"]

_MESSAGES = {
    "en": "Your salessheet workbook: fill in Targets, Pipeline, Tasks and Risks here.",
    "zh": "这是您的 salessheet 工作簿：请在此填写目标、商机、任务和风险。",
}


def share_with(
    connection: GoogleConnection,
    key: str,
    email: str,
    *,
    role: str = "writer",
    notify: bool = True,
    lang: str = "en",
) -> str:
    """Give ``email`` (a user) ``role`` on spreadsheet ``key``; returns the permission id.

    Only a user permission is created: no "anyone with the link" and no domain sharing.

    Raises:
        WriteRefusedError: the connection's account may not share the file (403).
        UnreadableFileError: no such file (404).
    """
    with google_errors(key, connection.account_email, writing=True):
        response = connection.client.insert_permission(
            key, email, perm_type="user", role=role, notify=notify,
            email_message=_MESSAGES["zh" if lang == "zh" else "en"] if notify else None,
        )
    return str(response.json().get("id", ""))
