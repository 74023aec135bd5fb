"""Work done in a forked child process beside the run, its result or error sent back.

Where ``fork`` is available, work that would hold the GIL against the run's own (parsing the
previous master while the cached workbooks load) is done in a child process forked from the
run: it starts at once, with no pickling of its inputs, on the other core. Errors come back
as the same salessheet error, so the message and exit code are those of a run that did the
work itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from salessheet import errors

__all__ = ["ForkedCall", "detach", "error_payload", "fork_available", "rebuilt", "second_core_available"]

_USE_FORK = True
"""Tests switch this off to exercise the in-process paths."""


def fork_available() -> bool:
    """True where work can be done in a forked child process.

    Not in a process running other threads (``salessheet serve``): a lock one of them holds
    at the fork would never be released in the child.
    """
    return _USE_FORK and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def second_core_available() -> bool:
    """True where work forked beside this process can run on another core at once."""
    return (os.cpu_count() or 1) >= 2 and fork_available()


def error_payload(exc: BaseException, what: str) -> tuple[Any, ...]:
    """``exc`` as a picklable message: a salessheet error as itself, anything else as text."""
    if isinstance(exc, errors.SalessheetError):
        return ("error", type(exc).__name__, exc.message_en, exc.message_zh, exc.location)
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return ("error", "RuntimeError", f"{what} failed: {text}", None, "")


def rebuilt(payload: tuple[Any, ...]) -> Exception:
    """The exception an ``error_payload`` stands for."""
    _, name, message_en, message_zh, location = payload
    kind = getattr(errors, name, None)
    if isinstance(kind, type) and issubclass(kind, errors.SalessheetError):
        return kind(message_en, message_zh, location=location)
    return RuntimeError(message_en)


def detach(other_end: Connection, close_fds: tuple[int, ...]) -> None:
    """In a forked child: let go of what must end with the parent."""
    other_end.close()  # else the pipe would never report the parent's end
    for fd in close_fds:  # e.g. the run lock: it must end with the parent, not with this child
        with contextlib.suppress(OSError):
            os.close(fd)


T = TypeVar("T")


def _call_child(pipe: Connection, other_end: Connection, call: Callable[[], Any], what: str,
                close_fds: tuple[int, ...]) -> None:
    """In the forked child: make the call and send its result, or what it raised."""
    detach(other_end, close_fds)
    try:
        outcome: tuple[Any, ...] = ("done", call())
    except BaseException as exc:  # raised in the parent by ForkedCall.result
        outcome = error_payload(exc, what)
    try:
        pipe.send(outcome)
    except Exception as exc:  # a result that cannot be pickled
        pipe.send(error_payload(exc, what))
    finally:
        pipe.close()


class ForkedCall(Generic[T]):
    """``call()`` made in a forked child process while this process goes on.

    For reading that would hold the GIL against this process's own work if it ran in a
    thread. Start one only where ``fork_available()``; the child inherits this process as
    it is at the start, and its result comes back pickled.

    Args:
        call: what to compute.
        what: what the call does, for the message of an unexpected failure ("reading the
            previous master").
        close_fds: file descriptors the child must not keep open (the run lock).
    """

    def __init__(self, call: Callable[[], T], what: str, close_fds: tuple[int, ...] = ()) -> None:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._what = what
        arguments = (sender, receiver, call, what, close_fds)
        self._process: Any = context.Process(target=_call_child, args=arguments, daemon=True)
        self._process.start()
        sender.close()
        self._pipe: Connection | None = receiver

    def result(self) -> T:
        """The call's result, once the child has made it.

        Raises:
            SalessheetError or RuntimeError: what the call raised, or the child's end.
        """
        if self._pipe is None:
            raise ValueError("the result was already taken, or the call was closed")
        try:
            status: tuple[Any, ...] = self._pipe.recv()
        except EOFError:
            self._process.join(timeout=60)
            status = ("error", "RuntimeError",
                      f"{self._what} ended unexpectedly (exit code {self._process.exitcode})", None, "")
        finally:
            self._pipe.close()
            self._pipe = None
        self._process.join(timeout=60)
        if status[0] != "done":
            raise rebuilt(status)
        result: T = status[1]
        return result

    def close(self) -> None:
        """Stop the child if it is still at work (its result is no longer wanted)."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=60)
