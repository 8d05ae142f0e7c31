"""The live engagement figure, and the data stream block that offers it.

``LiveFigureBlock`` shows a figure computed from a process's participation data through
``processes.metrics``, so a story can say "1,214 contributions so far" and stay true. It
lives here, next to the figures it reads; the charts it draws come from ``datavis``.

``DataStreamBlock`` is ``home.blocks.BaseStreamBlock`` plus the data blocks of
``datavis.blocks`` (chart, key figure, data table) and the live figure: the body of news
posts, data stories and process pages.

``PublishedResultBlock`` shows one question's public results from a participation page
that publishes them (a survey), live. It reads them through the participation interface
(``core.participation``: the type lists its questions, checks the editor's choice and
draws the results with its own numbers and templates), so this app, and blog and
newsletters that offer the block, never import the type's app.

Like the data blocks, both also render for e-mail: ``render_email`` gives inline-styled
HTML and ``render_text`` plain text.
"""

import logging

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from core import participation
from datavis import charts
from datavis.blocks import ChartBlock, DataTableBlock, KeyFigureBlock, chart_uid, drawn_chart
from datavis.charts.numbers import format_number
from home import fragments
from home.blocks import BaseStreamBlock
from processes import metrics
from processes.models.comments import Channel

logger = logging.getLogger(__name__)

CONTRIBUTIONS = "contributions"
PARTICIPANTS = "participants"
TOP_CLAUSES = "top_clauses"
BY_CHANNEL = "by_channel"
MEASURE_CHOICES = [
    (CONTRIBUTIONS, _("Contributions so far")),
    (PARTICIPANTS, _("Participants so far")),
    (TOP_CLAUSES, _("Comments on the most-discussed clauses")),
    (BY_CHANNEL, _("Contributions by channel (online, paper, meetings…)")),
]


class LiveFigureBlock(blocks.StructBlock):
    process = blocks.PageChooserBlock(
        label=_("Process"),
        page_type="processes.ProcessPage",
        help_text=_("The engagement process the figure comes from."),
    )
    measure = blocks.ChoiceBlock(label=_("Figure"), choices=MEASURE_CHOICES, default=CONTRIBUTIONS)
    label = blocks.CharBlock(
        label=_("Words after the number"),
        required=False,
        max_length=200,
        help_text=_("For example “residents have commented so far”. Empty: a standard wording."),
    )
    clause_count = blocks.IntegerBlock(
        label=_("Number of clauses"),
        min_value=1,
        max_value=10,
        default=5,
        required=False,
        help_text=_("For the most-discussed clauses: how many to list."),
    )

    def figure_context(self, value, context=None):
        """The current figure(s), or ``unavailable`` when they cannot be computed."""
        process = value.get("process")
        measure = value.get("measure") or CONTRIBUTIONS
        result = {"measure": measure, "unavailable": False, "process": None}
        if process is None:
            result["unavailable"] = True
            return result
        process = process.specific
        if not process.live:
            result["unavailable"] = True
            return result
        result["process"] = fragments.localized(process)
        try:
            if measure in (CONTRIBUTIONS, PARTICIPANTS):
                number = int(getattr(metrics, measure)(process))
                result["number"] = number
                result["number_text"] = format_number(number)
                result["label"] = value.get("label") or self.default_label(measure, number)
            elif measure == TOP_CLAUSES:
                items = metrics.top_clauses(process, value.get("clause_count") or 5)
                result["items"] = [self._clause_item(item) for item in items]
            else:
                counts = metrics.by_channel(process)
                result["items"] = [
                    {
                        "label": self._channel_label(channel),
                        "count": count,
                        "count_text": format_number(count),
                    }
                    for channel, count in counts.items()
                ]
        except Exception:  # the figure must never take the page down with it
            logger.exception("Live figure for process %s failed", getattr(process, "pk", None))
            result["unavailable"] = True
        if "items" in result and not result["unavailable"]:
            result["chart"] = self._items_chart(value, result, context)
        return result

    @staticmethod
    def default_label(measure, number):
        if measure == PARTICIPANTS:
            return translation.ngettext(
                "person has taken part so far", "people have taken part so far", number
            )
        return translation.ngettext("contribution so far", "contributions so far", number)

    @staticmethod
    def _clause_item(item):
        """One of processes.metrics.top_clauses' (clause_id, number, label, count) rows."""
        _clause_id, number, label, count = item
        if number:
            # Translators: a clause of a consulted document, e.g. "2.1 Protected routes".
            label = gettext("%(number)s %(label)s") % {"number": number, "label": label}
        return {"label": str(label), "count": int(count), "count_text": format_number(count)}

    @staticmethod
    def _channel_label(channel):
        try:
            return str(Channel(channel).label)
        except ValueError:
            return str(channel)

    def _items_chart(self, value, result, context=None):
        if not result["items"]:
            return None
        data = charts.ChartData(
            label_heading="",
            labels=[item["label"] for item in result["items"]],
            series=[
                charts.Series(
                    name=self._series_name(result["measure"]),
                    values=[float(item["count"]) for item in result["items"]],
                )
            ],
        )
        try:
            charts.check(charts.HORIZONTAL_BAR, data)
        except charts.ChartDataError:
            return None
        return drawn_chart(
            charts.HORIZONTAL_BAR,
            data,
            title=self._series_name(result["measure"]),
            rtl=translation.get_language_bidi(),
            uid=chart_uid(value, context).replace("chart-", "live-"),
        )

    @staticmethod
    def _series_name(measure):
        if measure == TOP_CLAUSES:
            return gettext("Comments on the most-discussed clauses")
        return gettext("Contributions by channel")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["live"] = self.figure_context(value, parent_context)
        if context["live"].get("chart"):
            context["live"]["svg"] = mark_safe(context["live"]["chart"].svg)  # noqa: S308
        return context

    def render_email(self, value, context=None):
        live = self.figure_context(value, context)
        return mark_safe(  # noqa: S308 - template output
            render_to_string(
                "blocks/live_figure_email.html",
                {"value": value, "live": live, "rtl": translation.get_language_bidi()},
            )
        )

    def render_text(self, value, context=None):
        live = self.figure_context(value, context)
        if live["unavailable"]:
            return gettext("This figure is unavailable at the moment.")
        if "number_text" in live:
            return f"{live['number_text']} {live['label']}"
        lines = [self._series_name(live["measure"])]
        lines.extend(f"{item['label']}: {item['count_text']}" for item in live["items"])
        return "\n".join(lines)

    class Meta:
        icon = "time"
        template = "blocks/live_figure_block.html"
        label = _("Live engagement figure")
        description = _("A participation figure from a process, always up to date")


