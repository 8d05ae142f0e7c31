"""The officials' screens for proposals (Wagtail admin, "Proposals" menu):

/admin/proposals/                  every proposal, filtered (also: assigned to me, to nobody,
                                   to one evaluator); bulk answer and bulk assignment of the
                                   selected ones
/admin/proposals/<id>/             answer, assign, private notes, approve / hide, merge,
                                   supports entered offline, implementation updates
/admin/proposals/new/<page id>/    a proposal given on paper or at a meeting
/admin/proposals/export/<page id>/ the page's proposals as JSON (CSV and XLSX: the shared
                                   participation export, consultation_reports:export)

Allowed to whoever ``proposals.rules.can_answer`` allows (the permission
``proposals.answer_proposal``, or a comment moderator). An evaluator with only
``proposals.evaluate_proposal`` (``rules.can_evaluate``) sees the listing of the proposals
assigned to them and, on each, keeps the private notes: no answering, assigning, merging,
moderating, offline input or export.
"""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.forms import plain_text
from core.meetings import PARAMETER as MEETING
from core.meetings import find_meeting, link_to_meeting, meetings_for
from core.spreadsheets import clean_cell
from processes.models import Channel
from processes.rules import can_export_personal_data

from . import rules, services, states, threshold
from .models import Proposal, ProposalsPage, Support
from .participation import ProposalsParticipation

