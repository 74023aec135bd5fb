"""Column metadata carried on pydantic fields, and the ColumnSpec read back from a model."""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, Field

__all__ = ["ColumnKind", "ColumnSpec", "column", "columns_of"]

_META_KEY = "salessheet"


class ColumnKind(StrEnum):
    """How a column's cells are typed, formatted and parsed."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class ColumnSpec:
    """Everything the project knows about one column; derived from a pydantic field.

    Attributes:
        key: canonical snake_case English key.
        label_en / label_zh: header text in each language.
        help_en / help_zh: one-line help shown as the cell's input message.
        kind: how values are typed and formatted.
        required: a row must have a value.
        choices: name of the choice list (see ``schema.choices``) the value must come from.
        computed: filled by a formula, never typed by a rep.
        synonyms: other headers a rep or a foreign export may use for this column.
        width: column width in characters in generated workbooks.
        minimum / maximum: inclusive numeric bounds.
        python_type: the field's value type (without Optional).
    """

    key: str
    label_en: str
    label_zh: str
    help_en: str
    help_zh: str
    kind: ColumnKind
    required: bool
    choices: str | None
    computed: bool
    synonyms: tuple[str, ...]
    width: float
    minimum: float | None
    maximum: float | None
    python_type: type
    default: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """Header text in ``lang`` ("en" or "zh")."""
        return self.label_zh if lang == "zh" else self.label_en

    def help(self, lang: str) -> str:
        """Help text in ``lang`` ("en" or "zh")."""
        return self.help_zh if lang == "zh" else self.help_en


def column(
    label_en: str,
    label_zh: str,
    help_en: str,
    help_zh: str,
    *,
    kind: ColumnKind | None = None,
    required: bool = False,
    choices: str | None = None,
    computed: bool = False,
    synonyms: tuple[str, ...] = (),
    width: float = 14,
    ge: float | None = None,
    le: float | None = None,
    default: Any = None,
) -> Any:
    """Declare a sheet column as a pydantic ``Field`` carrying the column metadata.

    Required columns have no default; optional ones default to ``default`` (None).
    """
    meta = {
        "label_en": label_en,
        "label_zh": label_zh,
        "help_zh": help_zh,
        "kind": kind.value if kind else None,
        "required": required,
        "choices": choices,
        "computed": computed,
        "synonyms": list(synonyms),
        "width": width,
    }
    extra: dict[str, Any] = {_META_KEY: meta}
    if required:
        return Field(..., description=help_en, ge=ge, le=le, json_schema_extra=extra)
    return Field(default=default, description=help_en, ge=ge, le=le, json_schema_extra=extra)


def _base_type(annotation: Any) -> type:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _base_type(args[0])
    if isinstance(annotation, type):
        return annotation
    return str


_KIND_BY_TYPE: dict[type, ColumnKind] = {
    str: ColumnKind.TEXT,
    int: ColumnKind.INTEGER,
    float: ColumnKind.NUMBER,
    bool: ColumnKind.BOOLEAN,
    dt.date: ColumnKind.DATE,
}


def _bound(field_info: Any, name: str) -> float | None:
    for item in field_info.metadata:
        value = getattr(item, name, None)
        if value is not None:
            return float(value)
    return None


def columns_of(model: type[BaseModel]) -> tuple[ColumnSpec, ...]:
    """Read the ColumnSpecs of ``model`` in declaration order."""
    specs = []
    for key, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or _META_KEY not in extra:
            continue
        meta: dict[str, Any] = extra[_META_KEY]  # type: ignore[assignment]
        py_type = _base_type(info.annotation)
        if meta["kind"]:
            kind: ColumnKind | None = ColumnKind(meta["kind"])
        elif meta["choices"] and py_type is str:
            kind = ColumnKind.CHOICE
        else:
            kind = _KIND_BY_TYPE.get(py_type)
        specs.append(
            ColumnSpec(
                key=key,
                label_en=meta["label_en"],
                label_zh=meta["label_zh"],
                help_en=info.description or "",
                help_zh=meta["help_zh"],
                kind=kind or ColumnKind.TEXT,
                required=bool(meta["required"]),
                choices=meta["choices"],
                computed=bool(meta["computed"]),
                synonyms=tuple(meta["synonyms"]),
                width=float(meta["width"]),
                minimum=_bound(info, "ge"),
                maximum=_bound(info, "le"),
                python_type=py_type,
                default=None if info.is_required() else info.default,
            )
        )
    return tuple(specs)
