"""Names for the sheets of every XLSX export, in the official's language.

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
from wagtail.contrib.forms.views import SubmissionsListView

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
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

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
