"""Master rows rendered in earlier runs, kept per source version, so a re-run renders only
the rows of the workbooks that changed.

A master row's sheet XML is a function of the row's values, which for a rep's row depend
only on that rep's workbook (its content hash), the rep, the duplicate marker, and the run's
layout: date, settings, language, columns and cell styles. The layout goes into every file
name (the *tag*); the workbook, its content hash and the row into the entry's key. Rows are
stored without their row number (``ROW_MARK`` stands in for it), since a row moves when rows
before it come or go.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path

from sync.extract import store_cache_file
from sync.xlsxfast import ROW_MARK, RowKey

__all__ = ["ROW_MARK", "RowCache", "RowKey"]  # the mark and key are xlsxfast's

_FORMAT = 1


class RowCache:
    """Rendered rows under ``folder`` (the master's cache folder); ``save`` writes what changed.

    Args:
        folder: where the files live; created on save.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, dict[tuple[object, ...], str]] = {}
        self._dirty: set[str] = set()
        self._used: set[str] = set()
        self._names: dict[tuple[str, str, str], str] = {}

    def _name(self, tag: str, source: str, fingerprint: str) -> str:
        found = self._names.get((tag, source, fingerprint))
        if found is None:
            digest = hashlib.sha256(f"{_FORMAT}\x1f{tag}\x1f{source}\x1f{fingerprint}".encode()).hexdigest()
            found = self._names[(tag, source, fingerprint)] = f"rows-{digest[:32]}.pkl"
        return found

    def _entries(self, name: str) -> dict[tuple[object, ...], str]:
        if name in self._used:
            return self._files[name]
        if name not in self._files:
            entries: dict[tuple[object, ...], str] = {}
            with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                with open(self.folder / name, "rb") as handle:
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict):
                    entries = loaded
            self._files[name] = entries
        self._used.add(name)
        return self._files[name]

    def get(self, tag: str, key: RowKey) -> str | None:
        """The stored row for ``key`` under layout ``tag``, if any."""
        return self._entries(self._name(tag, key[0], key[1])).get(key[2])

    def put(self, tag: str, key: RowKey, row: str) -> None:
        """Store a rendered row (with ``ROW_MARK`` for its number)."""
        name = self._name(tag, key[0], key[1])
        self._entries(name)[key[2]] = row
        self._dirty.add(name)

    def save(self) -> None:
        """Write the files that gained rows and delete those this run did not use.

        A cache that cannot be written only costs time next run: errors are not raised.
        """
        for name in sorted(self._dirty):
            store_cache_file(self.folder / name, pickle.dumps(self._files[name], protocol=5))
        self._dirty.clear()
        for stale in self.folder.glob("rows-*.pkl"):
            if stale.name not in self._used:
                with contextlib.suppress(OSError):
                    stale.unlink()

