"""Tell which template a workbook is, from its own hidden metadata, never from its file name."""

from __future__ import annotations

import functools
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pii_excel.cells import text_of
from pii_excel.template import layout as L
from pii_excel.textnorm import clean_text, fold
from pii_excel.untrusted.files import Archive, Checked, check_bytes
from pii_excel.untrusted.reader_errors import ReaderFailure, explain, is_fatal_to_us

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
    names = workbook.folded_names if isinstance(workbook, Book) else _folded_names(workbook.sheet_names)
    return names.get(fold(wanted))


def _folded_names(names: list[str]) -> dict[str, str]:
    return {fold(n): n for n in names}  # the last of two names that fold alike wins, as it always has


def _guarded(call, *args):
    """Run one call into the native reader; anything it raises, panics included, becomes a ReaderFailure."""
    try:
        return call(*args)
    except BaseException as exc:
        if is_fatal_to_us(exc):
            raise
        raise explain(exc) from None


class Book:
    """A workbook opened once, each sheet parsed at most once (identification, checks and reading share it).

    Every call into the native reader goes through `_guarded`, so a reader failure is always a ReaderFailure.
    """

    def __init__(self, workbook, path: Path, zf: Archive | None = None):
        self.workbook = workbook
        self.path = path
        self.zip = zf  # the same archive, opened once, for the few facts calamine does not give
        self.sheet_names = list(_guarded(lambda: workbook.sheet_names))
        self.folded_names = _folded_names(self.sheet_names)
        self._sheets: dict[str, object] = {}
        self._rows: dict[str, list[list]] = {}
        self._tables: dict[tuple[str, int], TableRows | None] = {}

    def get_sheet_by_name(self, name: str):
        if name not in self._sheets:
            if self.zip is not None and (problem := self.zip.bound_sheet(name)):
                raise ReaderFailure(problem.code, problem.detail, sheet=problem.sheet, cell=problem.cell)
            self._sheets[name] = _guarded(self.workbook.get_sheet_by_name, name)
        return self._sheets[name]

    def rows(self, name: str) -> list[list]:
        if name not in self._rows:
            # skip_empty_area=False keeps row and column positions true to the file, for exact cell addresses
            sheet = self.get_sheet_by_name(name)
            self._rows[name] = _guarded(lambda: sheet.to_python(skip_empty_area=False))
        return self._rows[name]

    def merged_ranges(self, name: str) -> list:
        """Merged ranges of a sheet; empty where the format does not report them or the reader fails on them."""
        sheet = self.get_sheet_by_name(name)
        try:
            return _guarded(lambda: sheet.merged_cell_ranges) or []
        except ReaderFailure:
            return []


def sheet_rows(book: Book, name: str) -> list[list]:
    return book.rows(name)


@dataclass(frozen=True)
class TableRows:
    """A template table as found in a sheet: its header row, where each column is, and every row after the header
    whose key cell is filled, in order."""

    header: int
    positions: dict[str, int]
    keyed: list[tuple[int, str, list]]  # (row index, key, row)


def table_rows(book: Book, name: str, columns: tuple[L.Col, ...]) -> TableRows | None:
    """The table `columns` describes in sheet `name`, found once per workbook (the locked-cells check and the
    reader both need it); None when its header row is not there."""
    cache_key = (name, id(columns))  # the template's table descriptions are module constants
    if cache_key not in book._tables:
        book._tables[cache_key] = _table_rows(sheet_rows(book, name), columns)
    return book._tables[cache_key]


def _table_rows(rows: list[list], columns: tuple[L.Col, ...]) -> TableRows | None:
    header = locate_header(rows, columns[0].header)
    if header is None:
        return None
    positions = column_positions(rows[header], columns)
    key_col = positions.get(columns[0].key, 0)
    keyed = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if key_col < len(row) and (key := clean_text(text_of(row[key_col]))):
            keyed.append((r, key, row))
    return TableRows(header, positions, keyed)


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
    if zf is None:
        return None
    try:
        names = set(zf.namelist())
        member = "docProps/custom.xml" if "docProps/custom.xml" in names else "meta.xml"
        if member not in names or zf.getinfo(member).file_size > MAX_PROPERTIES_XML:
            return None
        values = _property_values(zf.read(member))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None if values is None else _identity(dict(values), "properties")


def _property_values(data: bytes) -> tuple[tuple[str, str], ...] | None:
    # every resubmission of a template carries the same properties (a couple of kilobytes): parsed once; a large
    # part, which no template of ours has, is parsed without being kept
    return _known_property_values(data) if len(data) <= 16_384 else _parse_property_values(data)


@functools.lru_cache(maxsize=256)
def _known_property_values(data: bytes) -> tuple[tuple[str, str], ...] | None:
    return _parse_property_values(data)


def _parse_property_values(data: bytes) -> tuple[tuple[str, str], ...] | None:
    import defusedxml.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError):  # defusedxml's refusals (entities, DTD) are ValueErrors too
        return None
    values = {}
    for el in root.iter():
        name = el.get("name") or el.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name")
        if name and name.startswith("pii_"):
            text = el.text if el.text is not None else "".join(el.itertext())
            values[name[4:]] = clean_text(text)
    return tuple(values.items())


