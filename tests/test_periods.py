"""Reporting periods as Nghị định 09/2019/NĐ-CP, Art. 12 defines them; working days; who owes what in each kind."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from pii_excel.plan.duties import indicator_due
from pii_excel.plan.model import Indicator
from pii_excel.plan.periods import (
    PeriodKind,
    data_period,
    data_period_text,
    make_period,
    moved_on,
    normalise_period_id,
    parse_period_id,
    period_label,
)
from pii_excel.workdays import day_off_reason, is_working_day


@pytest.mark.parametrize(
    ("period_id", "start", "end"),
    [
        # monthly: the 15th of the previous month to the 14th (January reaches into last year)
        ("2026-M01", date(2025, 12, 15), date(2026, 1, 14)),
        ("2026-M03", date(2026, 2, 15), date(2026, 3, 14)),
        ("2026-M12", date(2026, 11, 15), date(2026, 12, 14)),
        # quarterly: the 15th of the month before the quarter to the 14th of its last month
        ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14)),
        ("2026-Q2", date(2026, 3, 15), date(2026, 6, 14)),
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("2026-Q4", date(2026, 9, 15), date(2026, 12, 14)),
        # 6 months, 9 months and the year all start on 15/12 of the previous year
        ("2026-6T", date(2025, 12, 15), date(2026, 6, 14)),
        ("2026-9T", date(2025, 12, 15), date(2026, 9, 14)),
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),
        ("2000", date(1999, 12, 15), date(2000, 12, 14)),
    ],
)
def test_data_periods_follow_decree_09(period_id, start, end):
    assert data_period(period_id) == (start, end)


def test_consecutive_periods_of_a_kind_leave_no_gap_and_no_overlap():
    for kind_ids in (
        [f"2025-M{m:02d}" for m in range(1, 13)] + ["2026-M01"],
        ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"],
        ["2024", "2025", "2026"],
    ):
        bounds = [data_period(i) for i in kind_ids]
        for (_, end), (start, _) in itertools.pairwise(bounds):
            assert (start - end).days == 1


@pytest.mark.parametrize(
    ("typed", "canonical", "label"),
    [
        ("2026", "2026", "Năm 2026"),
        ("2026-q1", "2026-Q1", "Quý I năm 2026"),
        ("2026 Q4", "2026-Q4", "Quý IV năm 2026"),
        ("2026-6T", "2026-6T", "6 tháng đầu năm 2026"),
        ("2026-H1", "2026-6T", "6 tháng đầu năm 2026"),
        ("2026-9t", "2026-9T", "9 tháng năm 2026"),
        ("2026-M3", "2026-M03", "Tháng 3 năm 2026"),
        ("2026-T11", "2026-M11", "Tháng 11 năm 2026"),
    ],
)
def test_ids_staff_type_become_one_spelling_with_a_vietnamese_label(typed, canonical, label):
    assert normalise_period_id(typed) == canonical
    assert period_label(canonical) == label


@pytest.mark.parametrize("bad", ["2026-Q5", "2026-M13", "2026-M00", "Q1-2026", "26", "2026-7T", ""])
def test_ids_that_are_no_period(bad):
    assert parse_period_id(bad) is None and data_period(bad) is None


def test_a_period_prints_its_data_period_and_moves_on_a_year():
    q1 = make_period("2026-Q1", date(2026, 4, 5))
    assert data_period_text(q1) == "Số liệu tính từ 15/12/2025 đến 14/03/2026"
    nxt = moved_on(make_period("2024", date(2024, 12, 20), ranking_size=63))
    assert (nxt.id, nxt.label, nxt.start, nxt.end, nxt.deadline, nxt.ranking_size) == (
        "2025",
        "Năm 2025",
        date(2024, 12, 15),
        date(2025, 12, 14),
        date(2025, 12, 22),
        63,
    )
    # (20/12/2025 is a Saturday: the deadline moves on to Monday 22/12)
    own = moved_on(make_period("2020", date(2020, 12, 4), end=date(2020, 11, 30)))
    assert (own.end, own.deadline) == (
        date(2021, 11, 30),
        date(2021, 12, 6),
    )  # its own cut-off too; 4/12/2021 is a Saturday


def test_working_days_know_weekends_and_vietnamese_holidays():
    assert is_working_day(date(2026, 3, 16))  # a Monday
    assert day_off_reason(date(2026, 3, 14)) == "thứ Bảy"
    assert day_off_reason(date(2026, 3, 15)) == "Chủ nhật"
    assert "Tết" in (day_off_reason(date(2026, 2, 17)) or "")  # Tết Nguyên Đán, by the lunar calendar
    assert "ngày nghỉ" in (day_off_reason(date(2025, 9, 2)) or "")  # Quốc khánh, a Tuesday
    assert not is_working_day(date(2026, 4, 30)) and not is_working_day(date(2026, 1, 1))


def test_the_vietnam_calendar_is_the_librarys_without_loading_every_country():
    """The Viet Nam module is loaded alone (the library's registry imports 200 countries first): same days, same
    Vietnamese names as asking the library by country code."""
    import subprocess
    import sys

    script = (
        "import sys, holidays\n"
        "from pii_excel.workdays import _holidays\n"
        "ours = {y: _holidays(y) for y in range(2019, 2031)}\n"
        "assert not [m for m in sys.modules if m.startswith('holidays.countries.a')], 'every country was imported'\n"
        "lib = {y: dict(holidays.country_holidays('VN', years=y, language='vi').items()) for y in range(2019, 2031)}\n"
        "assert ours == lib, (ours, lib)\n"
        "assert sum(map(len, ours.values())) > 100\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("frequency", "due_in"),
    [
        ("ongoing", {"M", "Q", "6T", "9T", "Y", "DL"}),
        ("quarterly", {"Q", "6T", "9T", "Y", "DL"}),
        ("half_yearly", {"6T", "Y", "DL"}),
        ("yearly", {"Y", "DL"}),  # the Ministry's data call asks every figure, whatever its rhythm
    ],
)
def test_an_indicator_is_owed_only_in_the_periods_its_frequency_names(frequency, due_in):
    ids = {"M": "2026-M05", "Q": "2026-Q2", "6T": "2026-6T", "9T": "2026-9T", "Y": "2026", "DL": "2026-DL"}
    ind = Indicator("1.1", "x", frequency=frequency)
    assert {k for k, pid in ids.items() if indicator_due(ind, pid)} == due_in
    assert {parse_period_id(pid).kind for pid in ids.values()} == set(PeriodKind)
