"""Fill a template as an agency would in Excel: type into the yellow cells, save, maybe late.

Used by the demo, the benchmark and the tests, so all three exercise real template files.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pii_excel.template import layout as L


@dataclass
class Answers:
    info: dict[str, object] = field(default_factory=dict)  # INFO_ROWS key -> value
    values: dict[str, object] = field(default_factory=dict)  # indicator code -> the raw figure as typed
    ratios: dict[str, tuple[object, object]] = field(default_factory=dict)  # code -> (numerator, denominator)
    sources: dict[str, str] = field(default_factory=dict)  # indicator code -> evidence text
    notes: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # task id -> (status, result, difficulty)
    official: dict[str, object] = field(default_factory=dict)  # indicator code -> published value
    source_values: dict[str, object] = field(default_factory=dict)  # code -> another index's published value
    # row id ("1.1.1-01") -> (number, issued, title, issuer, evidence) of a listed policy document
    documents: dict[str, tuple[object, ...]] = field(default_factory=dict)
    pillars: dict[str, tuple[float, int]] = field(default_factory=dict)  # pillar/total code -> (score, rank)
    percent_format: set[str] = field(default_factory=set)  # indicator codes whose value cell gets a % format


def _put_text(cell, value) -> None:
    """Free text as typed: text that starts with "=" stays text (an apostrophe entry in Excel)."""
    cell.value = value if value not in ("", None) else None
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _table_cells(ws, columns) -> tuple[dict[str, int], dict[str, int]]:
    """Column numbers by key and row numbers by row code (1-based, openpyxl style)."""
    for row in ws.iter_rows(min_row=1, max_row=10):
        if row[0].value == columns[0].header:
            header_row = row[0].row
            cols = {c.key: cell.column for c in columns for cell in row if cell.value == c.header}
            keys = {}
            for r in range(header_row + 1, ws.max_row + 1):
                value = ws.cell(r, cols[columns[0].key]).value
                if value not in (None, ""):
                    keys[str(value)] = r
            return cols, keys
    raise ValueError(f"no table header in sheet {ws.title}")


def fill_template(template: Path, target: Path, answers: Answers) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(template)
    info = wb[L.SHEET_INFO]
    labels = {label: key for key, label, _ in L.INFO_ROWS}
    for r in range(1, info.max_row + 1):
        key = labels.get(info.cell(r, 1).value)
        if key in answers.info:
            _put_text(info.cell(r, 2), answers.info[key])
    ind = wb[L.SHEET_INDICATORS]
    cols, rows = _table_cells(ind, L.INDICATOR_COLUMNS)
    for code, value in answers.values.items():
        cell = ind.cell(rows[code], cols["value"])
        cell.value = value
        if code in answers.percent_format:
            cell.number_format = "0%"
    for code, (numerator, denominator) in answers.ratios.items():
        ind.cell(rows[code], cols["numerator"]).value = numerator
        ind.cell(rows[code], cols["denominator"]).value = denominator
    for code, text in answers.sources.items():
        _put_text(ind.cell(rows[code], cols["source"]), text)
    for code, text in answers.notes.items():
        _put_text(ind.cell(rows[code], cols["note"]), text)
    tasks = wb[L.SHEET_TASKS]
    cols, rows = _table_cells(tasks, L.TASK_COLUMNS)
    for task_id, (status, result, difficulty) in answers.tasks.items():
        _put_text(tasks.cell(rows[task_id], cols["status"]), status)
        _put_text(tasks.cell(rows[task_id], cols["result"]), result)
        _put_text(tasks.cell(rows[task_id], cols["difficulty"]), difficulty)
    if answers.official or answers.source_values:
        sheet = wb[L.SHEET_OFFICIAL_INDICATORS]
        cols, rows = _table_cells(sheet, L.OFFICIAL_INDICATOR_COLUMNS)
        for code, value in answers.official.items():
            sheet.cell(rows[code], cols["official"]).value = value
        for code, value in answers.source_values.items():
            sheet.cell(rows[code], cols["source_value"]).value = value
    if answers.documents:
        sheet = wb[L.SHEET_DOCUMENTS]
        cols, rows = _table_cells(sheet, L.DOCUMENT_COLUMNS)
        for key, values in answers.documents.items():
            for column, value in zip(("number", "date", "title", "issuer", "evidence"), values, strict=False):
                _put_text(sheet.cell(rows[key], cols[column]), value)
    if answers.pillars:
        sheet = wb[L.SHEET_OFFICIAL_PILLARS]
        cols, rows = _table_cells(sheet, L.OFFICIAL_PILLAR_COLUMNS)
        for code, (score, rank) in answers.pillars.items():
            sheet.cell(rows[code], cols["score"]).value = score
            sheet.cell(rows[code], cols["rank"]).value = rank
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def set_saved_time(path: Path, moment: datetime) -> None:
    """Set the last-saved time the workbook records (what Excel writes when the agency saves)."""
    stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "meta.xml":  # OpenDocument (.ods saved by LibreOffice)
                data = re.sub(rb"(<dc:date>)[^<]*(</dc:date>)", rb"\g<1>" + stamp[:-1].encode() + rb"\g<2>", data)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                pattern = r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)"
                if re.search(pattern, text):
                    text = re.sub(pattern, rf"\g<1>{stamp}\g<2>", text)
                else:
                    text = text.replace(
                        "</cp:coreProperties>",
                        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
                    )
                data = text.encode("utf-8")
            zout.writestr(info, data)
    tmp.replace(path)
