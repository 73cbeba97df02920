"""Reporting periods as the reporting regime of state bodies defines them (Nghị định 09/2019/NĐ-CP, Art. 12).

A period id names its kind and place ("2026-DL": the Ministry's data call of edition 2026, figures of 2025):
"2026" (year), "2026-Q1" (quarter), "2026-6T" (first six months), "2026-9T"
(nine months), "2026-M03" (month). Each kind has a default data period — the days whose facts the report counts —
ending on a cut-off date, and the deadline must leave at least one working day after the cut-off:

- month: from the 15th of the previous month to the 14th;
- quarter: from the 15th of the month before the quarter to the 14th of its last month;
- 6 months: 15/12 of the previous year to 14/6; 9 months: 15/12 to 14/9; year: 15/12 to 14/12.
- data call (not Nghị định 09's: the Ministry's letter sets it): the whole previous calendar year, 1/1 to 31/12.

A plan may set its own data period and always sets the deadline ("Lịch báo cáo").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from pii_excel.plan.model import Period
from pii_excel.workdays import is_working_day

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CUT_OFF_DAY = 14  # the data period ends on the 14th and the next one starts on the 15th


class PeriodKind(str, Enum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "6-month"
    NINE_MONTHS = "9-month"
    YEAR = "year"
    DATA_CALL = "data-call"  # the Ministry's yearly data call of an edition: figures of the previous calendar year


@dataclass(frozen=True)
class PeriodId:
    """A parsed period id: its kind, year and number within the year (month 1–12, quarter 1–4, else 0)."""

    kind: PeriodKind
    year: int
    number: int = 0

    @property
    def text(self) -> str:
        return {
            PeriodKind.YEAR: f"{self.year}",
            PeriodKind.QUARTER: f"{self.year}-Q{self.number}",
            PeriodKind.MONTH: f"{self.year}-M{self.number:02d}",
            PeriodKind.HALF_YEAR: f"{self.year}-6T",
            PeriodKind.NINE_MONTHS: f"{self.year}-9T",
            PeriodKind.DATA_CALL: f"{self.year}-DL",
        }[self.kind]

    @property
    def last_month(self) -> int:
        """The month the data period ends in."""
        return {
            PeriodKind.YEAR: 12,
            PeriodKind.QUARTER: 3 * self.number,
            PeriodKind.MONTH: self.number,
            PeriodKind.HALF_YEAR: 6,
            PeriodKind.NINE_MONTHS: 9,
            PeriodKind.DATA_CALL: 12,
        }[self.kind]

    def shifted(self, years: int = 0, steps: int = 0) -> PeriodId:
        """The same kind `years` years on, then `steps` periods of its kind on (months and quarters only)."""
        year, number = self.year + years, self.number
        if steps and self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER):
            per_year = 12 if self.kind is PeriodKind.MONTH else 4
            year, index = divmod(year * per_year + number - 1 + steps, per_year)
            number = index + 1
        elif steps:
            year += steps  # a half-year, nine months or year has one of its kind a year
        return PeriodId(self.kind, year, number)


_PATTERNS = (
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})-?Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-?[MT](0?[1-9]|1[0-2])$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})-?(?:6T|6M|H1)$"), PeriodKind.HALF_YEAR),
    (re.compile(r"^(\d{4})-?(?:9T|9M)$"), PeriodKind.NINE_MONTHS),
    (re.compile(r"^(\d{4})-?(?:DL|DLBO|THUTHAP)$"), PeriodKind.DATA_CALL),
)


def normalise_period_id(text: str) -> str:
    """The canonical id for what staff typed ("2026-q1", "2026-T3", "2026-H1"), or the text tidied when it is
    not one (so the finding quotes what was written)."""
    tidy = str(text).strip().upper().replace(" ", "")
    parsed = parse_period_id(tidy)
    return parsed.text if parsed else tidy


def parse_period_id(text: str) -> PeriodId | None:
    tidy = str(text).strip().upper().replace(" ", "")
    for pattern, kind in _PATTERNS:
        if m := pattern.match(tidy):
            number = int(m.group(2)) if kind in (PeriodKind.QUARTER, PeriodKind.MONTH) else 0
            return PeriodId(kind, int(m.group(1)), number)
    return None


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def data_period(period_id: str) -> tuple[date, date] | None:
    """The default data period of a period id (Nghị định 09/2019, Art. 12), or None when the id is not one."""
    p = parse_period_id(period_id)
    if p is None:
        return None
    if p.kind is PeriodKind.DATA_CALL:  # the edition's call asks for the whole previous calendar year
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)
    end = date(p.year, p.last_month, CUT_OFF_DAY)
    if p.kind is PeriodKind.MONTH:
        first_month = p.number
    elif p.kind is PeriodKind.QUARTER:
        first_month = p.last_month - 2
    else:  # 6 months, 9 months and the year all count from 15/12 of the previous year
        first_month = 1
    year, month = _month_before(p.year, first_month)
    return date(year, month, CUT_OFF_DAY + 1), end


def period_label(period_id: str) -> str:
    p = parse_period_id(period_id)
    if p is None:
        return period_id
    return {
        PeriodKind.YEAR: f"Năm {p.year}",
        PeriodKind.QUARTER: f"Quý {ROMAN.get(p.number, p.number)} năm {p.year}",
        PeriodKind.MONTH: f"Tháng {p.number} năm {p.year}",
        PeriodKind.HALF_YEAR: f"6 tháng đầu năm {p.year}",
        PeriodKind.NINE_MONTHS: f"9 tháng năm {p.year}",
        PeriodKind.DATA_CALL: f"Thu thập số liệu năm {p.year} (số liệu năm {p.year - 1})",
    }[p.kind]


@functools.lru_cache(maxsize=256)
def period_kind(period_id: str) -> PeriodKind | None:
    """The kind of a period id; asked for every indicator of every agency, so remembered."""
    p = parse_period_id(period_id)
    return p.kind if p else None


def make_period(
    period_id: str, deadline: date, start: date | None = None, end: date | None = None, ranking_size: int | None = None
) -> Period:
    """A period with its data period defaulting to the regime's; the id must be one `parse_period_id` knows."""
    bounds = data_period(period_id)
    if bounds is None:
        raise ValueError(f"not a period id: {period_id!r}")
    return Period(
        id=period_id,
        start=start or bounds[0],
        end=end or bounds[1],
        deadline=deadline,
        label=period_label(period_id),
        ranking_size=ranking_size,
    )


def data_period_text(period: Period) -> str:
    """ "Số liệu tính từ 15/12/2025 đến 14/03/2026", as templates and reports print it."""
    return f"Số liệu tính từ {format_date(period.start)} đến {format_date(period.end)}"


def format_date(d: date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return "" if d is None else d.strftime("%d/%m/%Y")


def moved_on(period: Period, years: int = 1) -> Period:
    """The same period `years` years later, for next year's plan: id, data period and deadline all moved; a
    deadline that falls on a day off moves to the next working day (later, so the cut-off keeps its margin)."""
    p = parse_period_id(period.id)
    if p is None:
        raise ValueError(f"not a period id: {period.id!r}")
    new_id = p.shifted(years=years).text
    deadline = _year_on(period.deadline, years)
    while not is_working_day(deadline):
        deadline += timedelta(days=1)
    return Period(
        id=new_id,
        start=_year_on(period.start, years),
        end=_year_on(period.end, years),
        deadline=deadline,
        label=period_label(new_id),
        ranking_size=period.ranking_size,
    )


def _year_on(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def days_between(first: date, last: date) -> list[date]:
    """The days strictly after `first` and strictly before `last`."""
    return [first + timedelta(days=n) for n in range(1, (last - first).days)]
