"""What a workbook holds besides its cells, counted from the package: charts, shapes, sparklines...

A rewrite of a user's workbook through openpyxl keeps values, formulas, styles, tables,
dropdowns and conditional formats, but drops what it does not model (text boxes and shapes,
form buttons, sparklines, slicers, Excel 2010 data bars and cross-sheet dropdowns, threaded
comments...). Before such a rewrite replaces a rep's file, the counts of the new package are
held to the old one's, and the write is refused when something would be lost.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, ElementTree

from salessheet.errors import WriteRefusedError
from salessheet.io.xlsx_parts import _local, _sheet_parts

__all__ = ["describe_features", "features_json", "is_user_made", "load_quietly", "lost_features",
           "package_features", "refuse_losses"]

_PART_KINDS = {
    "drawingml.chart+xml": ("chart", "图表"),
    "spreadsheetml.chartsheet+xml": ("chart sheet", "图表工作表"),
    "spreadsheetml.pivotTable+xml": ("pivot table", "数据透视表"),
    "spreadsheetml.pivotCacheDefinition+xml": ("pivot cache", "数据透视表缓存"),
    "ms-excel.slicer+xml": ("slicer", "切片器"),
    "ms-excel.slicerCache+xml": ("slicer cache", "切片器缓存"),
    "ms-excel.timeline+xml": ("timeline", "日程表"),
    "ms-excel.timelineCache+xml": ("timeline cache", "日程表缓存"),
    "ms-excel.threadedcomments+xml": ("threaded comment thread", "批注会话"),
    "ms-excel.person+xml": ("comment author list", "批注作者列表"),
    "ms-excel.controlproperties+xml": ("form control", "表单控件"),
    "ms-office.vbaProject": ("macro project", "宏项目"),
    "spreadsheetml.externalLink+xml": ("external link", "外部链接"),
    "spreadsheetml.queryTable+xml": ("query table", "查询表"),
    "spreadsheetml.connections+xml": ("data connection", "数据连接"),
    "spreadsheetml.table+xml": ("table", "表格"),
    "spreadsheetml.comments+xml": ("comments part", "批注"),
    "customXml": ("custom XML part", "自定义 XML 部件"),
}
"""Content types (by their distinctive ending) whose parts a rewrite must keep, with names."""

_EXTENSIONS = {
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": ("sparklines", "迷你图"),
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": ("Excel 2010 conditional formats (data bars, icons)",
                                               "Excel 2010 条件格式（数据条、图标集）"),
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": ("dropdowns that point at another sheet",
                                               "引用其他工作表的下拉列表"),
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": ("slicers", "切片器"),
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": ("slicers", "切片器"),
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": ("timelines", "日程表"),
    "{BBE1A952-AA13-448e-AADC-164F8A28A991}": ("slicer caches", "切片器缓存"),
    "{D0CA8CA8-9F24-4464-BF8E-62219DCF47F9}": ("timeline caches", "日程表缓存"),
    "{876F7934-8845-4945-9796-88D515C7AA90}": ("pivot caches", "数据透视表缓存"),
    "{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}": ("query tables", "查询表"),
    "{79F54976-1DA5-4618-B147-4CDE4B953A38}": ("workbook settings of Excel 2010", "Excel 2010 工作簿设置"),
    "{140A7094-0E35-4892-8432-C4D2E57EDEB5}": ("workbook settings of Excel 2013", "Excel 2013 工作簿设置"),
}
"""Extension URIs of ``<extLst>`` entries that carry something a user made."""

_SHEET_COUNTED = {"conditionalFormatting": "cfRule", "dataValidations": "dataValidation",
                  "hyperlinks": "hyperlink", "mergeCells": "mergeCell", "protectedRanges": "protectedRange",
                  "controls": "control", "oleObjects": "oleObject"}
"""Sheet elements whose entries are counted one by one (a rule, a dropdown, a link...)."""

_SHEET_KEPT = ("autoFilter", "sheetProtection", "picture", "customSheetViews", "scenarios",
               "dataConsolidate", "cellWatches", "smartTags", "webPublishItems", "rowBreaks", "colBreaks")
"""Sheet elements whose mere presence counts (a filter, a protection, a background picture...)."""

_ANCHORED = {"graphicFrame": ("chart or diagram", "图表或图示"), "pic": ("picture", "图片"),
             "sp": ("shape or text box", "形状或文本框"), "grpSp": ("group of shapes", "组合形状"),
             "cxnSp": ("connector", "连接线")}
"""What an anchor of a DrawingML drawing holds."""

_NAMES = {
    "cfRule": ("conditional format rule", "条件格式规则"),
    "dataValidation": ("dropdown or input rule", "数据验证"),
    "hyperlink": ("hyperlink", "超链接"),
    "mergeCell": ("merged range", "合并单元格"),
    "protectedRange": ("editable range", "允许编辑区域"),
    "control": ("control", "控件"),
    "oleObject": ("embedded object", "嵌入对象"),
    "autoFilter": ("filter", "筛选"),
    "sheetProtection": ("sheet protection", "工作表保护"),
    "picture": ("background picture", "背景图片"),
    "customSheetViews": ("custom views", "自定义视图"),
    "scenarios": ("scenarios", "方案"),
    "dataConsolidate": ("data consolidation", "合并计算"),
    "cellWatches": ("watched cells", "监视单元格"),
    "smartTags": ("smart tags", "智能标记"),
    "webPublishItems": ("web publishing", "网页发布"),
    "rowBreaks": ("page breaks", "分页符"),
    "colBreaks": ("page breaks", "分页符"),
    "definedName": ("defined name", "名称"),
}

Feature = tuple[str, str, str]
"""(where: a sheet's name or "", English name, Chinese name)."""

_USER_MADE = frozenset({
    "chart", "chart sheet", "pivot table", "slicer", "timeline", "threaded comment thread",
    "external link", "query table", "data connection", "chart or diagram", "picture",
    "shape or text box", "group of shapes", "connector", "comment", "sparklines", "embedded object",
    "background picture", "merged range", "hyperlink", "Excel 2010 conditional formats (data bars, icons)",
    "slicers", "timelines",
})
"""What only a user puts in a workbook (a template brings its own dropdowns, rules and names)."""


def is_user_made(feature: Feature) -> bool:
    """True for what a user added (a chart, a picture, sparklines...), not what a template brings."""
    return feature[1] in _USER_MADE or feature[1].startswith("form control")


def _xml(archive: zipfile.ZipFile, name: str) -> Any | None:
    """A part's parsed XML; None when it is absent, or not XML this module may read."""
    try:
        return ElementTree.fromstring(archive.read(name))
    except (KeyError, ElementTree.ParseError, DefusedXmlException):
        return None


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's relationships: id -> target part path."""
    folder, base = posixpath.split(part)
    root = _xml(archive, posixpath.join(folder, "_rels", base + ".rels"))
    targets: dict[str, str] = {}
    for rel in root if root is not None else ():
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        targets[rel.get("Id", "")] = posixpath.normpath(path)
    return targets


def _extensions(element: Any) -> Iterator[tuple[str, str]]:
    for child in element:
        if _local(child.tag) == "extLst":
            for ext in child:
                uri = ext.get("uri", "")
                yield _EXTENSIONS.get(uri, (f"extension {uri}", f"扩展 {uri}"))


def _drawing(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, str]]:
    root = _xml(archive, part)
    for anchor in root if root is not None else ():
        for child in anchor:
            if _local(child.tag) in _ANCHORED:
                yield _ANCHORED[_local(child.tag)]


