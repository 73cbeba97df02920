"""Reporting periods: ids like "2024" and "2020-Q3", their bounds, labels and deadline rules."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pii_excel.plan.model import Period

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_bounds(period_id: str) -> tuple[date, date] | None:
    """First and last day of a period id, or None when the id is not one we understand."""
    if m := _YEAR.match(period_id):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if m := _QUARTER.match(period_id):
        year, q = int(m.group(1)), int(m.group(2))
        first_month = 3 * (q - 1) + 1
        last_month = first_month + 2
        return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    return None


def normalise_period_id(text: str) -> str:
    return str(text).strip().upper().replace(" ", "")


def period_label(period_id: str) -> str:
    if m := _YEAR.match(period_id):
        return f"Năm {m.group(1)}"
    if m := _QUARTER.match(period_id):
        return f"Quý {ROMAN[int(m.group(2))]} năm {m.group(1)}"
    return period_id


def period_kind(period_id: str) -> str | None:
    if _YEAR.match(period_id):
        return "yearly"
    if _QUARTER.match(period_id):
        return "quarterly"
    return None


@dataclass(frozen=True)
class DeadlineRule:
    """Deadline = day `day` of the month `months_after_end` months after the period's last month.

    PCI seed: quarterly reports "before the 5th of the first month of the next quarter" -> (5, 1);
    yearly reports "before 05/12" -> (5, 0).
    """

    day: int
    months_after_end: int

    def deadline(self, end: date) -> date:
        month_index = end.year * 12 + (end.month - 1) + self.months_after_end
        year, month = divmod(month_index, 12)
        month += 1
        return date(year, month, min(self.day, calendar.monthrange(year, month)[1]))


def make_period(period_id: str, rule: DeadlineRule) -> Period:
    bounds = period_bounds(period_id)
    if bounds is None:
        raise ValueError(f"not a period id: {period_id!r}")
    start, end = bounds
    return Period(id=period_id, start=start, end=end, deadline=rule.deadline(end), label=period_label(period_id))


def format_date(d: date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return "" if d is None else d.strftime("%d/%m/%Y")
