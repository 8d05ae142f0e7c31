"""French dates, times and numbers: "31 janvier 2027", "8 h 30", "1 214,5".

Times follow French typography with non-breaking spaces ("8 h 30"); the on-the-hour form
"8 h" comes from core.formats.format_time, which the templates use.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j F Y à G\u00a0\\h\u00a0i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y G\u00a0\\h\u00a0i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