IDENTITY_KEYS = ("plan_id", "plan_fingerprint", "agency", "period", "generated_at")


@dataclass(frozen=True)
class IdentityConflict:
    """The hidden sheet and the document properties name different templates (a pasted identity sheet)."""

    field: str
    sheet_value: str
    properties_value: str


def read_identity(book: Book) -> TemplateIdentity | IdentityConflict | None:
    """The template's identity; both copies must agree when both exist (copying the hidden sheet into another
    workbook leaves that workbook's own properties behind, which then disagree)."""
    sheet = identity_from_sheet(book)
    properties = identity_from_properties(book.zip)
    if sheet and properties:
        for key in IDENTITY_KEYS:
            if getattr(sheet, key) != getattr(properties, key):
                return IdentityConflict(key, getattr(sheet, key), getattr(properties, key))
    return sheet or properties


def locate_header(rows: list[list], first_header: str, search_rows: int = 15) -> int | None:
    """Row index of a table's header row: where the first column's header text stands."""
    key = fold(first_header)
    for r, row in enumerate(rows[:search_rows]):
        if row and fold(text_of(row[0])) == key:
            return r
    return None


def column_positions(header: list, columns: tuple[L.Col, ...]) -> dict[str, int]:
    if len(header) <= _CACHED_HEADER_CELLS:
        return dict(_known_positions(tuple(header), tuple(map(type, header)), columns))
    return dict(_positions(header, columns))


_CACHED_HEADER_CELLS = 64  # a template's widest header has a dozen cells; a longer row is not kept


@functools.lru_cache(maxsize=64)
def _known_positions(header: tuple, types: tuple, columns: tuple[L.Col, ...]) -> tuple[tuple[str, int], ...]:
    # every file of a template has the same header row: worked out once (the types are part of the key, as True
    # equals 1 but their texts differ)
    return _positions(header, columns)


def _positions(header: list | tuple, columns: tuple[L.Col, ...]) -> tuple[tuple[str, int], ...]:
    by_text = {fold(text_of(h)): i for i, h in enumerate(header)}
    return tuple((key, by_text[text]) for key, text in _folded_headers(columns) if text in by_text)


@functools.lru_cache(maxsize=64)
def _folded_headers(columns: tuple[L.Col, ...]) -> tuple[tuple[str, str], ...]:
    """Each column's key and folded header: the template's tables are a handful of constant tuples."""
    return tuple((c.key, fold(c.header)) for c in columns)


def read_locked_fingerprint(workbook: Book) -> str | None:
    """Recompute the locked-cells fingerprint from a submitted workbook; None when a table is unreadable."""
    rows_by_sheet: dict[str, list[list[object]]] = {}
    for sheet, columns in L.TABLE_SHEETS.items():
        name = find_sheet(workbook, sheet)
        if name is None:
            if sheet in L.OPTIONAL_SHEETS:
                continue  # only the coordinator's (or the documents' lead's) workbook has these
            return None
        table = table_rows(workbook, name, columns)
        if table is None:
            return None
        keys = L.fingerprint_columns(columns)
        if any(k not in table.positions for k in keys):
            return None
        at = [table.positions[k] for k in keys]
        rows_by_sheet[sheet] = [[row[i] if i < len(row) else None for i in at] for _, _, row in table.keyed]
    # the locked cells are the same in every file an agency sends: hashed once per distinct content. The cells'
    # types are part of the key: True equals 1 and 1 equals 1.0, but their texts differ
    cells = [v for rows in rows_by_sheet.values() for row in rows for v in row]
    if sum(map(sys.getsizeof, cells)) > 1_000_000:  # no template's locked cells hold this much: not kept
        return L.locked_fingerprint(rows_by_sheet)
    key = (tuple(rows_by_sheet), tuple(map(len, rows_by_sheet.values())), tuple(cells), tuple(map(type, cells)))
    return _fingerprint_of(key, rows_by_sheet)


_FINGERPRINTS: dict[tuple, str] = {}


def _fingerprint_of(key: tuple, rows_by_sheet: dict[str, list[list[object]]]) -> str:
    if key not in _FINGERPRINTS:
        if len(_FINGERPRINTS) >= 256:
            _FINGERPRINTS.clear()
        _FINGERPRINTS[key] = L.locked_fingerprint(rows_by_sheet)
    return _FINGERPRINTS[key]


def open_workbook(data: bytes, path: Path, zf: Archive | None = None) -> Book:
    """Open the bytes already read and checked (never the path again: the file may have changed since)."""
    from python_calamine import CalamineWorkbook

    return Book(_guarded(CalamineWorkbook.from_filelike, io.BytesIO(data)), path, zf)


def open_workbook_file(path: Path) -> Book:
    """Open a workbook file as intake does (checked bytes, archive kept for the document properties)."""
    from pii_excel.untrusted.scan import read_file_bytes

    raw, _ = read_file_bytes(path)
    checked = check_bytes(raw or b"")
    if not isinstance(checked, Checked):
        raise ReaderFailure(checked.code, checked.detail)
    return open_workbook(checked.data, path, checked.zip)
