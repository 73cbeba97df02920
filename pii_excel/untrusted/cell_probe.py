"""Facts about a few cells that a value reader does not give: a formula, its saved result, a percent format.

Only the handful of value cells of a template are probed, so this stays cheap even for thousands of files.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from pii_excel.cells import cell_ref
from pii_excel.textnorm import fold
from pii_excel.untrusted.files import Archive, sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_QUOTED = re.compile(r'"[^"]*"|\\.')
_FORMULA = re.compile(rb"<f[ >/]")  # a formula cell (not <formula1> of validations); a literal prefix: a fast scan
_PERCENT_CODE = re.compile(rb'formatCode="[^"]*%')
BUILTIN_PERCENT_FORMATS = {9, 10}


@dataclass(frozen=True)
class CellFacts:
    formula: bool = False
    has_result: bool = True
    percent_format: bool = False
    error: str | None = None  # "#DIV/0!" etc.: value readers show error cells as empty


def probe_cells(zf: Archive | None, sheet_name: str, refs: set[str]) -> dict[str, CellFacts]:
    """Facts for the given A1 refs of one sheet; an empty dict when the format is not probed (e.g. .xls)."""
    if not refs or zf is None:
        return {}
    try:
        if "xl/workbook.xml" in zf.names:
            return _probe_xlsx(zf, sheet_name, refs)
        if "content.xml" in zf.names:
            return _probe_ods(zf, sheet_name, refs)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError):
        return {}
    return {}


def _may_be_percent(styles: bytes) -> bool:
    return b'numFmtId="9"' in styles or b'numFmtId="10"' in styles or _PERCENT_CODE.search(styles) is not None


def _is_percent_code(code: str) -> bool:
    return "%" in _QUOTED.sub("", code)


def _probe_xlsx(zf: Archive, sheet_name: str, refs: set[str]) -> dict[str, CellFacts]:
    import defusedxml.ElementTree as ET

    part = sheet_part(zf, sheet_name)  # found by the pre-check, whose inflated XML the archive still holds
    if part is None or part not in zf.names:
        return {}
    data = zf.read(part)
    styles = zf.read("xl/styles.xml") if "xl/styles.xml" in zf.names else b""
    if b't="e"' not in data and not _FORMULA.search(data) and not _may_be_percent(styles):
        return {}  # no formula, no error cell, no percent format: nothing a value reader misses
    percent_styles = _percent_styles(zf)
    facts: dict[str, CellFacts] = {}
    with io.BytesIO(data) as fh:
        for _, el in ET.iterparse(fh, events=("end",)):
            if el.tag == f"{_MAIN}c":
                ref = el.get("r")
                if ref in refs:
                    value = el.find(f"{_MAIN}v")
                    facts[ref] = CellFacts(
                        formula=el.find(f"{_MAIN}f") is not None,
                        has_result=(value is not None and bool(value.text)) or el.get("t") == "inlineStr",
                        percent_format=int(el.get("s", "0")) in percent_styles,
                        error=(value.text or "#VALUE!") if el.get("t") == "e" and value is not None else None,
                    )
                el.clear()
            elif el.tag == f"{_MAIN}row":
                el.clear()
    return facts


def _percent_styles(zf: Archive) -> set[int]:
    import defusedxml.ElementTree as ET

    if "xl/styles.xml" not in zf.names:
        return set()
    styles = ET.fromstring(zf.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return set()
    result = set()
    for index, xf in enumerate(cell_xfs.findall(f"{_MAIN}xf")):
        fmt_id = int(xf.get("numFmtId", "0"))
        if fmt_id in BUILTIN_PERCENT_FORMATS or _is_percent_code(custom.get(fmt_id, "")):
            result.add(index)
    return result


def _probe_ods(zf: Archive, sheet_name: str, refs: set[str]) -> dict[str, CellFacts]:
    import defusedxml.ElementTree as ET

    wanted_rows = {int(re.sub(r"[A-Z]+", "", r)) - 1 for r in refs}
    max_row = max(wanted_rows)
    facts: dict[str, CellFacts] = {}
    in_table, row = False, -1
    with zf.open("content.xml") as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    in_table, row = fold(el.get(f"{_TABLE}name", "")) == fold(sheet_name), -1
                elif in_table:
                    break
                continue
            if not in_table or event != "end" or tag != f"{_TABLE}table-row":
                continue
            repeat = int(el.get(f"{_TABLE}number-rows-repeated", "1"))
            if row + 1 in wanted_rows:
                col = 0
                for cell in el:
                    span = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
                    ref = cell_ref(row + 1, col)
                    if ref in refs:
                        is_error = cell.get(f"{_CALCEXT}value-type") == "error"
                        facts[ref] = CellFacts(
                            formula=cell.get(f"{_TABLE}formula") is not None,
                            has_result=cell.get(f"{_OFFICE}value-type") is not None,
                            percent_format=cell.get(f"{_OFFICE}value-type") == "percentage",
                            error=("".join(cell.itertext()).strip() or "#VALUE!") if is_error else None,
                        )
                    col += min(span, 16384)
            row += min(repeat, 1_048_576)
            el.clear()
            if row >= max_row:
                break
    return facts
