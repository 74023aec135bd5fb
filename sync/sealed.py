"""Cache files sealed with a key only this user can read.

The caches live beside the master, often in a shared folder (OneDrive, SharePoint, a team
drive) that every rep can write to. They hold pickles and pieces of the master's XML: a file
planted there could run code on the manager's machine, or slip content into the master. So
each cache file carries an HMAC-SHA256 of its content under a random key kept in the user's
own folder (``~/.salessheet/cache.key``, or ``$SALESSHEET_HOME/cache.key``, readable by the
user only), and a file whose seal does not match is never unpickled or copied: it is
treated as missing. Caches made on another machine or by another user are rebuilt, which
only costs time. When no key can be kept, nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

__all__ = ["key_path", "seal", "unseal"]

_TAG = hashlib.sha256().digest_size
_KEYS: dict[Path, bytes] = {}


def key_path() -> Path:
    """Where this user's cache key is kept."""
    home = os.environ.get("SALESSHEET_HOME")
    return (Path(home) if home else Path.home() / ".salessheet") / "cache.key"


def _create(path: Path) -> None:
    """Make the key file whole or not at all (two processes may race to make it)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):  # another process made it first: keep theirs
            os.link(temp, path)
    finally:
        os.unlink(temp)


def _key() -> bytes | None:
    path = key_path()
    if path in _KEYS:
        return _KEYS[path]
    with contextlib.suppress(OSError):
        if not path.exists():
            _create(path)
        key = path.read_bytes()
        if len(key) == 32:
            _KEYS[path] = key
            return key
    return None


def seal(data: bytes) -> bytes | None:
    """``data`` with its seal in front; None when no key can be kept (then do not cache)."""
    key = _key()
    if key is None:
        return None
    return hmac.new(key, data, hashlib.sha256).digest() + data


def unseal(blob: bytes) -> bytes | None:
    """The content of a sealed ``blob``; None when the seal is not this user's."""
    key = _key()
    if key is None or len(blob) < _TAG:
        return None
    tag, data = blob[:_TAG], blob[_TAG:]
    return data if hmac.compare_digest(tag, hmac.new(key, data, hashlib.sha256).digest()) else None
