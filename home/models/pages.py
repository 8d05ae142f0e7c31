from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BaseStreamBlock, FeaturedItemBlock


class HomePage(Page):
    """The front page of one language's site."""

    hero_title = models.CharField(_("hero title"), max_length=150)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("hero button text"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    featured = StreamField(
        [("item", FeaturedItemBlock())],
        verbose_name=_("featured content"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_cta_text"), FieldPanel("hero_cta_page")]),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        FieldPanel("featured"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("introduction"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "home.FormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Later apps (processes, blog) add their sections through this hook.
        context["home_sections"] = [
            section(self, request) for section in HOME_SECTION_PROVIDERS if section
        ]
        return context


# Callables (home_page, request) -> dict(template=..., **context) registered by other apps,
# so the home page can show open processes and latest news without importing those apps.
HOME_SECTION_PROVIDERS = []


class StandardPage(Page):
    """About, privacy notice and other pages made of blocks."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.FormPage"]

    class Meta:
        verbose_name = _("standard page")


class FormField(TranslatableMixin, AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")

    # The stored submission keys and field types must not change with the language.
    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        unique_together = [("translation_key", "locale")]


class FormPage(AbstractEmailForm):
    """Contact, dataset request and partnership proposal forms built by editors."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link"]
    )
    privacy_text = models.TextField(
        _("why we ask"),
        blank=True,
        help_text=_("Say why you ask for personal data; the privacy notice is linked after it."),
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("privacy_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")
