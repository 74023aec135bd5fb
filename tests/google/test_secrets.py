"""Credentials and tokens never reach logs, output or error messages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from salessheet.errors import ConfigError, UnreadableFileError
from salessheet.io.google import read_google_tabs, service_account_email, write_tabs
from salessheet.io.google.auth import CREDENTIALS_ENV, load_service_account
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import SheetsEmulator


def _private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture
def key_file(tmp_path: Path) -> tuple[Path, str]:
    pem = _private_key()
    info = {"type": "service_account", "project_id": "demo", "private_key_id": "abc123def456",
            "private_key": pem, "client_email": "sync@demo.iam.gserviceaccount.com",
            "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path, pem


def _secret_lines(pem: str) -> list[str]:
    return [line for line in pem.splitlines() if line and "PRIVATE KEY" not in line][:3]


def test_service_account_file_is_read_without_echoing_it(key_file, monkeypatch, caplog, capsys) -> None:
    path, pem = key_file
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(CREDENTIALS_ENV, str(path))
    creds, email = load_service_account()
    assert email == service_account_email() == "sync@demo.iam.gserviceaccount.com"
    assert creds.service_account_email == email
    seen = caplog.text + "".join(capsys.readouterr())
    assert all(line not in seen for line in _secret_lines(pem))


def test_a_broken_key_file_is_named_not_shown(tmp_path: Path, key_file) -> None:
    _, pem = key_file
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"private_key": pem, "type": "authorized_user"}), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_service_account(broken)
    text = caught.value.message("en") + caught.value.message("zh") + repr(caught.value.__cause__)
    assert str(broken) in text
    assert all(line not in text for line in _secret_lines(pem))


def test_missing_credentials_explain_the_environment_variable(monkeypatch) -> None:
    monkeypatch.delenv(CREDENTIALS_ENV, raising=False)
    with pytest.raises(ConfigError) as caught:
        load_service_account()
    assert CREDENTIALS_ENV in caught.value.message("en") and CREDENTIALS_ENV in caught.value.message("zh")


def test_bearer_tokens_stay_out_of_logs_errors_and_reprs(emulator: SheetsEmulator, caplog, capsys) -> None:
    caplog.set_level(logging.DEBUG)
    google = connection_for(emulator)
    token = google.client.http_client.session.headers["Authorization"].split()[-1]
    key = emulator.create_spreadsheet("Alice")
    write_tabs(google, key, {"Pipeline": [["Deal ID"]]})
    emulator.fail_next(503)
    read_google_tabs(google, key)
    with pytest.raises(UnreadableFileError) as caught:
        read_google_tabs(google, "1" + "z" * 43)
    seen = caplog.text + "".join(capsys.readouterr()) + repr(google) + caught.value.message("en")
    assert "retry 1" in caplog.text  # the retry was logged...
    assert token not in seen  # ...without the token


def test_connect_with_a_key_file_builds_a_retrying_client(key_file) -> None:
    from salessheet.io.google import RetryingHTTPClient, connect

    path, pem = key_file
    google = connect(path)  # no request is made until the first call
    assert isinstance(google.client.http_client, RetryingHTTPClient)
    assert google.account_email == "sync@demo.iam.gserviceaccount.com"
    assert all(line not in repr(google) for line in _secret_lines(pem))
