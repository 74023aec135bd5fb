"""Fast rows for big sheets: XlsxWriter lays out the workbook, the data rows are spliced in.

XlsxWriter spends several microseconds per cell; a 50-rep master has over a million cells.
For each big sheet, XlsxWriter writes the header and one row of styled blank cells (so
that every cell format gets its style index); after XlsxWriter has finished, that row is
replaced by the generated rows, in the same package, with fixed zip timestamps so that
equal content gives equal bytes. Each workbook's run of rows is compressed on its own
(``sync.deflate``), so that a re-run copies the runs of unchanged workbooks as they are.
"""

from __future__ import annotations

import array
import contextlib
import datetime as dt
import functools
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sync.deflate import Piece, ZipWriter, compress_piece, join_pieces
from sync.forked import ForkedCall, second_core_available

__all__ = [
    "ROW_MARK", "RowKey", "RowKeys", "RowStore", "SheetCache", "SplicedSheet", "StoredRows", "Values",
    "column_letter", "rows_xml", "write_package",
]

ROW_MARK = "\x00"
"""Stands for the row number in a stored row; never part of a cell (XML cannot hold it)."""

RowKey = tuple[str, str, tuple[object, ...]]
"""(source id, source content hash, (row in the source, rep, anything else the row shows))."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\\s|\\s$")
_EPOCH = dt.date(1899, 12, 30).toordinal()
_MAX_TEXT = 32767


def column_letter(index: int) -> str:
    """0-based column index -> letters.

    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{value}</t></is>"


def _cell(ref: str, style: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="inlineStr">{_text(value)}</c>' if value else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        serial = value.toordinal() - _EPOCH + (value - value.replace(hour=0, minute=0, second=0,
                                                                     microsecond=0)).total_seconds() / 86400
        return f'<c r="{ref}"{style}><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{style}><v>{value.toordinal() - _EPOCH}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr">{_text(str(value))}</c>'


_NONE = type(None)


def _needs_care(texts: list[str]) -> bool:
    """True when some text must be escaped, cleaned, cut or space-preserved (one pass over all)."""
    joined = "\n".join(texts)
    if "&" in joined or "<" in joined or ">" in joined or _ILLEGAL.search(joined):
        return True
    if len(joined) > _MAX_TEXT and max(map(len, texts)) > _MAX_TEXT:
        return True
    return texts != list(map(str.strip, texts))  # space at either end (the texts are not blank)


def _uniform(letter: str, style: str, values: Sequence[Any], numbers: list[str],
             kinds: set[type]) -> list[str] | None:
    """Cells of a column holding one kind of value (and blanks), or None for a mixed column."""
    head = f'<c r="{letter}'  # the parts that do not change from cell to cell, made once
    if kinds <= {str, _NONE}:
        if _needs_care([v for v in values if v]):  # blanks are written as nothing
            return None
        # Plain strings (the common case): no escaping to decide cell by cell.
        text = f'"{style} t="inlineStr"><is><t>'
        return [f"{head}{n}{text}{v}</t></is></c>" if v else "" for n, v in zip(numbers, values, strict=True)]
    tail = f'"{style}><v>'
    if kinds <= {float, int, _NONE}:
        if not all(map(math.isfinite, [v for v in values if v is not None])):
            return None
        return [f"{head}{n}{tail}{v!r}</v></c>" if v is not None else ""
                for n, v in zip(numbers, values, strict=True)]
    if kinds <= {bool, _NONE}:
        flag = f'"{style} t="b"><v>'
        return [f"{head}{n}{flag}{int(v)}</v></c>" if v is not None else ""
                for n, v in zip(numbers, values, strict=True)]
    if kinds <= {dt.date, _NONE}:
        return [f"{head}{n}{tail}{v.toordinal() - _EPOCH}</v></c>" if v is not None else ""
                for n, v in zip(numbers, values, strict=True)]
    return None


