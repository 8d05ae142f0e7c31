"""The residents' side of a proposals page: listing, submitting (with the "is your idea
one of these?" step), confirming, supporting, editing, withdrawing, and each proposal's
page with its answer, implementation timeline and comments.

Every page works without JavaScript; proposals/static/proposals/similar.js only shows the
similar proposals while a resident types (the ``similar/`` fragment).
"""

import random

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Mod
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from wagtail.images import get_image_model

from core import signing
from core.csrf import origin_checked
from home.models import Topic
from processes import rules as comment_rules
from processes.models import Comment
from processes.views import thread_context, thread_view

from . import notifications, rules, services, similarity, states, threshold
from .forms import ProposalForm, SupportForm
from .models import ImplementationUpdate, Proposal, Support

PER_PAGE = 20
SORTS = ("random", "supported", "newest")
IMAGE_SALT = "proposals.image"


# -- shared ----------------------------------------------------------------------------------


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def annotated(queryset, page):
    """Supports and comments counted in the same query as the proposals. Supports are one
    aggregate over a join (GROUP BY proposal), not a subquery run for every proposal: the
    "most supported" order needs the count of every listed proposal before it can sort."""
    comments = (
        Comment.objects.for_target(page)
        .counted()
        .filter(clause_id=Concat(Value("proposal-"), Cast(OuterRef("pk"), CharField())))
        .order_by()
        .values("target_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = queryset.annotate(
        support_count=Count(
            "supports",
            filter=Q(supports__withdrawn_at__isnull=True, supports__confirmed_at__isnull=False),
        ),
        comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
    )
    return threshold.annotate(queryset, page)


def names(page):
    """{topic translation key: name}, {area translation key: name} in the page's language."""
    topic_keys = [topic.translation_key for topic in page.topic_list]
    topics = {
        topic.translation_key: topic.name
        for topic in Topic.objects.filter(translation_key__in=topic_keys, locale_id=page.locale_id)
    }
    for topic in page.topic_list:
        topics.setdefault(topic.translation_key, topic.name)
    return topics, {area.translation_key: area.name for area in page.areas}


def label(proposal, page, topic_names, area_names):
    proposal.topic_name = topic_names.get(proposal.topic.translation_key) if proposal.topic else ""
    proposal.area_name = area_names.get(proposal.area.translation_key) if proposal.area else ""
    proposal.path = page.url + page.proposal_path(proposal)
    language = page.locale.language_code
    proposal.language_name = (
        get_language_info(proposal.language)["name_translated"]
        if proposal.language and proposal.language != language
        else ""
    )
    proposal.threshold = threshold.progress(page, proposal)
    return proposal


# -- listing ---------------------------------------------------------------------------------


def listing_context(request, page):
    params = request.GET
    topic_names, area_names = names(page)
    queryset = Proposal.objects.for_page(page).listed().select_related("topic", "area")
    state = params.get("state", "")
    if state in dict(states.choices()):
        queryset = queryset.filter(state=state)
    topic = params.get("topic", "")
    topic_slugs = {t.slug: t.translation_key for t in page.topic_list}
    if topic in topic_slugs:
        queryset = queryset.filter(topic__translation_key=topic_slugs[topic])
    area = params.get("area", "")
    area_keys = {str(a.translation_key) for a in page.areas}
    if area in area_keys:
        queryset = queryset.filter(area__translation_key=area)
    sort = params.get("sort") if params.get("sort") in SORTS else "random"
    queryset = annotated(queryset, page)
    reached = params.get("threshold", "")
    threshold_choices = threshold_filter_choices(page)
    if reached in dict(threshold_choices):
        queryset = threshold.filter_reached(queryset, page, reached=reached == "reached")
    else:
        reached = ""
    seed = _int(params.get("seed"))
    if seed is None or not 0 <= seed < 10007:
        seed = timezone.localdate().toordinal() % 10007  # the same for everyone today
    if sort == "supported":
        queryset = queryset.order_by("-support_count", "-created_at", "-pk")
    elif sort == "newest":
        queryset = queryset.order_by("-created_at", "-pk")
    else:
        # A shuffle that is the same on every page of results for one seed: late ideas
        # get their turn at the top, and paging never repeats or skips one.
        queryset = queryset.annotate(shuffle=Mod(Cast("pk", IntegerField()) * 7919 + seed, 10007))
        queryset = queryset.order_by("shuffle", "pk")
    paginator = Paginator(queryset, PER_PAGE)
    page_obj = paginator.get_page(params.get("page"))
    proposals = [label(p, page, topic_names, area_names) for p in page_obj.object_list]
    return {
        "proposals": proposals,
        "page_obj": page_obj,
        "total": paginator.count,
        "state_choices": states.choices(),
        "topic_choices": [(t.slug, topic_names.get(t.translation_key)) for t in page.topic_list],
        "area_choices": [(str(a.translation_key), a.name) for a in page.areas],
        "threshold_choices": threshold_choices,
        "current": {
            "state": state,
            "topic": topic,
            "area": area,
            "threshold": reached,
            "sort": sort,
        },
        "new_seed": random.randrange(10007),
        "sort_choices": [
            ("random", _("Random order")),
            ("supported", _("Most supported")),
            ("newest", _("Newest")),
        ],
    }


def threshold_filter_choices(page):
    """The listing's threshold filter, when the page has a threshold: reached, or not (yet,
    before its date; for good, after it)."""
    if not page.support_threshold:
        return []
    below = _("Did not reach the threshold") if threshold.passed(page) else _("Not reached yet")
    return [("reached", _("Threshold reached")), ("missed", below)]


def page_context(request, page):
    context = listing_context(request, page)
    context["decision"] = rules.submit_decision(request.user, page)
    context["process"] = page.process
    context["new_url"] = page.url + page.reverse_subpage("new")
    return context


# -- submitting ------------------------------------------------------------------------------


def render_form(request, page, form, *, status=200, similar=None, image_token=""):
    context = {
        "page": page,
        "self": page,
        "form": form,
        "similar": similar or [],
        "image_token": image_token,
        "decision": rules.submit_decision(request.user, page),
        "similar_url": page.url + page.reverse_subpage("similar"),
        "action": page.url + page.reverse_subpage("new"),
    }
    return TemplateResponse(request, "proposals/submit.html", context, status=status)


def refuse(request, page, message, *, status=403, proposal=None, form=None):
    context = {
        "page": page,
        "self": page,
        "message": message,
        "proposal": proposal,
        "form": form,
        "text": request.POST.get("description", "") or request.POST.get("comment", ""),
        "title_text": request.POST.get("title", ""),
    }
    return TemplateResponse(request, "proposals/refused.html", context, status=status)


def similar_to(page, title, description, *, exclude=None):
    rows = (
        Proposal.objects.for_page(page)
        .listed()
        .order_by()
        .values_list("pk", "title", "description")
    )
    ranked = similarity.rank(
        title, description, [(pk, t, d, pk) for pk, t, d in rows], exclude=exclude
    )
    ids = [pk for _score, pk in ranked]
    if not ids:
        return []
    found = {
        p.pk: p
        for p in annotated(Proposal.objects.filter(pk__in=ids), page).select_related(
            "topic", "area"
        )
    }
    topic_names, area_names = names(page)
    return [label(found[pk], page, topic_names, area_names) for pk in ids if pk in found]


def similar_view(request, page):
    """The similar proposals as an HTML fragment, for similar.js while a resident types."""
    title = request.GET.get("title", "")[:300]
    description = request.GET.get("description", "")[:2000]
    similar = similar_to(page, title, description) if len(title) + len(description) >= 8 else []
    response = TemplateResponse(
        request, "proposals/includes/similar.html", {"page": page, "similar": similar}
    )
    response["Cache-Control"] = "no-store"
    return response


def _stash_image(form):
    """Store an uploaded image at once (a second step cannot carry a file) and sign its id."""
    upload = form.cleaned_data.get("image")
    if not upload:
        return None, ""
    image = get_image_model().objects.create(
        title=form.cleaned_data.get("image_alt") or form.cleaned_data["title"], file=upload
    )
    return image, signing.dumps(image.pk, salt=IMAGE_SALT)


def _stashed_image(token):
    pk = signing.loads(token, salt=IMAGE_SALT) if token else None
    return get_image_model().objects.filter(pk=pk).first() if isinstance(pk, int) else None


@csrf_protect
def submit_view(request, page):
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    decision = rules.submit_decision(request.user, page)
    if request.method != "POST":
        form = ProposalForm(page, user=request.user) if decision else None
        return render_form(request, page, form)
    if not decision:
        return refuse(request, page, decision.message)
    form = ProposalForm(page, request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render_form(request, page, form, status=400)
    if form.is_bot():
        messages.success(request, _("Thank you. Your proposal was received."))
        return HttpResponseRedirect(page.url)
    image_token = request.POST.get("image_token", "")
    image = _stashed_image(image_token)
    if form.cleaned_data.get("image"):
        image, image_token = _stash_image(form)
    if not request.POST.get("different"):
        similar = similar_to(page, form.cleaned_data["title"], form.cleaned_data["description"])
        if similar:
            # The second step: "is your idea one of these? Support it instead".
            return render_form(request, page, form, similar=similar, image_token=image_token)
    fields = form.proposal_fields()
    if image is not None:
        fields["image"] = image
        fields["image_alt"] = form.cleaned_data.get("image_alt") or image.title
    proposal = services.submit(
        page,
        user=request.user,
        name=form.cleaned_data.get("name", ""),
        email=form.cleaned_data.get("email", ""),
        language=page.locale.language_code,
        wants_updates=bool(form.cleaned_data.get("wants_updates")),
        **fields,
    )
    if proposal.confirmed_at is None:
        messages.success(
            request,
            _(
                "Almost done: we have sent a link to %(email)s. Your proposal will be sent "
                "when you follow it."
            )
            % {"email": proposal.author_email},
        )
        return HttpResponseRedirect(page.url)
    if not proposal.is_approved:
        messages.success(
            request, _("Thank you. Your proposal will appear once a moderator has approved it.")
        )
        return HttpResponseRedirect(page.url)
    messages.success(request, _("Thank you. Your proposal is published."))
    return HttpResponseRedirect(page.url + page.proposal_path(proposal))


def confirm_view(request, page, token):
    row, problem = services.confirm(token)
    if problem:
        return TemplateResponse(
            request, "proposals/confirm_invalid.html", {"page": page, "self": page}, status=404
        )
    proposal = row if isinstance(row, Proposal) else row.proposal
    if isinstance(row, Proposal):
        messages.success(request, _("Thank you. Your proposal is confirmed."))
    else:
        messages.success(request, _("Thank you. Your support is confirmed."))
    return HttpResponseRedirect(page.url + page.proposal_path(proposal))


# -- one proposal ----------------------------------------------------------------------------


def find(page, pk, *, detailed=False):
    """A proposal of this page the public may see, or None (a forged or foreign id);
    `detailed`: with its counts and image, as its own page shows it (one query)."""
    queryset = (
        Proposal.objects.for_page(page).visible().select_related("topic", "area", "merged_into")
    )
    if detailed:
        queryset = annotated(queryset, page).select_related("image")
    return queryset.filter(pk=pk).first()


def not_found(request, page):
    return TemplateResponse(
        request, "proposals/missing.html", {"page": page, "self": page}, status=404
    )


def detail_context(request, page, proposal, *, support_form=None, comment_form=None):
    topic_names, area_names = names(page)
    if not hasattr(proposal, "support_count"):  # read again, counted (after an action)
        proposal = (
            annotated(Proposal.objects.filter(pk=proposal.pk), page)
            .select_related("topic", "area", "merged_into", "image")
            .get()
        )
    proposal = label(proposal, page, topic_names, area_names)
    user = request.user
    mine = None
    if user.is_authenticated:
        mine = Support.objects.filter(
            proposal=proposal, user=user, withdrawn_at__isnull=True
        ).first()
    support_decision = rules.support_decision(user, page, proposal)
    language = page.locale.language_code
    answer_text, answer_language = proposal.answer_in(language)
    if support_form is None and support_decision and mine is None:
        support_form = SupportForm(user=user, auto_id="support-%s")
    context = {
        "page": page,
        "self": page,
        "proposal": proposal,
        "process": page.process,
        "updates": list(ImplementationUpdate.objects.filter(proposal=proposal)),
        "channels": list(
            Support.objects.active()
            .filter(proposal=proposal)
            .exclude(channel="online")
            .order_by()
            .values("channel")
            .annotate(n=Count("pk"))
            .values_list("channel", "n")
        ),
        "support_decision": support_decision,
        "support_form": support_form,
        "my_support": mine,
        "can_edit": rules.edit_decision(user, page, proposal).allowed,
        "can_withdraw": rules.withdraw_decision(user, page, proposal).allowed,
        "criteria": page.criteria,
        # The official answer in the page's language when translated, else as written:
        # its language is marked, and named when it is not the page's.
        "answer_text": answer_text,
        "answer_language": answer_language,
        "answer_language_name": (
            get_language_info(answer_language)["name_translated"]
            if answer_language and answer_language != language
            else ""
        ),
        "listing_url": page.url,
    }
    context["has_thread"] = proposal.merged_into_id is None and proposal.withdrawn_at is None
    if context["has_thread"]:
        page.remember_clause(proposal.pk, proposal)  # read above: visible, not merged
        # The comment thread's own context (processes.views): same model, rules, flags.
        thread = thread_context(request, page, proposal.clause_id, form=comment_form)
        thread["thread_url"] = page.reverse_subpage("comments", kwargs={"pk": proposal.pk})
        thread.pop("process", None)
        context.update(thread)
    return context


def detail_view(request, page, pk):
    proposal = find(page, pk, detailed=True)
    if proposal is None:
        return not_found(request, page)
    return TemplateResponse(
        request, "proposals/proposal.html", detail_context(request, page, proposal)
    )


@csrf_exempt  # RFC 8058 one-click stops are POSTs without a CSRF token
def stop_view(request, page, pk):
    """The stop link of answer e-mails: GET asks (mail scanners follow links), POST stops."""
    proposal = find(page, pk)
    token = request.GET.get("token", "")
    if proposal is None or not stop(token, proposal, dry_run=True):
        return not_found(request, page)
    if request.method == "POST":
        stop(token, proposal)
        messages.success(request, _("You will get no more e-mails about this proposal."))
        return HttpResponseRedirect(page.url + page.proposal_path(proposal))
    context = {"page": page, "self": page, "proposal": proposal}
    return TemplateResponse(request, "proposals/stop.html", context)


def stop(token, proposal, *, dry_run=False):
    """Stop answer e-mails about `proposal` for the address a stop link names."""
    data = signing.loads(token, salt=notifications.STOP_SALT)
    if not isinstance(data, dict) or data.get("p") != proposal.pk:
        return False
    if dry_run:
        return True
    email = str(data.get("e", ""))
    if proposal.author_email.lower() == email:
        Proposal.objects.filter(pk=proposal.pk).update(wants_updates=False)
    Support.objects.filter(notifications.following(proposal)).filter(
        Q(email__iexact=email) | Q(user__email__iexact=email)
    ).update(wants_updates=False)
    return True


@origin_checked  # no CSRF token in its form, so proposal pages can be cached (core/csrf.py)
def support_view(request, page, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = find(page, pk)
    if proposal is None:
        return not_found(request, page)
    back = HttpResponseRedirect(page.url + page.proposal_path(proposal) + "#support")
    if request.POST.get("action") == "withdraw":
        mine = (
            services.existing_support(proposal, user=request.user)
            if request.user.is_authenticated
            else None
        )
        decision = rules.withdraw_support_decision(request.user, page, proposal, mine)
        if not decision:
            return refuse(request, page, decision.message, proposal=proposal)
        services.withdraw_support(proposal, support=mine)
        messages.success(request, _("Your support is withdrawn."))
        return back
    decision = rules.support_decision(request.user, page, proposal)
    if not decision:
        return refuse(request, page, decision.message, proposal=proposal)
    form = SupportForm(request.POST, user=request.user, auto_id="support-%s")
    if not form.is_valid():
        context = detail_context(request, page, proposal, support_form=form)
        return TemplateResponse(request, "proposals/proposal.html", context, status=400)
    if form.is_bot():
        return back
    try:
        row = services.support(
            proposal,
            user=request.user,
            email=form.cleaned_data.get("email", ""),
            name=form.cleaned_data.get("name", ""),
            language=page.locale.language_code,
            wants_updates=bool(form.cleaned_data.get("wants_updates")),
        )
    except services.DuplicateSupport:
        form.add_error(None, _("You already support this proposal: each person counts once."))
        context = detail_context(request, page, proposal, support_form=form)
        return TemplateResponse(request, "proposals/proposal.html", context, status=400)
    if row.confirmed_at is None:
        messages.success(
            request,
            _("Almost done: we have sent a link to %(email)s to confirm your support.")
            % {"email": row.email},
        )
    else:
        messages.success(request, _("Thank you for your support."))
    return back


@csrf_protect
def unsupport_view(request, page, pk):
    """The withdraw link of a support's confirmation e-mail, for supporters without an
    account: GET asks (mail scanners follow links), POST withdraws. The link names the
    support; a bad, forged or foreign one finds nothing."""
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    token = request.GET.get("token", "")
    support = notifications.support_from_link(token)
    proposal = find(page, support.proposal_id) if support is not None else None
    if proposal is None:
        return not_found(request, page)
    decision = rules.withdraw_support_decision(request.user, page, proposal, support, by_link=True)
    if not decision:
        return refuse(request, page, decision.message, proposal=proposal)
    if request.method == "POST":
        services.withdraw_support(proposal, support=support)
        messages.success(request, _("Your support is withdrawn."))
        return HttpResponseRedirect(page.url + page.proposal_path(proposal) + "#support")
    context = {"page": page, "self": page, "proposal": proposal, "token": token}
    return TemplateResponse(request, "proposals/unsupport.html", context)


@csrf_protect
def edit_view(request, page, pk):
    proposal = find(page, pk)
    if proposal is None:
        return not_found(request, page)
    decision = rules.edit_decision(request.user, page, proposal)
    if not decision:
        return refuse(request, page, decision.message, proposal=proposal)
    initial = {
        "title": proposal.title,
        "description": proposal.description,
        "topic": proposal.topic_id,
        "area": proposal.area_id,
        "budget": proposal.budget,
    }
    if request.method == "POST":
        form = ProposalForm(page, request.POST, user=request.user, editing=True)
        if form.is_valid():
            for name, value in form.proposal_fields().items():
                setattr(proposal, name, value)
            proposal.save()
            messages.success(request, _("Your proposal is changed."))
            return HttpResponseRedirect(page.url + page.proposal_path(proposal))
        status = 400
    else:
        form = ProposalForm(page, initial=initial, user=request.user, editing=True)
        status = 200
    context = {"page": page, "self": page, "form": form, "proposal": proposal}
    return TemplateResponse(request, "proposals/edit.html", context, status=status)


@csrf_protect
def withdraw_view(request, page, pk):
    proposal = find(page, pk)
    if proposal is None:
        return not_found(request, page)
    decision = rules.withdraw_decision(request.user, page, proposal)
    if not decision:
        return refuse(request, page, decision.message, proposal=proposal)
    if request.method == "POST":
        proposal.withdrawn_at = timezone.now()
        proposal.save(update_fields=["withdrawn_at"])
        messages.success(request, _("Your proposal is withdrawn."))
        return HttpResponseRedirect(page.url)
    context = {"page": page, "self": page, "proposal": proposal}
    return TemplateResponse(request, "proposals/withdraw.html", context)


def comments_view(request, page, pk):
    """Comments on a proposal go through the consultation's comment code (its rules,
    moderation, flags and e-mailed confirmation); reading them is the proposal's page."""
    proposal = find(page, pk)
    if proposal is None or proposal.merged_into_id or proposal.withdrawn_at:
        return not_found(request, page)
    if request.method != "POST":
        query = request.GET.urlencode()
        return HttpResponseRedirect(
            page.url + page.proposal_path(proposal) + (f"?{query}" if query else "") + "#comments"
        )
    decision = comment_rules.comment_decision(request.user, page, clause_id=proposal.clause_id)
    if not decision:
        return refuse(request, page, decision.message, proposal=proposal)
    return thread_view(request, page, proposal.clause_id)
