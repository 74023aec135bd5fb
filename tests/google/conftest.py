"""Fixtures: a fresh emulator per test and gspread connections pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from salessheet.io.google import GoogleConnection, RetryPolicy, connect
from tests.tools.sheets_emulator import DEFAULT_ACCOUNT, SheetsEmulator


@pytest.fixture
def emulator() -> Iterator[SheetsEmulator]:
    """A running emulator on 127.0.0.1, stopped after the test."""
    with SheetsEmulator(seed=7) as running:
        yield running


def connection_for(emulator: SheetsEmulator, email: str = DEFAULT_ACCOUNT) -> GoogleConnection:
    """Real gspread with the retrying client, talking to ``emulator`` as ``email``.

    Retries wait on the emulator's clock instead of sleeping.
    """
    policy = RetryPolicy(sleep=emulator.advance_clock)
    return connect(session=emulator.session(email), account_email=email, retry=policy)


@pytest.fixture
def google(emulator: SheetsEmulator) -> GoogleConnection:
    """A connection acting as the test service account."""
    return connection_for(emulator)
