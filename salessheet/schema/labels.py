"""Choice values as shown in a workbook, and back: labels in either language -> keys."""

from __future__ import annotations

import unicodedata

from salessheet.schema.choices import CHOICE_LISTS
from salessheet.schema.config import WorkbookConfig

__all__ = ["TEAM_OWNER", "choice_labels", "fold", "label_to_key"]

TEAM_OWNER = "TEAM"
"""Owner value of a target that belongs to the whole team."""


def fold(text: str) -> str:
    """Normalise text for tolerant matching: NFKC (full-width -> ASCII), case, spaces.

    >>> fold("  Ｂｅｓｔ  CASE ")
    'best case'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def choice_labels(name: str, config: WorkbookConfig, lang: str) -> list[tuple[str, str]]:
    """(key, label) pairs of choice list ``name`` in ``lang``; stages come from ``config``.

    The "owners" list depends on the roster and is not handled here.
    """
    if name == "stages":
        return [(s.key, s.label(lang)) for s in config.stages]
    return [(c.key, c.label(lang)) for c in CHOICE_LISTS[name]]


def label_to_key(name: str, config: WorkbookConfig) -> dict[str, str]:
    """Folded key, English label or Chinese label -> key, for choice list ``name``.

    >>> label_to_key("priorities", WorkbookConfig())["高"]
    'high'
    """
    mapping: dict[str, str] = {}
    for lang in ("en", "zh"):
        for key, label in choice_labels(name, config, lang):
            mapping.setdefault(fold(label), key)
            mapping.setdefault(fold(key), key)
    return mapping