_CLIENT_DATA = re.compile(rb"<(?:\w+:)?ClientData\s+ObjectType=[\"']([A-Za-z]+)[\"']")
"""A VML shape's kind (Note for a comment, Button, Checkbox...). VML is matched, not parsed:
Excel's legacy VML is not always well-formed XML."""


def _vml(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, str]]:
    try:
        data = archive.read(part)
    except KeyError:
        return
    for match in _CLIENT_DATA.finditer(data):
        kind = match.group(1).decode()
        yield ("comment", "批注") if kind == "Note" else (f"form control ({kind})", f"表单控件（{kind}）")


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_DRAWN = {"drawing": _drawing, "legacyDrawing": _vml}
"""Sheet elements that point at a drawing part, and how each part's shapes are read."""


def _sheet(archive: zipfile.ZipFile, name: str, part: str) -> Iterator[Feature]:
    root = _xml(archive, part)
    if root is None:
        return
    rels = _rels(archive, part)
    for child in root:
        tag = _local(child.tag)
        if tag in _SHEET_COUNTED:
            entry = _SHEET_COUNTED[tag]
            for _ in (e for e in child.iter() if _local(e.tag) == entry):
                yield (name, *_NAMES[entry])
        elif tag in _SHEET_KEPT:
            yield (name, *_NAMES[tag])
        elif tag in _DRAWN and (target := rels.get(child.get(_REL_ID, ""), "")):
            for en, zh in _DRAWN[tag](archive, target):
                yield name, en, zh
    for en, zh in _extensions(root):
        yield name, en, zh


