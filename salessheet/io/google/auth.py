"""Credentials: a service-account JSON file (a path or $GOOGLE_APPLICATION_CREDENTIALS) or OAuth.

Nothing here prints or logs a key or a token; messages name the file and the account e-mail only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from salessheet.errors import ConfigError

__all__ = ["CREDENTIALS_ENV", "SCOPES", "credentials_path", "load_service_account", "service_account_email"]

CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive",
)


def credentials_path(path: str | Path | None = None) -> Path:
    """The service-account file: ``path`` if given, else ``$GOOGLE_APPLICATION_CREDENTIALS``.

    Raises:
        ConfigError: neither is set, or the file does not exist.
    """
    chosen = path or os.environ.get(CREDENTIALS_ENV)
    if not chosen:
        raise ConfigError(
            f"no Google credentials: set {CREDENTIALS_ENV} to your service-account JSON file "
            "or pass its path",
            f"未提供 Google 凭据：请将 {CREDENTIALS_ENV} 设为服务账号 JSON 文件路径，或直接传入该路径",
        )
    file = Path(chosen).expanduser()
    if not file.is_file():
        raise ConfigError(f"Google credentials file not found: {file}", f"找不到 Google 凭据文件：{file}")
    return file


def _info(file: Path) -> dict[str, Any]:
    try:
        info = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        info = None
    if not isinstance(info, dict) or info.get("type") != "service_account" or "client_email" not in info:
        # The content is never echoed: it may hold a private key.
        raise ConfigError(
            f"{file} is not a Google service-account key file (JSON with type service_account)",
            f"{file} 不是 Google 服务账号密钥文件（type 为 service_account 的 JSON）",
        )
    return info


def service_account_email(path: str | Path | None = None) -> str:
    """The ``client_email`` of the service account: the address reps share their sheets with."""
    return str(_info(credentials_path(path))["client_email"])


def load_service_account(path: str | Path | None = None) -> tuple[Any, str]:
    """(google-auth credentials, account e-mail) from the service-account file.

    Raises:
        ConfigError: no file, not a service-account key, or a key google-auth rejects.
    """
    from google.oauth2.service_account import Credentials

    file = credentials_path(path)
    info = _info(file)
    try:
        creds = Credentials.from_service_account_info(info, scopes=list(SCOPES))  # type: ignore[no-untyped-call]
    except (ValueError, KeyError) as exc:
        raise ConfigError(
            f"{file}: the service-account key cannot be used ({type(exc).__name__})",
            f"{file}：服务账号密钥无法使用（{type(exc).__name__}）",
        ) from None
    return creds, str(info["client_email"])
