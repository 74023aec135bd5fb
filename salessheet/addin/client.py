"""What ``salessheet serve`` sends to Excel: the custom-functions JavaScript and the task pane page.

Both are small Office.js clients of the server's endpoints. The custom-functions script
posts each ``=SALES_...`` call to ``/xlwings/custom-functions-call``; the task pane
posts the workbook's sheets to ``/xlwings/custom-scripts-call/<macro>`` and applies the
actions that come back (write values, add or clear a sheet, fill colours, activate).
"""

from __future__ import annotations

import html
import inspect
import json
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["functions_js", "taskpane_html"]

_FUNCTIONS_JS = """\
// salessheet custom functions: each call is posted to the salessheet server.
const SALESSHEET_CALL_URL = %(call_url)s;
const SALESSHEET_XLWINGS_VERSION = %(version)s;

async function salessheetCall(name, args) {
  const invocation = args.pop();
  const response = await fetch(SALESSHEET_CALL_URL, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({
      func_name: name,
      args: args.map((a) => (a === undefined ? null : a)),
      caller_address: invocation && invocation.address ? invocation.address : null,
      version: SALESSHEET_XLWINGS_VERSION,
      client: "Office.js",
      runtime: "1.4",
      culture_info_name: Office.context.contentLanguage || "en-US",
      date_format: null,
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, body.detail || "error");
  }
  return body.result;
}
"""

_ASSOCIATE = 'CustomFunctions.associate("{name}", (...args) => salessheetCall("{name}", args));\n'

_TASKPANE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>salessheet</title>
<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>
<style>
body {{ font-family: "Segoe UI", sans-serif; margin: 12px; }}
fieldset {{ border: 1px solid #ccc; margin-bottom: 10px; }}
button {{ width: 100%; padding: 6px; margin-top: 4px; }}
label {{ display: block; font-size: 12px; margin-top: 4px; }}
#status {{ font-size: 12px; white-space: pre-wrap; }}
</style>
</head>
<body>
<h3>salessheet</h3>
{forms}
<div id="status"></div>
<script>
const SCRIPTS_URL = {scripts_url};
const VERSION = {version};

function show(text) {{ document.getElementById("status").textContent = text; }}

async function bookPayload(context) {{
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  const active = context.workbook.worksheets.getActiveWorksheet();
  active.load("position");
  await context.sync();
  const used = sheets.items.map((s) => {{
    const r = s.getUsedRangeOrNullObject(true);
    r.load("values,rowIndex,columnIndex");
    return r;
  }});
  await context.sync();
  return {{
    client: "Office.js", version: VERSION,
    book: {{name: "workbook", active_sheet_index: active.position, selection: null}},
    names: [],
    sheets: sheets.items.map((s, i) => {{
      const r = used[i];
      let values = [[]];
      if (!r.isNullObject) {{
        values = [];
        for (let row = 0; row < r.rowIndex + r.values.length; row++) {{
          const width = r.columnIndex + r.values[0].length;
          values.push(row < r.rowIndex ? new Array(width).fill("")
            : new Array(r.columnIndex).fill("").concat(r.values[row - r.rowIndex]));
        }}
      }}
      return {{name: s.name, values: values, pictures: [], tables: []}};
    }}),
  }};
}}

async function applyActions(context, actions) {{
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  for (const a of actions) {{
    const sheet = a.sheet_position !== null && a.sheet_position !== undefined
      ? sheets.items[a.sheet_position] : null;
    const range = sheet && a.row_count ? sheet.getRangeByIndexes(
      a.start_row, a.start_column, a.row_count, a.column_count) : null;
    if (a.func === "setValues") range.values = a.values;
    else if (a.func === "setRangeColor") {{
      if (a.args[0] === null) range.format.fill.clear(); else range.format.fill.color = a.args[0];
    }}
    else if (a.func === "sheetClearContents") sheet.getRange().clear("Contents");
    else if (a.func === "addSheet") {{
      const added = sheets.add(a.args[1]);
      added.position = a.args[0];
      await context.sync();
      sheets.load("items/name");
    }}
    else if (a.func === "activateSheet") sheets.items[a.args[0]].activate();
    await context.sync();
  }}
}}

async function runScript(name, form) {{
  show("Running " + name + " ...");
  const args = Array.from(form.querySelectorAll("input")).map((i) => {{
    if (i.type === "checkbox") return i.checked;
    return i.value === "" || isNaN(Number(i.value)) ? i.value : Number(i.value);
  }});
  try {{
    await Excel.run(async (context) => {{
      const payload = await bookPayload(context);
      payload.args = args;
      const response = await fetch(SCRIPTS_URL + name, {{
        method: "POST", headers: {{"Content-Type": "application/json"}}, body: JSON.stringify(payload),
      }});
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || response.statusText);
      await applyActions(context, body.actions);
    }});
    show("Done: " + name);
  }} catch (error) {{
    show("Error: " + error.message);
  }}
}}

document.querySelectorAll("form[data-script]").forEach((form) => form.addEventListener("submit", (e) => {{
  e.preventDefault();
  runScript(form.dataset.script, form);
}}));
</script>
</body>
</html>
"""


def functions_js(function_names: Sequence[str], call_url: str, xlwings_version: str) -> str:
    """The custom-functions script: one ``CustomFunctions.associate`` per function name."""
    head = _FUNCTIONS_JS % {"call_url": json.dumps(call_url), "version": json.dumps(xlwings_version)}
    return head + "".join(_ASSOCIATE.format(name=name) for name in function_names)


def _inputs(macro: Callable[..., Any]) -> str:
    fields = []
    for name, param in inspect.signature(inspect.unwrap(macro)).parameters.items():
        if name == "book":
            continue
        default = "" if param.default is inspect.Parameter.empty else param.default
        label = html.escape(name.replace("_", " "))
        if isinstance(default, bool):
            checked = " checked" if default else ""
            fields.append(f'<label><input type="checkbox" name="{name}"{checked}> {label}</label>')
        else:
            value = html.escape(str(default), quote=True)
            fields.append(f'<label>{label} <input name="{name}" value="{value}"></label>')
    return "\n".join(fields)


def taskpane_html(macros: Sequence[Callable[..., Any]], scripts_url: str, xlwings_version: str) -> str:
    """The task pane: one form per macro (its arguments as inputs) with a button that runs it."""
    forms = []
    for macro in macros:
        meta = getattr(macro, "__xlscript__", None) or {}
        title = html.escape(str(meta.get("name") or macro.__name__))
        forms.append(
            f'<form data-script="{macro.__name__}"><fieldset>{_inputs(macro)}'
            f'<button type="submit">{title}</button></fieldset></form>'
        )
    return _TASKPANE.format(
        forms="\n".join(forms), scripts_url=json.dumps(scripts_url), version=json.dumps(xlwings_version)
    )
