"""The honeypot: a field people leave empty and form-filling bots do not.

Public forms (sign-up, newsletter sign-up, follow a process) carry a ``website`` field
hidden from people by CSS and from keyboards by ``tabindex=-1``. A submission that fills
it is answered as if it had worked, so the bot learns nothing, but nothing is done.

Declare the field on the form (``website = HoneypotField()``, so it keeps its place in
the form's field order) and mix in ``HoneypotMixin`` for ``is_bot()``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "website"


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(required=False, **kwargs)


class HoneypotMixin:
    def is_bot(self):
        """True when the honeypot was filled in (call after ``is_valid()``)."""
        return bool(self.cleaned_data.get(FIELD_NAME))
