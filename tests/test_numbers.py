"""Number parsing: every way an office types a number, and blank never becomes zero."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pii_excel.numbers import format_number, parse_number


@pytest.mark.parametrize(
    ("typed", "value", "percent", "comparator"),
    [
        ("12,5", 12.5, False, None),
        ("1.234,5", 1234.5, False, None),
        ("1,234.5", 1234.5, False, None),
        ("1.234.567", 1234567, False, None),
        ("1 234,5", 1234.5, False, None),
        ("10%", 10, True, None),
        ("10 %", 10, True, None),
        ("≥ 20", 20, False, "≥"),
        (">=20", 20, False, "≥"),
        ("\u00a07,25\u00a0", 7.25, False, None),
        ("-3,2", -3.2, False, None),
        (15, 15, False, None),
        (0.1, 0.1, False, None),
    ],
)
def test_typed_numbers(typed, value, percent, comparator):
    parsed = parse_number(typed)
    assert parsed.error is None
    assert parsed.value == pytest.approx(value)
    assert (parsed.percent_sign, parsed.comparator) == (percent, comparator)


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_is_no_data_never_zero(blank):
    parsed = parse_number(blank)
    assert parsed.blank and parsed.value is None


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("#DIV/0!", "excel_error"),
        ("#REF!", "excel_error"),
        ("mười", "not_a_number"),
        ("1.2.3", "not_a_number"),
        ("12,3,4", "not_a_number"),
        (True, "not_a_number"),
    ],
)
def test_not_numbers(typed, error):
    assert parse_number(typed).error == error


def _vietnamese(value: float, decimals: int) -> str:
    """Write a number as a Vietnamese office would: dot thousands, comma decimals."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=4))
def test_both_separator_conventions_round_trip(cents, decimals):
    value = cents / 10**decimals
    for text in (_vietnamese(value, decimals), f"{value:.{decimals}f}".replace(".", ",")):
        assert parse_number(text).value == pytest.approx(value, abs=10**-decimals)
    if abs(value) >= 1000:  # with a thousands group, both separators appear and the last is the decimal
        assert parse_number(_english(value, decimals)).value == pytest.approx(value, abs=10**-decimals)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_display_format_parses_back(value):
    assert parse_number(format_number(value, 2)).value == pytest.approx(round(value, 2), abs=0.006)


@pytest.mark.parametrize(
    ("text", "value", "grouped"),
    [
        ("20.000", 20000.0, True),
        ("1.234", 1234.0, True),
        ("-5.500", -5500.0, True),
        ("12.5", 12.5, False),
        ("0.125", 0.125, False),
        ("1234.567", 1234.567, False),
        ("20,000", 20.0, False),
    ],
)
def test_a_single_dot_before_three_digits_groups_thousands(text, value, grouped):
    parsed = parse_number(text)
    assert (parsed.value, parsed.thousands_dot) == (value, grouped)


def test_a_thousands_dot_is_read_and_flagged():
    from pii_excel.findings import Location
    from pii_excel.intake.checks import read_number

    checked = read_number("20.000", None, Location("a.xlsx", "Chỉ số", "I4"))
    assert checked.value == 20000.0
    assert [f.code for f in checked.findings] == ["VALUE_THOUSANDS_DOT"]
    assert "20 nghìn" in checked.findings[0].message


def test_clean_text_folds_every_kind_of_space_as_the_spacing_rule_says():
    """Every run of whitespace (Unicode's, non-breaking, figure and zero-width spaces) is one space, ends trimmed,
    the text in NFC: checked against the rule written as a regular expression, on random texts of such characters."""
    import random
    import re
    import unicodedata

    from pii_excel.textnorm import clean_text

    rule = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
    alphabet = "ab \u00a0\u2007\u202f\u200b\ufeff\t\n\r\x0b\x0c\x1c\x1f\x85\u2028\u3000\u1680xe\u0301ế"
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert clean_text(text) == rule.sub(" ", unicodedata.normalize("NFC", text)).strip(), repr(text)
    assert clean_text(None) == "" and clean_text(12.5) == "12.5"
    assert clean_text("  Sở\u00a0Khoa học\u200bvà  Công nghệ ") == "Sở Khoa học và Công nghệ"


def test_in_a_count_a_dot_before_three_digits_is_a_thousands_separator_and_nothing_is_said():
    """Issue #36: «9.842» doanh nghiệp, «1.245» học sinh are counts as every Vietnamese document writes them; asking
    sent correction workbooks to agencies whose input was right. A figure that is not a count is still asked about,
    and a count's numerator or denominator is read the same way."""
    from pii_excel.findings import Location
    from pii_excel.intake.checks import check_figure
    from pii_excel.plan.model import Figure, Indicator

    where = Location("a.xlsx", "Chỉ số", "I4")
    firms = Indicator(code="5.1.1", name="Doanh nghiệp", figure=Figure(name="Số doanh nghiệp", unit="doanh nghiệp"))
    pupils = Indicator(code="2.1.2", name="Học sinh", figure=Figure(name="Số học sinh", unit="học sinh"))
    money = Indicator(code="2.2.3", name="Chi", figure=Figure(name="Chi cho KH&CN", unit="tỷ đồng"))
    for ind, text, value in ((firms, "9.842", 9842.0), (pupils, "1.245", 1245.0)):
        checked = check_figure(text, None, where, ind)
        assert checked.value == value, text
        # at most the note that the cell held text, never a question that sends a correction workbook
        assert [f.code.value for f in checked.findings] in ([], ["VALUE_TEXT_NUMBER"]), text
        assert all(f.severity.value == "info" for f in checked.findings), text
    asked = check_figure("1.245", None, where, money)
    assert asked.value == 1245.0 and [f.code for f in asked.findings] == ["VALUE_THOUSANDS_DOT"]
