"""Working-day arithmetic for the acknowledgement deadline: weekends never count, UK bank
holidays count when ``ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION`` names a part of the UK."""

import datetime as dt
import functools

from django.conf import settings

import holidays


@functools.lru_cache(maxsize=8)
def _bank_holidays(subdivision: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year).keys())


def is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    subdivision = settings.ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION
    return not (subdivision and day in _bank_holidays(subdivision, day.year))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself never counts)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def latest_overdue_date(today: dt.date, days: int) -> dt.date:
    """The latest date a request could have arrived and still be overdue today.

    A request that arrived on day ``d`` is due ``add_working_days(d, days)`` and overdue after
    that. The due date never goes down as ``d`` goes up, so everything on or before the date
    returned is overdue and everything after it is not: one comparison in a database filter.
    """
    day = today - dt.timedelta(days=1)
    while add_working_days(day, days) >= today:
        day -= dt.timedelta(days=1)
    return day
