"""The generated files: the four workbook templates and the schema reference page."""

from __future__ import annotations

from pathlib import Path

from salessheet.io.atomic import atomic_write
from salessheet.templates.builder import build_workbook
from salessheet.templates.schema_doc import schema_markdown
from salessheet.templates.writer import save_workbook

__all__ = ["TEMPLATES", "template_filename", "write_schema_doc", "write_templates"]

TEMPLATES: tuple[tuple[str, str], ...] = (("rep", "en"), ("rep", "zh"), ("master", "en"), ("master", "zh"))
"""(kind, language) of every template shipped in ``workbook_templates/``."""


def template_filename(kind: str, lang: str) -> str:
    """File name of a template.

    >>> template_filename("rep", "zh")
    'salessheet-rep-zh.xlsx'
    """
    return f"salessheet-{kind}-{lang}.xlsx"


def write_templates(out_dir: Path) -> list[Path]:
    """Build and save every template into ``out_dir``; return the paths written."""
    paths = []
    for kind, lang in TEMPLATES:
        wb = build_workbook("rep" if kind == "rep" else "master", lang)
        paths.append(save_workbook(wb, Path(out_dir) / template_filename(kind, lang)))
    return paths


def write_schema_doc(path: Path) -> Path:
    """Write the schema reference Markdown to ``path`` atomically."""
    text = schema_markdown() + "\n"

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    atomic_write(Path(path), write)
    return Path(path)
