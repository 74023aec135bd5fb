"""SheetSpec: a data sheet's names, key and columns, built from its row model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from salessheet.schema.column import ColumnSpec, columns_of

__all__ = ["SheetSpec"]


@dataclass(frozen=True)
class SheetSpec:
    """A data sheet (one table of rows) in a rep workbook or the master.

    Attributes:
        key: canonical sheet key ("pipeline").
        name_en / name_zh: sheet tab name in each language.
        table_name: Excel table (ListObject) name; the same in both languages.
        model: pydantic model validating one row.
        key_columns: column keys identifying a row (usually one id column).
        description_en / description_zh: what the sheet is for (Instructions sheet, docs).
    """

    key: str
    name_en: str
    name_zh: str
    table_name: str
    model: type[BaseModel]
    key_columns: tuple[str, ...]
    description_en: str
    description_zh: str

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """All columns in template order."""
        return columns_of(self.model)

    @property
    def input_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns a rep types into."""
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns filled by native formulas."""
        return tuple(c for c in self.columns if c.computed)

    def column(self, key: str) -> ColumnSpec:
        """The column with canonical key ``key``; KeyError if unknown."""
        for spec in self.columns:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.key}.{key}")

    def name(self, lang: str) -> str:
        """Tab name in ``lang``."""
        return self.name_zh if lang == "zh" else self.name_en

    def description(self, lang: str) -> str:
        """Sheet description in ``lang``."""
        return self.description_zh if lang == "zh" else self.description_en
