"""The pipeline waterfall's geometry: floating bars from start to end, and where an axis starts.

Shared by the report's chart and the master's Dashboard chart, so both draw the same bars.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

__all__ = ["WATERFALL_LABELS", "WATERFALL_SIGN", "WATERFALL_STEPS", "waterfall_bars", "waterfall_floor"]

WATERFALL_STEPS = ("start", "new", "increased", "decreased", "won", "lost", "slipped", "end")
WATERFALL_LABELS = {
    "start": ("Start", "期初"), "new": ("New", "新增"), "increased": ("Increased", "增加"),
    "decreased": ("Decreased", "减少"), "won": ("Won", "赢单"), "lost": ("Lost", "输单"),
    "slipped": ("Slipped", "延期移出"), "end": ("End", "期末"),
}
"""Each step's English and Chinese label, wherever the waterfall is shown."""
WATERFALL_SIGN = {"new": 1, "increased": 1, "decreased": -1, "won": -1, "lost": -1, "slipped": -1}
"""+1 for a move into the open pipeline, -1 for one out of it."""


def waterfall_bars(parts: Mapping[str, float]) -> list[tuple[float, float]]:
    """(bottom, height) of each step's bar: start and end stand on zero, each move floats.

    >>> waterfall_bars({"start": 100, "new": 20, "won": 30, "end": 90})[:5]
    [(0.0, 100.0), (100.0, 20.0), (120.0, 0.0), (120.0, 0.0), (90.0, 30.0)]
    """
    bars: list[tuple[float, float]] = []
    level = 0.0
    for step in WATERFALL_STEPS:
        value = float(parts.get(step, 0.0))
        if step in ("start", "end"):
            bars.append((0.0, value))
            level = value
        else:
            delta = WATERFALL_SIGN[step] * abs(value)
            bars.append((level if delta >= 0 else level + delta, abs(delta)))
            level += delta
    return bars


def waterfall_floor(bars: Sequence[tuple[float, float]]) -> float:
    """Where the value axis starts: zero, unless the moves are too small to see from it.

    A week's moves are often a few per cent of a pipeline of millions; drawn from zero they are
    hairlines. When every level the pipeline passes through lies in the top fifth of the chart,
    the axis starts at a round value (a multiple of 1, 2, 2.5 or 5 times a power of ten) below
    the lowest level instead, half the moves' span lower.

    >>> waterfall_floor(waterfall_bars({"start": 8_270_000, "slipped": 99_300, "end": 8_170_700}))
    8120000.0
    """
    low = min(bars[0][1], bars[-1][1], *(bottom for bottom, _ in bars[1:-1]))
    high = max(bottom + height for bottom, height in bars)
    span = high - low
    if low <= 0 or not 1e-6 * high <= span < 0.2 * high:  # (nothing moved: nothing to show)
        return 0.0
    rough = span / 5
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return max(math.floor((low - 0.5 * span) / step) * step, 0.0)
