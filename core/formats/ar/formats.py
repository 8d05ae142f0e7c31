"""Arabic dates, times and numbers: "4 ديسمبر، 2026، 5:11 م", "1,214.5".

Django's Arabic locale has no DATETIME_FORMAT, so date-times fell back to the English
pattern ("ديسمبر 4, 2026, 5:11 م"); here the day comes first, then the month, the year and
the time, separated by the Arabic comma, as the dates alone already were.

Digits and separators (a decision, kept the same for every number the site writes): Western
digits (0-9), "," between thousands and "." before decimals, as in CLDR's Arabic "latn"
numbering. The demo content, the data tables editors type and every date on the site use
Western digits, so the key figures and chart labels must too; Django's Arabic locale writes
"1.214" (a point between thousands), which sat beside "1,214" in the same block's table.
"""

DATE_FORMAT = "j F، Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F، Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y، g:i A"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
