"""Google API failures as bilingual errors: not shared (403), wrong key (404), busy (429/5xx)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from gspread.exceptions import APIError, SpreadsheetNotFound

from salessheet.errors import ExitCode, SalessheetError, UnreadableFileError, WriteRefusedError
from salessheet.io.google.keys import spreadsheet_url

__all__ = ["GoogleBusyError", "google_errors"]


class GoogleBusyError(SalessheetError):
    """Google kept answering "too many requests" or a server error after every retry."""

    exit_code = ExitCode.UNREADABLE_INPUT
    transient = True


def _status(exc: BaseException) -> int | None:
    if isinstance(exc, APIError):
        return int(exc.response.status_code)
    if isinstance(exc, SpreadsheetNotFound):
        return 404
    if isinstance(exc, PermissionError) and isinstance(exc.__cause__, APIError):
        return 403
    return None


def _not_shared(key: str, account: str | None, writing: bool) -> SalessheetError:
    who = account or "the account you signed in with"
    who_zh = account or "您登录所用的账号"
    cls = WriteRefusedError if writing else UnreadableFileError
    error = cls(
        f"the Google spreadsheet is not shared with {who}: open it, click Share and add {who} as Editor",
        f"该 Google 表格未共享给 {who_zh}：请打开表格，点击“共享”，将 {who_zh} 添加为编辑者",
        location=spreadsheet_url(key),
    )
    error.transient = False
    return error


@contextmanager
def google_errors(key: str, account: str | None, *, writing: bool = False) -> Iterator[None]:
    """Turn gspread/requests failures inside the block into SalessheetErrors about ``key``.

    Raises:
        UnreadableFileError: 404 (no such spreadsheet) or 403 when reading.
        WriteRefusedError: 403 when writing.
        GoogleBusyError: 429/5xx after all retries, or the network failing.
    """
    try:
        yield
    except (APIError, SpreadsheetNotFound, PermissionError) as exc:
        status = _status(exc)
        if status is None:
            raise
        if status == 404:
            raise UnreadableFileError(
                f"no Google spreadsheet with key {key}: check the key or copy the URL from the browser",
                f"找不到 key 为 {key} 的 Google 表格：请检查 key，或从浏览器地址栏复制链接",
                location=spreadsheet_url(key),
            ) from None
        if status == 403:
            raise _not_shared(key, account, writing) from None
        if status == 429 or status >= 500:
            raise GoogleBusyError(
                f"Google Sheets is busy (HTTP {status}) and refused every retry; try again in a minute",
                f"Google 表格服务繁忙（HTTP {status}），多次重试后仍失败；请一分钟后再试",
                location=spreadsheet_url(key),
            ) from None
        message = str(exc.error.get("message", "")) if isinstance(exc, APIError) else str(exc)
        raise UnreadableFileError(
            f"Google Sheets refused the request (HTTP {status}): {message}",
            f"Google 表格拒绝了请求（HTTP {status}）：{message}",
            location=spreadsheet_url(key),
        ) from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise GoogleBusyError(
            f"cannot reach Google Sheets ({type(exc).__name__}); check the network and try again",
            f"无法连接 Google 表格（{type(exc).__name__}）；请检查网络后重试",
            location=spreadsheet_url(key),
        ) from None
