"""Numbers as people type them in Vietnamese offices: "12,5", "1.234,5", "1,234.5", "10%", "≥ 20"."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pii_excel.textnorm import clean_text

EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)
_COMPARATOR_PREFIX = re.compile(r"^(>=|<=|=>|=<|≥|≤|>|<|=)\s*")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")
_CANONICAL = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤"}


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None = None
    percent_sign: bool = False  # the text ended with "%"
    comparator: str | None = None  # the text started with "≥ ", "> " ...
    was_text: bool = False  # a number typed or stored as text
    thousands_dot: bool = False  # "20.000": read as twenty thousand (Vietnamese grouping), worth a second look
    error: str | None = None  # "excel_error" | "not_a_number" | "not_finite"

    @property
    def blank(self) -> bool:
        return self.value is None and self.error is None


def parse_number(raw: object) -> ParsedNumber:
    """Parse a cell value. Blank stays blank (never zero); text that is not a number is an error."""
    if raw is None:
        return ParsedNumber()
    if isinstance(raw, bool):
        return ParsedNumber(error="not_a_number")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            return ParsedNumber(error="not_finite")
        return ParsedNumber(value=float(raw))
    text = clean_text(raw)
    if not text:
        return ParsedNumber()
    if text.upper() in EXCEL_ERRORS:
        return ParsedNumber(error="excel_error")
    comparator = None
    if m := _COMPARATOR_PREFIX.match(text):
        comparator = _CANONICAL.get(m.group(1), m.group(1))
        text = text[m.end() :]
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    number = _normalise_separators(text.replace(" ", "").replace("'", ""))
    if number is None or not _PLAIN.match(number):
        return ParsedNumber(error="not_a_number", was_text=True)
    value = float(number)
    if not math.isfinite(value):
        return ParsedNumber(error="not_finite", was_text=True)
    return ParsedNumber(
        value=value,
        percent_sign=percent,
        comparator=comparator,
        was_text=True,
        thousands_dot=bool(_THOUSANDS_DOT.match(text.replace(" ", ""))),
    )


def _normalise_separators(text: str) -> str | None:
    """Return the number with "." as the decimal point and no thousands separators."""
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:]
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, frac = text.rpartition(decimal)
        if not _valid_grouping(whole, thousands):
            return None
        return sign + whole.replace(thousands, "") + "." + frac
    for sep in (",", "."):
        if text.count(sep) > 1:  # "1.234.567" or "1,234,567": only thousands separators
            return sign + text.replace(sep, "") if _valid_grouping(text, sep) else None
    # One comma is a Vietnamese decimal comma. One dot before exactly three digits ("20.000") groups thousands,
    # as Vietnamese writes them; any other single dot is a decimal point ("12.5", "0.125").
    if _THOUSANDS_DOT.match(text):
        return sign + text.replace(".", "")
    return sign + text.replace(",", ".")


def _valid_grouping(text: str, sep: str) -> bool:
    groups = text.split(sep)
    return bool(groups[0]) and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def fixed(value: float | None, decimals: int = 2) -> str:
    """A fixed number of decimals, Vietnamese style ("21,01", "4,10"): scores as they are published."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def format_number(value: float | None, decimals: int = 2) -> str:
    """Vietnamese display: decimal comma, dot thousands separator; trailing zeros trimmed."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def agreeing_round(value: float, decimals: int, reached: bool | None) -> float:
    """`value` rounded to `decimals` without crossing 100 against the verdict: 99,996 % of a target not reached
    shows 99,99, not 100,00; a reached target never shows below 100."""
    rounded = round(value, decimals)
    step = 10**-decimals
    if reached is False and rounded >= 100 > value:
        return math.floor(value / step) * step
    if reached and rounded < 100 <= value:
        return 100.0
    return rounded
