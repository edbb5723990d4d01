"""Prices, times, dates and numbers as the interface's locale writes them.

Why one module: an f-string (``f"${x:.2f}"``, ``strftime("%H:%M")``) writes every value the
English way whatever language the window speaks. These go through :class:`QLocale` — the
default locale, which :mod:`studio.ui.i18n` sets to the interface language at start — so a
Chinese window shows ``14:05`` and ``2026年3月1日`` and an English one ``2:05 PM`` and
``March 1, 2026``. ``locale`` overrides it (tests, or a value for a given reader).
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

#: Provider prices are in US dollars whatever the interface language; "$" (not "US$"):
#: the jobs and takes columns are sized for it, and the studio shows no other currency.
_DOLLAR = "$"


def _loc(locale: QLocale | None) -> QLocale:
    """The locale asked for, else the default; the bare "C" locale (no LANG: a server, a
    test run) writes ``1234.50$`` and ``1 03 2026``, so it stands for US English here."""
    loc = locale if locale is not None else QLocale()
    if loc.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return loc


def money(value: float, *, estimate: bool = False, locale: QLocale | None = None) -> str:
    """A price in US dollars, two decimals: ``$0.40`` (``~$0.40`` for an estimate)."""
    text = _loc(locale).toCurrencyString(float(value), _DOLLAR, 2)
    return f"~{text}" if estimate else text


def number(value: float, decimals: int = 0, locale: QLocale | None = None) -> str:
    """A number with the locale's separators; trailing zeros kept (``decimals`` places)."""
    loc = _loc(locale)
    if decimals <= 0:
        return loc.toString(round(value))
    return loc.toString(float(value), "f", decimals)


def seconds(value: float, locale: QLocale | None = None) -> str:
    """A length in seconds as a number only (the unit is in the translated sentence):
    whole seconds bare, fractions to one decimal (``4``, ``4.5``)."""
    whole = abs(value - round(value)) < 0.05
    return number(value, 0 if whole else 1, locale)


def time_of_day(timestamp: float, locale: QLocale | None = None) -> str:
    """The local clock time of a Unix timestamp, short (``14:05`` / ``2:05 PM``)."""
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp)).time()
    return _loc(locale).toString(QTime(moment.hour(), moment.minute()),
                                 QLocale.FormatType.ShortFormat)


def date(value: dt.date | str, locale: QLocale | None = None) -> str:
    """A calendar date as the locale writes it in full, without the weekday
    (``2026年3月1日`` / ``March 1, 2026``: the short form ``3/1/26`` reads two ways);
    an ISO string is read first."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    loc = _loc(locale)
    pattern = _WEEKDAY.sub(" ", loc.dateFormat(QLocale.FormatType.LongFormat)).strip()
    return loc.toString(QDate(day.year, day.month, day.day), pattern)


_WEEKDAY = re.compile(r"\s*,?\s*dddd\s*,?\s*")  # the weekday and its separators
