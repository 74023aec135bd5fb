"""What a new spreadsheet looks like on Google: default format and theme of an en_US sheet."""

from __future__ import annotations

from typing import Any

__all__ = ["default_format", "default_theme"]


def _rgb(red: float = 0, green: float = 0, blue: float = 0) -> dict[str, float]:
    # The API omits zero colour channels.
    return {k: v for k, v in (("red", red), ("green", green), ("blue", blue)) if v}


def default_format() -> dict[str, Any]:
    """``properties.defaultFormat`` of a new spreadsheet."""
    return {
        "backgroundColor": _rgb(1, 1, 1),
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {
            "foregroundColor": {},
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "foregroundColorStyle": {"rgbColor": {}},
        },
        "backgroundColorStyle": {"rgbColor": _rgb(1, 1, 1)},
    }


_THEME = (
    ("TEXT", _rgb()),
    ("BACKGROUND", _rgb(1, 1, 1)),
    ("ACCENT1", _rgb(0.25882354, 0.52156866, 0.95686275)),
    ("ACCENT2", _rgb(0.91764706, 0.2627451, 0.20784314)),
    ("ACCENT3", _rgb(0.9843137, 0.7372549, 0.015686275)),
    ("ACCENT4", _rgb(0.20392157, 0.65882355, 0.3254902)),
    ("ACCENT5", _rgb(1, 0.42745098, 0.003921569)),
    ("ACCENT6", _rgb(0.27450982, 0.7411765, 0.7764706)),
    ("LINK", _rgb(0.06666667, 0.33333334, 0.8)),
)


def default_theme() -> dict[str, Any]:
    """``properties.spreadsheetTheme`` of a new spreadsheet."""
    return {
        "primaryFontFamily": "Arial",
        "themeColors": [{"colorType": kind, "color": {"rgbColor": rgb}} for kind, rgb in _THEME],
    }
