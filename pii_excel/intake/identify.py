"""Tell which template a workbook is, from its own hidden metadata, never from its file name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from pii_excel.cells import text_of
from pii_excel.template import layout as L
from pii_excel.textnorm import clean_text, fold

MAX_PROPERTIES_XML = 1_000_000  # bytes; custom properties are tiny, anything bigger is not ours


@dataclass(frozen=True)
class TemplateIdentity:
    plan_id: str
    plan_fingerprint: str
    agency: str
    period: str
    template_version: str
    generated_at: str
    locked_fingerprint: str
    source: str  # "sheet" or "properties": where the identification was found


def find_sheet(workbook, wanted: str) -> str | None:
    """Actual name of a sheet, matched loosely (NFC, case) since some programs re-encode names."""
    names = {fold(n): n for n in workbook.sheet_names}
    return names.get(fold(wanted))


class Book:
    """A workbook opened once, each sheet parsed at most once (identification, checks and reading share it)."""

    def __init__(self, workbook, path: Path, zf: zipfile.ZipFile | None = None):
        self.workbook = workbook
        self.path = path
        self.zip = zf  # the same archive, opened once, for the few facts calamine does not give
        self.sheet_names = list(workbook.sheet_names)
        self._sheets: dict[str, object] = {}
        self._rows: dict[str, list[list]] = {}

    def get_sheet_by_name(self, name: str):
        if name not in self._sheets:
            self._sheets[name] = self.workbook.get_sheet_by_name(name)
        return self._sheets[name]

    def rows(self, name: str) -> list[list]:
        if name not in self._rows:
            # skip_empty_area=False keeps row and column positions true to the file, for exact cell addresses
            self._rows[name] = self.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return self._rows[name]


def sheet_rows(book: Book, name: str) -> list[list]:
    return book.rows(name)


def _identity(values: dict[str, str], source: str) -> TemplateIdentity | None:
    if values.get("format") != L.TEMPLATE_FORMAT:
        return None
    return TemplateIdentity(
        plan_id=values.get("plan_id", ""),
        plan_fingerprint=values.get("plan_fingerprint", ""),
        agency=values.get("agency", ""),
        period=values.get("period", ""),
        template_version=values.get("template_version", ""),
        generated_at=values.get("generated_at", ""),
        locked_fingerprint=values.get("locked_fingerprint", ""),
        source=source,
    )


def identity_from_sheet(workbook) -> TemplateIdentity | None:
    name = find_sheet(workbook, L.SHEET_META)
    if name is None:
        return None
    values = {}
    for row in sheet_rows(workbook, name)[:50]:
        if len(row) >= 2:
            values[clean_text(text_of(row[0]))] = clean_text(text_of(row[1]))
    return _identity(values, "sheet")


def identity_from_properties(zf: zipfile.ZipFile | None) -> TemplateIdentity | None:
    """The copy of the identification in the document properties (xlsx custom.xml, ods meta.xml)."""
    import defusedxml.ElementTree as ET

    if zf is None:
        return None
    try:
        names = set(zf.namelist())
        member = "docProps/custom.xml" if "docProps/custom.xml" in names else "meta.xml"
        if member not in names or zf.getinfo(member).file_size > MAX_PROPERTIES_XML:
            return None
        root = ET.fromstring(zf.read(member))
    except (zipfile.BadZipFile, OSError, ET.ParseError, ValueError):
        return None
    values = {}
    for el in root.iter():
        name = el.get("name") or el.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name")
        if name and name.startswith("pii_"):
            text = el.text if el.text is not None else "".join(el.itertext())
            values[name[4:]] = clean_text(text)
    return _identity(values, "properties")


def read_identity(book: Book) -> TemplateIdentity | None:
    found = identity_from_sheet(book)
    if found or book.zip is not None:
        return found or identity_from_properties(book.zip)
    try:
        with zipfile.ZipFile(book.path) as zf:
            return identity_from_properties(zf)
    except (zipfile.BadZipFile, OSError):
        return None


def locate_header(rows: list[list], first_header: str, search_rows: int = 15) -> int | None:
    """Row index of a table's header row: where the first column's header text stands."""
    key = fold(first_header)
    for r, row in enumerate(rows[:search_rows]):
        if row and fold(text_of(row[0])) == key:
            return r
    return None


def column_positions(header: list, columns: tuple[L.Col, ...]) -> dict[str, int]:
    by_text = {fold(text_of(h)): i for i, h in enumerate(header)}
    return {c.key: by_text[fold(c.header)] for c in columns if fold(c.header) in by_text}


def read_locked_fingerprint(workbook) -> str | None:
    """Recompute the locked-cells fingerprint from a submitted workbook; None when a table is unreadable."""
    rows_by_sheet: dict[str, list[list[object]]] = {}
    for sheet, columns in L.TABLE_SHEETS.items():
        name = find_sheet(workbook, sheet)
        if name is None:
            if sheet in (L.SHEET_OFFICIAL_INDICATORS, L.SHEET_OFFICIAL_PILLARS):
                continue  # only the coordinator's workbook has these
            return None
        rows = sheet_rows(workbook, name)
        header_row = locate_header(rows, columns[0].header)
        if header_row is None:
            return None
        positions = column_positions(rows[header_row], columns)
        keys = L.fingerprint_columns(columns)
        if any(k not in positions for k in keys):
            return None
        table = []
        key_col = positions[keys[0]]
        for row in rows[header_row + 1 :]:
            if key_col >= len(row) or not clean_text(text_of(row[key_col])):
                continue
            table.append([row[positions[k]] if positions[k] < len(row) else None for k in keys])
        rows_by_sheet[sheet] = table
    return L.locked_fingerprint(rows_by_sheet)


def open_workbook(path: Path, zf: zipfile.ZipFile | None = None) -> Book:
    from python_calamine import CalamineWorkbook

    return Book(CalamineWorkbook.from_path(str(path)), path, zf)
