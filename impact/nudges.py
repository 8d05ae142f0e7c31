"""Nudges: the site tells a process's owners when input falls behind the pace they set,
when one language falls behind its expected share, and when the feedback page is overdue.

``check(process, now)`` records each nudge once per kind, language and ISO week (a
database constraint) and e-mails it to the owners through the delivery engine (kind
``engagement-nudge``); the dashboard shows the same notices. The owners are the process's
contact address and the page's owner, each in their language.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext
from wagtail.users.models import UserProfile

from core import email as emails
from core.conf import setting
from delivery import engine
from processes.models import ProcessStatus
from processes.notifications import process_translation

from . import aggregates
from .figures import expected_by, language_name
from .models import DailyContribution, Nudge, ProcessTarget


def owners(process):
    """[(e-mail, language)] of the people a nudge goes to, each address once."""
    found = {}
    if process.contact_email:
        found[process.contact_email.lower()] = (process.contact_email, process.locale.language_code)
    owner = process.owner
    if owner is not None and owner.is_active and owner.email:
        profile = UserProfile.objects.filter(user=owner).first()
        language = (profile and profile.preferred_language) or settings.LANGUAGE_CODE
        found.setdefault(owner.email.lower(), (owner.email, language))
    return list(found.values())


def period_of(now):
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def due(process, now=None):
    """[Nudge (unsaved)] the process deserves now."""
    now = now or timezone.now()
    figures = aggregates.ensure_fresh(process)
    key, period = process.translation_key, period_of(now)
    found = []
    if (
        figures.closes is not None
        and now >= figures.closes + timedelta(days=setting("IMPACT_FEEDBACK_DUE_DAYS"))
        and figures.feedback_published is None
    ):
        found.append(Nudge(process_key=key, kind=Nudge.Kind.FEEDBACK_DUE, period=period))
    target = ProcessTarget.objects.filter(process_key=key).first()
    if target is None or not target.contributions or process.status != ProcessStatus.OPEN:
        return found
    opens, closes = figures.opens, figures.closes
    if (
        opens is None
        or closes is None
        or (now - opens) < setting("IMPACT_PACE_MIN_ELAPSED") * (closes - opens)
    ):
        return found
    expected = expected_by(target.contributions, opens, closes, now)
    slack = 1 - setting("IMPACT_PACE_TOLERANCE")
    by_language = dict(
        DailyContribution.objects.filter(process_key=key)
        .values_list("language")
        .annotate(n=Sum("count"))
        .values_list("language", "n")
    )
    total = sum(by_language.values())
    if total < expected * slack:
        found.append(
            Nudge(
                process_key=key,
                kind=Nudge.Kind.BELOW_PACE,
                period=period,
                expected=expected,
                actual=total,
            )
        )
    for language, share in sorted((target.language_shares or {}).items()):
        wanted = round(expected * float(share) / 100)
        actual = by_language.get(language, 0)
        if wanted and actual < wanted * slack:
            found.append(
                Nudge(
                    process_key=key,
                    kind=Nudge.Kind.LANGUAGE_LOW,
                    language=language,
                    period=period,
                    expected=wanted,
                    actual=actual,
                )
            )
    return found


def check(process, now=None):
    """Record the nudges due now that were not given yet this week, and e-mail them."""
    given = []
    for nudge in due(process, now):
        try:
            with transaction.atomic():
                nudge.save()
        except IntegrityError:
            continue  # already given this week
        recipients = owners(process)
        if recipients:
            NudgeKind().notify(
                f"nudge:{nudge.pk}",
                [(address, language, {"nudge": nudge.pk}) for address, language in recipients],
            )
            Nudge.objects.filter(pk=nudge.pk).update(emailed=len(recipients))
        given.append(nudge)
    return given


def headline(nudge):
    """The nudge in one sentence, in the active language."""
    if nudge.kind == Nudge.Kind.FEEDBACK_DUE:
        days = setting("IMPACT_FEEDBACK_DUE_DAYS")
        return ngettext(
            "Participation closed more than %(days)s day ago and the feedback page is not "
            "published yet: tell people what you did with their input.",
            "Participation closed more than %(days)s days ago and the feedback page is not "
            "published yet: tell people what you did with their input.",
            days,
        ) % {"days": days}
    if nudge.kind == Nudge.Kind.LANGUAGE_LOW:
        return gettext(
            "Input in %(language)s is below target: %(actual)s so far, %(expected)s expected "
            "by now. Consider more outreach to %(language)s speakers."
        ) % {
            "language": language_name(nudge.language),
            "actual": nudge.actual,
            "expected": nudge.expected,
        }
    return gettext(
        "Input is below target: %(actual)s so far, %(expected)s expected by now. "
        "Consider more outreach."
    ) % {"actual": nudge.actual, "expected": nudge.expected}


def dashboard_url(process):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "impact_dashboard", args=[process.pk]
    )


class NudgeKind(engine.NoticeKind):
    """A nudge to one owner of a process."""

    name = "engagement-nudge"

    def build(self, record, context, connection):
        nudge = Nudge.objects.filter(pk=record.data.get("nudge")).first()
        process = nudge and process_translation(nudge.process_key, record.language)
        if process is None:
            raise engine.Skip("The nudge or its process is gone.")
        language = emails.supported_language(record.language)
        with translation.override(language):
            line = headline(nudge)
        subject, text, html = emails.render(
            "impact/email/nudge",
            language,
            lambda: (
                pgettext("e-mail subject", "%(process)s: %(kind)s")
                % {"process": process.title, "kind": nudge.get_kind_display()}
            ),
            {
                "headline": line,
                "process_title": process.title,
                "dashboard_url": dashboard_url(process),
            },
        )
        return emails.message(
            record.email, subject, text, html, language=record.language, connection=connection
        )
