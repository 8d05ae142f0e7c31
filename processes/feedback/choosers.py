"""Admin choosers for a feedback page: this process's comments (filterable by clause) and
the items a theme can cite (clauses today).

The citable items come from every participation type (core.participation.citable_items):
a new type adds its own (proposals, survey questions) without a change here.

Both choosers need to know the process. The FeedbackPage edit form carries it in a hidden
input (``id_chooser_process``, see FeedbackPageForm); the chooser widgets pass its value
to the modal as ``?process=<id>`` through Wagtail's ``linked_fields``. Without it the
modal lists nothing and says why.

Values are stored as ids: a comment's primary key, a citable item's id (a clause's block
id, shared by every translation; other kinds prefix their own). FeedbackPageForm.clean
checks that each belongs to the process.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail import blocks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from core.participation import CitableItem, citable_items, find_citable
from processes.models.comments import Channel, Comment
from processes.models.process import ProcessPage

PROCESS_INPUT_ID = "id_chooser_process"
LINKED_FIELDS = {"process": f"#{PROCESS_INPUT_ID}"}


class ClauseNotFound(ObjectDoesNotExist):
    pass


def process_from_request(request):
    """The ProcessPage named by ?process=, or None."""

    try:
        pk = int(request.GET.get("process", ""))
    except ValueError:
        return None
    return ProcessPage.objects.filter(pk=pk).first()


def can_cite_in(user, process):
    """Editors who may write this process's feedback page may browse its comments."""
    permissions = process.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_add_subpage()


def comment_excerpt(comment, words=20):
    return Truncator(" ".join((comment.comment or "").split())).words(words)


def comment_title(comment):
    """How a chosen comment reads in the editor: number, clause, author and the start."""
    where = (
        _("clause %(number)s") % {"number": comment.clause_number_snapshot}
        if comment.clause_number_snapshot
        else _("whole document")
        if not comment.clause_id
        else _("a clause")
    )
    return _("#%(id)s · %(where)s · %(name)s: “%(text)s”") % {
        "id": comment.pk,
        "where": where,
        "name": comment.user_name or _("anonymous"),
        "text": comment_excerpt(comment, 12),
    }


class ProcessScopedMixin:
    """Find the process named in the URL and check the editor may work on it."""

    def dispatch(self, request, *args, **kwargs):
        self.process = process_from_request(request)
        if self.process is not None and not can_cite_in(request.user, self.process):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.process is None:
            context["page_subtitle"] = _("Open this chooser from a feedback page.")
        else:
            context["page_subtitle"] = self.process.title
        return context


# -- comments ----------------------------------------------------------------------------


class CommentFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search the comments"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Words in the comment or the name")}),
    )
    clause = forms.ChoiceField(
        label=_("Clause"),
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    WHOLE_DOCUMENT = "document"

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = [
            ("", _("All clauses")),
            (self.WHOLE_DOCUMENT, _("The document as a whole")),
        ] + [(option.id, str(option)) for option in clauses]

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        clause = self.cleaned_data.get("clause") or ""
        if clause == self.WHOLE_DOCUMENT:
            objects = objects.filter(clause_id="")
        elif clause:
            objects = objects.filter(clause_id=clause)
        if query:
            from django.db.models import Q

            objects = objects.filter(Q(comment__icontains=query) | Q(user_name__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class CommentListMixin(ProcessScopedMixin):
    per_page = 20

    def get_object_list(self):
        if self.process is None:
            return Comment.objects.none()
        return Comment.objects.for_process(self.process).counted()

    def apply_object_list_ordering(self, objects):
        return objects.order_by("-submit_date", "-pk")

    def get_filter_form(self):
        clauses = citable_items(self.process) if self.process is not None else []
        return CommentFilterForm(self.request.GET, clauses=clauses)

    @property
    def columns(self):
        channels = dict(Channel.choices)
        title = TitleColumn(
            "comment",
            label=_("Comment"),
            accessor=comment_excerpt,
            get_url=lambda obj: self.append_preserved_url_parameters(
                reverse(self.chosen_url_name, args=(quote(obj.pk),))
            ),
            link_attrs={"data-chooser-modal-choice": True},
        )
        if self.is_multiple_choice:
            title = TitleColumn(
                "comment",
                label=_("Comment"),
                accessor=comment_excerpt,
                label_prefix="chooser-modal-select",
            )
        return [
            title,
            Column(
                "clause",
                label=_("Clause"),
                accessor=lambda obj: obj.clause_number_snapshot or ("—" if obj.clause_id else ""),
            ),
            Column("author", label=_("Author"), accessor="user_name"),
            Column(
                "language", label=_("Language"), accessor=lambda obj: _language_name(obj.language)
            ),
            Column(
                "channel",
                label=_("Channel"),
                accessor=lambda obj: channels.get(obj.channel, obj.channel),
            ),
            Column(
                "date",
                label=_("Date"),
                accessor=lambda obj: date_format(obj.submit_date, "SHORT_DATE_FORMAT"),
            ),
        ]


class CommentChooseView(CommentListMixin, chooser_views.ChooseView):
    def can_create(self):
        return False


class CommentChooseResultsView(CommentListMixin, chooser_views.ChooseResultsView):
    def can_create(self):
        return False


class CommentChosenMixin:
    def get_display_title(self, instance):
        return comment_title(instance)

    def get_edit_item_url(self, instance):
        return ""


class CommentChosenView(ProcessScopedMixin, CommentChosenMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        queryset = Comment.objects.all()
        if self.process is not None:
            queryset = queryset.for_process(self.process)
        return queryset.get(pk=pk)


class CommentChosenMultipleView(
    ProcessScopedMixin, CommentChosenMixin, chooser_views.ChosenMultipleView
):
    def get_objects(self, pks):
        queryset = Comment.objects.filter(pk__in=[pk for pk in pks if str(pk).isdigit()])
        if self.process is not None:
            queryset = queryset.for_process(self.process)
        return queryset


class CommentChooserWidget(BaseChooser):
    model = Comment
    linked_fields = LINKED_FIELDS
    show_edit_link = False
    icon = "comment"

    def get_display_title(self, instance):
        return comment_title(instance)

    def get_value_data_from_instance(self, instance):
        return {"id": instance.pk, "edit_url": "", "title": comment_title(instance)}


class CommentChooserViewSet(ChooserViewSet):
    model = Comment
    icon = "comment"
    choose_one_text = _("Choose a comment")
    choose_another_text = _("Choose another comment")
    page_title = _("Choose a comment this response answers")
    preserve_url_parameters = ["multiple", "process"]
    per_page = 20
    register_widget = False  # other forms keep their own widget for comment foreign keys
    base_widget_class = CommentChooserWidget
    choose_view_class = CommentChooseView
    choose_results_view_class = CommentChooseResultsView
    chosen_view_class = CommentChosenView
    chosen_multiple_view_class = CommentChosenMultipleView


comment_chooser_viewset = CommentChooserViewSet("feedback_comment_chooser")


class CommentChooserBlock(
    comment_chooser_viewset.get_block_class(
        name="BaseCommentChooserBlock", module_path="processes.feedback.choosers"
    )
):
    """A comment of this process, stored by id; the same comment in every translation."""

    def get_translatable_segments(self, value):
        return []  # an id, synchronised across translations

    class Meta:
        icon = "comment"


# -- clauses -----------------------------------------------------------------------------


class ClauseFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search the clauses"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("A number or words of the clause")}),
    )

    def filter(self, options):
        query = (self.cleaned_data.get("q") or "").strip().casefold()
        if not query:
            return options
        self.is_searching = True
        self.search_query = query
        return [
            option
            for option in options
            if option.number == query or query in option.text.casefold()
        ]


class ClauseListMixin(ProcessScopedMixin):
    per_page = 50
    filter_form_class = ClauseFilterForm

    @cached_property
    def model_class(self):
        return None

    def get_object_list(self):
        return citable_items(self.process) if self.process is not None else []

    def apply_object_list_ordering(self, objects):
        return objects

    def filter_object_list(self, objects):
        if self.filter_form.is_valid():
            return self.filter_form.filter(objects)
        return objects

    def can_create(self):
        return False

    @property
    def columns(self):
        title_kwargs = (
            {"label_prefix": "chooser-modal-select"}
            if self.is_multiple_choice
            else {
                "get_url": lambda obj: self.append_preserved_url_parameters(
                    reverse(self.chosen_url_name, args=(quote(obj.pk),))
                ),
                "link_attrs": {"data-chooser-modal-choice": True},
            }
        )
        return [
            TitleColumn("clause", label=_("Clause"), accessor=str, **title_kwargs),
            Column("document", label=_("Document"), accessor="page_title"),
            Column(
                "current",
                label=_("In the live document"),
                accessor=lambda obj: _("Yes") if obj.current else _("No (removed or draft)"),
            ),
        ]


class ClauseChooseView(ClauseListMixin, chooser_views.ChooseView):
    pass


class ClauseChooseResultsView(ClauseListMixin, chooser_views.ChooseResultsView):
    pass


def _clause_for(process, clause_id):
    if process is not None:
        for option in citable_items(process):
            if option.id == clause_id:
                return option
        return None
    return find_citable(clause_id)


class ClauseChosenMixin(ProcessScopedMixin):
    @cached_property
    def model_class(self):
        return None

    def get_object_id(self, instance):
        return instance.id

    def get_display_title(self, instance):
        return str(instance)

    def get_edit_item_url(self, instance):
        return ""


class ClauseChosenView(ClauseChosenMixin, chooser_views.ChosenResponseMixin, View):
    def get(self, request, pk):
        option = _clause_for(self.process, str(pk))
        if option is None:
            from django.http import Http404

            raise Http404
        return self.get_chosen_response(option)


class ClauseChosenMultipleView(ClauseChosenMixin, chooser_views.ChosenResponseMixin, View):
    def get(self, request):
        wanted = request.GET.getlist("id")
        options = [_clause_for(self.process, clause_id) for clause_id in wanted]
        return self.get_multiple_chosen_response([o for o in options if o is not None])


class ClauseChooserWidget(BaseChooser):
    linked_fields = LINKED_FIELDS
    show_edit_link = False
    icon = "pilcrow"
    choose_one_text = _("Choose a clause")
    choose_another_text = _("Choose another clause")

    def get_instance(self, value):
        if not value:
            return None
        if isinstance(value, CitableItem):
            return value
        return find_citable(value)

    def get_value_data(self, value):
        instance = self.get_instance(value)
        if instance is None:
            if value:  # a clause no revision knows any more: keep the id, say so
                return {"id": str(value), "edit_url": "", "title": _("Unknown clause")}
            return None
        return {"id": instance.id, "edit_url": "", "title": str(instance)}


class ClauseChooserViewSet(ChooserViewSet):
    icon = "pilcrow"
    choose_one_text = _("Choose a clause")
    choose_another_text = _("Choose another clause")
    page_title = _("Choose a clause this response answers")
    preserve_url_parameters = ["multiple", "process"]
    per_page = 50
    register_widget = False
    base_widget_class = ClauseChooserWidget
    choose_view_class = ClauseChooseView
    choose_results_view_class = ClauseChooseResultsView
    chosen_view_class = ClauseChosenView
    chosen_multiple_view_class = ClauseChosenMultipleView

    @cached_property
    def model_name(self):
        return "Clause"

    def on_register(self):
        # Clauses are not a model: no form field override, no permission policy to check.
        self.register_menu_item()


clause_chooser_viewset = ClauseChooserViewSet("feedback_clause_chooser")


class ClauseChooserBlock(blocks.FieldBlock):
    """A clause of this process's consultation(s), stored as its block id.

    Block ids are shared by every translation, so the value is synchronised, never
    translated; FeedbackPageForm checks that it belongs to the process.
    """

    widget = clause_chooser_viewset.widget_class()

    def __init__(self, required=True, help_text=None, validators=(), **kwargs):
        self._required = required
        self._help_text = help_text
        self._validators = validators
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        return forms.CharField(
            required=self._required,
            help_text=self._help_text,
            validators=self._validators,
            max_length=64,
            widget=self.widget,
        )

    def to_python(self, value):
        return str(value or "")

    def get_prep_value(self, value):
        return str(getattr(value, "id", value) or "")

    def value_from_form(self, value):
        return str(value or "")

    def get_form_state(self, value):
        return self.widget.get_value_data(value)

    def get_translatable_segments(self, value):
        return []

    class Meta:
        icon = "pilcrow"
