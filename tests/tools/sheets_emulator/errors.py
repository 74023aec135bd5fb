"""Google API error bodies, in the exact shapes the Sheets v4 and Drive v3 APIs answer with."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["ApiError", "bad_request", "drive_not_found", "not_found", "permission_denied", "quota_exceeded"]

_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """An HTTP error answer: status code, JSON body and extra headers."""

    def __init__(self, code: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        super().__init__(json.dumps(body))
        self.code = code
        self.body = body
        self.headers = headers or {}


def _error(code: int, message: str, **extra: Any) -> ApiError:
    return ApiError(code, {"error": {"code": code, "message": message, "status": _STATUS[code], **extra}})


def not_found() -> ApiError:
    """Sheets API 404 for an unknown spreadsheet."""
    return _error(404, "Requested entity was not found.")


def permission_denied() -> ApiError:
    """Sheets API 403 when the caller has no access to the spreadsheet."""
    return _error(403, "The caller does not have permission")


def unauthenticated() -> ApiError:
    """401 when no bearer token is sent."""
    return _error(
        401,
        "Request is missing required authentication credential. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
    )


def bad_request(message: str, field: str | None = None) -> ApiError:
    """400 INVALID_ARGUMENT; with ``field``, the BadRequest details Google adds for payload errors."""
    if field is None:
        return _error(400, message)
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": field, "description": message}],
        }
    ]
    return _error(400, message, details=details)


def quota_exceeded(metric: str, retry_after: int | None, limit: int = 60) -> ApiError:
    """429 RESOURCE_EXHAUSTED as the Sheets API answers when the per-minute quota is used up."""
    message = (
        f"Quota exceeded for quota metric '{metric} requests' and limit '{metric} requests per "
        f"minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:0'."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "sheets.googleapis.com",
                "consumer": "projects/0",
                "quota_metric": f"sheets.googleapis.com/{metric.lower()}_requests",
                "quota_limit": f"{metric}RequestsPerMinutePerUser",
                "quota_limit_value": str(limit),
                "quota_location": "global",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    error = _error(429, message, details=details)
    if retry_after is not None:
        error.headers["Retry-After"] = str(retry_after)
    return error


def drive_not_found(file_id: str) -> ApiError:
    """Drive v3 404 for an unknown file (Drive adds the legacy ``errors`` list)."""
    message = f"File not found: {file_id}."
    return ApiError(
        404,
        {
            "error": {
                "code": 404,
                "message": message,
                "errors": [
                    {
                        "message": message,
                        "domain": "global",
                        "reason": "notFound",
                        "location": "fileId",
                        "locationType": "parameter",
                    }
                ],
            }
        },
    )