def _column(letter: str, style: str, values: Sequence[Any], numbers: list[str]) -> list[str]:
    """Cells of one column; the common types are inlined (this loop runs for every cell)."""
    uniform = _uniform(letter, style, values, numbers, set(map(type, values)))
    if uniform is not None:
        return uniform
    out: list[str] = []
    append = out.append
    for n, value in zip(numbers, values, strict=True):
        kind = type(value)
        if value is None:
            append("")
        elif kind is str:
            if not value:
                append("")
            elif _SPECIAL.search(value):
                append(_cell(letter + n, style, value))
            else:
                append(f'<c r="{letter}{n}"{style} t="inlineStr"><is><t>{value[:_MAX_TEXT]}</t></is></c>')
        elif kind is float:
            append(f'<c r="{letter}{n}"{style}><v>{value!r}</v></c>' if math.isfinite(value) else "")
        elif kind is int:
            append(f'<c r="{letter}{n}"{style}><v>{value}</v></c>')
        else:
            append(_cell(letter + n, style, value))
    return out


def _cells(columns: Sequence[Sequence[Any]], styles: Sequence[int | None], numbers: list[str]) -> list[str]:
    """Each row's cells, joined (``numbers`` give the row part of the cell references)."""
    cells = [_column(column_letter(index), f' s="{styles[index]}"' if styles[index] else "", values, numbers)
             for index, values in enumerate(columns)]
    return ["".join(row) for row in zip(*cells, strict=True)]


StoredRows = MutableMapping[tuple[object, ...], str]
"""One workbook version's stored rows under one layout: the row's key details -> its XML."""


class RowStore(Protocol):
    """Rendered rows kept between runs (``sync.rowcache.RowCache``)."""

    def rows_of(self, tag: str, source: str, fingerprint: str) -> StoredRows:
        """The rows stored for a workbook version under layout ``tag``, to look up and add to."""
        ...

    def added(self, tag: str, source: str, fingerprint: str) -> None:
        """Note that rows were added to ``rows_of(tag, source, fingerprint)`` (it is saved)."""
        ...


def rows_xml(
    columns: Sequence[Sequence[Any]], styles: Sequence[int | None], first_row: int, *,
    details: Sequence[tuple[object, ...]] | None = None, known: StoredRows | None = None,
) -> str:
    """``<row>`` elements for ``columns`` (one list of plain values per column) from ``first_row``.

    Values must be plain Python (None, str, bool, int, float, date, datetime). With ``known``
    (one workbook version's stored rows) and each row's key ``details``, rows it holds are
    taken from it and the others rendered and added to it, with ``ROW_MARK`` for their number.
    Details must tell apart rows that render differently: details that are equal as Python
    compares them (``0 == 0.0 == False``) are taken for the same row.
    """
    if not columns or not len(columns[0]):
        return ""
    count = len(columns[0])
    numbers = [str(i) for i in range(first_row, first_row + count)]
    if known is None or details is None:
        rows = _cells(columns, styles, numbers)
        return "".join(f'<row r="{n}">{row}</row>' for n, row in zip(numbers, rows, strict=True))
    found: list[str | None] = list(map(known.get, details))
    missing = [i for i, row in enumerate(found) if row is None]
    if missing:
        subset = columns if len(missing) == count else [[values[i] for i in missing] for values in columns]
        for i, row in zip(missing, _cells(subset, styles, [ROW_MARK] * len(missing)), strict=True):
            found[i] = known[details[i]] = row
    return "".join(f'<row r="{n}">{str(row).replace(ROW_MARK, n)}</row>'
                   for n, row in zip(numbers, found, strict=True))


Values = Callable[[Sequence[int] | None], list[list[Any]]]
"""The plain values of each column for the given rows (None: every row)."""


def _texts_bytes(texts: list[str]) -> bytes:
    """Texts as bytes that tell them apart: their lengths, then the texts."""
    lengths = array.array("q", map(len, texts)).tobytes()
    return len(texts).to_bytes(8, "little") + lengths + "".join(texts).encode("utf-8", "surrogatepass")


