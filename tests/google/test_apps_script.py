"""SalesSheet.gs run under Node with stand-ins for the Apps Script services it uses.

Checks the payload posted to ``salessheet serve`` (the xlwings Server book shape the Excel task
pane also sends) and that returned actions are applied to the spreadsheet.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.tools.system import REQUIRED, find_tool

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "workbook_templates" / "apps_script" / "SalesSheet.gs"

HARNESS = r"""
const fs = require('fs'), vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const log = {fetches: [], alerts: [], menu: [], writes: [], toasts: 0};
const grids = input.sheets.map((s) => ({name: s.name, values: s.values}));
function makeSheet(g) {
  return {
    getName: () => g.name, setName: (n) => { g.name = n; },
    getIndex: () => grids.indexOf(g) + 1,
    getLastRow: () => g.values.length,
    getDataRange: () => ({getValues: () => g.values.map((r) => r.map((v) =>
      (typeof v === 'string' && v.startsWith('DATE:')) ? new ScriptDate(v.slice(5)) : v))}),
    getRange: (r, c, h, w) => ({
      setValues: (vals) => log.writes.push({sheet: g.name, r, c, h, w, vals}),
      setBackground: (col) => log.writes.push({sheet: g.name, r, c, background: col}),
      clearContent: () => {}, clear: () => {},
    }),
    clearContents: () => { g.values = []; log.writes.push({sheet: g.name, cleared: true}); },
    clear: () => { g.values = []; },
  };
}
const book = {
  getName: () => 'Alice 2026', getSpreadsheetLocale: () => input.locale,
  getActiveSheet: () => makeSheet(grids[1]), getSheets: () => grids.map(makeSheet),
  insertSheet: (name, index) => grids.splice(index, 0, {name, values: []}),
  setActiveSheet: (s) => { log.active = s.getName(); }, toast: () => { log.toasts += 1; },
};
const ui = {
  createMenu: (title) => {
    const m = {addItem: (label, fn) => { log.menu.push([title, label, fn]); return m; },
               addSeparator: () => m, addToUi: () => m};
    return m;
  },
  alert: (text) => log.alerts.push(text),
};
const ctx = {
  SpreadsheetApp: {getActiveSpreadsheet: () => book, getUi: () => ui},
  PropertiesService: {getScriptProperties: () => ({getProperty: (k) => input.properties[k] || null,
                                                    setProperty: () => {}})},
  Session: {getScriptTimeZone: () => 'UTC'},
  Utilities: {formatDate: (d) => d.toISOString().slice(0, 19)},
  UrlFetchApp: {fetch: (url, options) => {
    log.fetches.push({url, options});
    const health = url.endsWith('/health');
    const body = health ? {status: 'ok', xlwings: '0.33.0'} : input.answer;
    return {getContentText: () => JSON.stringify(body), getResponseCode: () => (health ? 200 : input.status)};
  }},
};
vm.createContext(ctx);
const ScriptDate = vm.runInContext('Date', ctx);  // dates made in the script's own realm
vm.runInContext(fs.readFileSync(input.script, 'utf8'), ctx);
vm.runInContext('onOpen(); ' + input.call + '();', ctx);
log.sheets = grids.map((g) => g.name);
process.stdout.write(JSON.stringify(log));
"""


def _run(tmp_path: Path, call: str, *, answer: dict[str, Any], status: int = 200, locale: str = "en_US",
         properties: dict[str, str] | None = None) -> dict[str, Any]:
    node = find_tool("node")
    if node is None:
        if REQUIRED:
            pytest.fail("SALESSHEET_REQUIRE_TOOLS=1 but node is not installed")
        pytest.skip("node is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    sheets = [{"name": "Targets", "values": [["Period"]]},
              {"name": "Pipeline", "values": [["Deal ID", "Created"], ["D-1", "DATE:2026-03-05T00:00:00Z"]]}]
    payload = {"script": str(SCRIPT), "call": call, "answer": answer, "status": status, "locale": locale,
               "sheets": sheets, "properties": properties if properties is not None else {
                   "SALESSHEET_URL": "https://sales.example.com/", "SALESSHEET_TOKEN": "tok-123"}}
    done = subprocess.run([node, str(harness)], input=json.dumps(payload), capture_output=True, text=True,
                          timeout=60, check=True)
    return dict(json.loads(done.stdout))


def test_validate_posts_the_book_payload_and_applies_actions(tmp_path: Path) -> None:
    actions = [{"func": "setValues", "sheet_position": 1, "start_row": 1, "start_column": 2, "row_count": 1,
                "column_count": 1, "values": [["bad date"]], "args": []},
               {"func": "addSheet", "args": [2, "Issues"], "sheet_position": None},
               {"func": "activateSheet", "args": 2, "sheet_position": None}]
    log = _run(tmp_path, "salessheetValidate", answer={"actions": actions})
    health, call = log["fetches"]
    assert health["url"] == "https://sales.example.com/health"
    assert call["url"] == "https://sales.example.com/xlwings/custom-scripts-call/validate_this_workbook"
    assert call["options"]["headers"] == {"Authorization": "Bearer tok-123"}
    payload = json.loads(call["options"]["payload"])
    assert payload["client"] == "Google Apps Script" and payload["version"] == "0.33.0"
    assert payload["book"] == {"name": "Alice 2026", "active_sheet_index": 1, "selection": None}
    assert payload["sheets"][1] == {"name": "Pipeline", "values": [["Deal ID", "Created"],
                                                                    ["D-1", "2026-03-05T00:00:00"]],
                                    "pictures": [], "tables": []}
    assert log["writes"] == [{"sheet": "Pipeline", "r": 2, "c": 3, "h": 1, "w": 1, "vals": [["bad date"]]}]
    assert log["sheets"] == ["Targets", "Pipeline", "Issues"] and log["active"] == "Issues"
    assert [m[1] for m in log["menu"]] == ["Validate", "Consolidate", "Server settings…"]
    assert log["alerts"] == [] and log["toasts"] == 1


def test_consolidate_uses_the_configured_script_and_reports_errors(tmp_path: Path) -> None:
    log = _run(tmp_path, "salessheetConsolidate", answer={"detail": "Pipeline!E12: amount is not a number"},
               status=400, locale="zh_CN", properties={"SALESSHEET_URL": "https://x.example",
                                                      "SALESSHEET_CONSOLIDATE_SCRIPT": "consolidate_team"})
    assert log["fetches"][1]["url"] == "https://x.example/xlwings/custom-scripts-call/consolidate_team"
    assert log["fetches"][1]["options"]["headers"] == {}
    assert log["alerts"] == ["salessheet 运行失败：Pipeline!E12: amount is not a number"]
    assert [m[1] for m in log["menu"]][:2] == ["检查", "汇总"]


def test_missing_server_address_is_explained(tmp_path: Path) -> None:
    log = _run(tmp_path, "salessheetValidate", answer={}, properties={})
    assert log["fetches"] == [] and "SALESSHEET_URL" in log["alerts"][0]


def test_every_action_the_excel_task_pane_applies_is_handled() -> None:
    pane = (ROOT / "salessheet" / "addin" / "client.py").read_text(encoding="utf-8")
    handled = set(re.findall(r"case '(\w+)'", SCRIPT.read_text(encoding="utf-8")))
    assert set(re.findall(r'a\.func === "(\w+)"', pane)) <= handled
