"""English dates, times and numbers (FORMAT_MODULE_PATH; see core/formats/__init__.py).

British order, full month names and "9:30 AM": Django's default "9 a.m." ends with a full
stop, which doubles the one of any sentence it closes ("…closes at 9 a.m..").
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i A"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
