"""A ``requests.Session`` that sends Google API calls to the emulator: what tests inject into gspread."""

from __future__ import annotations

import re
from typing import Any

import requests

__all__ = ["RedirectingSession"]

_GOOGLE_HOSTS = re.compile(r"^https://(sheets|www)\.googleapis\.com")


class RedirectingSession(requests.Session):
    """Rewrites https://sheets.googleapis.com and https://www.googleapis.com to ``base_url``.

    Args:
        base_url: the emulator's "http://127.0.0.1:<port>".
        token: bearer token sent with every request (the emulator maps it to an account).
    """

    def __init__(self, base_url: str, token: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        text = url.decode() if isinstance(url, bytes) else url
        return super().request(method, _GOOGLE_HOSTS.sub(self.base_url, text), *args, **kwargs)
