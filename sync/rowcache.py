"""Master rows rendered in earlier runs, kept per source version, so a re-run renders only
the rows of the workbooks that changed.

A master row's sheet XML is a function of the row's values, which for a rep's row depend
only on that rep's workbook (its content hash), the rep, the duplicate marker, and the run's
layout: date, settings, language, columns and cell styles (the *tag*). Each workbook version
has one file of rows, by tag and by the row's key, and one file of pieces. Rows are stored
without their row number (``ROW_MARK`` stands in for it), since a row moves when rows before
it come or go.

A workbook's whole run of rows in a sheet is also kept compressed (a *piece*,
``sync.deflate``), named by the layout, the run's first row number and its rows' keys: when
nothing before it moved, the run is copied into the master without being rendered or
compressed again.

The Issues sheet's rows are kept the same way; their key holds the whole row, since a
workbook's issues also come from the merge (conflicts, probable duplicates), which looks at
the other workbooks.

Two files per workbook version, not per sheet: creating a file costs more than writing it on
some disks, and a first run fills the cache for every workbook at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import cast

from sync.deflate import Piece
from sync.extract import load_cache_file, store_cache_file
from sync.xlsxfast import ROW_MARK, RowKey

__all__ = ["ROW_MARK", "RowCache", "RowKey"]  # the mark and key are xlsxfast's

_FORMAT = 2

_Rows = dict[str, dict[tuple[object, ...], str]]
"""Tag -> row key -> row, for one workbook version."""
_Pieces = dict[str, tuple[int, int, bytes]]
"""Digest -> (CRC-32, size of the text, raw deflate data), for one workbook version."""


def _loaded(blob: bytes | None) -> dict[str, object]:
    """A cache file's dictionary, or an empty one for a missing or damaged file."""
    with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        loaded = pickle.loads(blob) if blob is not None else None
        if isinstance(loaded, dict):
            return loaded
    return {}


class RowCache:
    """Rendered rows under ``folder`` (the master's cache folder); ``save`` writes what changed.

    Args:
        folder: where the files live; created on save.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._rows: dict[str, _Rows] = {}
        self._pieces: dict[str, _Pieces] = {}
        self._dirty: set[str] = set()
        self._used: dict[str, set[str]] = {}
        """File name -> the tags (rows) or digests (pieces) this run used in it."""
        self._names: dict[tuple[str, str], str] = {}

    def _stem(self, source: str, fingerprint: str) -> str:
        found = self._names.get((source, fingerprint))
        if found is None:
            digest = hashlib.sha256(f"{_FORMAT}\x1f{source}\x1f{fingerprint}".encode()).hexdigest()
            found = self._names[(source, fingerprint)] = digest[:32]
        return found

    def _rows_used(self, tag: str, source: str, fingerprint: str) -> str:
        """The name of the workbook version's rows file, counted as used for layout ``tag``."""
        name = f"rows-{self._stem(source, fingerprint)}.pkl"
        self._used.setdefault(name, set()).add(tag)
        return name

    def rows_of(self, tag: str, source: str, fingerprint: str) -> dict[tuple[object, ...], str]:
        """The rows stored for a workbook version under layout ``tag`` (row key details -> row
        with ``ROW_MARK`` for its number), to look up and add to; counted as used."""
        name = self._rows_used(tag, source, fingerprint)
        rows = self._rows.get(name)
        if rows is None:
            loaded = _loaded(load_cache_file(self.folder / name))
            rows = self._rows[name] = cast(_Rows, {t: r for t, r in loaded.items() if isinstance(r, dict)})
        return rows.setdefault(tag, {})

    def added(self, tag: str, source: str, fingerprint: str) -> None:
        """Note that rows were added to ``rows_of(tag, source, fingerprint)``: its file is saved."""
        self._dirty.add(self._rows_used(tag, source, fingerprint))

    def _piece_file(self, key: RowKey) -> tuple[str, _Pieces]:
        name = f"piece-{self._stem(key[0], key[1])}.z"
        pieces = self._pieces.get(name)
        if pieces is None:
            pieces = self._pieces[name] = cast(_Pieces, _loaded(load_cache_file(self.folder / name)))
        self._used.setdefault(name, set())
        return name, pieces

    def get_piece(self, tag: str, key: RowKey, digest: str) -> Piece | None:
        """The compressed run stored as ``digest``, if any (the workbook's rows are kept too)."""
        self._rows_used(tag, key[0], key[1])  # the rows stay with their pieces
        name, pieces = self._piece_file(key)
        self._used[name].add(digest)
        found = pieces.get(digest)
        if not isinstance(found, tuple) or len(found) != 3:
            return None
        crc, size, data = found
        return Piece(data, crc, size)

    def put_piece(self, tag: str, key: RowKey, digest: str, piece: Piece) -> None:
        """Store a compressed run of rows of ``key``'s workbook."""
        self._rows_used(tag, key[0], key[1])  # the rows stay with their pieces
        name, pieces = self._piece_file(key)
        self._used[name].add(digest)
        pieces[digest] = (piece.crc, piece.size, piece.data)
        self._dirty.add(name)

    def write_added(self) -> None:
        """Write the files that gained rows or pieces, with only what this run used in them,
        deleting nothing (a child process that renders part of the master calls this; the
        files it uses are the parent's too)."""
        for name in sorted(self._dirty):
            kept = self._rows.get(name) if name.startswith("rows-") else self._pieces.get(name)
            used = self._used.get(name, set())
            content = {k: v for k, v in (kept or {}).items() if k in used}
            store_cache_file(self.folder / name, pickle.dumps(content, protocol=5))
        self._dirty.clear()

    def save(self) -> None:
        """Write the files that gained rows or pieces and delete those this run did not use.

        A cache that cannot be written only costs time next run: errors are not raised.
        """
        self.write_added()
        for stale in [*self.folder.glob("rows-*.pkl"), *self.folder.glob("piece-*.z")]:
            if stale.name not in self._used:
                with contextlib.suppress(OSError):
                    stale.unlink()
