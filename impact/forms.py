from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import ProcessTarget


class TargetForm(forms.ModelForm):
    """The target pace, the expected share of each language, and the public switch."""

    class Meta:
        model = ProcessTarget
        fields = ["contributions", "public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shares = self.instance.language_shares or {}
        for code, _name in settings.LANGUAGES:
            self.fields[f"share_{code}"] = forms.IntegerField(
                label=_("Expected share in %(language)s (%%)")
                % {"language": get_language_info(code)["name_translated"]},
                min_value=0,
                max_value=100,
                required=False,
                initial=shares.get(code),
            )

    def share_fields(self):
        return [self[f"share_{code}"] for code, _name in settings.LANGUAGES]

    def clean(self):
        data = super().clean()
        shares = {
            code: data.get(f"share_{code}")
            for code, _name in settings.LANGUAGES
            if data.get(f"share_{code}")
        }
        if sum(shares.values()) > 100:
            raise forms.ValidationError(
                _("The expected shares add up to more than 100 %%: lower one of them.")
            )
        if shares and not data.get("contributions"):
            self.add_error(
                "contributions",
                _("Set the target number of contributions that the shares are part of."),
            )
        data["language_shares"] = shares
        return data

    def save(self, commit=True):
        self.instance.language_shares = self.cleaned_data["language_shares"]
        return super().save(commit)
