"""Checks on single values as agencies type them; each returns the value to use and the findings."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.numbers import format_number, parse_number
from pii_excel.plan.model import Indicator
from pii_excel.textnorm import fold
from pii_excel.untrusted.cell_probe import CellFacts
from pii_excel.vocab import TaskStatus

IMPLAUSIBLE_FACTOR = 3.0  # a value more than 3x above the larger of baseline and target, or below a third of it

# other words agencies type for a status (its label is always understood)
_STATUS_SYNONYMS = {
    # «HT», «ĐTH», «CTH»: the abbreviations the report's own appendix uses, and staff type
    TaskStatus.DONE: ("đã hoàn thành", "xong", "đã xong", "ht", "đã ht"),
    TaskStatus.IN_PROGRESS: ("đang triển khai", "đang làm", "đang tiến hành", "đth", "đang th"),
    TaskStatus.NOT_STARTED: ("chưa triển khai", "chưa làm", "chưa bắt đầu", "cth", "chưa th"),
}


@dataclass
class Checked:
    value: float | None
    findings: list[Finding] = field(default_factory=list)


def _shown(raw: object) -> str:
    if isinstance(raw, float):
        return format_number(raw, 6)
    return "" if raw is None else str(raw)


def read_number(
    raw: object, facts: CellFacts | None, where: Location, *, percent_unit: bool = False, count: bool = False
) -> Checked:
    """A number from a cell, or None; text numbers, typed comparators, formulas and % formats handled. `count`:
    the figure counts whole things, so «9.842» is nine thousand eight hundred and forty-two — nothing to ask."""
    facts = facts or CellFacts()
    if isinstance(raw, (date, time, timedelta)):  # a date typed where a number belongs
        shown = raw.strftime("%d/%m/%Y") if isinstance(raw, date) else str(raw)
        return Checked(None, [finding(Code.VALUE_NOT_NUMBER, at=where, value=shown)])
    if facts.error:
        return Checked(None, [finding(Code.VALUE_EXCEL_ERROR, at=where, value=facts.error)])
    if facts.formula and not facts.has_result:
        return Checked(None, [finding(Code.VALUE_FORMULA_NO_RESULT, at=where)])
    parsed = parse_number(raw)
    if parsed.error == "excel_error":
        return Checked(None, [finding(Code.VALUE_EXCEL_ERROR, at=where, value=raw)])
    if parsed.error:
        return Checked(None, [finding(Code.VALUE_NOT_NUMBER, at=where, value=raw)])
    if parsed.blank:
        return Checked(None)
    value = parsed.value
    found: list[Finding] = []
    if facts.formula:
        found.append(finding(Code.VALUE_FORMULA, at=where, value=format_number(value, 6)))
    if parsed.comparator:
        found.append(finding(Code.VALUE_COMPARATOR_TYPED, at=where, value=raw, number=value))
    elif parsed.thousands_dot and value is not None and not count:
        found.append(finding(Code.VALUE_THOUSANDS_DOT, at=where, value=raw, thousands=format_number(value / 1000, 3)))
    elif parsed.was_text:
        found.append(finding(Code.VALUE_TEXT_NUMBER, at=where, value=raw, number=value))
    if value is not None and percent_unit and facts.percent_format and not parsed.was_text:
        # "10%" typed into Excel is stored as 0.1 in a percent-formatted cell; the unit column says %.
        value = value * 100
        found.append(
            finding(Code.VALUE_PERCENT_CONVERTED, at=where, value=f"{format_number(value, 4)}%", number=round(value, 4))
        )
    return Checked(value, found)


def check_value(
    raw: object,
    facts: CellFacts | None,
    where: Location,
    *,
    percent: bool,
    references: tuple[float | None, ...] = (),
    compared: str = "",
    count: bool = False,
) -> Checked:
    """A non-negative number (0–100 for a percentage), flagged when far from the reference values — of the same
    kind as the value: last year's figure for a raw figure, the baseline and target for a published score."""
    checked = read_number(raw, facts, where, percent_unit=percent, count=count)
    value = checked.value
    if value is None:
        return checked
    shown = format_number(value, 6)
    if value < 0:
        checked.findings.append(finding(Code.VALUE_NEGATIVE, at=where, value=shown))
        checked.value = None
    elif percent and value > 100:
        checked.findings.append(finding(Code.VALUE_PERCENT_OUT_OF_RANGE, at=where, value=shown))
        checked.value = None
    elif is_implausible(value, references):
        base = references[0]
        checked.findings.append(
            finding(Code.VALUE_IMPLAUSIBLE, at=where, value=shown, baseline=base, compared=compared)
        )
    return checked