class ResultPageChooserBlock(blocks.PageChooserBlock):
    """A page of a participation type that publishes results (core.participation): the
    types are registered through a hook, so they are read when the chooser is first used."""

    @cached_property
    def target_models(self):
        return [t.model for t in participation.result_types() if t.model is not None] or [Page]


class ResultQuestionBlock(blocks.ChoiceBlock):
    """A question, by its stable key (its block id), never by its label. The chooser lists
    the questions whose results are public; the struct block checks the choice against the
    chosen page, with a message that says what is wrong."""

    def clean(self, value):
        if not value:
            return super().clean(value)  # "This field is required."
        return str(value)


class PublishedResultBlock(blocks.StructBlock):
    page = ResultPageChooserBlock(
        label=_("Survey"), help_text=_("The survey whose results are shown.")
    )
    question = ResultQuestionBlock(
        label=_("Question"),
        choices=participation.result_question_choices,
        help_text=_("A question of this survey whose results are public."),
    )

    @staticmethod
    def chosen(value):
        """(page, its participation type) or (None, None)."""
        page = value.get("page")
        if page is None:
            return None, None
        page = page.specific
        participation_type = participation.type_for(page)
        if participation_type is None or not participation_type.publishes_results:
            return page, None
        return page, participation_type

    def clean(self, value):
        value = super().clean(value)
        page, participation_type = self.chosen(value)
        if page is not None and participation_type is None:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a survey."))}
            )
        if participation_type is not None:
            problem = participation_type.result_problem(page, value.get("question"))
            if problem:
                raise StructBlockValidationError(
                    block_errors={"question": ValidationError(problem)}
                )
        return value

    def render_result(self, value, context, medium):
        page, participation_type = self.chosen(value)
        if participation_type is None or not page.live:
            return None
        try:
            return participation_type.render_result(
                page, value.get("question"), medium=medium, context=context
            )
        except Exception:  # the results must never take the page (or the e-mail) down
            logger.exception("Published results of page %s failed", page.pk)
            return None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        result = self.render_result(value, parent_context, "web")
        context["result"] = mark_safe(result) if result else None  # noqa: S308 - template output
        return context

    def render_email(self, value, context=None):
        result = self.render_result(value, context, "email")
        if result is None:
            result = render_to_string(
                "blocks/published_result_email.html", {"rtl": translation.get_language_bidi()}
            )
        return mark_safe(result)  # noqa: S308 - template output

    def render_text(self, value, context=None):
        result = self.render_result(value, context, "text")
        return (
            result
            if result is not None
            else gettext("These results are unavailable at the moment.")
        )

    class Meta:
        icon = "list-ul"
        template = "blocks/published_result_block.html"
        label = _("Survey results")
        description = _("A survey question's public results, always up to date")


class DataStreamBlock(BaseStreamBlock):
    """The shared body blocks plus charts, key figures, data tables, live figures and a
    survey question's published results."""

    chart = ChartBlock()
    key_figure = KeyFigureBlock()
    data_table = DataTableBlock()
    live_figure = LiveFigureBlock()
    survey_result = PublishedResultBlock()
