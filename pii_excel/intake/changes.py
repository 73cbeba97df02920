"""What a resubmission changed: every filled cell whose value differs from the file it replaced."""

from __future__ import annotations

from datetime import date, datetime

from pii_excel.cells import text_of
from pii_excel.model import CellChange, EnteredCell
from pii_excel.template import layout as L
from pii_excel.textnorm import clean_text

_INFO_LABELS = {key: label for key, label, _ in L.INFO_ROWS}


def _is_figure(sheet: str, key: str, column: str) -> bool:
    return sheet == L.SHEET_INDICATORS and column in ("value", *L.RATIO_KEYS)


def describe_cell(sheet: str, key: str, column: str) -> str:
    """What a template cell holds, in the template's own words."""
    if sheet == L.SHEET_INFO:
        return _INFO_LABELS.get(key, key)
    header = next((c.header for c in L.TABLE_SHEETS.get(sheet, ()) if c.key == column), column)
    return f"{'Nhiệm vụ ' if sheet == L.SHEET_TASKS else ''}{key} — {header}"


def _comparable(value: object) -> object:
    """Equal for values a person would call the same: 12 and 12.0, text differing only in spacing or Unicode
    form, a date and the same date at midnight."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, datetime):
        return ("date", value.date() if value.time() == datetime.min.time() else value)
    if isinstance(value, date):
        return ("date", value)
    return ("text", clean_text(text_of(value)))


def cell_changes(
    agency: str, older: list[EnteredCell], older_file: str, newer: list[EnteredCell], newer_file: str
) -> list[CellChange]:
    """Every input cell whose value differs between the two files (blank counts as a value), in the newer file's
    order, then cells only the older file has."""
    before = {(c.sheet, c.key, c.column): c for c in older}
    after = {(c.sheet, c.key, c.column): c for c in newer}

    def change(where: tuple[str, str, str], cell_ref: str, old: object, new: object) -> CellChange:
        return CellChange(
            agency, older_file, newer_file, *where, cell_ref, old, new, describe_cell(*where), _is_figure(*where)
        )

    changes = []
    for where, cell in after.items():
        old = before[where].value if where in before else None
        if type(old) is type(cell.value) and old == cell.value:  # most cells of a resubmission: no cleaning needed
            continue
        if _comparable(old) != _comparable(cell.value):  # blank is None on both sides: no change
            changes.append(change(where, cell.cell, old, cell.value))
    for where, cell in before.items():
        if where not in after and cell.value is not None:
            # blanked in the newer file; the cell is where the older file had it (the template's layout is shared)
            changes.append(change(where, cell.cell, cell.value, None))
    return changes
