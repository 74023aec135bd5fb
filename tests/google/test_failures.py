"""Quota, server errors, wrong keys and unshared spreadsheets: retried or reported clearly."""

from __future__ import annotations

import pytest

from salessheet.errors import UnreadableFileError, WriteRefusedError
from salessheet.io.google import GoogleBusyError, RetryPolicy, read_google_tabs, write_tabs
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import DEFAULT_ACCOUNT, SheetsEmulator


def _spreadsheet(emulator: SheetsEmulator, google) -> str:
    key = emulator.create_spreadsheet("Alice")
    write_tabs(google, key, {"Pipeline": [["Deal ID"], ["D-1"]]})
    emulator.reset_log()
    return key


def test_429_is_retried_with_backoff_until_the_quota_frees_up(emulator: SheetsEmulator, google) -> None:
    key = _spreadsheet(emulator, google)
    emulator.quota_per_minute = 1
    google.http.policy = RetryPolicy(base_delay=16, jitter=0, sleep=emulator.advance_clock)
    tabs = read_google_tabs(google, key)
    assert tabs.rows["Pipeline"] == [["Deal ID"], ["D-1"]]
    statuses = [r.status for r in emulator.log]
    assert statuses[0] == 200 and statuses[-1] == 200 and statuses.count(429) == 3
    assert google.http.retries == 3  # waited 16 + 32 + 32 s on the emulator's clock


def test_retry_after_is_honoured(emulator: SheetsEmulator, google) -> None:
    key = _spreadsheet(emulator, google)
    emulator.quota_per_minute, emulator.retry_after = 1, 61
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        emulator.advance_clock(seconds)

    google.http.policy = RetryPolicy(sleep=sleep)
    read_google_tabs(google, key)
    assert waits == [61.0]


def test_backoff_has_jitter_and_a_cap() -> None:
    policy = RetryPolicy(base_delay=1, max_delay=8, jitter=0.5)
    waits = [policy.delay(n) for n in range(1, 9) for _ in range(20)]
    assert max(waits) <= 8 and min(waits) >= 0.5
    assert len(set(waits)) > 10  # jittered, so concurrent clients do not retry in lockstep


def test_server_errors_are_retried(emulator: SheetsEmulator, google) -> None:
    key = _spreadsheet(emulator, google)
    emulator.fail_next(503, 500)
    assert read_google_tabs(google, key).rows["Pipeline"][1] == ["D-1"]
    assert google.http.retries == 2


def test_persistent_quota_errors_end_in_a_clear_transient_error(emulator: SheetsEmulator, google) -> None:
    key = _spreadsheet(emulator, google)
    emulator.quota_per_minute = 1
    google.http.policy = RetryPolicy(max_attempts=3, base_delay=1, sleep=emulator.advance_clock)
    with pytest.raises(GoogleBusyError) as caught:
        read_google_tabs(google, key)
    assert caught.value.transient
    assert "HTTP 429" in caught.value.message("en") and "HTTP 429" in caught.value.message("zh")
    assert google.http.retries == 2


def test_wrong_key_says_so_in_both_languages(google) -> None:
    missing = "1" + "x" * 43
    with pytest.raises(UnreadableFileError) as caught:
        read_google_tabs(google, missing)
    assert f"no Google spreadsheet with key {missing}" in caught.value.message("en")
    assert "找不到" in caught.value.message("zh")
    assert google.http.retries == 0  # a 404 is not retried


def test_unshared_spreadsheet_names_the_account_to_share_with(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Bob's pipeline", owner="bob@example.com")
    with pytest.raises(UnreadableFileError) as caught:
        read_google_tabs(google, key)
    assert f"not shared with {DEFAULT_ACCOUNT}" in caught.value.message("en")
    assert DEFAULT_ACCOUNT in caught.value.message("zh") and "共享" in caught.value.message("zh")
    with pytest.raises(WriteRefusedError):
        write_tabs(google, key, {"T": [["x"]]})


def test_access_follows_drive_permissions(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Shared", owner="bob@example.com")
    bob = connection_for(emulator, "bob@example.com")
    bob.client.insert_permission(key, DEFAULT_ACCOUNT, perm_type="user", role="writer", notify=False)
    write_tabs(connection_for(emulator), key, {"Pipeline": [["Deal ID"]]})
    assert read_google_tabs(bob, key).rows["Pipeline"] == [["Deal ID"]]
