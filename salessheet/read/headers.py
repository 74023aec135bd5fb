"""Header detection and tolerant mapping of header text to canonical column keys (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from salessheet.schema import MIGRATIONS, SheetSpec, fold, renamed_columns

__all__ = ["HeaderMap", "find_header_row", "header_lookup", "header_variants", "map_header", "match_header"]

_BRACKETS = re.compile(r"\s*[(\[【][^)\]】]*[)\]】]\s*")
_PUNCT = re.compile(r"[\s_\-./:#*]+")
HEADER_SCAN_ROWS = 30
SURE_MATCHES = 4


def header_variants(text: str) -> list[str]:
    """Folded forms of a header, strictest first: as typed, without brackets, without punctuation.

    >>> header_variants("Amount (¥)")
    ['amount (¥)', 'amount', 'amount(¥)']
    >>> header_variants("金额（元）")[1]
    '金额'
    """
    folded = fold(text)
    variants = [folded]
    for candidate in (_BRACKETS.sub(" ", folded).strip(), _PUNCT.sub("", folded)):
        if candidate and candidate not in variants:
            variants.append(candidate)
    return variants


@cache
def header_lookup(spec: SheetSpec) -> dict[str, str]:
    """Folded header variant -> column key for ``spec``: labels, keys, old labels, then synonyms."""
    tiers: list[list[tuple[str, str]]] = [[], [], []]
    for column in spec.columns:
        tiers[0] += [(column.label_en, column.key), (column.label_zh, column.key), (column.key, column.key)]
        tiers[2] += [(synonym, column.key) for synonym in column.synonyms]
    renames = renamed_columns(spec.key, MIGRATIONS[0].from_version)
    for step in MIGRATIONS:
        for old_key, labels in step.old_labels.get(spec.key, {}).items():
            new_key = renames.get(old_key, old_key)
            tiers[1] += [(labels[0], new_key), (labels[1], new_key), (old_key, new_key)]
    lookup: dict[str, str] = {}
    for depth in range(3):  # exact text of every tier first, then looser variants
        for tier in tiers:
            for text, key in tier:
                variants = header_variants(text)
                if depth < len(variants):
                    lookup.setdefault(variants[depth], key)
    return lookup


def match_header(text: Any, lookup: dict[str, str]) -> str | None:
    """The column key a header cell stands for, or None.

    >>> from salessheet.schema import sheet
    >>> match_header("预计成交日期", header_lookup(sheet("pipeline")))
    'expected_close_date'
    """
    if not isinstance(text, str) or not text.strip():
        return None
    for variant in header_variants(text):
        if variant in lookup:
            return lookup[variant]
    return None


def find_header_row(rows: Sequence[Sequence[Any]], lookup: dict[str, str]) -> int | None:
    """0-based index of the header row; None when no row matches two known columns.

    The first row (among the first 30) matching four or more columns wins at once, since no
    title or data row does; otherwise the row matching most columns.
    """
    best, best_count = None, 1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = len({key for cell in row if (key := match_header(cell, lookup))})
        if count >= SURE_MATCHES:
            return index
        if count > best_count:
            best, best_count = index, count
    return best


@dataclass
class HeaderMap:
    """Which sheet column holds what.

    Attributes:
        known: column key -> 0-based column index.
        labels: column key or extra header -> header text as found.
        extras: extra header -> 0-based column index, in sheet order.
        duplicates: column keys whose header appeared more than once.
    """

    known: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    extras: dict[str, int] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)


def map_header(row: Sequence[Any], lookup: dict[str, str], reserved: set[str]) -> HeaderMap:
    """Map one header row; unmatched non-empty headers become extra columns (never dropped).

    Args:
        row: the header row's cells.
        lookup: from ``header_lookup``.
        reserved: names an extra column may not take (canonical keys, "_row").
    """
    result = HeaderMap()
    for index, cell in enumerate(row):
        key = match_header(cell, lookup)
        text = str(cell).strip() if cell is not None else ""
        if key is not None and key not in result.known:
            result.known[key] = index
            result.labels[key] = text
            continue
        if key is not None:
            result.duplicates.append(key)
        if not text:
            continue
        name = f"{text}*" if text.startswith("_") else text  # "_..." names are the tool's own columns
        while name in reserved or name in result.extras:
            name += "*"
        result.extras[name] = index
        result.labels[name] = text
    return result
