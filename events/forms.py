"""The registration form (only what is needed) and the officials' check-in forms."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import EmailAddressField, plain_text
from core.honeypot import HoneypotField, HoneypotMixin
from processes.models import ConsultationPage


class RegistrationForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("So we can welcome you at the door."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("For your confirmation, the reminder and the cancel link."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        help_text=_("Anything that would help you take part: we read every answer."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    waitlist = forms.BooleanField(
        label=_("If the event is full, put me on the waiting list"), required=False, initial=True
    )
    website = HoneypotField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=8)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    email = EmailAddressField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional: lets us tell a first visit from a repeat one."),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, required=False
    )


class ReservedPlaceForm(forms.Form):
    """An official gives a reserved place to a new person (access needs, an invited group)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    email = EmailAddressField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional: they get the confirmation, the reminder and the cancel link."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    check_in_now = forms.BooleanField(label=_("They are here: check them in now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]


class HeadcountForm(forms.Form):
    count = forms.IntegerField(label=_("People who came"), min_value=0, max_value=100000)


class MeetingCommentForm(forms.Form):
    """A comment given at the event, entered against a consultation of its process."""

    consultation = forms.ModelChoiceField(label=_("Consultation"), queryset=None)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(label=_("Language it was given in"), choices=settings.LANGUAGES)
    name = forms.CharField(label=_("Contributor's name (optional)"), required=False, max_length=50)
    show_publicly = forms.BooleanField(
        label=_("Show it on the public page, labelled with how it was given"), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        process = event.process
        pages = ConsultationPage.objects.none()
        if process is not None:
            pages = ConsultationPage.objects.child_of(process).order_by("path")
        self.fields["consultation"].queryset = pages
        self.fields["language"].initial = event.locale.language_code

    def clean_comment(self):
        text = plain_text(self.cleaned_data.get("comment"))
        if not text:
            raise forms.ValidationError(_("Type the comment as plain text."))
        return text
