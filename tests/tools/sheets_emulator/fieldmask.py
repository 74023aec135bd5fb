"""Partial responses: the ``fields`` parameter ("sheets.properties(title,sheetId)") applied to a JSON body."""

from __future__ import annotations

from typing import Any

__all__ = ["Mask", "apply_mask", "parse_mask"]

Mask = dict[str, "Mask"]
"""Field name -> sub-mask; an empty sub-mask keeps the whole value."""


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (char == "(") - (char == ")")
        current += char
    if current:
        parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def parse_mask(text: str) -> Mask:
    """Parse a field mask; "a.b,c(d,e)" -> {"a": {"b": {}}, "c": {"d": {}, "e": {}}}.

    Google separates path steps with "." (and accepts "/" in update masks).
    """
    mask: Mask = {}
    for part in _split_top(text):
        head, paren, inner = part.partition("(")
        steps = head.replace("/", ".").split(".")
        node = mask
        for step in steps:
            node = node.setdefault(step, {})
        if paren:
            sub = parse_mask(inner[:-1] if inner.endswith(")") else inner)
            for key, value in sub.items():
                node.setdefault(key, {}).update(value)
    return mask


def apply_mask(value: Any, mask: Mask) -> Any:
    """Keep only the masked fields of ``value`` (lists are filtered element-wise)."""
    if not mask or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(item, mask) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, sub in mask.items():
        if key in value:
            kept = apply_mask(value[key], sub)
            if kept not in ({}, [], None) or not sub:
                out[key] = kept
    return out
