"""Master rows rendered in earlier runs, kept per source version, so a re-run renders only
the rows of the workbooks that changed.

A master row's sheet XML is a function of the row's values, which for a rep's row depend
only on that rep's workbook (its content hash), the rep, the duplicate marker, and the run's
layout: date, settings, language, columns and cell styles. The layout goes into every file
name (the *tag*); the workbook, its content hash and the row into the entry's key. Rows are
stored without their row number (``ROW_MARK`` stands in for it), since a row moves when rows
before it come or go.

A workbook's whole run of rows is also kept compressed (a *piece*, ``sync.deflate``), named
by the layout, the run's first row number and its rows' keys: when nothing before it moved,
the run is copied into the master without being rendered or compressed again.

The Issues sheet's rows are kept the same way; their key holds the whole row, since a
workbook's issues also come from the merge (conflicts, probable duplicates), which looks at
the other workbooks.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import struct
from pathlib import Path

from sync.deflate import Piece
from sync.extract import load_cache_file, store_cache_file
from sync.xlsxfast import ROW_MARK, RowKey

__all__ = ["ROW_MARK", "RowCache", "RowKey"]  # the mark and key are xlsxfast's

_FORMAT = 1
_PIECE_HEADER = struct.Struct("<IQ")  # CRC-32 and size of the text (the seal covers the file)


def _piece_name(digest: str) -> str:
    return f"piece-{digest}.z"


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
        self._pieces: dict[str, Piece] = {}
        self._names: dict[tuple[str, str, str], str] = {}

    def _name(self, tag: str, source: str, fingerprint: str) -> str:
        found = self._names.get((tag, source, fingerprint))
        if found is None:
            digest = hashlib.sha256(f"{_FORMAT}\x1f{tag}\x1f{source}\x1f{fingerprint}".encode()).hexdigest()
            found = self._names[(tag, source, fingerprint)] = f"rows-{digest[:32]}.pkl"
        return found

    def _entries(self, name: str) -> dict[tuple[object, ...], str]:
        found = self._files.get(name)
        if found is not None:
            return found
        entries: dict[tuple[object, ...], str] = {}
        stored = load_cache_file(self.folder / name)
        with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            loaded = pickle.loads(stored) if stored is not None else None
            if isinstance(loaded, dict):
                entries = loaded
        self._files[name] = entries
        self._used.add(name)
        return entries

    def get(self, tag: str, key: RowKey) -> str | None:
        """The stored row for ``key`` under layout ``tag``, if any."""
        return self._entries(self._name(tag, key[0], key[1])).get(key[2])

    def put(self, tag: str, key: RowKey, row: str) -> None:
        """Store a rendered row (with ``ROW_MARK`` for its number)."""
        name = self._name(tag, key[0], key[1])
        self._entries(name)[key[2]] = row
        self._dirty.add(name)

    def get_piece(self, tag: str, key: RowKey, digest: str) -> Piece | None:
        """The compressed run stored as ``digest``, if any (the workbook's rows are kept too)."""
        self._used.add(self._name(tag, key[0], key[1]))
        name = _piece_name(digest)
        self._used.add(name)
        stored = load_cache_file(self.folder / name)
        if stored is None or len(stored) < _PIECE_HEADER.size:
            return None
        crc, size = _PIECE_HEADER.unpack_from(stored)
        return Piece(stored[_PIECE_HEADER.size:], crc, size)

    def put_piece(self, tag: str, key: RowKey, digest: str, piece: Piece) -> None:
        """Store a compressed run of rows of ``key``'s workbook."""
        self._used.add(self._name(tag, key[0], key[1]))
        self._used.add(_piece_name(digest))
        self._pieces[_piece_name(digest)] = piece

    def write_added(self) -> None:
        """Write the files that gained rows or pieces, deleting nothing (a child process that
        renders part of the master calls this; the files it uses are the parent's too)."""
        for name in sorted(self._dirty):
            store_cache_file(self.folder / name, pickle.dumps(self._files[name], protocol=5))
        self._dirty.clear()
        for name, piece in sorted(self._pieces.items()):
            header = _PIECE_HEADER.pack(piece.crc, piece.size)
            store_cache_file(self.folder / name, header + piece.data)
        self._pieces.clear()

    def save(self) -> None:
        """Write the files that gained rows or pieces and delete those this run did not use.

        A cache that cannot be written only costs time next run: errors are not raised.
        """
        self.write_added()
        for stale in [*self.folder.glob("rows-*.pkl"), *self.folder.glob("piece-*.z")]:
            if stale.name not in self._used:
                with contextlib.suppress(OSError):
                    stale.unlink()
