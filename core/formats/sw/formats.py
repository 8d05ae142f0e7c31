"""Swahili dates and numbers: "4 Desemba 2026", "1,214.5". Django has no Swahili formats.

Times are written in Swahili time ("saa 2:30 asubuhi" for 8:30), which a format string
cannot express: core.formats.format_time does it, and every template shows times through
the `time_of_day` / `date_and_time` filters (tests/home/test_formats.py checks that no
template formats a time itself). TIME_FORMAT below is only a fallback for code outside the
site's templates, such as the Wagtail admin that officials use.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