def _column_bytes(values: list[Any]) -> bytes:
    """One column of row-key details as bytes that tell any two different columns apart: a
    tagged, length-prefixed form for ints, texts and tuples of texts (several times faster to
    make than ``repr``, which a re-run made for every row), else ``repr``."""
    kinds = set(map(type, values))
    if kinds <= {int}:
        with contextlib.suppress(OverflowError):  # (an int beyond 64 bits: repr below)
            return b"i" + len(values).to_bytes(8, "little") + array.array("q", values).tobytes()
    if kinds <= {str}:
        return b"s" + _texts_bytes(values)
    if kinds <= {tuple}:
        flat = [v for row in values for v in row]
        if set(map(type, flat)) <= {str}:
            widths = array.array("q", map(len, values)).tobytes()
            return b"t" + len(values).to_bytes(8, "little") + widths + _texts_bytes(flat)
    return b"r" + repr(values).encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class RowKeys:
    """Each row's key in a RowStore, held as columns: a re-run needs the keys of the changed
    workbooks' rows only, and one digest per workbook's run of rows.

    Attributes:
        sources: each row's source id.
        fingerprints: source id -> content hash; rows of a source without one are rendered
            afresh and never stored.
        details: the rest of each row's key, one list per part (row in the source, rep, ...).
    """

    sources: list[str]
    fingerprints: Mapping[str, str | None]
    details: tuple[list[Any], ...]

    def key(self, row: int) -> RowKey | None:
        """The key of row ``row`` (0-based), None when its source has no content hash."""
        source = self.sources[row]
        fingerprint = self.fingerprints.get(source)
        return (source, fingerprint, tuple(d[row] for d in self.details)) if fingerprint else None

    def details_of(self, first: int, last: int) -> list[tuple[object, ...]]:
        """The key details of rows ``[first, last)`` (their key without source and content hash)."""
        return list(zip(*(d[first:last] for d in self.details), strict=True))

    def runs(self) -> list[tuple[int, int]]:
        """Row ranges ``[start, end)`` of one source each."""
        sources, runs, start = self.sources, [], 0
        for index in range(1, len(sources)):
            if sources[index] != sources[index - 1]:
                runs.append((start, index))
                start = index
        runs.append((start, len(sources)))
        return runs

    def digest(self, tag: str, first: int, last: int) -> str | None:
        """What the compressed rows ``[first, last)`` of one source depend on: the layout,
        where they start, the source's content and the rows' keys; None when not stored."""
        source = self.sources[first]
        fingerprint = self.fingerprints.get(source)
        if not fingerprint:
            return None
        digest = hashlib.sha256(repr((tag, first + 2, source, fingerprint, len(self.details))).encode())
        for column in self.details:
            digest.update(_column_bytes(column[first:last]))
        return digest.hexdigest()[:40]


@dataclass
class SplicedSheet:
    """Rows to put into one worksheet of the package, replacing its placeholder row 2.

    Attributes:
        index: 1-based worksheet number (``xl/worksheets/sheet{index}.xml``).
        values: the plain values of each column for the rows asked for (rows 2, 3, ... are
            0, 1, ...); called only for rows not copied from the store.
        count: how many rows.
        formats: the XlsxWriter Format of each column (its style index is read after closing).
        table: name of the table starting at A1 whose range grows to cover the rows.
        keys: the rows' keys in a RowStore; None: no store.
        layout: what the rows' XML depends on besides their values (columns, date, settings).
    """

    index: int
    values: Values
    count: int
    formats: list[Any]
    table: str | None = None
    keys: RowKeys | None = None
    layout: str = ""

    @property
    def last_cell(self) -> str:
        """Bottom-right cell of the sheet's data, header included."""
        return f"{column_letter(len(self.formats) - 1)}{self.count + 1}"


_ROW2 = re.compile(r'<row r="2"[ >].*?</row>|<row r="2"/>', re.DOTALL)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


class SheetCache(RowStore, Protocol):
    """A RowStore that also keeps compressed pieces of sheets (``sync.rowcache.RowCache``)."""

    def get_piece(self, tag: str, key: RowKey, digest: str) -> Piece | None:
        """The piece stored as ``digest`` for the rows of ``key``'s workbook, if any."""
        ...

    def put_piece(self, tag: str, key: RowKey, digest: str, piece: Piece) -> None:
        """Store a compressed run of rows of ``key``'s workbook."""
        ...

    def write_added(self) -> None:
        """Write what was added, deleting nothing (in a child process rendering a share)."""
        ...


