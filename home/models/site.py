"""Site-wide settings and the translatable snippets that frame every page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What stays the same in every language: name, logo, contact, privacy notice, social links.

    Text that changes with the language (the footer) is the FooterText snippet.
    """

    site_name = models.CharField(_("site name"), max_length=100, default="Townhall")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the footer and linked from every form that asks for personal data."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("privacy_notice_page")],
            heading=_("Contact and privacy"),
        ),
        InlinePanel("social_links", heading=_("Social links"), label=_("Social link")),
    ]

    class Meta:
        verbose_name = _("site settings")


class SocialLink(Orderable):
    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="social_links")
    name = models.CharField(_("network"), max_length=50, help_text=_("For example: Mastodon"))
    url = models.URLField(_("address"))

    panels = [FieldPanel("name"), FieldPanel("url")]

    def __str__(self):
        return self.name


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(
        label=_("Label"), required=False, help_text=_("Leave empty to use the page title")
    )

    class Meta:
        icon = "link"
        label = _("Menu item")


class MainMenu(TranslatableMixin, models.Model):
    """The main navigation, one per language, translated with wagtail-localize."""

    name = models.CharField(_("name"), max_length=100, default="Main menu")
    items = StreamField([("item", MenuItemBlock())], verbose_name=_("items"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("items")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")

    def __str__(self):
        return self.name


class FooterText(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The footer's words, one per language."""

    body = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return str(_("Footer text"))
