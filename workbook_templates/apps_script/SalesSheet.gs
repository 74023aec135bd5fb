/**
 * SalesSheet menu for Google Sheets: Validate and Consolidate run on a `salessheet serve` server.
 *
 * The workbook is posted as the xlwings Server book payload
 *   {client, version, book: {name, active_sheet_index, selection}, names, sheets: [{name, values, pictures, tables}]}
 * to <SALESSHEET_URL>/xlwings/custom-scripts-call/<script>, and the actions that come back
 * (setValues, setRangeColor, sheetClearContents, addSheet, activateSheet, ...) are applied here.
 *
 * Script Properties (Extensions > Apps Script > Project Settings > Script Properties):
 *   SALESSHEET_URL                 https address of the server, e.g. https://sales.example.com (required)
 *   SALESSHEET_TOKEN               optional bearer token the server (or its proxy) expects
 *   SALESSHEET_VALIDATE_SCRIPT     macro run by "Validate"    (default: validate_this_workbook)
 *   SALESSHEET_CONSOLIDATE_SCRIPT  macro run by "Consolidate" (default: consolidate)
 * The token is read from Script Properties only and never written to the sheet or the log.
 */

var SALESSHEET_DEFAULTS = {
  SALESSHEET_VALIDATE_SCRIPT: 'validate_this_workbook',
  SALESSHEET_CONSOLIDATE_SCRIPT: 'consolidate',
};

var SALESSHEET_TEXT = {
  en: {
    menu: 'SalesSheet', validate: 'Validate', consolidate: 'Consolidate', settings: 'Server settings…',
    noUrl: 'Set the SALESSHEET_URL Script Property to the address of your salessheet server.',
    failed: 'salessheet could not run: ', done: 'Done.', prompt: 'Address of the salessheet server (https://…)',
  },
  zh: {
    menu: 'SalesSheet', validate: '检查', consolidate: '汇总', settings: '服务器设置…',
    noUrl: '请在脚本属性 SALESSHEET_URL 中填写 salessheet 服务器地址。',
    failed: 'salessheet 运行失败：', done: '完成。', prompt: 'salessheet 服务器地址（https://…）',
  },
};

function salessheetText_() {
  var locale = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale() || 'en';
  return locale.indexOf('zh') === 0 ? SALESSHEET_TEXT.zh : SALESSHEET_TEXT.en;
}

/** Adds the SalesSheet menu when the spreadsheet opens. */
function onOpen() {
  var t = salessheetText_();
  SpreadsheetApp.getUi()
    .createMenu(t.menu)
    .addItem(t.validate, 'salessheetValidate')
    .addItem(t.consolidate, 'salessheetConsolidate')
    .addSeparator()
    .addItem(t.settings, 'salessheetSettings')
    .addToUi();
}

function salessheetValidate() {
  salessheetRun_(salessheetProperty_('SALESSHEET_VALIDATE_SCRIPT'));
}

function salessheetConsolidate() {
  salessheetRun_(salessheetProperty_('SALESSHEET_CONSOLIDATE_SCRIPT'));
}

/** Asks for the server address and stores it as the SALESSHEET_URL Script Property. */
function salessheetSettings() {
  var t = salessheetText_();
  var ui = SpreadsheetApp.getUi();
  var answer = ui.prompt(t.prompt, salessheetProperty_('SALESSHEET_URL') || '', ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() === ui.Button.OK) {
    PropertiesService.getScriptProperties().setProperty('SALESSHEET_URL', answer.getResponseText().trim());
  }
}

function salessheetProperty_(name) {
  var value = PropertiesService.getScriptProperties().getProperty(name);
  return value || SALESSHEET_DEFAULTS[name] || '';
}

function salessheetCell_(value) {
  if (value instanceof Date) {
    // Local wall-clock time as ISO text, as the Excel clients send dates.
    return Utilities.formatDate(value, Session.getScriptTimeZone(), "yyyy-MM-dd'T'HH:mm:ss");
  }
  return value;
}

/** The xlwings Server book payload of the active spreadsheet. */
function salessheetPayload_(version) {
  var book = SpreadsheetApp.getActiveSpreadsheet();
  var active = book.getActiveSheet();
  var sheets = book.getSheets();
  return {
    client: 'Google Apps Script',
    version: version,
    book: {name: book.getName(), active_sheet_index: active.getIndex() - 1, selection: null},
    names: [],
    sheets: sheets.map(function (sheet) {
      var values = sheet.getLastRow() === 0 ? [[]] : sheet.getDataRange().getValues().map(function (row) {
        return row.map(salessheetCell_);
      });
      return {name: sheet.getName(), values: values, pictures: [], tables: []};
    }),
  };
}

function salessheetFetch_(url, options) {
  var token = PropertiesService.getScriptProperties().getProperty('SALESSHEET_TOKEN');
  options.headers = token ? {Authorization: 'Bearer ' + token} : {};
  options.muteHttpExceptions = true;
  return UrlFetchApp.fetch(url, options);
}

function salessheetRun_(script) {
  var t = salessheetText_();
  var base = salessheetProperty_('SALESSHEET_URL').replace(/\/+$/, '');
  if (!base) {
    SpreadsheetApp.getUi().alert(t.noUrl);
    return;
  }
  try {
    var health = JSON.parse(salessheetFetch_(base + '/health', {method: 'get'}).getContentText());
    var response = salessheetFetch_(base + '/xlwings/custom-scripts-call/' + encodeURIComponent(script), {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify(salessheetPayload_(health.xlwings || '')),
    });
    var body = JSON.parse(response.getContentText() || '{}');
    if (response.getResponseCode() !== 200) {
      throw new Error(body.detail || ('HTTP ' + response.getResponseCode()));
    }
    salessheetApply_(body.actions || []);
    SpreadsheetApp.getActiveSpreadsheet().toast(t.done, t.menu, 3);
  } catch (error) {
    SpreadsheetApp.getUi().alert(t.failed + error.message);
  }
}

function salessheetArgs_(action) {
  if (action.args === undefined || action.args === null) return [];
  return Array.isArray(action.args) ? action.args : [action.args];
}

/** Applies the server's actions (positions and indexes are 0-based, as in the payload). */
function salessheetApply_(actions) {
  var book = SpreadsheetApp.getActiveSpreadsheet();
  actions.forEach(function (action) {
    var sheets = book.getSheets();
    var sheet = action.sheet_position === null || action.sheet_position === undefined
      ? null : sheets[action.sheet_position];
    var range = sheet && action.row_count ? sheet.getRange(
      action.start_row + 1, action.start_column + 1, action.row_count, action.column_count) : null;
    var args = salessheetArgs_(action);
    switch (action.func) {
      case 'setValues':
        range.setValues(action.values);
        break;
      case 'setRangeColor':
        range.setBackground(args[0] || null);
        break;
      case 'rangeClearContents':
        range.clearContent();
        break;
      case 'rangeClear':
        range.clear();
        break;
      case 'sheetClearContents':
        sheet.clearContents();
        break;
      case 'sheetClear':
        sheet.clear();
        break;
      case 'addSheet':
        book.insertSheet(args[1], args[0]);
        break;
      case 'setSheetName':
        sheet.setName(args[0]);
        break;
      case 'activateSheet':
        book.setActiveSheet(book.getSheets()[args[0]]);
        break;
      case 'alert':
        SpreadsheetApp.getUi().alert(String(args[1] || args[0] || ''));
        break;
      default:
        // Actions without a Google Sheets meaning (screen updating, calculation mode) are skipped.
        break;
    }
  });
}
