"""Spreadsheet exports: cells that cannot run as formulas, and sheets with real names.

Formulas. A text cell starting with "=", "+", "-", "@", tab or a line break is run by
spreadsheet programs as a formula (OWASP "CSV injection"). django-import-export's
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading "=" (changing the data), so
every resource passes its cells through ``escape_formula`` (or ``clean_cell``, which also
replaces the control characters XLSX cannot hold rather than failing the whole export).

Sheet names, in the official's language.

Spreadsheet programs show the sheet name on its tab; without one, tablib writes
"Tablib Dataset" and Wagtail's own exports "Sheet1". Excel refuses a name longer than 31
characters, one with any of [ ] : * ? / \\, one that starts or ends with an apostrophe, and
the name "History"; ``sheet_title`` makes any text safe.

* tablib exports (comments, subscribers): set ``dataset.title = sheet_title(...)``;
* Wagtail exports (``list_export`` of a viewset, form submissions): mix
  ``NamedSheetExportMixin`` into the view and give ``get_sheet_title()``.
"""

import re

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import Workbook
from wagtail.admin.views.mixins import ExcelDateFormatter
from wagtail.contrib.forms.views import SubmissionsListView

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 (so XLSX) cannot contain; tab and newlines are fine inside a cell.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_formula(value):
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value:
        if value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_TRIGGERS[:4]):
            return "'" + value
    return value


def clean_cell(value):
    """``escape_formula``, after replacing characters an XLSX cell cannot hold."""
    if isinstance(value, str):
        return escape_formula(ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value))
    return value


MAX_LENGTH = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]+")
RESERVED = {"history"}


def sheet_title(*parts, fallback="Export"):
    """A valid Excel sheet name from the parts ("Comments", a page title…), joined by " – "."""
    text = " – ".join(str(part).strip() for part in parts if part and str(part).strip())
    text = FORBIDDEN.sub("-", " ".join(text.split())).strip("' ")
    if not text or text.lower() in RESERVED:
        text = fallback
    return Truncator(text).chars(MAX_LENGTH, truncate="…").strip("' ")


class NamedSheetExportMixin:
    """For views built on Wagtail's SpreadsheetExportMixin: the sheet gets a real name."""

    def get_sheet_title(self):
        return sheet_title(self.get_filename())

    def write_xlsx(self, queryset, output):
        workbook = Workbook(write_only=True, iso_dates=True)
        sheet = workbook.create_sheet(title=self.get_sheet_title())
        sheet.append([self.get_heading(queryset, field) for field in self.list_export])
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            row = self.to_row_dict(item)
            sheet.append(self.generate_xlsx_row(sheet, row, date_format=date_format))
        workbook.save(output)


class FormSubmissionsListView(NamedSheetExportMixin, SubmissionsListView):
    """A form page's submissions (FormPage.get_submissions_list_view_class)."""

    def get_sheet_title(self):
        return sheet_title(_("Submissions"), self.form_page.title)