@dataclass
class _Plan:
    """One worksheet to splice: its text around the rows, its runs of rows and their pieces."""

    sheet: SplicedSheet
    styles: list[int | None]
    tag: str
    head: str
    tail: str
    runs: list[tuple[int, int]]
    pieces: list[Piece | None]
    stored: list[tuple[RowKey, str] | None]
    """Where each run's piece is kept in the store, if anywhere."""

    @property
    def todo(self) -> list[int]:
        """The runs to render (not copied from the store)."""
        return [n for n, piece in enumerate(self.pieces) if piece is None]

    def cells(self, n: int) -> int:
        """How many cells run ``n`` has (what rendering it costs)."""
        first, last = self.runs[n]
        return (last - first) * len(self.styles)

    def finished(self) -> list[Piece]:
        """The worksheet compressed in pieces: before the rows, the runs, after."""
        head = compress_piece(self.head.encode("utf-8"))
        tail = compress_piece(self.tail.encode("utf-8"), final=True)
        return [head, *(p for p in self.pieces if p is not None), tail]


def _plan(xml: str, sheet: SplicedSheet, store: SheetCache | None) -> _Plan:
    """What to splice into ``xml``: a run whose rows, layout and first row number equal an
    earlier run's is copied from the store without rendering or compressing it again."""
    styles = [getattr(f, "xf_index", None) if f is not None else None for f in sheet.formats]
    tag = f"{sheet.layout}\x1f{styles}"
    xml = _DIMENSION.sub(f'<dimension ref="A1:{sheet.last_cell}"/>', xml, count=1)
    match = _ROW2.search(xml)
    if match is None:
        start = end = xml.index("</sheetData>")
    else:
        start, end = match.start(), match.end()
    keys = sheet.keys
    runs = keys.runs() if keys is not None else [(0, sheet.count)]
    pieces: list[Piece | None] = []
    stored: list[tuple[RowKey, str] | None] = []
    for first, last in runs:
        digest = keys.digest(tag, first, last) if store is not None and keys is not None else None
        owner = keys.key(first) if keys is not None and digest else None  # the run's workbook
        stored.append((owner, digest) if owner and digest else None)
        pieces.append(store.get_piece(tag, owner, digest) if store is not None and owner and digest else None)
    return _Plan(sheet, styles, tag, xml[:start], xml[end:], runs, pieces, stored)


def _render(plan: _Plan, todo: Sequence[int], store: SheetCache | None) -> dict[int, Piece]:
    """Runs ``todo`` of ``plan`` rendered and compressed (and kept in the store)."""
    if not todo:
        return {}
    sheet, runs, keys = plan.sheet, plan.runs, plan.sheet.keys
    # The values of the rows to render, made in one go (a re-run copies most runs as they are).
    wanted = [i for n in todo for i in range(*runs[n])]
    columns = sheet.values(None if len(wanted) == sheet.count else wanted)
    done: dict[int, Piece] = {}
    offset = 0
    for n in todo:
        first, last = runs[n]
        part = columns if last - first == len(wanted) else [v[offset:offset + last - first] for v in columns]
        offset += last - first
        owner = keys.key(first) if keys is not None and store is not None else None  # one workbook's run
        if owner is None or keys is None or store is None:
            rows = rows_xml(part, plan.styles, first + 2)
        else:
            known = store.rows_of(plan.tag, owner[0], owner[1])
            before = len(known)
            rows = rows_xml(part, plan.styles, first + 2, details=keys.details_of(first, last), known=known)
            if len(known) != before:
                store.added(plan.tag, owner[0], owner[1])
        piece = done[n] = compress_piece(rows.encode("utf-8"))
        where = plan.stored[n]
        if store is not None and where is not None:
            store.put_piece(plan.tag, where[0], where[1], piece)
    return done


SPLIT_CELLS = 150_000
"""Cells to render from which a forked child renders a share of the runs on the other core."""

Share = list[tuple[str, list[int]]]
"""Worksheet part name -> the runs of it to render."""


