"""Admin screens beyond the viewsets: send an issue, follow a send, import and export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import CacheStorage
from wagtail.admin.views.generic import InspectView

from core.export_views import export_status_url
from core.exports import start_export
from newsletters import sending
from newsletters.forms import SendForm, SubscriberExportForm, SubscriberImportForm
from newsletters.models import Delivery, NewsletterPage, NewsletterSend
from newsletters.resources import SubscriberResource, row_problems
from newsletters.rules import can_export_subscribers, can_import_subscribers, can_send
from newsletters.sending import send_test_message
from newsletters.subscriptions import send_confirmation_emails

FORMATS = {"csv": CSV, "xlsx": XLSX}
HEADER_ALIASES = {"e-mail": "email", "email address": "email", "e-mail address": "email"}


def _admin_page(request, template, context, title, breadcrumbs=()):
    base = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, *breadcrumbs]
    return TemplateResponse(
        request,
        template,
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": [*base, {"url": "", "label": title}],
            "header_icon": "mail",
            **context,
        },
    )


def _sends_crumb():
    return {"url": reverse("newsletter_sends:index"), "label": _("Newsletter sends")}


def _subscribers_crumb():
    return {"url": reverse("newsletter_subscribers:index"), "label": _("Subscribers")}


# Sending -----------------------------------------------------------------------------------


def send_page(request, page_id):
    """Confirm sending an issue: the number of recipients, optional topics, then go."""
    if not can_send(request.user):
        raise PermissionDenied
    page = get_object_or_404(NewsletterPage, pk=page_id)
    active = sending.active_send_for(page)
    form = SendForm(request.POST or None, page=page)
    topics, processes = [], []
    if request.method == "POST" and form.is_valid():
        topics = list(form.cleaned_data["topics"])
        processes = list(form.cleaned_data["processes"])
        if request.POST.get("action") == "send" and page.live and active is None:
            send, created = sending.start_send(
                page, user=request.user, topics=topics, processes=processes
            )
            if created:
                messages.success(
                    request,
                    _("Sending “%(subject)s” has started.") % {"subject": page.subject},
                )
            return redirect("newsletter_sends:inspect", send.pk)
    recipients = sending.recipients_for(page, topics, processes=processes).count()
    already = Delivery.objects.filter(issue_key=page.translation_key).count()
    return _admin_page(
        request,
        "newsletters/admin/send_confirm.html",
        {
            "page": page,
            "form": form,
            "recipients": recipients,
            "already": already,
            "active": active,
            "language": page.locale.get_display_name(),
            "test_url": reverse("newsletters_admin:test", args=[page.pk]),
        },
        _("Send “%(subject)s”") % {"subject": page.subject},
        [_sends_crumb()],
    )


def send_test(request, page_id):
    """Send the latest draft of an issue to the official's own address."""
    page = get_object_or_404(NewsletterPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    email = request.user.email
    if request.method == "POST":
        if not email:
            messages.error(request, _("Your account has no e-mail address: add one first."))
        else:
            send_test_message(page, email, page.get_latest_revision())
            messages.success(
                request,
                _("A test of “%(subject)s” is on its way to %(email)s.")
                % {"subject": page.subject, "email": email},
            )
        return redirect(
            request.POST.get("next") or reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
    return _admin_page(
        request,
        "newsletters/admin/send_test.html",
        {"page": page, "email": email, "next": request.GET.get("next", "")},
        _("Send a test to me"),
    )


class SendProgressView(InspectView):
    """Progress of one send: counts, failures with reasons, and what an official can do."""

    template_name = "newsletters/admin/send_progress.html"
    page_title = _("Progress")
    failures_per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        send = self.object
        counts = send.counts()
        done = counts["sent"] + counts["failed"] + counts["skipped"]
        failures = Paginator(
            send.deliveries.filter(status=Delivery.Status.FAILED)
            .select_related("subscriber")
            .order_by("pk"),
            self.failures_per_page,
        ).get_page(self.request.GET.get("p"))
        context.update(
            {
                "send": send,
                "counts": counts,
                "in_flight": counts["pending"] + counts["sending"],
                "done": done,
                "total": send.recipient_count,
                "percent": int(100 * done / send.recipient_count) if send.recipient_count else 100,
                "stalled": send.is_stalled(counts),
                "failures": failures,
                "can_send": can_send(self.request.user),
                "topics": list(send.topics.all()),
                "processes": list(send.processes.all()),
            }
        )
        return context


def _send_action(request, pk, action, message):
    if not can_send(request.user):
        raise PermissionDenied
    send = get_object_or_404(NewsletterSend, pk=pk)
    count = action(send)
    messages.success(request, message % {"count": count or 0})
    return redirect("newsletter_sends:inspect", send.pk)


@require_POST
def send_retry(request, pk):
    return _send_action(
        request, pk, sending.retry_failed, _("%(count)s failed messages are queued again.")
    )


@require_POST
def send_cancel(request, pk):
    return _send_action(
        request, pk, sending.cancel, _("Sending stopped; %(count)s messages will not be sent.")
    )


# Import and export -------------------------------------------------------------------------


def _read_dataset(content, fmt):
    if fmt == "csv":
        if isinstance(content, bytes):
            content = content.decode("utf-8-sig")
        dataset = CSV().create_dataset(content)
    else:
        dataset = XLSX().create_dataset(content)
    headers = [str(h or "").strip().lower() for h in dataset.headers or []]
    dataset.headers = [HEADER_ALIASES.get(h, h) for h in headers]
    return dataset


def _store(content):
    storage = CacheStorage(read_mode="rb" if isinstance(content, bytes) else "r")
    storage.save(content)
    return storage.name


def import_subscribers(request):
    """Upload → every row checked with nothing stored → confirm → import in one transaction."""
    if not can_import_subscribers(request.user):
        raise PermissionDenied
    form = SubscriberImportForm()
    context = {"problems": None, "result": None}
    stage = request.POST.get("stage")
    if request.method == "POST" and stage in ("check", "confirm"):
        if stage == "check":
            form = SubscriberImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                content = upload.read()
                fmt = form.cleaned_data["format"]
                name = upload.name
            else:
                return _import_page(request, form, context)
        else:
            form = SubscriberImportForm(request.POST)
            form.fields["import_file"].required = False
            if not form.is_valid():
                return _import_page(request, form, context)
            fmt = request.POST.get("format")
            name = request.POST.get("file_name", "")[:200]
            stored = CacheStorage(name=request.POST.get("stored", ""), read_mode="rb")
            try:
                content = stored.read()
            except Exception:
                content = None
            if content is None or fmt not in FORMATS:
                messages.error(request, _("The uploaded file has expired. Upload it again."))
                return _import_page(request, SubscriberImportForm(), context)
        try:
            dataset = _read_dataset(content, fmt)
        except Exception:
            form.add_error(
                "import_file",
                _("The file could not be read as %(format)s.") % {"format": fmt.upper()},
            )
            return _import_page(request, form, context)
        if "email" not in (dataset.headers or []):
            form.add_error("import_file", _("The file has no “email” column in its first row."))
            return _import_page(request, form, context)
        resource = SubscriberResource(
            consent_basis=form.cleaned_data["consent_basis"],
            consent_confirmed=form.cleaned_data["consent_confirmed"],
            default_language=form.cleaned_data["default_language"],
            user=request.user,
        )
        dry_run = stage == "check"
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            raise_errors=False,
            rollback_on_validation_errors=True,
        )
        problems = row_problems(result)
        totals = {
            "new": result.totals.get("new", 0),
            "skip": result.totals.get("skip", 0),
            "rows": result.total_rows,
        }
        if problems:
            context.update({"problems": problems[:500], "problem_count": len(problems)})
            return _import_page(request, form, context)
        if dry_run:
            context.update(
                {
                    "totals": totals,
                    "stored": _store(content),
                    "format": fmt,
                    "file_name": name,
                    "confirm": True,
                }
            )
            return _import_page(request, form, context)
        if resource.pending_ids:
            ids = list(resource.pending_ids)
            transaction.on_commit(lambda: send_confirmation_emails.enqueue(ids))
        try:
            CacheStorage(name=request.POST.get("stored", "")).remove()
        except Exception:
            pass
        if form.cleaned_data["consent_confirmed"]:
            message = _(
                "%(new)s subscribers imported as confirmed; %(skip)s were already on the list."
            )
        else:
            message = _(
                "%(new)s subscribers imported; each gets a confirmation e-mail and no newsletter "
                "until they confirm. %(skip)s were already on the list."
            )
        messages.success(request, message % totals)
        return redirect("newsletter_subscribers:index")
    return _import_page(request, form, context)


def _import_page(request, form, context):
    return _admin_page(
        request,
        "newsletters/admin/import.html",
        {"form": form, **context},
        _("Import subscribers"),
        [_subscribers_crumb()],
    )


def export_subscribers(request):
    if not can_export_subscribers(request.user):
        raise PermissionDenied
    form = SubscriberExportForm(request.GET or None)
    if request.GET and form.is_valid():
        # Written by a background task into a private file (core/exports.py); the official
        # follows its progress and downloads it from the export's page.
        job = start_export(
            "subscribers",
            params={
                "status": form.cleaned_data["status"],
                "language": form.cleaned_data["language"],
            },
            file_format=form.cleaned_data["format"],
            user=request.user,
            title=_("Subscribers"),
        )
        return HttpResponseRedirect(export_status_url(job))
    return _admin_page(
        request,
        "newsletters/admin/export.html",
        {"form": form},
        _("Export subscribers"),
        [_subscribers_crumb()],
    )
