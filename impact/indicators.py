"""The indicators impact itself counts (core/indicators.py): inputs entered per year, the
outreach log, processes run, newsletters, news and data stories, every contribution source
from the daily aggregates, newsletter sign-ups, form submissions and figures entered by
hand. Each costs one query per call, whatever the amount of data."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormSubmission

from blog.models import BlogPage, DataStoryPage
from core import participation
from core.indicators import ACTIVITIES, INPUTS, OUTPUTS, Indicator
from home.fragments import default_locale_id
from home.models import FormPage
from newsletters.models import NewsletterSend, Subscriber
from processes.models import Phase

from .models import DailyContribution, ManualFigure, OutreachActivity, YearlyInput


def moment(day):
    """The aware local midnight starting `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def monthly(queryset, field, start, end, value=None, *, moments=False):
    """{first day of month: figure} of `queryset` in [start, end) by its date `field`."""
    low, high = (moment(start), moment(end)) if moments else (start, end)
    rows = (
        queryset.filter(**{f"{field}__gte": low, f"{field}__lt": high})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=value or Count("pk"))
        .values_list("month", "n")
    )
    result = {}
    for month, n in rows:
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        result[month.replace(day=1)] = result.get(month.replace(day=1), 0) + (n or 0)
    return result


def counter(queryset, field, *, value=None, moments=False, process_field=None):
    """(total, monthly) functions counting `queryset` by its date `field`."""

    def narrowed(process_key):
        if process_key is None or process_field is None:
            return queryset
        return queryset.filter(**{process_field: process_key})

    def total(start, end, process_key=None):
        low, high = (moment(start), moment(end)) if moments else (start, end)
        found = narrowed(process_key).filter(**{f"{field}__gte": low, f"{field}__lt": high})
        return found.aggregate(n=value or Count("pk"))["n"] or 0

    def by_month(start, end, process_key=None):
        return monthly(narrowed(process_key), field, start, end, value, moments=moments)

    return total, by_month


def yearly(column, aggregate=Sum):
    def total(start, end, process_key=None):
        years = YearlyInput.objects.filter(
            year__gte=start.year, year__lte=(end - datetime.timedelta(days=1)).year
        )
        value = years.aggregate(n=aggregate(column))["n"]
        return float(value) if isinstance(value, Decimal) else value

    return total


def pages_published(model, exclude=None):
    """Live pages of `model` by their date, each translation set once."""
    queryset = model.objects.live().filter(locale_id=default_locale_id())
    if exclude is not None:
        queryset = queryset.exclude(content_type=ContentType.objects.get_for_model(exclude))
    return queryset


def contributions(source_key):
    queryset = DailyContribution.objects.filter(source=source_key)
    return counter(queryset, "day", value=Sum("count"), process_field="process_key")


def processes_run(start, end, process_key=None):
    phases = Phase.objects.filter(
        is_participation=True, start__lt=moment(end), end__gt=moment(start)
    )
    return phases.values("page__translation_key").distinct().count()


def built_in():
    outreach = OutreachActivity.objects.all()
    meetings = outreach.filter(
        kind__in=[OutreachActivity.Kind.MEETING, OutreachActivity.Kind.WORKSHOP]
    )
    sends = NewsletterSend.objects.filter(finished_at__isnull=False, cancelled_at__isnull=True)
    found = [
        Indicator(
            "inputs.outreach_target",
            INPUTS,
            _("Target outreach activities"),
            _(
                "The outreach activities officials planned for the year, as entered in the "
                "yearly targets."
            ),
            yearly("outreach_target"),
        ),
        Indicator(
            "inputs.staff",
            INPUTS,
            _("Staff (full-time equivalent)"),
            _("People working on engagement, counted in full-time posts (the yearly average)."),
            yearly("staff", Avg),
            decimals=1,
        ),
        Indicator(
            "inputs.budget",
            INPUTS,
            _("Budget"),
            _("The engagement budget entered for the year, in the city's currency."),
            yearly("budget"),
        ),
        Indicator(
            "activities.processes",
            ACTIVITIES,
            _("Processes run"),
            _("Engagement processes that took input during the period."),
            processes_run,
        ),
        Indicator(
            "activities.outreach",
            ACTIVITIES,
            _("Outreach activities"),
            _("Everything recorded in the outreach log: meetings, stalls, visits, posts, press…"),
            *counter(outreach, "date", process_field="process__translation_key"),
            additive=True,
            per_process=True,
        ),
        Indicator(
            "activities.meetings",
            ACTIVITIES,
            _("Meetings held"),
            _("Public meetings, workshops and focus groups in the outreach log."),
            *counter(meetings, "date", process_field="process__translation_key"),
            additive=True,
            per_process=True,
        ),
        Indicator(
            "activities.newsletters",
            ACTIVITIES,
            _("Newsletters sent"),
            _("Newsletter issues that finished sending, each issue once whatever its languages."),
            *counter(sends, "finished_at", value=Count("issue_key", distinct=True), moments=True),
        ),
        Indicator(
            "activities.news",
            ACTIVITIES,
            _("News published"),
            _("News posts published, by their date; each post once whatever its languages."),
            *counter(pages_published(BlogPage, exclude=DataStoryPage), "date"),
            additive=True,
        ),
    ]
    for source in participation.contribution_sources():
        found.append(
            Indicator(
                f"outputs.contributions.{source.key}",
                OUTPUTS,
                source.label,
                _("Counted contributions of this kind, by the day they were given."),
                *contributions(source.key),
                additive=True,
                per_process=True,
            )
        )
    found += [
        Indicator(
            "outputs.stories",
            OUTPUTS,
            _("Data stories published"),
            _("Data stories published, by their date; each story once whatever its languages."),
            *counter(pages_published(DataStoryPage), "date"),
            additive=True,
        ),
        Indicator(
            "outputs.subscribers",
            OUTPUTS,
            _("New newsletter subscribers"),
            _("People who confirmed a newsletter subscription during the period."),
            *counter(Subscriber.objects.all(), "confirmed_at", moments=True),
            additive=True,
        ),
    ]
    forms = FormPage.objects.live().filter(locale_id=default_locale_id()).order_by("path")
    for form in forms:
        submissions = FormSubmission.objects.filter(page__translation_key=form.translation_key)
        found.append(
            Indicator(
                f"outputs.form.{form.translation_key}",
                OUTPUTS,
                lazy_format(_("Submissions: %(form)s"), form=form.title),
                _("Messages sent through this form on the site, in every language."),
                *counter(submissions, "submit_time", moments=True),
                additive=True,
            )
        )
    for metric, label in ManualFigure.Metric.choices:
        figures = ManualFigure.objects.filter(metric=metric)
        found.append(
            Indicator(
                f"outputs.manual.{metric}",
                OUTPUTS,
                label,
                _("Entered by hand by officials, with its source: the site cannot count it."),
                *counter(figures, "date", value=Sum("value")),
                additive=True,
            )
        )
    return found


def _format(text, **values):
    return str(text) % values


lazy_format = lazy(_format, str)
