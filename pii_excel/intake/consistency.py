"""Figures that must hang together across rows: the same quantity («Dân số trung bình», «Số doanh nghiệp đang hoạt
động») is the numerator or denominator of several indicators, often reported by several agencies and in different
units (vạn người, nghìn người). Compared in one unit, two values that differ are a warning at the later cell, naming
the other — both would otherwise reach the Ministry's data package unchecked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pii_excel.cells import column_letter
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.checks import unit_scale
from pii_excel.model import ReportedValue
from pii_excel.numbers import format_number
from pii_excel.plan.model import Plan
from pii_excel.template import layout as L
from pii_excel.textnorm import fold

AGREEMENT = 0.01  # two values of one quantity within 1 % are the same figure, rounded differently


@dataclass(frozen=True)
class _Quantity:
    name: str
    base: str  # the unit without its multiple
    value: float  # in the base unit
    shown: str  # as typed, with its unit
    indicator: str
    agency: str
    at: Location


def _part_cell(at: Location, column: str) -> Location:
    """The numerator's or denominator's cell on the figure's row (the layout's column)."""
    letter = column_letter([c.key for c in L.INDICATOR_COLUMNS].index(column))
    row = re.sub(r"^[A-Z]+", "", at.cell)
    return Location(at.file, at.sheet, f"{letter}{row}" if row else at.cell)


def _quantities(plan: Plan, values: list[ReportedValue]) -> list[_Quantity]:
    out = []
    for v in values:
        ind = plan.indicator(v.indicator)
        if ind is None or not ind.figure.is_ratio:
            continue
        f = ind.figure
        for column, name, unit, typed in (
            ("numerator", f.numerator, f.numerator_unit, v.numerator),
            ("denominator", f.denominator, f.denominator_unit, v.denominator),
        ):
            if typed is None or not name:
                continue
            base, scale = unit_scale(unit)
            shown = f"{format_number(typed, 4)} {unit}".strip()
            out.append(_Quantity(name, base, typed * scale, shown, v.indicator, v.agency, _part_cell(v.source, column)))
    return out


def quantity_disagreements(plan: Plan, values: list[ReportedValue]) -> list[Finding]:
    """One warning per quantity row whose value, in the quantity's base unit, differs by more than 1 % from the
    first row reporting that quantity (same name, same base unit)."""
    first: dict[tuple[str, str], _Quantity] = {}
    found = []
    for q in _quantities(plan, values):
        key = (fold(q.name), q.base)
        seen = first.setdefault(key, q)
        if seen is q or max(seen.value, q.value) <= 0:
            continue
        if abs(seen.value - q.value) > AGREEMENT * max(abs(seen.value), abs(q.value)):
            found.append(
                finding(
                    Code.VALUE_QUANTITY_DISAGREES,
                    at=q.at,
                    agency=q.agency,
                    name=q.name,
                    value=q.shown,
                    key=q.indicator,
                    other=seen.shown,
                    other_key=seen.indicator,
                    other_file=f"{seen.at.file}, ô {seen.at.cell}",
                )
            )
    return found
