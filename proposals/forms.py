"""The residents' forms: a proposal (only what the page asks for, each field saying why)
and a support. Text is plain text: markup is stripped, paragraphs are kept."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.forms import EmailAddressField, plain_text
from core.honeypot import HoneypotField, HoneypotMixin


def _paragraphs(value):
    """Plain text, its paragraphs (blank lines) kept, other line breaks joined."""
    parts = [plain_text(part) for part in (value or "").replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(part for part in parts if part)


class ProposalForm(HoneypotMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("A few words that name your idea, so others can find it."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should be done, where, and why. Leave a blank line between paragraphs."),
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Helps officials send your idea to the right team."),
    )
    area = forms.TypedChoiceField(
        label=_("Area"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Where your idea would happen, if it is in one place."),
    )
    budget = forms.IntegerField(
        label=_("Budget estimate"),
        required=False,
        min_value=0,
        help_text=_("Optional: a rough cost, if you have one in mind."),
    )
    image = forms.ImageField(
        label=_("Image"), required=False, help_text=_("Optional: a photo or sketch (JPEG or PNG).")
    )
    image_alt = forms.CharField(
        label=_("Describe the image"),
        required=False,
        max_length=250,
        help_text=_("For people who cannot see it. Needed with an image."),
    )
    name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        help_text=_("Shown with your proposal. You may use a pseudonym."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_(
            "We send you a link to confirm your proposal. Your address is never shown or shared."
        ),
    )
    wants_updates = forms.BooleanField(
        label=_("E-mail me when my proposal is answered."), required=False, initial=False
    )
    website = HoneypotField()

    def __init__(self, page, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None or editing:
            del self.fields["name"], self.fields["email"]
        if editing:
            del self.fields["wants_updates"]
        topics = page.topic_list
        if topics:
            self.fields["topic"].choices = [("", _("Not given"))] + [(t.pk, t.name) for t in topics]
        else:
            del self.fields["topic"]
        if page.areas:
            self.fields["area"].choices = [("", _("Not given"))] + [
                (a.pk, a.name) for a in page.areas
            ]
        else:
            del self.fields["area"]
        if not page.ask_budget:
            del self.fields["budget"]
        if not page.ask_image or editing:
            del self.fields["image"], self.fields["image_alt"]
        self.fields["title"].help_text = _("Up to %(count)s characters.") % {
            "count": setting("PROPOSAL_TITLE_MAX_LENGTH")
        }
        self.fields["description"].help_text = _(
            "What should be done, where, and why. Leave a blank line between paragraphs. "
            "Up to %(count)s characters."
        ) % {"count": setting("PROPOSAL_TEXT_MAX_LENGTH")}

    def clean_title(self):
        title = plain_text(self.cleaned_data.get("title"))
        limit = setting("PROPOSAL_TITLE_MAX_LENGTH")
        if not title:
            raise ValidationError(_("Please give your proposal a title."))
        if len(title) > limit:
            raise ValidationError(
                _("The title is %(length)s characters long; the limit is %(limit)s.")
                % {"length": len(title), "limit": limit}
            )
        return title

    def clean_description(self):
        text = _paragraphs(self.cleaned_data.get("description"))
        limit = setting("PROPOSAL_TEXT_MAX_LENGTH")
        if not text:
            raise ValidationError(
                _(
                    "The description is empty once formatting code is removed. "
                    "Please write it as plain text."
                )
            )
        if len(text) > limit:
            raise ValidationError(
                _("The description is %(length)s characters long; the limit is %(limit)s.")
                % {"length": len(text), "limit": limit}
            )
        return text

    def clean_name(self):
        name = plain_text(self.cleaned_data.get("name"))
        if not name:
            raise ValidationError(_("Please give a name to show with your proposal."))
        return name

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > setting("PROPOSAL_IMAGE_MAX_BYTES"):
            raise ValidationError(
                _("The image is too large: the limit is %(size)s MB.")
                % {"size": setting("PROPOSAL_IMAGE_MAX_BYTES") // (1024 * 1024)}
            )
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not plain_text(cleaned.get("image_alt")):
            self.add_error(
                "image_alt", _("Please describe the image for people who cannot see it.")
            )
        return cleaned

    def choice(self, name, items):
        value = self.cleaned_data.get(name)
        return next((item for item in items if item.pk == value), None)

    def proposal_fields(self):
        data = self.cleaned_data
        fields = {"title": data["title"], "description": data["description"]}
        if "topic" in self.fields:
            fields["topic"] = self.choice("topic", self.page.topic_list)
        if "area" in self.fields:
            fields["area"] = self.choice("area", self.page.areas)
        if "budget" in self.fields:
            fields["budget"] = data.get("budget")
        return fields


class SupportForm(HoneypotMixin, forms.Form):
    """An anonymous supporter: a name and an address to confirm; signed-in people need none."""

    name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        help_text=_("Optional. Supports are counted, names are not shown."),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("We send you a link to confirm your support, so each person counts once."),
    )
    wants_updates = forms.BooleanField(
        label=_("E-mail me when this proposal is answered."), required=False, initial=False
    )
    website = HoneypotField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["name"], self.fields["email"]
