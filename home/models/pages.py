from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
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

from core.cache import cached_for_pages
from home.blocks import BaseStreamBlock, FeaturedItemBlock
from home.cards import home_content
from home.tasks import send_form_submission_email


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
    # The other apps add their index pages here from their AppConfig.ready() (core/pages.py).
    subpage_types = ["home.StandardPage", "home.FormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A section returns None when it has nothing to show (no open process yet).
        sections = (section(self, request) for section in hooks.get_hooks(HOME_SECTION_HOOK))
        context["home_sections"] = [section for section in sections if section]
        if getattr(request, "is_preview", False):
            context["content"] = home_content(self, request)
        else:
            context["content"] = cached_for_pages(
                f"home:content:{get_language()}:{request.get_host()}:{self.pk}",
                lambda: home_content(self, request),
            )
        return context


# The Wagtail hook through which feature apps add sections to the home page, so it can show
# open processes, latest news and the newsletter box without importing those apps. Each
# app registers a callable (home_page, request) -> dict(template=..., id=..., **context)
# or None in its wagtail_hooks.py, with an explicit order (lowest first: processes 100,
# blog 200, newsletters 300); the section template gets the dict as `section`.
HOME_SECTION_HOOK = "register_home_section"


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


class EmptyForm:
    """An unbound form, built by `build()` the first time more than its (empty) errors is
    asked of it: a form page whose fields are kept (FormPage.serve) shows them without it."""

    errors = {}
    is_bound = False

    def __init__(self, build):
        self._build = build
        self._form = None

    @property
    def form(self):
        if self._form is None:
            self._form = self._build()
        return self._form

    def __getattr__(self, name):
        return getattr(self.form, name)

    def __iter__(self):
        return iter(self.form)

    # No __getitem__: templates look names up as keys first, and `form.errors` would build
    # the form; they fall back to attributes (fields are rendered by iterating the form).


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
    # Where submissions go is the same in every language; the subject is translated.
    override_translatable_fields = [SynchronizedField("to_address")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" or getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        # Wagtail's own GET, with one addition: the empty form's fields, as published, are
        # the same for every visitor in a language, so they are rendered once and kept
        # until the next publish (home.templatetags.form_tags.kept_fields). A preview
        # shows a draft: it is never kept.
        # Built (reading its fields) only when they are rendered, not when they are kept.
        form = EmptyForm(lambda: self.get_form(page=self, user=request.user))
        form.kept_key = f"form-page:{self.pk}"
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)

    def get_submissions_list_view_class(self):
        # Wagtail's admin views cannot be imported while models load.
        from core.spreadsheets import FormSubmissionsListView

        return FormSubmissionsListView

    def process_form_submission(self, form):
        # Store first, then hand the e-mail to a background task: a slow or failing mail
        # server must never lose a submission or keep the visitor waiting.
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        if self.to_address:
            self.send_mail(form, submission)
        return submission

    def send_mail(self, form, submission=None):
        if submission is not None:
            send_form_submission_email.enqueue(submission.pk)

    def render_submission_email(self, submission):
        """The plain-text body: one "label: value" line per field, in the form's order."""
        data = submission.get_data()
        lines = []
        for clean_name, label in self.get_data_fields():
            if clean_name == "submit_time":
                continue
            value = data.get(clean_name)
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif value is None:
                value = ""
            lines.append(f"{label}: {value}")
        return "\n".join(lines)

    def get_reply_to(self, submission):
        """Answer a contact form by replying to the e-mail address the visitor gave, if any."""
        data = submission.get_data()
        for field in self.get_form_fields():
            if field.field_type == "email" and data.get(field.clean_name):
                return [data[field.clean_name]]
        return []
