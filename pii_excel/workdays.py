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
    return dict(_vietnam_calendar()(years=year, language="vi").items())


@lru_cache(maxsize=1)
def _vietnam_calendar() -> type:
    """The library's Viet Nam calendar class. Asking the library by country code imports the calendars of all its
    two hundred countries first (a fifth of a second, at every run that checks a deadline); the Viet Nam module
    alone is loaded from the package when it is where the library keeps it, else the library is asked."""
    import importlib.util
    import os
    import sys

    import holidays

    name = "holidays.countries.vietnam"
    if name in sys.modules:
        return sys.modules[name].Vietnam
    try:
        path = os.path.join(holidays.__path__[0], "countries", "vietnam.py")
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.Vietnam
    except (ImportError, OSError, AttributeError, SyntaxError):
        return type(holidays.country_holidays("VN"))


def day_off_reason(day: date) -> str | None:
    """Why `day` is not a working day ("Chủ nhật", "Tết Nguyên Đán"), or None when it is one."""
    name = _holidays(day.year).get(day)
    if name:
        return f"ngày nghỉ {name}"
    return WEEKEND_NAMES.get(day.weekday())


def is_working_day(day: date) -> bool:
    return day_off_reason(day) is None
