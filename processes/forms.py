"""The comment form (COMMENTS_XTD_FORM_CLASS): only what a consultation needs.

A display name (a pseudonym is fine) and an e-mail address for anonymous commenters,
the comment, an optional area and the "tell me what happens" box, unticked. Text is
stored as plain text: markup is stripped, never rendered.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from core.conf import setting
from core.forms import plain_text
from processes.models import Comment, PendingComment, build_comment

COMMENT_MAX_LENGTH = setting("COMMENT_MAX_LENGTH")


class CommentForm(XtdCommentForm):
    """Comment on a clause (or the whole document) of a ConsultationPage."""

    area = forms.TypedChoiceField(
        label=_("Area"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Where you live or what part of the city your comment is about."),
    )
    wants_outcome = forms.BooleanField(
        label=_(
            "Tell me what happens: e-mail me once when the results of this consultation "
            "are published."
        ),
        required=False,
        initial=False,
    )
    clause_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, target_object, data=None, initial=None, *, user=None, **kwargs):
        kwargs.pop("comment", None)
        super().__init__(target_object, data=data, initial=initial, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        del self.fields["url"]
        # comments-xtd's follow-up flag: replies are e-mailed by processes.notifications
        # A page whose conversations are not about a document's clauses says so in its
        # own words (a proposals page: proposals.models.ProposalsPage.comment_wording).
        wording = getattr(target_object, "comment_wording", None) or {}
        if wording.get("wants_outcome") and "wants_outcome" in self.fields:
            self.fields["wants_outcome"].label = wording["wants_outcome"]
        followup = self.fields["followup"]
        followup.label = _("E-mail me when someone replies to my comment.")
        followup.initial = False
        # comments-xtd fixes this box's id to "id_followup"; several threads open in place
        # would repeat it. Without it the box takes the form's own auto_id, like every field.
        followup.widget.attrs.pop("id", None)
        followup.widget.attrs.pop("class", None)

        name = self.fields["name"]
        name.label = _("Display name")
        name.help_text = _("Shown with your comment. You may use a pseudonym.")
        name.widget = forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": 50})

        email = self.fields["email"]
        email.label = _("E-mail address")
        email.help_text = _(
            "We send you a link to confirm your comment. Your address is never shown or "
            "shared, and we write to you again only if you tick the box below."
        )
        email.widget = forms.EmailInput(attrs={"autocomplete": "email"})

        comment = self.fields["comment"]
        comment.label = _("Your comment")
        comment.help_text = _("Up to %(count)s characters.") % {"count": COMMENT_MAX_LENGTH}
        # No maxlength attribute: browsers cut pasted text silently; we say so instead.
        comment.widget = forms.Textarea(attrs={"rows": 6})

        self.fields["honeypot"].widget = forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off"}
        )

        if self.user is not None:
            # Signed-in participants are known: no name or address to type.
            del self.fields["name"]
            del self.fields["email"]

        areas = self.areas()
        if areas:
            self.fields["area"].choices = [("", _("Not given"))] + [
                (area.pk, area.name) for area in areas
            ]
        else:
            del self.fields["area"]

    # -- context ------------------------------------------------------------------

    @property
    def page(self):
        return self.target_object

    def areas(self):
        return list(getattr(self.page, "areas", None) or [])

    # -- cleaning -----------------------------------------------------------------

    def clean_name(self):
        name = plain_text(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(_("Please give a name to show with your comment."))
        return name[:50]

    def clean_comment(self):
        text = plain_text(super().clean_comment())
        if not text:
            raise forms.ValidationError(
                _(
                    "Your comment is empty once formatting code is removed. "
                    "Please write it as plain text."
                )
            )
        return text

    def clean_clause_id(self):
        clause_id = (self.cleaned_data.get("clause_id") or "").strip()
        if clause_id and self.page.get_clause(clause_id) is None:
            raise forms.ValidationError(
                _("The clause you commented on is not part of this document any more.")
            )
        return clause_id

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to") or 0
        if not reply_to:
            return 0
        parent = Comment.objects.for_target(self.page).shown_publicly().filter(pk=reply_to).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is not available any more.")
            )
        self.parent_comment = parent
        # Replies are one level deep: answering a reply joins the same conversation.
        return parent.thread_id or parent.pk

    def clean(self):
        cleaned = super().clean()
        parent = getattr(self, "parent_comment", None)
        if (
            parent is not None
            and "clause_id" in cleaned
            and parent.clause_id != cleaned["clause_id"]
        ):
            self.add_error(None, _("The comment you are replying to is about another clause."))
        # Hidden fields have no place to show an error: say it at the top of the form.
        for name in ("reply_to", "clause_id"):
            if name in self._errors:
                for error in self._errors.pop(name):
                    self.add_error(None, error)
        return cleaned

    # -- building the comment ------------------------------------------------------

    def build(self, *, site_id=None, is_public=True):
        """The unsaved Comment this form describes."""
        data = self.cleaned_data
        user = self.user
        area = None
        if data.get("area"):
            area = next((item for item in self.areas() if item.pk == data["area"]), None)
        if user is not None:
            name = user.get_full_name() or user.get_username()
            email = user.email
        else:
            name, email = data["name"], data["email"]
        return build_comment(
            self.page,
            data["comment"],
            clause_id=data.get("clause_id", ""),
            name=name,
            email=email,
            user=user,
            area=area,
            wants_outcome=bool(data.get("wants_outcome")),
            followup=bool(data.get("followup")),
            parent_id=data.get("reply_to") or 0,
            is_public=is_public,
            site_id=site_id,
        )

    def build_pending(self, *, site_id=None):
        """Store what an anonymous commenter sent until they confirm it (PendingComment)."""
        data = self.cleaned_data
        area = None
        if data.get("area"):
            area = next((item for item in self.areas() if item.pk == data["area"]), None)
        return PendingComment.objects.create(
            page=self.page,
            clause_id=data.get("clause_id", ""),
            reply_to=data.get("reply_to") or 0,
            name=data["name"],
            email=data["email"],
            text=data["comment"],
            area=area,
            wants_outcome=bool(data.get("wants_outcome")),
            followup=bool(data.get("followup")),
            language=self.page.locale.language_code,
            site_id=site_id,
        )