def _parts(archive: zipfile.ZipFile) -> Iterator[Feature]:
    types = _xml(archive, "[Content_Types].xml")
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for entry in types if types is not None else ():
        if _local(entry.tag) == "Default":
            defaults[entry.get("Extension", "").lower()] = entry.get("ContentType", "")
        elif _local(entry.tag) == "Override":
            overrides[entry.get("PartName", "").lstrip("/")] = entry.get("ContentType", "")
    for name in archive.namelist():
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        for ending, names in _PART_KINDS.items():
            if kind.endswith(ending) or (ending == "customXml" and name.startswith("customXml/item")
                                         and "/_rels/" not in name and not name.endswith("Props.xml")):
                yield "", *names
                break


def package_features(data: bytes) -> Counter[Feature]:
    """How many of each feature the xlsx/xlsm package ``data`` holds, by sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found: Counter[Feature] = Counter(_parts(archive))
        workbook = _xml(archive, "xl/workbook.xml")
        if workbook is not None:
            names = [e for e in workbook.iter() if _local(e.tag) == "definedName"]
            found.update(("", *_NAMES["definedName"]) for _ in names)
            found.update(("", en, zh) for en, zh in _extensions(workbook))
        for name, part in _sheet_parts(archive).items():
            found.update(_sheet(archive, name, part))
    return found


def lost_features(before: bytes | Counter[Feature], after: bytes,
                  replaced: Collection[str] = ()) -> list[Feature]:
    """What ``before`` (a package, or its ``package_features``) holds more of than ``after``: each
    feature as many times as it was lost.

    Sheets named in ``replaced`` are ones the writer means to replace, and are not compared."""
    counted = before if isinstance(before, Counter) else package_features(before)
    lost = counted - package_features(after)
    return sorted(f for f in lost.elements() if f[0] not in replaced)


def describe_features(features: list[Feature], lang: str = "en") -> str:
    """``Pipeline: shape or text box ×2; Targets: sparklines`` (sheet by sheet, in ``lang``)."""
    counted = Counter(features)
    by_sheet: dict[str, list[str]] = {}
    for (where, en, zh), count in counted.items():
        name = zh if lang == "zh" else en
        by_sheet.setdefault(where, []).append(name + (f" ×{count}" if count > 1 else ""))
    parts = []
    for where, names in sorted(by_sheet.items()):
        joined = ("、" if lang == "zh" else ", ").join(names)
        parts.append(f"{where}: {joined}" if where else joined)
    return ("；" if lang == "zh" else "; ").join(parts)


def features_json(features: list[Feature]) -> list[dict[str, str]]:
    """Features as ``--json`` gives them: ``{"sheet": "Targets", "what": "sparklines", "what_zh": ...}``."""
    return [{"sheet": where, "what": en, "what_zh": zh} for where, en, zh in features]


def refuse_losses(before: bytes, after: bytes, path: Path, replaced: Collection[str] = ()) -> None:
    """Raise WriteRefusedError when ``after`` would replace ``path`` without something ``before`` has.

    Called on the new package before it is renamed over the user's file, so that the file
    stays as it was.
    """
    lost = lost_features(before, after, replaced)
    if lost:
        raise WriteRefusedError(
            f"not written: salessheet cannot keep {describe_features(lost)} in this workbook; "
            "make the change by hand",
            f"未写入：salessheet 无法在此工作簿中保留{describe_features(lost, 'zh')}；请手动修改",
            location=str(path))


def load_quietly(source: Path | io.BytesIO, **options: Any) -> Any:
    """``openpyxl.load_workbook`` without its warning for each extension it drops.

    Those warnings name XML extensions, not what the user made; a writer that replaces the
    user's file tells what would be lost with ``lost_features`` instead.
    """
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(source, **options)
