"""Google options shared by commands: how the CLI opens its Google Sheets connection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from salessheet.io.google import GoogleConnection

__all__ = ["CredentialsOption", "OAuthOption", "open_google"]

CredentialsOption = Annotated[
    Path | None,
    typer.Option("--credentials", help="Service-account JSON (default: $GOOGLE_APPLICATION_CREDENTIALS)."),
]
OAuthOption = Annotated[
    bool, typer.Option("--oauth", help="Sign in as yourself in a browser instead of a service account.")
]


def open_google(credentials: Path | None, oauth: bool) -> GoogleConnection:
    """The connection every Google-facing command uses (the one place to inject another)."""
    from salessheet.io.google import connect

    return connect(credentials, oauth=oauth)
