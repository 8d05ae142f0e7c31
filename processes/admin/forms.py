"""Forms of the officials' comment screens: filters, moderation, offline input, export."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.forms import plain_text
from processes.forms import COMMENT_MAX_LENGTH
from processes.models import Area, Channel, ConsultationPage, ModerationStatus

from .queries import deleted_clause_filter, pages_by_key, process_choices

NEEDS_REVIEW = "review"
ALL = "all"
WHOLE_DOCUMENT = "document"
DELETED_CLAUSES = "deleted"


# -- filters ------------------------------------------------------------------------------


class CommentFilterForm(forms.Form):
    """Filters read from the query string; a value that does not fit is ignored and said so."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *settings.LANGUAGES],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    q = forms.CharField(label=_("Text or name contains"), required=False, max_length=200)

    def __init__(self, data=None, *, default_status=ALL, **kwargs):
        super().__init__(data, **kwargs)
        self.default_status = default_status
        self.fields["status"].choices = [
            (NEEDS_REVIEW, _("Needs review (awaiting approval or flagged)")),
            *ModerationStatus.choices,
            (ALL, _("Any status")),
        ]
        self.fields["status"].initial = default_status

    def values(self):
        """The valid filters (defaults where a value was missing or wrong)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: cleaned.get(name) or "" for name in self.fields}
        values["status"] = values["status"] or self.default_status
        return values

    def filter(self, queryset):
        values = self.values()
        status = values["status"]
        if status == NEEDS_REVIEW:
            queryset = queryset.needing_review()
        elif status in ModerationStatus.values:
            queryset = queryset.with_status(status)
        if values["language"]:
            queryset = queryset.filter(language=values["language"])
        if values["channel"]:
            queryset = queryset.filter(channel=values["channel"])
        if values["q"]:
            queryset = queryset.filter(
                Q(comment__icontains=values["q"]) | Q(user_name__icontains=values["q"])
            )
        return queryset

    def active_filters(self):
        """[(label, chosen value's label)] of the filters in use, for a printed report."""
        values = self.values()
        active = []
        for name, value in values.items():
            if not value or (name == "status" and value == self.default_status):
                continue
            field = self.fields[name]
            shown = dict(getattr(field, "choices", ())).get(value, value)
            active.append((field.label, shown))
        return active

    @property
    def is_filtered(self):
        values = self.values()
        return any(
            value and (name != "status" or value != self.default_status)
            for name, value in values.items()
        )


class QueueFilterForm(CommentFilterForm):
    process = forms.ChoiceField(label=_("Process"), required=False)

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("default_status", NEEDS_REVIEW)
        super().__init__(data, **kwargs)
        self.fields["process"].choices = [("", _("All processes")), *process_choices()]

    def filter(self, queryset):
        queryset = super().filter(queryset)
        process = self.values()["process"]
        if process:
            queryset = queryset.filter(process_key=process)
        return queryset


class ConsultationFilterForm(CommentFilterForm):
    """The grouped view's filters; the export and the printable report use the same."""

    clause = forms.ChoiceField(label=_("Clause"), required=False)

    def __init__(self, data=None, *, page, **kwargs):
        super().__init__(data, **kwargs)
        self.page = page
        self.fields["clause"].choices = [
            ("", _("All clauses")),
            (WHOLE_DOCUMENT, _("The whole document")),
            *[
                (item.id, f"{item.number} {item.label}")
                for item in page.numbered_items
                if item.is_clause
            ],
            (DELETED_CLAUSES, _("Clauses no longer in the document")),
        ]

    def filter(self, queryset):
        queryset = super().filter(queryset)
        clause = self.values()["clause"]
        if clause == WHOLE_DOCUMENT:
            queryset = queryset.filter(clause_id="")
        elif clause == DELETED_CLAUSES:
            queryset = queryset.filter(deleted_clause_filter(self.page))
        elif clause:
            queryset = queryset.filter(clause_id=clause)
        return queryset


# -- moderation ---------------------------------------------------------------------------


class ModerationForm(forms.Form):
    APPROVE, HIDE, RESTORE = "approve", "hide", "restore"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (APPROVE, _("Approve")),
            (HIDE, _("Hide")),
            (RESTORE, _("Restore")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required to hide a comment. Kept in the comment's history; "
            "the commenter is not shown it."
        ),
    )

    def clean_reason(self):
        return plain_text(self.cleaned_data.get("reason"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.HIDE and not cleaned.get("reason"):
            self.add_error("reason", _("Give a reason for hiding: it is kept in the history."))
        return cleaned


class BulkModerationForm(ModerationForm):
    comment = forms.TypedMultipleChoiceField(
        label=_("Comments"),
        coerce=int,
        error_messages={"required": _("Select at least one comment first.")},
    )

    def __init__(self, data=None, **kwargs):
        # Prefixed: the queue's per-row buttons post "action" from inside the same form.
        kwargs.setdefault("prefix", "bulk")
        super().__init__(data, **kwargs)
        # Any id is acceptable here; the view looks the comments up and skips missing ones.
        action = self.fields["action"]
        action.choices = [("", _("Choose an action…")), *action.choices]
        action.error_messages["required"] = _("Choose what to do with the selected comments.")
        name = self.add_prefix("comment")
        ids = data.getlist(name) if data is not None and hasattr(data, "getlist") else []
        self.fields["comment"].choices = [(value, value) for value in ids]


# -- offline input ------------------------------------------------------------------------


def consultation_choices():
    """Consultations grouped by process, in the admin's language where translated."""
    keys = set(ConsultationPage.objects.values_list("translation_key", flat=True))
    pages = pages_by_key(ConsultationPage, keys)
    parent_titles = dict(
        Page.objects.filter(
            path__in={page.path[: -Page.steplen] for page in pages.values()}
        ).values_list("path", "title")
    )
    groups = {}
    for page in pages.values():
        group = parent_titles.get(page.path[: -Page.steplen], "")
        groups.setdefault(group, []).append((page.pk, page.title))
    return [
        (group, sorted(items, key=lambda item: item[1].lower()))
        for group, items in sorted(groups.items())
    ]


class ConsultationChoiceForm(forms.Form):
    consultation = forms.TypedChoiceField(label=_("Consultation"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [("", "---------"), *consultation_choices()]


class OfflineCommentForm(forms.Form):
    """Paper, meeting, e-mail or phone input, typed in by an official against a clause."""

    clause = forms.ChoiceField(
        label=_("Clause"),
        required=False,
        help_text=_("The numbered clause the input is about, or the whole document."),
    )
    channel = forms.ChoiceField(
        label=_("How it was given"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.ONLINE],
    )
    input_date = forms.DateField(
        label=_("Date given"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the letter, e-mail or call arrived, or the meeting took place."),
    )
    meeting_name = forms.CharField(
        label=_("Meeting"),
        required=False,
        max_length=200,
        help_text=_("For meeting input: which meeting, for example “Old Port public meeting”."),
    )
    language = forms.ChoiceField(label=_("Language it was given in"), choices=settings.LANGUAGES)
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Type the input as given. Up to %(count)s characters.")
        % {"count": COMMENT_MAX_LENGTH},
    )
    name = forms.CharField(
        label=_("Contributor's name (optional)"),
        required=False,
        max_length=50,
        help_text=_("Shown with the comment if it is shown publicly. A pseudonym is fine."),
    )
    email = forms.EmailField(
        label=_("Contributor's e-mail address (optional)"),
        required=False,
        help_text=_("Only to tell them about the outcome; never shown."),
    )
    wants_outcome = forms.BooleanField(
        label=_("The contributor asked to hear about the outcome"), required=False
    )
    show_publicly = forms.BooleanField(
        label=_("Show it on the public page, labelled with how it was given"),
        required=False,
        help_text=_(
            "It is counted with online comments either way. Only show input the "
            "contributor agreed to publish."
        ),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["clause"].choices = [
            ("", _("The whole document")),
            *[
                (item.id, f"{item.number} — {item.label}")
                for item in page.numbered_items
                if item.is_clause
            ],
        ]
        process = page.process
        areas = (
            list(Area.objects.filter(page_id=process.pk).order_by("sort_order", "pk"))
            if process is not None
            else []
        )
        if areas:
            self.fields["area"].choices = [("", _("Not given"))] + [
                (area.pk, area.name) for area in areas
            ]
            self.areas = {area.pk: area for area in areas}
        else:
            del self.fields["area"]
            self.areas = {}
        self.fields["language"].initial = page.locale.language_code
        self.fields["input_date"].initial = timezone.localdate()

    def clean_clause(self):
        clause_id = self.cleaned_data.get("clause") or ""
        if clause_id and self.page.get_clause(clause_id) is None:
            raise forms.ValidationError(_("That clause is not part of this document any more."))
        return clause_id

    def clean_comment(self):
        text = plain_text(self.cleaned_data.get("comment"))
        if not text:
            raise forms.ValidationError(_("Type the comment as plain text."))
        if len(text) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "The comment is %(length)s characters long; the limit is %(count)s. "
                    "Split it into several comments."
                )
                % {"length": len(text), "count": COMMENT_MAX_LENGTH}
            )
        return text

    def clean_name(self):
        return plain_text(self.cleaned_data.get("name"))[:50]

    def clean_meeting_name(self):
        return plain_text(self.cleaned_data.get("meeting_name"))

    def clean_input_date(self):
        value = self.cleaned_data["input_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date given cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == Channel.MEETING and not cleaned.get("meeting_name"):
            self.add_error("meeting_name", _("Name the meeting this input comes from."))
        if cleaned.get("wants_outcome") and not cleaned.get("email"):
            self.add_error(
                "email", _("An e-mail address is needed to tell the contributor the outcome.")
            )
        return cleaned

    @property
    def chosen_area(self):
        return self.areas.get(self.cleaned_data.get("area"))


# -- export ---------------------------------------------------------------------------------


class ExportForm(forms.Form):
    CSV, XLSX = "csv", "xlsx"

    format = forms.ChoiceField(
        label=_("File format"),
        choices=[(CSV, _("CSV (comma-separated values)")), (XLSX, _("Excel workbook (XLSX)"))],
        initial=CSV,
    )
    include_personal_data = forms.BooleanField(
        label=_("Include personal data (e-mail and IP addresses)"),
        required=False,
        help_text=_(
            "Only when you need to contact people. Keep the file safe and delete it after."
        ),
    )
