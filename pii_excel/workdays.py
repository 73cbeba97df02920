"""Working days in Viet Nam: Monday to Friday except public holidays.

Holidays come from the `holidays` library's Viet Nam calendar (the days off of Bộ luật Lao động 2019, Art. 112:
Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, with the days off the Government moves
or adds each year as far as the library knows them), named in Vietnamese. Saturdays the Government turns into
working days in exchange are not known to it, so a deadline on such a Saturday is still called a day off.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

SATURDAY, SUNDAY = 5, 6
WEEKEND_NAMES = {SATURDAY: "thứ Bảy", SUNDAY: "Chủ nhật"}


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[date, str]:
    import holidays  # a tenth of a second to import: only when a deadline is checked, not at every start

    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


def day_off_reason(day: date) -> str | None:
    """Why `day` is not a working day ("Chủ nhật", "Tết Nguyên Đán"), or None when it is one."""
    name = _holidays(day.year).get(day)
    if name:
        return f"ngày nghỉ {name}"
    return WEEKEND_NAMES.get(day.weekday())


def is_working_day(day: date) -> bool:
    return day_off_reason(day) is None