OFFLINE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class AnswerForm(forms.Form):
    """State and public reason, in the language it is written in, with its translations:
    residents read the answer in their language when it is translated, else as written,
    marked with its language. A template fills every language its page gives it in."""

    state = forms.ChoiceField(label=gettext_lazy("State"))
    template = forms.ChoiceField(label=gettext_lazy("Start from a template"), required=False)
    answer = forms.CharField(
        label=gettext_lazy("Public reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy("Say why, referring to the published criteria."),
    )
    answer_language = forms.ChoiceField(
        label=gettext_lazy("Language of the public reason"), required=False
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = states.choices()
        self.fields["answer_language"].choices = settings.LANGUAGES
        self.fields["answer_language"].initial = settings.LANGUAGE_CODE
        for code, name in settings.LANGUAGES:
            self.fields[f"translation_{code}"] = forms.CharField(
                label=format_lazy(gettext_lazy("Translation into {}"), name),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text=gettext_lazy(
                    "Leave empty to show the reason as written, marked with its language."
                ),
            )
        self.templates = list(templates)
        self.fields["template"].choices = [("", "—")] + [
            (str(i), t["name"]) for i, t in enumerate(self.templates)
        ]

    @property
    def translation_fields(self):
        return [self[f"translation_{code}"] for code, _name in settings.LANGUAGES]

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("answer_language") or settings.LANGUAGE_CODE
        translations = {
            code: plain_text(cleaned.get(f"translation_{code}"))
            for code, _name in settings.LANGUAGES
            if code != language and plain_text(cleaned.get(f"translation_{code}"))
        }
        chosen = cleaned.get("template")
        if chosen and not plain_text(cleaned.get("answer")):
            template = self.templates[int(chosen)]
            cleaned["answer"] = template["text"]
            language = template.get("language") or language
            translations = {
                code: text
                for code, text in (template.get("translations") or {}).items()
                if code != language and text
            } | translations
            if template["state"] in dict(states.choices()):
                cleaned["state"] = template["state"]
        cleaned["answer_language"] = language if plain_text(cleaned.get("answer")) else ""
        cleaned["answer_translations"] = translations if cleaned["answer_language"] else {}
        if cleaned.get("state") != states.RECEIVED and not plain_text(cleaned.get("answer")):
            self.add_error("answer", _("Give the public reason for this answer."))
        return cleaned


def evaluator_label(user):
    return user.get_full_name() or user.get_username()


class EvaluatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return evaluator_label(obj)


class ManageForm(forms.Form):
    """The evaluator (answerers only: ``can_assign``) and the private notes."""

    evaluator = EvaluatorField(
        label=gettext_lazy("Evaluator"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody"),
    )
    evaluator_notes = forms.CharField(
        label=gettext_lazy("Private notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Only officials and the proposal's evaluator read these."),
    )

    def __init__(self, *args, can_assign=True, **kwargs):
        super().__init__(*args, **kwargs)
        if can_assign:
            self.fields["evaluator"].queryset = rules.evaluators()
        else:
            del self.fields["evaluator"]


class AssignForm(forms.Form):
    """Assign the selected proposals to one evaluator, or to nobody."""

    evaluator = EvaluatorField(
        label=gettext_lazy("Evaluator"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody"),
        help_text=gettext_lazy(
            "Choose “Nobody” to take the selected proposals off their evaluator."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = rules.evaluators()


class MergeForm(forms.Form):
    target = forms.IntegerField(label=gettext_lazy("Merge into proposal number"))


class OfflineSupportForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=OFFLINE_CHANNELS)
    count = forms.IntegerField(
        label=gettext_lazy("Number of supports"), min_value=1, max_value=10000, initial=1
    )
    input_date = forms.DateField(label=gettext_lazy("Date given"))


class UpdateForm(forms.Form):
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    date = forms.DateField(label=gettext_lazy("Date"))
    text = forms.CharField(label=gettext_lazy("What happened"), widget=forms.Textarea)


class OfflineProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea)
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=OFFLINE_CHANNELS)
    input_date = forms.DateField(label=gettext_lazy("Date given"))
    author_name = forms.CharField(label=gettext_lazy("Name"), max_length=50, required=False)
    meeting = forms.ChoiceField(
        label=gettext_lazy("Given at the meeting"),
        required=False,
        help_text=gettext_lazy(
            "Choosing a meeting links the proposal to it, with the channel “Public meeting”."
        ),
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.meetings = {meeting.id: meeting for meeting in meetings}
        if self.meetings:
            self.fields["meeting"].choices = [("", "—")] + [
                (meeting.id, str(meeting)) for meeting in meetings
            ]
        else:
            del self.fields["meeting"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("meeting"):
            cleaned["channel"] = Channel.MEETING
        return cleaned


class AdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"
    allowed = staticmethod(rules.can_answer)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def page_templates(page_key):
    """The page's answer templates, each with its text in every language the page's
    translations give it in (blocks keep their id across translations)."""
    pages = list(ProposalsPage.objects.filter(translation_key=page_key).select_related("locale"))
    if not pages:
        return []
    source = min(pages, key=lambda page: page.pk)
    texts = {}
    for page in pages:
        for block in page.answer_templates:
            texts.setdefault(block.id, {})[page.locale.language_code] = block.value["text"]
    language = source.locale.language_code
    return [
        {
            **dict(block.value),
            "language": language,
            "translations": {
                code: text for code, text in texts.get(block.id, {}).items() if code != language
            },
        }
        for block in source.answer_templates
    ]


class ProposalIndexView(AdminView):
    template_name = "proposals/admin/index.html"
    page_title = gettext_lazy("Proposals")
    allowed = staticmethod(rules.can_evaluate)

    def evaluator_filter(self, queryset, answerer):
        """``evaluator``: "me", "none" or an evaluator's id; an evaluator who cannot answer
        sees only what is assigned to them."""
        user = self.request.user
        chosen = self.request.GET.get("evaluator", "")
        if not answerer:
            return queryset.filter(evaluator=user), "me"
        if chosen == "me":
            return queryset.filter(evaluator=user), chosen
        if chosen == "none":
            return queryset.filter(evaluator__isnull=True), chosen
        if chosen.isdigit():
            return queryset.filter(evaluator_id=int(chosen)), chosen
        return queryset, ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answerer = rules.can_answer(self.request.user)
        queryset = (
            Proposal.objects.confirmed()
            .filter(merged_into__isnull=True)
            .select_related("evaluator")
        )
        queryset, evaluator = self.evaluator_filter(queryset, answerer)
        page_key = self.request.GET.get("page", "")
        try:
            page_key = str(uuid.UUID(page_key)) if page_key else ""
        except ValueError:
            page_key = ""
        if page_key:
            queryset = queryset.filter(page_key=page_key)
        state = self.request.GET.get("state", "")
        if state:
            queryset = queryset.filter(state=state)
        # The support threshold of one page, once its date has passed: the proposals that
        # missed it are not assessed (proposals/threshold.py); officials can list them apart.
        page = (
            ProposalsPage.objects.filter(translation_key=page_key).order_by("pk").first()
            if page_key
            else None
        )
        reached = self.request.GET.get("threshold", "")
        with_threshold = page is not None and threshold.passed(page)
        if with_threshold:
            queryset = threshold.annotate(queryset, page)
            if reached == "missed":
                queryset = queryset.filter(threshold_count__lt=page.support_threshold)
            elif reached == "reached":
                queryset = queryset.filter(threshold_count__gte=page.support_threshold)
        paginator = Paginator(queryset.order_by("-created_at", "-pk"), 100)
        context.update(
            {
                "page_obj": paginator.get_page(self.request.GET.get("p")),
                "pages": ProposalsPage.objects.order_by("title"),
                "state_choices": states.choices(),
                "current": {
                    "page": page_key,
                    "state": state,
                    "threshold": reached,
                    "evaluator": evaluator,
                },
                "threshold_page": page if with_threshold else None,
                "can_answer": answerer,
            }
        )
        if answerer:
            people = list(rules.evaluators())
            context.update(
                {
                    "evaluator_choices": [
                        (str(person.pk), evaluator_label(person)) for person in people
                    ],
                    "answer_form": kwargs.get("answer_form")
                    or AnswerForm(templates=page_templates(page_key) if page_key else ()),
                    "assign_form": kwargs.get("assign_form") or AssignForm(),
                }
            )
        return context

    def post(self, request):
        """Answer the selected proposals in one go (with a template or a typed reason), or
        assign them to an evaluator (``action=assign``)."""
        if not rules.can_answer(request.user):
            raise PermissionDenied
        ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
        selected = list(Proposal.objects.filter(pk__in=ids))
        if request.POST.get("action") == "assign":
            return self.assign(request, selected)
        page_keys = {p.page_key for p in selected}
        templates = page_templates(next(iter(page_keys))) if len(page_keys) == 1 else []
        form = AnswerForm(request.POST, templates=templates)
        if not selected:
            messages.error(request, _("Select the proposals to answer."))
            return HttpResponseRedirect(request.get_full_path())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        changed = services.answer(
            selected,
            state=form.cleaned_data["state"],
            text=form.cleaned_data["answer"],
            language=form.cleaned_data["answer_language"],
            translations=form.cleaned_data["answer_translations"],
        )
        messages.success(
            request,
            ngettext("%(count)s proposal answered.", "%(count)s proposals answered.", len(changed))
            % {"count": len(changed)},
        )
        return HttpResponseRedirect(request.get_full_path())

    def assign(self, request, selected):
        form = AssignForm(request.POST)
        if not selected:
            messages.error(request, _("Select the proposals to assign."))
            return HttpResponseRedirect(request.get_full_path())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        person = form.cleaned_data["evaluator"]
        count = Proposal.objects.filter(pk__in=[p.pk for p in selected]).update(evaluator=person)
        if person is None:
            text = ngettext(
                "%(count)s proposal taken off its evaluator.",
                "%(count)s proposals taken off their evaluator.",
                count,
            ) % {"count": count}
        else:
            text = ngettext(
                "%(count)s proposal assigned to %(name)s.",
                "%(count)s proposals assigned to %(name)s.",
                count,
            ) % {"count": count, "name": evaluator_label(person)}
        messages.success(request, text)
        return HttpResponseRedirect(request.get_full_path())


class ProposalDetailView(AdminView):
    """Everything for answerers; for an evaluator who cannot answer, the proposals assigned
    to them, read-only but for their private notes."""

    template_name = "proposals/admin/proposal.html"
    allowed = staticmethod(rules.can_evaluate)

    def get_page_title(self):
        return self.proposal.title

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.proposal = get_object_or_404(Proposal, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if rules.can_evaluate(request.user) and not rules.can_read_notes(
            request.user, self.proposal
        ):
            raise PermissionDenied
        self.can_answer = rules.can_answer(request.user)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None, which=None):
        p = self.proposal
        made = {
            "answer": AnswerForm(
                initial={
                    "state": p.state,
                    "answer": p.answer,
                    "answer_language": p.answer_language or settings.LANGUAGE_CODE,
                    **{f"translation_{c}": t for c, t in (p.answer_translations or {}).items()},
                },
                templates=page_templates(p.page_key),
            ),
            "manage": ManageForm(
                initial={"evaluator": p.evaluator_id, "evaluator_notes": p.evaluator_notes},
                can_assign=self.can_answer,
            ),
            "merge": MergeForm(),
            "supports": OfflineSupportForm(initial={"input_date": timezone.localdate()}),
            "update": UpdateForm(initial={"progress": p.progress, "date": timezone.localdate()}),
        }
        if which:
            classes = {
                "answer": lambda: AnswerForm(data, templates=page_templates(p.page_key)),
                "manage": lambda: ManageForm(data, can_assign=self.can_answer),
                "merge": lambda: MergeForm(data),
                "supports": lambda: OfflineSupportForm(data),
                "update": lambda: UpdateForm(data),
            }
            made[which] = classes[which]()
        return made

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = ProposalsPage.objects.filter(translation_key=self.proposal.page_key).first()
        context.update(
            {
                "export_csv": reverse("consultation_reports:export", args=[page.pk])
                if page
                else "",
                "export_json": reverse("proposals_admin:export", args=[page.pk]) if page else "",
                "proposal": self.proposal,
                "page": page,
                "public_url": (page.url + page.proposal_path(self.proposal)) if page else "",
                "supports": self.proposal.supports.active().count(),
                "updates": self.proposal.updates.all(),
                "forms": kwargs.get("forms") or self.forms(),
                "criteria": page.criteria if page else [],
                "can_answer": self.can_answer,
            }
        )
        return context

    def post(self, request, pk):
        which = request.POST.get("form")
        if not self.can_answer and which != "manage":
            raise PermissionDenied
        if which == "approve":
            Proposal.objects.filter(pk=pk).update(is_approved=True, is_hidden=False)
            self.proposal.refresh_from_db()
            self.proposal.save()
            messages.success(request, _("Proposal approved."))
            return HttpResponseRedirect(request.path)
        if which == "hide":
            reason = plain_text(request.POST.get("reason", ""))
            if not reason:
                messages.error(request, _("Give the reason for hiding it."))
                return HttpResponseRedirect(request.path)
            self.proposal.is_hidden = True
            self.proposal.hidden_reason = reason
            self.proposal.save(update_fields=["is_hidden", "hidden_reason"])
            messages.success(request, _("Proposal hidden."))
            return HttpResponseRedirect(request.path)
        if which not in {"answer", "manage", "merge", "supports", "update"}:
            return HttpResponseRedirect(request.path)
        forms_ = self.forms(request.POST, which)
        form = forms_[which]
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms=forms_), status=400)
        data = form.cleaned_data
        p = self.proposal
        if which == "answer":
            services.answer(
                [p],
                state=data["state"],
                text=data["answer"],
                language=data["answer_language"],
                translations=data["answer_translations"],
            )
            messages.success(
                request, _("Answer saved; the author and supporters who asked are told.")
            )
        elif which == "manage":
            fields = ["evaluator_notes"]
            p.evaluator_notes = data["evaluator_notes"]
            if "evaluator" in form.fields:
                p.evaluator = data["evaluator"]
                fields.append("evaluator")
            p.save(update_fields=fields)
            messages.success(request, _("Saved."))
        elif which == "merge":
            target = Proposal.objects.filter(
                pk=data["target"], page_key=p.page_key, merged_into__isnull=True
            ).first()
            if target is None or target.pk == p.pk:
                form.add_error("target", _("No proposal with this number can take the merge."))
                return self.render_to_response(self.get_context_data(forms=forms_), status=400)
            services.merge(p, target)
            messages.success(request, _("Merged; supports moved and people told."))
        elif which == "supports":
            Support.objects.bulk_create(
                [
                    Support(
                        proposal=p,
                        channel=data["channel"],
                        input_date=data["input_date"],
                        entered_by=request.user,
                        confirmed_at=timezone.now(),
                        language=p.language,
                    )
                    for _i in range(data["count"])
                ]
            )
            services.invalidate(p)
            messages.success(request, _("Supports added."))
        elif which == "update":
            services.add_update(p, progress=data["progress"], text=data["text"], date=data["date"])
            messages.success(request, _("Update added."))
        return HttpResponseRedirect(request.path)


class OfflineProposalView(AdminView):
    template_name = "proposals/admin/offline.html"
    page_title = gettext_lazy("Enter a proposal given on paper or at a meeting")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(ProposalsPage, pk=kwargs["page_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or self.blank_form()
        context["page"] = self.page
        return context

    def blank_form(self):
        initial = {"input_date": timezone.localdate(), "language": "en"}
        meeting = find_meeting(self.request.GET.get(MEETING))
        meetings = meetings_for(self.page)
        if meeting is not None and meeting.id in {item.id for item in meetings}:
            initial.update(
                meeting=meeting.id,
                channel=Channel.MEETING,
                input_date=meeting.day,
                language=meeting.language or "en",
            )
        return OfflineProposalForm(initial=initial, meetings=meetings)

    def post(self, request, page_id):
        form = OfflineProposalForm(request.POST, meetings=meetings_for(self.page))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        proposal = services.submit(
            self.page,
            title=data["title"],
            description=data["description"],
            name=data["author_name"],
            language=data["language"],
            channel=data["channel"],
            input_date=data["input_date"],
            entered_by=request.user,
            wants_updates=False,
        )
        if data.get("meeting"):
            link_to_meeting(data["meeting"], proposal)
            messages.success(request, _("Proposal entered and linked to the meeting."))
            return HttpResponseRedirect(f"{request.path}?{urlencode({MEETING: data['meeting']})}")
        messages.success(request, _("Proposal entered."))
        return HttpResponseRedirect(reverse("proposals_admin:proposal", args=[proposal.pk]))


class JsonExportView(AdminView):
    """The page's export (the adapter's ``export_table``) as JSON; text cells escaped as in
    the spreadsheet exports, personal data only with the permission and when asked."""

    def get(self, request, page_id):
        page = get_object_or_404(ProposalsPage, pk=page_id)
        personal = request.GET.get("include_personal_data") == "on"
        if personal and not can_export_personal_data(request.user):
            raise PermissionDenied
        table = ProposalsParticipation().export_table(
            page, params=request.GET, include_personal_data=personal
        )
        rows = [
            {column: clean_cell(value) for column, value in zip(table.columns, row, strict=True)}
            for row in table.rows
        ]
        response = JsonResponse({"title": table.title, "rows": rows})
        response["Content-Disposition"] = f'attachment; filename="proposals-{page.slug}.json"'
        response["Cache-Control"] = "no-store"
        return response
