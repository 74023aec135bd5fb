"""A small formula evaluator: arithmetic, comparisons, same-sheet references and a few functions.

Formulas outside this subset are kept as written and evaluate to an empty value: the emulator
is a test double for the API, not a spreadsheet engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["UnsupportedFormulaError", "evaluate"]

_TOKEN = re.compile(
    r"""\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<str>"(?:[^"]|"")*")|
    (?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![A-Za-z0-9_(])|
    (?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op><>|<=|>=|[-+*/^&=<>(),:]))""",
    re.X,
)

_CALLS = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*\(")

Lookup = Callable[[int, int], Any]


class UnsupportedFormulaError(Exception):
    """The formula uses something this evaluator does not know."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise UnsupportedFormulaError(text[pos:])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _cell(ref: str) -> tuple[int, int]:
    m = re.match(r"\$?([A-Za-z]+)\$?(\d+)", ref)
    assert m
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _num(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError as exc:
        raise UnsupportedFormulaError("#VALUE!") from exc


def _flat(args: list[Any]) -> list[Any]:
    out: list[Any] = []
    for arg in args:
        out.extend(arg if isinstance(arg, list) else [arg])
    return out


_FUNCS: dict[str, Callable[[list[Any]], Any]] = {
    "SUM": lambda a: sum(_num(v) for v in _flat(a) if not isinstance(v, str)),
    "MIN": lambda a: min((_num(v) for v in _flat(a) if v not in (None, "")), default=0.0),
    "MAX": lambda a: max((_num(v) for v in _flat(a) if v not in (None, "")), default=0.0),
    "ABS": lambda a: abs(_num(a[0])),
    "ROUND": lambda a: round(_num(a[0]), int(_num(a[1])) if len(a) > 1 else 0),
    "AND": lambda a: all(bool(v) for v in _flat(a)),
    "OR": lambda a: any(bool(v) for v in _flat(a)),
    "NOT": lambda a: not a[0],
    "IF": lambda a: a[1] if a[0] else (a[2] if len(a) > 2 else False),
    "ISBLANK": lambda a: a[0] in (None, ""),
    "LEN": lambda a: float(len(str(a[0] or ""))),
}

_BINARY: dict[str, tuple[int, Callable[[Any, Any], Any]]] = {
    "=": (1, lambda x, y: _same(x, y)),
    "<>": (1, lambda x, y: not _same(x, y)),
    "<": (1, lambda x, y: _num(x) < _num(y)),
    ">": (1, lambda x, y: _num(x) > _num(y)),
    "<=": (1, lambda x, y: _num(x) <= _num(y)),
    ">=": (1, lambda x, y: _num(x) >= _num(y)),
    "&": (2, lambda x, y: f"{'' if x is None else x}{'' if y is None else y}"),
    "+": (3, lambda x, y: _num(x) + _num(y)),
    "-": (3, lambda x, y: _num(x) - _num(y)),
    "*": (4, lambda x, y: _num(x) * _num(y)),
    "/": (4, lambda x, y: _div(x, y)),
    "^": (5, lambda x, y: _num(x) ** _num(y)),
}


def _same(x: Any, y: Any) -> bool:
    # An empty cell equals "" and 0; text compares case-insensitively, as in every spreadsheet.
    if x is None or y is None:
        other = y if x is None else x
        return other in (None, "", 0, False)
    if isinstance(x, str) and isinstance(y, str):
        return x.casefold() == y.casefold()
    return bool(x == y)


def _div(x: Any, y: Any) -> float:
    if _num(y) == 0:
        raise UnsupportedFormulaError("#DIV/0!")
    return _num(x) / _num(y)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup):
        self.tokens, self.pos, self.lookup = tokens, 0, lookup

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def expr(self, min_prec: int = 0) -> Any:
        left = self.unary()
        while True:
            kind, text = self.peek()
            if kind != "op" or text not in _BINARY or _BINARY[text][0] <= min_prec - 1:
                return left
            prec, func = _BINARY[text]
            if prec < min_prec:
                return left
            self.take()
            right = self.expr(prec + 1)
            left = func(left, right)

    def unary(self) -> Any:
        kind, text = self.peek()
        if kind == "op" and text in "+-":
            self.take()
            value = _num(self.unary())
            return -value if text == "-" else value
        return self.atom()

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            if ":" in text:
                (r0, c0), (r1, c1) = (_cell(part) for part in text.split(":"))
                return [self.lookup(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
            return self.lookup(*_cell(text))
        if kind == "name" and text.upper() in ("TRUE", "FALSE") and self.peek() != ("op", "("):
            return text.upper() == "TRUE"
        if kind == "name" and text.upper() in _FUNCS and self.peek() == ("op", "("):
            self.take()
            args: list[Any] = []
            while self.peek() != ("op", ")"):
                args.append(self.expr())
                if self.peek() == ("op", ","):
                    self.take()
            self.take()
            return _FUNCS[text.upper()](args)
        if (kind, text) == ("op", "("):
            value = self.expr()
            if self.take() != ("op", ")"):
                raise UnsupportedFormulaError("unbalanced")
            return value
        raise UnsupportedFormulaError(text)


def evaluate(formula: str, lookup: Lookup) -> Any:
    """Value of ``formula`` ("=1+A2*2"); ``lookup(row, col)`` gives other cells' values (0-based).

    >>> evaluate("= 1 / 1024", lambda r, c: None)
    0.0009765625

    Raises:
        UnsupportedFormulaError: the formula is outside the supported subset or errors.
    """
    unknown = {name.upper() for name in _CALLS.findall(formula)} - set(_FUNCS)
    if unknown:
        raise UnsupportedFormulaError(", ".join(sorted(unknown)))
    parser = _Parser(_tokens(formula.lstrip("=")), lookup)
    value = parser.expr()
    if parser.pos != len(parser.tokens):
        raise UnsupportedFormulaError(formula)
    return value