def _shares(plans: Mapping[str, _Plan]) -> tuple[Share, Share]:
    """The runs to render split in two of about equal cells, each in the order of the sheet.

    A workbook's runs in every sheet go to the same side: the store keeps them in one file.
    """
    groups: dict[object, list[tuple[str, int]]] = {}
    for name, plan in plans.items():
        for n in plan.todo:
            where = plan.stored[n]
            groups.setdefault(where[0][:2] if where is not None else (name, n), []).append((name, n))
    weighed = sorted(((sum(plans[name].cells(n) for name, n in runs), runs) for runs in groups.values()),
                     key=lambda item: -item[0])
    sides: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
    weights = [0, 0]
    for cells, runs in weighed:
        side = 0 if weights[0] <= weights[1] else 1
        for name, n in runs:
            sides[side].setdefault(name, []).append(n)
        weights[side] += cells
    return tuple([(name, sorted(runs)) for name, runs in side.items()] for side in sides)  # type: ignore[return-value]


def _rendered(plans: Mapping[str, _Plan], share: Share, store: SheetCache | None,
              ) -> dict[str, dict[int, Piece]]:
    """Worksheet part name -> run -> its piece, for the runs of ``share``."""
    return {name: _render(plans[name], runs, store) for name, runs in share}


def _render_share(plans: Mapping[str, _Plan], share: Share, store: SheetCache | None,
                  ) -> dict[str, dict[int, Piece]]:
    """In the forked child: the share's pieces, its rows and pieces written to the store.

    The parent's store already counts those files as used: planning looked each run up."""
    done = _rendered(plans, share, store)
    if store is not None:
        store.write_added()
    return done


def _render_all(plans: Mapping[str, _Plan], store: SheetCache | None) -> None:
    """Render every run the store did not have; with enough cells and where fork is
    available, a forked child renders about half of them while this process renders the rest."""
    cells = sum(plan.cells(n) for plan in plans.values() for n in plan.todo)
    mine: Share = [(name, plan.todo) for name, plan in plans.items()]
    child = None
    if cells >= SPLIT_CELLS and second_core_available():
        mine, theirs = _shares(plans)
        child = ForkedCall(functools.partial(_render_share, plans, theirs, store),
                           "rendering the master's rows")
    try:
        done = [_rendered(plans, mine, store), child.result() if child is not None else {}]
        for side in done:
            for name, pieces in side.items():
                for n, piece in pieces.items():
                    plans[name].pieces[n] = piece
    finally:
        if child is not None:
            child.close()


_TABLE_NAME = re.compile(r'displayName="([^"]+)"')
_REF = re.compile(r' ref="A1:[A-Z]+\d+"')


def _grow_table(xml: str, sheets: dict[str, SplicedSheet]) -> str:
    found = _TABLE_NAME.search(xml)
    sheet = sheets.get(found.group(1)) if found else None
    if sheet is None:
        return xml
    return _REF.sub(f' ref="A1:{sheet.last_cell}"', xml)


def write_package(package: bytes, target: Path, sheets: Sequence[SplicedSheet], *,
                  store: SheetCache | None = None) -> None:
    """Write the XlsxWriter ``package`` to ``target`` with ``sheets`` spliced in (rows and
    compressed runs of rows from ``store`` where it has them).

    Entries keep their order and get a fixed timestamp: equal content, equal bytes.
    """
    by_name = {f"xl/worksheets/sheet{s.index}.xml": s for s in sheets if s.count}
    by_table = {s.table: s for s in by_name.values() if s.table}
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    plans = {info.filename: _plan(data.decode("utf-8"), by_name[info.filename], store)
             for info, data in members if info.filename in by_name}
    _render_all(plans, store)
    with open(target, "wb") as handle:
        out = ZipWriter(handle)
        for info, data in members:
            if info.filename in plans:
                out.add(info.filename, join_pieces(plans[info.filename].finished()), info.external_attr)
                continue
            if info.filename.startswith("xl/tables/table"):
                data = _grow_table(data.decode("utf-8"), by_table).encode("utf-8")
            out.add_bytes(info.filename, data, info.external_attr)
        out.close()
