"""Checks on single values as agencies type them; each returns the value to use and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from pii_excel.findings import Finding, finding
from pii_excel.intake.cell_probe import CellFacts
from pii_excel.numbers import format_number, parse_number
from pii_excel.plan.model import Indicator
from pii_excel.textnorm import fold

IMPLAUSIBLE_FACTOR = 3.0  # a value more than 3x above the larger of baseline and target, or below a third of it

_STATUS_WORDS = {
    "done": ("hoàn thành", "đã hoàn thành", "xong", "đã xong"),
    "in_progress": ("đang thực hiện", "đang triển khai", "đang làm", "đang tiến hành"),
    "not_started": ("chưa thực hiện", "chưa triển khai", "chưa làm", "chưa bắt đầu"),
}


@dataclass
class Where:
    file: str
    sheet: str
    cell: str

    def finding(self, code: str, value: object = "", **details) -> Finding:
        return finding(code, file=self.file, sheet=self.sheet, cell=self.cell, value=value, **details)


@dataclass
class Checked:
    value: float | None
    findings: list[Finding] = field(default_factory=list)


def _shown(raw: object) -> str:
    if isinstance(raw, float):
        return format_number(raw, 6)
    return "" if raw is None else str(raw)


def read_number(raw: object, facts: CellFacts | None, where: Where, *, percent_unit: bool = False) -> Checked:
    """A number from a cell, or None; text numbers, typed comparators, formulas and % formats handled."""
    facts = facts or CellFacts()
    if isinstance(raw, (date, time, timedelta)):  # a date typed where a number belongs
        shown = raw.strftime("%d/%m/%Y") if isinstance(raw, date) else str(raw)
        return Checked(None, [where.finding("VALUE_NOT_NUMBER", shown)])
    if facts.error:
        return Checked(None, [where.finding("VALUE_EXCEL_ERROR", facts.error)])
    if facts.formula and not facts.has_result:
        return Checked(None, [where.finding("VALUE_FORMULA_NO_RESULT")])
    parsed = parse_number(raw)
    if parsed.error == "excel_error":
        return Checked(None, [where.finding("VALUE_EXCEL_ERROR", raw)])
    if parsed.error:
        return Checked(None, [where.finding("VALUE_NOT_NUMBER", raw)])
    if parsed.blank:
        return Checked(None)
    value = parsed.value
    found: list[Finding] = []
    if facts.formula:
        found.append(where.finding("VALUE_FORMULA", format_number(value, 6)))
    if parsed.comparator:
        found.append(where.finding("VALUE_COMPARATOR_TYPED", raw, number=format_number(value, 6)))
    elif parsed.was_text:
        found.append(where.finding("VALUE_TEXT_NUMBER", raw, number=format_number(value, 6)))
    if value is not None and percent_unit and facts.percent_format and not parsed.was_text:
        # "10%" typed into Excel is stored as 0.1 in a percent-formatted cell; the unit column says %.
        value = value * 100
        found.append(
            where.finding("VALUE_PERCENT_CONVERTED", f"{format_number(value, 4)}%", number=format_number(value, 4))
        )
    return Checked(value, found)


def check_indicator_value(raw: object, facts: CellFacts | None, where: Where, indicator: Indicator) -> Checked:
    checked = read_number(raw, facts, where, percent_unit=indicator.is_percent)
    value = checked.value
    if value is None:
        return checked
    shown = format_number(value, 6)
    if value < 0:
        checked.findings.append(where.finding("VALUE_NEGATIVE", shown))
        checked.value = None
    elif indicator.is_percent and value > 100:
        checked.findings.append(where.finding("VALUE_PERCENT_RANGE", shown))
        checked.value = None
    elif is_implausible(value, indicator):
        checked.findings.append(
            where.finding("VALUE_IMPLAUSIBLE", shown, baseline=format_number(indicator.baseline_value, 6))
        )
    return checked


def is_implausible(value: float, indicator: Indicator) -> bool:
    base = indicator.baseline_value
    if base is None or base <= 0:
        return False
    reference = max(base, indicator.target_value() or base)
    return value > IMPLAUSIBLE_FACTOR * reference or value < base / IMPLAUSIBLE_FACTOR


def parse_status(text: str) -> str | None:
    key = fold(text).rstrip(".")
    for status, words in _STATUS_WORDS.items():
        if key in words:
            return status
    return None
