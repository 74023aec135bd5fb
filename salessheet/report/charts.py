"""Report charts as inline SVG (matplotlib, text as paths so no font is needed to view them).

Colours differ in lightness and bars carry hatches, so the charts survive grayscale printing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from salessheet.compute.waterfall import (
    WATERFALL_LABELS,
    WATERFALL_SIGN,
    WATERFALL_STEPS,
    waterfall_bars,
    waterfall_floor,
)
from salessheet.format import money_short
from salessheet.report.labels import text

__all__ = ["attainment_chart", "funnel_chart", "heatmap_chart", "monthly_chart", "waterfall_chart"]

DARK, MID, LIGHT, PALE = "#1b2a49", "#4f6d9a", "#a9bcd6", "#e4eaf2"
ACCENT_UP, ACCENT_DOWN = "#2e6b3a", "#9b2c2c"

plt.rcParams.update({
    "svg.fonttype": "path",
    "svg.hashsalt": "salessheet",
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "DejaVu Sans"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "font.size": 9,
    "hatch.linewidth": 0.6,
})


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    start, end = svg.find("<metadata>"), svg.find("</metadata>")
    if start >= 0 and end > start:
        svg = svg[:start] + svg[end + len("</metadata>"):]
    return svg


def _money_axis(ax: Any, lang: str, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda v, _: money_short(v, lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def monthly_chart(monthly: Sequence[dict[str, Any]], lang: str) -> str:
    """Grouped bars: target (light, hatched) and actual (dark) per month."""
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    xs = range(len(monthly))
    width = 0.38
    targets = [m["target"] or 0 for m in monthly]
    actuals = [m["actual"] or 0 for m in monthly]
    ax.bar([x - width / 2 for x in xs], targets, width, label=text("target", lang), color=PALE,
           edgecolor=MID, hatch="///")
    ax.bar([x + width / 2 for x in xs], actuals, width, label=text("actual", lang), color=DARK)
    ax.set_xticks(list(xs), [m["month"] for m in monthly], rotation=45 if len(monthly) > 6 else 0)
    _money_axis(ax, lang)
    ax.legend(frameon=False, loc="upper left")
    ax.set_title(text("target_vs_actual", lang), loc="left")
    return _svg(fig)


def funnel_chart(funnel: Sequence[dict[str, Any]], lang: str) -> str:
    """Horizontal bars of deals reaching each stage, with the step conversion."""
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    labels = [f["stage"] for f in funnel][::-1]
    values = [f["reached"] for f in funnel][::-1]
    shades = [MID if i % 2 else DARK for i in range(len(values))]
    bars = ax.barh(labels, values, color=shades)
    for bar, row in zip(bars, list(funnel)[::-1], strict=True):
        note = f"{row['reached']}"
        if row["conversion"] is not None:
            note += f"  → {row['conversion'] * 100:.0f}%"
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, "  " + note, va="center")
    ax.set_xlabel(text("reached", lang))
    ax.set_xlim(0, (max(values, default=0) or 1) * 1.3)  # (all zero: an empty axis, not a singular one)
    ax.set_title(text("funnel", lang), loc="left")
    return _svg(fig)


def attainment_chart(groups: Sequence[dict[str, Any]], lang: str) -> str:
    """Horizontal bars of attainment per rep with the 100% line."""
    fig, ax = plt.subplots(figsize=(6.4, max(2.0, 0.32 * len(groups) + 0.8)))
    rows = sorted(groups, key=lambda g: (g["attainment"] or 0, g["owner"]))
    values = [(g["attainment"] or 0) * 100 for g in rows]
    colours = [DARK if v >= 100 else (MID if v >= 50 else LIGHT) for v in values]
    hatches = ["" if v >= 100 else ("" if v >= 50 else "...") for v in values]
    bars = ax.barh([g["owner"] for g in rows], values, color=colours, edgecolor=DARK, linewidth=0.4)
    for bar, hatch, value in zip(bars, hatches, values, strict=True):
        bar.set_hatch(hatch)
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:.0f}%", va="center")
    ax.axvline(100, color=ACCENT_DOWN, linestyle="--", linewidth=1)
    ax.set_xlim(0, max([*values, 100]) * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.set_title(text("attainment_by_rep", lang), loc="left")
    return _svg(fig)


def heatmap_chart(grid: Sequence[Sequence[int]], lang: str) -> str:
    """5 × 5 likelihood (rows 5..1) × impact (1..5) grid of open-risk counts."""
    fig, ax = plt.subplots(figsize=(3.6, 3.2))
    top = max(1, max(max(r) for r in grid))
    ax.imshow(grid, cmap="Greys", vmin=0, vmax=top)
    for i, row in enumerate(grid):
        for j, count in enumerate(row):
            colour = "white" if count > top * 0.55 else "black"
            ax.text(j, i, str(count), ha="center", va="center", color=colour, fontweight="bold")
    ax.set_xticks(range(5), [str(i) for i in range(1, 6)])
    ax.set_yticks(range(5), [str(i) for i in range(5, 0, -1)])
    ax.set_xlabel(text("impact", lang))
    ax.set_ylabel(text("likelihood", lang))
    ax.spines[:].set_visible(False)
    ax.set_title(text("heatmap", lang), loc="left")
    return _svg(fig)


def waterfall_chart(parts: dict[str, float], lang: str) -> str:
    """Start, the moves in and out of the open pipeline, and end, as floating bars."""
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    bars = waterfall_bars(parts)
    floor = waterfall_floor(bars)
    for x, (step, (bottom, height)) in enumerate(zip(WATERFALL_STEPS, bars, strict=True)):
        value = float(parts.get(step, 0.0))
        if step in ("start", "end"):
            ax.bar(x, height - floor, bottom=floor, color=DARK)
        else:
            up = WATERFALL_SIGN[step] > 0
            ax.bar(x, height, bottom=bottom, color=LIGHT if up else PALE,
                   edgecolor=ACCENT_UP if up else ACCENT_DOWN, hatch="" if up else "xx")
        ax.text(x, bottom + height, money_short(value, lang), ha="center", va="bottom", fontsize=8)
    if floor > 0:
        ax.set_ylim(bottom=floor)
        for dx in (-0.012, 0.012):  # the break mark: the axis does not start at zero
            ax.plot((dx - 0.012, dx + 0.012), (0.01, 0.05), transform=ax.transAxes, color="black",
                    linewidth=0.8, clip_on=False)
    ax.set_xticks(range(len(WATERFALL_STEPS)), [WATERFALL_LABELS[s][lang == "zh"] for s in WATERFALL_STEPS],
                  fontsize=8)
    _money_axis(ax, lang)
    ax.set_title(text("waterfall", lang), loc="left")
    return _svg(fig)
