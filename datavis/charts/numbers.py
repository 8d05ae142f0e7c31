"""Reading numbers the way people type them, writing them the way the reader's language does,
and choosing "nice" axis ticks (1, 2 or 5 times a power of ten)."""

import math
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats, numberformat
from django.utils.translation import gettext

# Eastern Arabic and Persian digits, and the Arabic decimal and thousands separators.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_ARABIC_DECIMAL = "\u066b"
_ARABIC_THOUSANDS = "\u066c"
# Spaces and apostrophes people use to group thousands (1 234, 1'234).
_GROUPING_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_COMMA_DECIMAL_HINT = re.compile(r"(^|[^\d])\d+,(\d{1,2}|\d{4,})$|\.\d{3},\d+$")
_POINT_DECIMAL_HINT = re.compile(r"(^|[^\d])\d+\.(\d{1,2}|\d{4,})$|,\d{3}\.\d+$")


def _normalise(text):
    text = str(text).strip().translate(_DIGITS)
    text = text.replace(_ARABIC_THOUSANDS, "").replace(_ARABIC_DECIMAL, ".")
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    if text.endswith("%"):
        text = text[:-1]
    return _GROUPING_SPACES.sub("", text)


def infer_decimal_comma(cells, default=False):
    """Guess whether a set of cells writes decimals with a comma (12,5) or a point (12.5).

    Ambiguous cells such as "1,234" give no evidence; the majority of clear cells wins.
    """
    comma = point = 0
    for cell in cells:
        text = _normalise(cell)
        if _COMMA_DECIMAL_HINT.search(text):
            comma += 1
        elif _POINT_DECIMAL_HINT.search(text):
            point += 1
    if comma == point:
        return default
    return comma > point


def parse_number(text, decimal_comma=False):
    """The float in ``text``, or None when the cell is empty. Raises ValueError otherwise.

    Accepts grouping (1,234 / 1 234 / 1.234 with ``decimal_comma``), a trailing %, a Unicode
    minus sign and Arabic-Indic digits.
    """
    if text is None:
        return None
    text = _normalise(text)
    if text == "":
        return None
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def decimals_in(text, decimal_comma=False):
    """How many decimal places the editor wrote in a numeric cell (used to format it back)."""
    if text is None:
        return 0
    text = _normalise(text)
    separator = "," if decimal_comma else "."
    if separator not in text or "e" in text.lower():
        return 0
    return len(text.rsplit(separator, 1)[1])


class NumberFormat:
    """``format_number`` and ``format_with_units`` for the active language, whose separators,
    grouping and unit patterns are read once: a chart's table formats every cell, and reading
    them again for each number was most of the cost of formatting it."""

    def __init__(self):
        self.decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
        self.thousand_separator = formats.get_format("THOUSAND_SEPARATOR")
        self.grouping = formats.get_format("NUMBER_GROUPING") or 3
        # Translators: a percentage; French writes "45 %" with a space.
        self.percent = gettext("%(number)s%%")
        # Translators: a number followed by its unit, e.g. "12 km" or "3 000 trips".
        self.with_unit = gettext("%(number)s %(units)s")

    def number(self, value, decimals=0):
        if value is None:
            return ""
        decimals = max(0, min(int(decimals), 6))
        try:
            number = Decimal(repr(float(value)))
        except (InvalidOperation, ValueError, TypeError):
            return str(value)
        number = round(number, decimals)
        if number == 0:
            number = abs(number)  # never "-0"
        return numberformat.format(
            number,
            self.decimal_separator,
            decimal_pos=decimals,
            grouping=self.grouping,
            thousand_sep=self.thousand_separator,
            force_grouping=True,
        )

    def with_units(self, value, decimals=0, units=""):
        number = self.number(value, decimals)
        units = (units or "").strip()
        if not units:
            return number
        if units == "%":
            return self.percent % {"number": number}
        return self.with_unit % {"number": number, "units": units}


def format_number(value, decimals=0):
    """``value`` written for the active language: its decimal mark and thousands grouping."""
    return NumberFormat().number(value, decimals)


_BARE_INTEGER = re.compile(r"^[+-]?\d+$")


def localize_number_text(text, decimal_comma=False, number_format=None):
    """A number an editor typed in a table cell, written the way the reader's language does.

    "1,214" reads "1 214" in French and "1,214" in Arabic, exactly as the key figure beside
    the table (both go through ``format_number``). The decimals typed are kept. A bare whole
    number ("2019", "800") stays as typed: it may be a year or a code, and without grouping
    it reads the same in every language. Anything that is not a number is returned as is.
    """
    if text is None:
        return text
    try:
        value = parse_number(text, decimal_comma)
    except ValueError:
        return text
    if value is None:
        return text
    plain = _normalise(text)
    if _BARE_INTEGER.match(plain):
        return text
    decimals = decimals_in(text, decimal_comma)
    number_format = number_format or NumberFormat()
    if str(text).strip().endswith("%"):
        return number_format.with_units(value, decimals, "%")
    return number_format.number(value, decimals)


def format_with_units(value, decimals=0, units=""):
    """A number with its units, in the order and spacing the language uses ("45%" / "45 %")."""
    return NumberFormat().with_units(value, decimals, units)


def is_short_unit(units):
    """Units short enough to print after every number on an axis (%, €, km)."""
    return 0 < len((units or "").strip()) <= 3


def nice_step(span, target=5):
    """The step, 1, 2 or 5 times a power of ten, giving about ``target`` intervals over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, target)
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    if fraction <= 1:
        nice = 1
    elif fraction <= 2:
        nice = 2
    elif fraction <= 5:
        nice = 5
    else:
        nice = 10
    return nice * 10**exponent


def _clean(value, step):
    digits = max(0, -math.floor(math.log10(step)) + 1)
    value = round(value, digits)
    return 0.0 if value == 0 else value


def nice_ticks(low, high, target=5, include_zero=True, whole=False):
    """Axis ticks covering [low, high]: evenly spaced multiples of a nice step.

    Returns (ticks, step). The first tick is <= low and the last >= high. With ``whole``
    (data that are counts) the step is never below 1: no axis of people or events reads
    "0.5".
    """
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        if low == 0:
            high = 1.0
        elif low > 0:
            low, high = (0.0, low) if include_zero else (low - abs(low) / 2, high + abs(high) / 2)
        else:
            low, high = (high, 0.0) if include_zero else (low - abs(low) / 2, high + abs(high) / 2)
    step = nice_step(high - low, target)
    if whole:
        step = max(step, 1.0)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    ticks = [_clean(i * step, step) for i in range(first, last + 1)]
    return ticks, step


def step_decimals(step):
    """Decimal places needed to write ticks that are multiples of ``step``."""
    if step >= 1:
        return 0
    return max(0, -math.floor(math.log10(step) + 1e-9))
