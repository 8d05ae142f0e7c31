"""Public and admin forms for newsletters."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.forms import EmailAddressField
from core.honeypot import HoneypotField, HoneypotMixin
from core.next_url import local_path
from home import fragments
from home.models import Topic
from home.placeholders import TRANSLATED
from newsletters.models.subscribers import Subscriber
from processes.models import ProcessPage


def topics_for_language(language_code):
    """Topics as shown in a language: its translations, plus untranslated default-locale ones."""
    locales = fragments.locale_ids()  # cached: no query
    locale = locales.get(language_code)
    default = locales.get(settings.LANGUAGE_CODE) or Locale.get_default().pk
    if locale is None or locale == default:
        return Topic.objects.filter(locale_id=default)
    translated = Topic.objects.filter(locale_id=locale).values("translation_key")
    return Topic.objects.filter(
        Q(locale_id=locale) | (Q(locale_id=default) & ~Q(translation_key__in=translated))
    )


class TopicChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


def processes_for_language(language_code):
    """Live processes in a language, newest first, for follow and targeting choices."""

    locale = Locale.objects.filter(language_code=language_code).first() or Locale.get_default()
    return (
        ProcessPage.objects.live().filter(TRANSLATED, locale=locale).order_by("-first_published_at")
    )


class ProcessChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.title


class ReadOnce(BaseChoiceIterator):
    """Choices read by `read()` the first time they are needed, then kept."""

    def __init__(self, read):
        self.read = read
        self.items = None

    def __iter__(self):
        if self.items is None:
            self.items = list(self.read())
        return iter(self.items)

    def __len__(self):
        return sum(1 for _item in self)


class SignupForm(HoneypotMixin, forms.Form):
    email = EmailAddressField(
        label=_("Your e-mail address"),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("Choose none to receive every issue."),
    )
    # "Follow this process" forms on process pages send the process along.
    process = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Where the form was filled in, for the consent record. Only paths on this site are kept.
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    # Left empty by people; bots that fill every field are answered but ignored.
    website = HoneypotField()

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        language = language or get_language() or settings.LANGUAGE_CODE
        self.fields["language"].initial = language
        topics = self.fields["topics"]
        topics.queryset = topics_for_language(language)
        # Read once, when first shown: the template asks whether there are any, the widget
        # lists them; a form whose fields are kept (below) does not read them at all.
        topics.choices = ReadOnce(
            lambda: [(topic.pk, topics.label_from_instance(topic)) for topic in topics.queryset]
        )
        if not self.is_bound and set(self.initial) <= {"source", "process"}:
            # Nothing typed and no error: the fields are the same for every visitor in
            # this language (home.templatetags.form_tags.kept_fields). Where the form
            # was sent from, and for which process, is rendered outside them.
            self.kept_key = f"newsletter-signup:{language}"

    def clean_source(self):
        return local_path(self.cleaned_data.get("source"))

    def clean_process(self):
        pk = self.cleaned_data.get("process")
        if not pk:
            return None
        return ProcessPage.objects.live().filter(pk=pk).first()


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("Choose no topic and no process to receive every issue."),
    )
    processes = ProcessChoiceField(
        label=_("Processes you follow"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("Issues about these processes reach you even outside your topics."),
    )

    def __init__(self, *args, subscriber, **kwargs):
        language = get_language() or settings.LANGUAGE_CODE
        topics = topics_for_language(language)
        processes = list(processes_for_language(language))
        topic_keys = set(subscriber.topics.values_list("translation_key", flat=True))
        process_keys = set(subscriber.processes.values_list("translation_key", flat=True))
        kwargs.setdefault(
            "initial",
            {
                "language": subscriber.language,
                "topics": [topic.pk for topic in topics if topic.translation_key in topic_keys],
                "processes": [p.pk for p in processes if p.translation_key in process_keys],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["processes"].queryset = processes_for_language(language)


class SendForm(forms.Form):
    topics = TopicChoiceField(
        label=_("Only subscribers interested in"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_(
            "Leave all unticked to send to every confirmed subscriber in this language. "
            "Subscribers who chose no topic asked for every issue and always receive it."
        ),
    )

    processes = ProcessChoiceField(
        label=_("Or following"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("Also reach subscribers who follow these processes."),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics_for_language(page.locale.language_code)
        self.fields["processes"].queryset = processes_for_language(page.locale.language_code)


class SubscriberImportForm(forms.Form):
    FORMAT_CHOICES = [("", _("From the file name")), ("csv", "CSV"), ("xlsx", "Excel (XLSX)")]

    import_file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX with a header row. Columns: email (required), language "
            "(en, fr, ar or sw), topics (topic slugs or names separated by ;)."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    default_language = forms.ChoiceField(
        label=_("Language for rows without one"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    consent_basis = forms.CharField(
        label=_("How did these people agree to receive the newsletter?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required. For example: paper sign-up sheet at the Old Port public meeting, "
            "12 March 2025, stored in the communications office."
        ),
        error_messages={"required": _("State the basis of consent for these addresses.")},
    )
    consent_confirmed = forms.BooleanField(
        label=_("Each of these people has confirmed their subscription"),
        required=False,
        help_text=_(
            "Tick only if you hold a record of each confirmation (for example a double "
            "opt-in in a previous mailing tool). Otherwise every new address receives a "
            "confirmation e-mail and gets no newsletter until it is confirmed."
        ),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        if upload and upload.size > self.MAX_SIZE:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Split it and import the parts.")
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload and not cleaned.get("format"):
            name = upload.name.lower()
            if name.endswith(".csv"):
                cleaned["format"] = "csv"
            elif name.endswith(".xlsx"):
                cleaned["format"] = "xlsx"
            else:
                self.add_error(
                    "format", _("Choose the format: the file name ends neither in .csv nor .xlsx.")
                )
        return cleaned


class SubscriberExportForm(forms.Form):
    FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "Excel (XLSX)")]

    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")
    status = forms.ChoiceField(label=_("Status"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *Subscriber.Status.choices]
