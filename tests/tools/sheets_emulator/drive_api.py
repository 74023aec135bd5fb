"""Drive v3 ``files`` and ``permissions``: what clients use to create, copy, share and delete spreadsheets."""

from __future__ import annotations

import copy
import re
from typing import Any

from tests.tools.sheets_emulator.errors import ApiError, bad_request, drive_not_found
from tests.tools.sheets_emulator.fieldmask import apply_mask, parse_mask
from tests.tools.sheets_emulator.model import Spreadsheet

__all__ = ["SPREADSHEET_MIME", "file_json", "list_files", "new_permission"]

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
_ROLES = ("owner", "organizer", "fileOrganizer", "writer", "commenter", "reader")
_TYPES = ("user", "group", "domain", "anyone")


def _time(book: Spreadsheet, which: str) -> str:
    stamp = book.created if which == "created" else book.modified
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def file_json(book: Spreadsheet, fields: str | None) -> dict[str, Any]:
    """A Drive file resource; without ``fields`` only kind, id, name and mimeType (Drive v3's default)."""
    full = {
        "kind": "drive#file",
        "id": book.spreadsheet_id,
        "name": book.title,
        "mimeType": SPREADSHEET_MIME,
        "createdTime": _time(book, "created"),
        "modifiedTime": _time(book, "modified"),
        "owners": [{"kind": "drive#user", "emailAddress": book.owner, "me": False}],
        "webViewLink": f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit?usp=drivesdk",
        "permissions": copy.deepcopy(book.permissions),
    }
    if not fields:
        return {k: full[k] for k in ("kind", "id", "name", "mimeType")}
    return dict(apply_mask(full, parse_mask(fields)))


def list_files(books: list[Spreadsheet], params: dict[str, str]) -> dict[str, Any]:
    """files.list, honouring ``name = '...'`` and the spreadsheet mimeType in ``q``."""
    query = params.get("q", "")
    wanted = re.search(r"name\s*=\s*'((?:[^'\\]|\\.)*)'", query)
    found = [b for b in books if wanted is None or b.title == wanted.group(1).replace("\\'", "'")]
    body = {
        "kind": "drive#fileList",
        "incompleteSearch": False,
        "files": [file_json(b, "kind,id,name,mimeType,createdTime,modifiedTime") for b in found],
    }
    fields = params.get("fields")
    if fields:
        mask = parse_mask(fields)
        body = {k: v for k, v in body.items() if k in mask}
        if mask.get("files"):
            body["files"] = apply_mask(body["files"], mask["files"])
    return body


def new_permission(book: Spreadsheet, body: dict[str, Any], permission_id: str) -> dict[str, Any]:
    """Validate and add a permission (files.permissions.create); returns the resource."""
    kind, role = body.get("type"), body.get("role")
    if kind not in _TYPES:
        raise ApiError(
            400,
            {
                "error": {
                    "code": 400,
                    "message": "The permission type field is required.",
                    "errors": [
                        {
                            "message": "The permission type field is required.",
                            "domain": "global",
                            "reason": "required",
                            "location": "permission.type",
                            "locationType": "other",
                        }
                    ],
                }
            },
        )
    if role not in _ROLES:
        raise ApiError(
            400,
            {
                "error": {
                    "code": 400,
                    "message": "The permission role field is required.",
                    "errors": [
                        {
                            "message": "The permission role field is required.",
                            "domain": "global",
                            "reason": "required",
                            "location": "permission.role",
                            "locationType": "other",
                        }
                    ],
                }
            },
        )
    if kind in ("user", "group") and not body.get("emailAddress"):
        raise bad_request("The permission emailAddress field is required.")
    permission = {"kind": "drive#permission", "id": permission_id, "type": kind, "role": role}
    if body.get("emailAddress"):
        permission["emailAddress"] = body["emailAddress"]
    if body.get("domain"):
        permission["domain"] = body["domain"]
    book.permissions.append(permission)
    return {k: permission[k] for k in ("kind", "id", "type", "role")}


def require(book: Spreadsheet | None, file_id: str, caller: str) -> Spreadsheet:
    """The file, or Drive's 404 (Drive hides files the caller cannot see)."""
    if book is None or not book.can_access(caller):
        raise drive_not_found(file_id)
    return book
