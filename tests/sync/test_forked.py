"""Work done in a forked child: its result, its errors as the parent would raise them, its end."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

from salessheet.errors import UnreadableFileError
from sync import forked
from sync.forked import ForkedCall, fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork and a single thread")


def test_the_result_is_computed_in_another_process():
    call = ForkedCall(lambda: (os.getpid(), [1, "two", {"three": 3.0}]), "counting")
    pid, value = call.result()
    assert pid != os.getpid() and value == [1, "two", {"three": 3.0}]
    with pytest.raises(ValueError, match="already taken"):
        call.result()


def test_a_salessheet_error_comes_back_as_itself():
    def unreadable() -> None:
        raise UnreadableFileError("the previous master cannot be read", "无法读取原有总表",
                                  location="/m.xlsx")

    with pytest.raises(UnreadableFileError) as caught:
        ForkedCall(unreadable, "reading the previous master").result()
    assert caught.value.message_zh == "无法读取原有总表" and caught.value.location == "/m.xlsx"


def test_other_failures_say_what_failed():
    def broken() -> None:
        raise KeyError("sheet")

    with pytest.raises(RuntimeError, match="reading the previous master failed: KeyError: 'sheet'"):
        ForkedCall(broken, "reading the previous master").result()
    with pytest.raises(RuntimeError, match=r"counting failed: .*pickle"):
        ForkedCall(lambda: threading.Lock(), "counting").result()  # a result that cannot be pickled


def test_a_child_that_dies_is_reported_with_its_exit_code():
    with pytest.raises(RuntimeError, match=r"counting ended unexpectedly \(exit code 7\)"):
        ForkedCall(lambda: os._exit(7), "counting").result()


def test_close_stops_a_child_still_at_work():
    call = ForkedCall(lambda: time.sleep(30), "sleeping")
    started = time.monotonic()
    call.close()
    assert time.monotonic() - started < 10
    assert call._process.exitcode is not None


def test_the_child_does_not_keep_the_run_lock(tmp_path: Path):
    handle = open(tmp_path / "run.lock", "a+b")  # noqa: SIM115 - closed below
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        fd = handle.fileno()

        def holds_the_lock() -> bool:
            try:
                os.fstat(fd)
            except OSError:
                return False
            return True

        assert ForkedCall(holds_the_lock, "checking", close_fds=(fd,)).result() is False
        assert ForkedCall(holds_the_lock, "checking").result() is True  # the mutant: fd left open
    finally:
        handle.close()


def test_fork_is_not_used_when_switched_off_or_beside_threads(monkeypatch):
    assert fork_available()
    monkeypatch.setattr(forked, "_USE_FORK", False)
    assert not fork_available()
    monkeypatch.setattr(forked, "_USE_FORK", True)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not fork_available()
    finally:
        stop.set()
        other.join()
