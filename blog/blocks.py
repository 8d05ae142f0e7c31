"""Blocks only data stories use: where the data came from and the files to download."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DataSourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    url = blocks.URLBlock(label=_("Address"), required=False)
    licence = blocks.CharBlock(
        label=_("Licence"),
        required=False,
        max_length=120,
        help_text=_("For example “Open Government Licence” or “CC BY 4.0”."),
    )

    class Meta:
        icon = "link"
        label = _("Data source")
        template = "blog/blocks/data_source.html"


class DataFileBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, max_length=250, help_text=_("Empty: the file's title.")
    )
    description = blocks.TextBlock(label=_("What it contains"), required=False)

    class Meta:
        icon = "download"
        label = _("Data file")
        template = "blog/blocks/data_file.html"
