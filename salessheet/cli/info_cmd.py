"""`salessheet schema`: print the registry (sheets, columns, labels) as a table or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from salessheet.cli.app import app, console, settings
from salessheet.schema import SHEETS, TEMPLATE_VERSION, schema_hash


@app.command("schema")
def schema_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show every sheet and column of the template, with labels in English and Chinese."""
    if as_json:
        data = {
            "template_version": TEMPLATE_VERSION,
            "schema_hash": schema_hash(),
            "sheets": [
                {
                    "key": s.key,
                    "name_en": s.name_en,
                    "name_zh": s.name_zh,
                    "key_columns": list(s.key_columns),
                    "columns": [
                        {
                            "key": c.key,
                            "label_en": c.label_en,
                            "label_zh": c.label_zh,
                            "kind": c.kind.value,
                            "required": c.required,
                            "choices": c.choices,
                            "computed": c.computed,
                            "help_en": c.help_en,
                            "help_zh": c.help_zh,
                        }
                        for c in s.columns
                    ],
                }
                for s in SHEETS
            ],
        }
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    lang = settings.lang
    zh = lang == "zh"
    console.print(f"模板版本 {TEMPLATE_VERSION}，结构哈希 {schema_hash()}" if zh else
                  f"template version {TEMPLATE_VERSION}, schema hash {schema_hash()}", highlight=False)
    yes = "是" if zh else "yes"
    for spec in SHEETS:
        table = Table(title=f"{spec.name(lang)} ({spec.key})")
        for header in (("key", "键"), ("label", "列名"), ("kind", "类型"), ("required", "必填"),
                       ("choices", "选项列表"), ("computed", "公式列")):
            table.add_column(header[zh])
        for c in spec.columns:  # (key, kind and choices are the registry's identifiers)
            table.add_row(c.key, c.label(lang), c.kind.value, yes if c.required else "", c.choices or "",
                          yes if c.computed else "")
        console.print(table)