# units that count whole things: a figure in one of them with a fraction («12,5 văn bản») is a typing slip or a
# figure of another kind (an average), to be asked about
COUNT_UNITS = frozenset(
    fold(u)
    for u in (
        "văn bản",
        "doanh nghiệp",
        "tổ chức",
        "đơn",
        "sản phẩm",
        "người",
        "dự án",
        "sáng chế",
        "bài",
        "bài báo",
        "cơ sở",
        "hợp tác xã",
        "trường",
        "lượt",
        "nhiệm vụ",
        "đề tài",
        "sự kiện",
        "chương trình",
        "hồ sơ",
        "thủ tục",
        "hội chợ",
        "cuộc thi",
        "giải pháp",
        "phòng thí nghiệm",
        "trung tâm",
        "khu",
        "cụm",
        "học sinh",
        "sinh viên",
        "lao động",
        "hộ",
        "cán bộ",
        "giảng viên",
        "nhà khoa học",
        "hợp đồng",
        "văn bằng",
        "bằng",
        "giấy chứng nhận",
        "tài khoản",
        "đơn đăng ký",
        "xã",
        "thôn",
    )
)


def is_count_unit(unit: str) -> bool:
    return fold(unit) in COUNT_UNITS


def check_figure(raw: object, facts: CellFacts | None, where: Location, indicator: Indicator) -> Checked:
    """An agency's raw figure, compared with last year's figure when the plan knows it; a count with a fraction
    is questioned."""
    f = indicator.figure
    unit = f.unit or indicator.unit
    checked = check_value(
        raw,
        facts,
        where,
        percent=f.is_percent,
        references=(f.previous_value,),
        compared="số liệu năm trước",
        count=is_count_unit(unit),
    )
    if checked.value is not None and not float(checked.value).is_integer() and is_count_unit(unit):
        checked.findings.append(
            finding(Code.VALUE_COUNT_FRACTION, at=where, value=format_number(checked.value, 4), unit=unit)
        )
    return checked


def check_published(raw: object, facts: CellFacts | None, where: Location, indicator: Indicator) -> Checked:
    """A published score (or published figure, for targets on the figure) entered by the coordinator."""
    return check_value(
        raw,
        facts,
        where,
        percent=indicator.is_percent,
        references=(indicator.baseline_value, indicator.target_value()),
        compared="năm cơ sở",
    )


def is_implausible(value: float, references: tuple[float | None, ...]) -> bool:
    """More than 3x above the largest reference, or below a third of the first (the baseline or last year)."""
    base = references[0] if references else None
    if base is None or base <= 0:
        return False
    reference = max(r for r in references if r is not None)
    return value > IMPLAUSIBLE_FACTOR * reference or value < base / IMPLAUSIBLE_FACTOR


# Units that carry a multiple of a base unit: a part typed in the base unit is 1.000 or 10.000 times too large.
UNIT_SCALES = (("vạn ", 10_000.0), ("nghìn ", 1_000.0), ("ngàn ", 1_000.0), ("triệu ", 1_000_000.0))


def unit_scale(unit: str) -> tuple[str, float]:
    """«vạn người» → («người», 10.000); «tỷ đồng» → («đồng», 10⁹); a unit without a multiple → (unit, 1)."""
    text = fold(unit)
    for prefix, scale in ((fold(p), s) for p, s in (*UNIT_SCALES, ("tỷ ", 1e9))):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :].strip(), scale
    return text, 1.0


def unit_slip(
    computed: float, previous: float, numerator_unit: str, denominator_unit: str
) -> tuple[str, str, str] | None:
    """(part, unit asked, «1.000») when a ratio is about 1/scale (or scale times) last year's and that part's unit
    is a multiple of scale: the part was typed in the base unit (persons where «vạn người» is asked)."""
    if previous <= 0 or computed <= 0:
        return None
    ratio = computed / previous
    for part, unit, inverse in (("denominator", denominator_unit, True), ("numerator", numerator_unit, False)):
        _, scale = unit_scale(unit)
        if scale == 1:
            continue
        expected = 1 / scale if inverse else scale
        if expected / 3 <= ratio <= expected * 3:
            return part, unit, format_number(scale, 0)
    return None


def parse_status(text: str) -> TaskStatus | None:
    return _statuses_by_word().get(fold(text).rstrip("."))


@functools.cache
def _statuses_by_word() -> dict[str, TaskStatus]:
    """Each status's folded label and synonyms; a word two statuses know is the first's, as it always was."""
    found: dict[str, TaskStatus] = {}
    for status, words in reversed(_STATUS_SYNONYMS.items()):
        found.update(dict.fromkeys(words, status))
        found[fold(status.label)] = status
    return found
