"""Spreadsheet keys from what users paste: a bare key or any Google Sheets URL. Pure."""

from __future__ import annotations

import re

from salessheet.errors import ConfigError

__all__ = ["is_google_source", "spreadsheet_key", "spreadsheet_url"]

_URL_KEY = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)|[?&]key=([a-zA-Z0-9_-]+)")
_BARE_KEY = re.compile(r"^[a-zA-Z0-9_-]{20,}$")


def spreadsheet_key(key_or_url: str) -> str:
    """The spreadsheet key of ``key_or_url``.

    Raises:
        ConfigError: neither a key nor a Google Sheets URL.

    >>> spreadsheet_key("https://docs.google.com/spreadsheets/d/1AbC_dEf-123456789012345/edit#gid=0")
    '1AbC_dEf-123456789012345'
    >>> spreadsheet_key(" gsheet:1AbC_dEf-123456789012345 ")
    '1AbC_dEf-123456789012345'
    """
    text = key_or_url.strip().removeprefix("gsheet:")
    match = _URL_KEY.search(text)
    if match:
        return match.group(1) or match.group(2)
    if _BARE_KEY.match(text):
        return text
    raise ConfigError(
        f"{text!r} is not a Google Sheets key or URL (copy the address from the browser)",
        f"{text!r} 不是 Google 表格的 key 或链接（请从浏览器地址栏复制）",
    )


def is_google_source(text: str) -> bool:
    """True for a Google Sheets URL or a "gsheet:<key>" source; False for file paths.

    Bare keys are not guessed (a file could have such a name): write them as ``gsheet:<key>``.

    >>> [is_google_source(s) for s in ("https://docs.google.com/spreadsheets/d/1Ab/edit",
    ...                                 "gsheet:1AbC_dEf-123456789012345", "reps/alice.xlsx")]
    [True, True, False]
    """
    text = text.strip()
    return text.startswith("gsheet:") or bool(re.match(r"https?://docs\.google\.com/spreadsheets/", text))


def spreadsheet_url(key: str) -> str:
    """The browser URL of spreadsheet ``key``.

    >>> spreadsheet_url("1AbC")
    'https://docs.google.com/spreadsheets/d/1AbC/edit'
    """
    return f"https://docs.google.com/spreadsheets/d/{key}/edit"
