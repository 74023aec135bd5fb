"""GoogleConnection: an authenticated gspread client with retries, and who it acts as."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import gspread
import requests

from salessheet.io.google.auth import load_service_account
from salessheet.io.google.retry import RetryingHTTPClient, RetryPolicy

__all__ = ["GoogleConnection", "connect"]


@dataclass
class GoogleConnection:
    """A gspread client plus the identity it acts as.

    Attributes:
        client: gspread client whose ``http_client`` is a ``RetryingHTTPClient``.
        account_email: e-mail of the service account (reps share their sheets with it);
            None with OAuth, where the user's own account is used.
    """

    client: gspread.Client
    account_email: str | None

    @property
    def http(self) -> RetryingHTTPClient:
        """The HTTP client every request goes through."""
        return cast(RetryingHTTPClient, self.client.http_client)

    def __repr__(self) -> str:  # never show the session (it holds the token)
        return f"GoogleConnection(account_email={self.account_email!r})"


def connect(
    credentials: str | Path | None = None,
    *,
    oauth: bool = False,
    session: requests.Session | None = None,
    account_email: str | None = None,
    retry: RetryPolicy | None = None,
    oauth_client_file: str | Path | None = None,
    oauth_token_file: str | Path | None = None,
) -> GoogleConnection:
    """Open a connection to Google Sheets.

    Args:
        credentials: service-account JSON file; default ``$GOOGLE_APPLICATION_CREDENTIALS``.
        oauth: use gspread's OAuth flow (a browser login, token cached in
            ``oauth_token_file``) instead of a service account.
        session: an already authorised ``requests.Session`` to use as is (a proxy, or the
            test emulator); no credentials are loaded then.
        account_email: the identity to name in "share with" messages when ``session`` is given.
        retry: retry policy for 429/5xx answers.
        oauth_client_file / oauth_token_file: OAuth client secret and cached token files
            (gspread's defaults under ~/.config/gspread when None).

    Raises:
        ConfigError: missing or unusable credentials.
    """
    email = account_email
    if session is not None:
        client = gspread.Client(cast(Any, None), session=session, http_client=RetryingHTTPClient)
    elif oauth:
        kwargs: dict[str, Any] = {}
        if oauth_client_file:
            kwargs["credentials_filename"] = oauth_client_file
        if oauth_token_file:
            kwargs["authorized_user_filename"] = oauth_token_file
        client = gspread.oauth(http_client=RetryingHTTPClient, **kwargs)
    else:
        creds, email = load_service_account(credentials)
        client = gspread.Client(creds, http_client=RetryingHTTPClient)
    connection = GoogleConnection(client, email)
    if retry is not None:
        connection.http.policy = retry
    return connection
