"""The questions of a survey, as StreamField blocks the editor arranges in sections.

Keys never come from label text (Wagtail's form builder derives field names from labels,
so a translated or corrected label would split the answers):

* a question's key is its **block id**, which wagtail-localize keeps in every translation;
* an option's key, a matrix row's key and a question's reference are ``KeyBlock`` values:
  written once (filled from the English label when left empty) and never offered to
  translators, so every language's answers count toward the same option.

A question or a section may carry a condition: it is shown only when an earlier question
(named by its reference) was answered with (or without) an option key or a value.

A scale, single-choice or dropdown question may be tagged as a **perception measure**
(``measure``): one comparable figure over time, shown in the impact page's "Impacts" step
(surveys/measures.py). A scale gives its mean or the share of respondents at or above a
point ("top box"); a single choice or dropdown the share of respondents who chose one of
the chosen options. Its public name and definition are translated like any block text; the
options it counts are keys, so the measure does not depend on label text either.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

OTHER = "other"  # the option key of the "Other" answer's free text

PUBLIC_CHOICES = [
    ("live", _("Public while the survey runs")),
    ("closed", _("Public once the survey has closed")),
    ("private", _("Officials only")),
]
OPERATOR_CHOICES = [("equals", _("is")), ("not_equals", _("is not"))]
SCALE_CHOICES = [("1-5", _("1 to 5")), ("0-10", _("0 to 10"))]
MEAN, TOP, SHARE = "mean", "top", "share"
STATISTIC_CHOICES = [
    (MEAN, _("The mean answer")),
    (TOP, _("The share of respondents at or above a point")),
]


class KeyBlock(blocks.CharBlock):
    """A stable key: kept as written in every translation (wagtail-localize calls these
    two methods on any block that has them, and this one offers nothing to translate)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value

    def clean(self, value):
        value = super().clean(value)
        if value and slugify(value) != value:
            raise ValidationError(_("Use lower-case letters, digits and hyphens only."))
        return value


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=200)
    key = KeyBlock(
        label=_("key"),
        required=False,
        help_text=_("Left empty, it is made from the label. Never change it once people answer."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = slugify(value.get("label") or "")[:60] or "option"
        return value


def _options_block(label=None):
    return blocks.ListBlock(OptionBlock(), label=label or _("options"), min_num=1)


def _check_unique_keys(options, name, value):
    keys = [option["key"] for option in options]
    if len(keys) != len(set(keys)) or OTHER in keys:
        raise StructBlockValidationError(
            block_errors={
                name: ValidationError(_("Each option needs its own key (and “other” is reserved)."))
            }
        )
    return value


class PerceptionBlock(blocks.StructBlock):
    """Tags a question as a perception measure: its public name and written definition
    (translated) and, in the subclasses, the figure it gives."""

    tagged = blocks.BooleanBlock(
        label=_("perception measure"),
        required=False,
        help_text=_(
            "Show this question's result over time in the “Impacts” step of “How we engage”."
        ),
    )
    name = blocks.CharBlock(
        label=_("public name"),
        required=False,
        default="",
        max_length=80,
        help_text=_("A short name for the measure, for example “Satisfaction with buses”."),
    )
    definition = blocks.TextBlock(
        label=_("definition"),
        required=False,
        default="",
        help_text=_("What the figure measures and how to read it, shown beside it."),
    )

    class Meta:
        label = _("Perception measure")
        icon = "view"
        collapsed = True

    def clean(self, value):
        value = super().clean(value)
        if value.get("tagged"):
            errors = {}
            if not (value.get("name") or "").strip():
                errors["name"] = ValidationError(_("A perception measure needs a public name."))
            if not (value.get("definition") or "").strip():
                errors["definition"] = ValidationError(
                    _("A perception measure needs a written definition.")
                )
            if errors:
                raise StructBlockValidationError(block_errors=errors)
        return value


class ScalePerceptionBlock(PerceptionBlock):
    statistic = blocks.ChoiceBlock(
        choices=STATISTIC_CHOICES, default=MEAN, label=_("figure"), required=True
    )
    from_point = blocks.IntegerBlock(
        label=_("from the point"),
        required=False,
        help_text=_("For a share: the lowest point that counts, for example 4 on a 1 to 5 scale."),
    )


class ChoicePerceptionBlock(PerceptionBlock):
    options = blocks.ListBlock(
        KeyBlock(label=_("option key")),
        label=_("options counted"),
        default=[],
        help_text=_("The figure is the share of respondents who chose one of these options."),
    )


def _measure_error(message, field):
    return StructBlockValidationError(
        block_errors={
            "measure": StructBlockValidationError(block_errors={field: ValidationError(message)})
        }
    )


def _check_scale_measure(value):
    measure = value.get("measure") or {}
    if not measure.get("tagged") or measure.get("statistic") != TOP:
        return value
    low, high = (int(n) for n in (value.get("scale") or "1-5").split("-"))
    point = measure.get("from_point")
    if point is None or not low < point <= high:
        raise _measure_error(
            _("Choose a point above %(low)s and up to %(high)s.") % {"low": low, "high": high},
            "from_point",
        )
    return value


def _check_choice_measure(value):
    measure = value.get("measure") or {}
    if not measure.get("tagged"):
        return value
    chosen = list(measure.get("options") or [])
    keys = {option["key"] for option in value.get("options") or []}
    if value.get("allow_other"):
        keys.add(OTHER)
    if not chosen:
        raise _measure_error(_("Name at least one option key to count."), "options")
    unknown = [key for key in chosen if key not in keys]
    if unknown:
        raise _measure_error(
            _("Not an option of this question: %(keys)s.") % {"keys": ", ".join(unknown)},
            "options",
        )
    if len(set(chosen)) == len(keys):
        raise _measure_error(
            _("Counting every option always gives 100 %: leave at least one out."), "options"
        )
    return value


class QuestionBlock(blocks.StructBlock):
    """What every question has: its text, help, required flag, reference, condition and
    whether its results are public."""

    label = blocks.CharBlock(label=_("question"), max_length=300)
    help_text = blocks.CharBlock(label=_("help text"), required=False, max_length=300, default="")
    required = blocks.BooleanBlock(label=_("required"), required=False)
    reference = KeyBlock(
        label=_("reference"),
        required=False,
        help_text=_("A short name later conditions use to point at this question."),
    )
    show_if_question = KeyBlock(
        label=_("show only if the question"),
        required=False,
        help_text=_("The reference of an earlier question."),
    )
    show_if_operator = blocks.ChoiceBlock(
        choices=OPERATOR_CHOICES, default="equals", label=_("condition")
    )
    show_if_value = KeyBlock(label=_("the answer (option key)"), required=False)
    results = blocks.ChoiceBlock(
        choices=PUBLIC_CHOICES, default="live", label=_("results"), required=True
    )

    kind = ""
    # Which choices the question offers: "options" or none.
    has_options = False

    class Meta:
        icon = "help"


class ShortTextBlock(QuestionBlock):
    kind = "short_text"

    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    kind = "long_text"
    public_text = blocks.BooleanBlock(
        label=_("publish moderated answers"),
        required=False,
        help_text=_("Answers are public only once a moderator has approved them."),
    )

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class ChoiceQuestionBlock(QuestionBlock):
    options = _options_block()
    allow_other = blocks.BooleanBlock(label=_("offer “Other”"), required=False)
    shuffle = blocks.BooleanBlock(label=_("random order"), required=False)
    has_options = True

    def clean(self, value):
        value = super().clean(value)
        return _check_unique_keys(value["options"], "options", value)


class SingleChoiceBlock(ChoiceQuestionBlock):
    kind = "single_choice"
    measure = ChoicePerceptionBlock(label=_("perception measure"))

    def clean(self, value):
        return _check_choice_measure(super().clean(value))

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceBlock(ChoiceQuestionBlock):
    kind = "multiple_choice"

    class Meta:
        label = _("Multiple choice")
        icon = "tasks"


class DropdownBlock(QuestionBlock):
    kind = "dropdown"
    options = _options_block()
    shuffle = blocks.BooleanBlock(label=_("random order"), required=False)
    has_options = True

    measure = ChoicePerceptionBlock(label=_("perception measure"))

    class Meta:
        label = _("Dropdown")
        icon = "list-ul"

    def clean(self, value):
        value = super().clean(value)
        _check_unique_keys(value["options"], "options", value)
        return _check_choice_measure(value)


class ScaleBlock(QuestionBlock):
    kind = "scale"
    scale = blocks.ChoiceBlock(choices=SCALE_CHOICES, default="1-5", label=_("scale"))
    low_label = blocks.CharBlock(label=_("label of the lowest point"), max_length=80)
    high_label = blocks.CharBlock(label=_("label of the highest point"), max_length=80)
    measure = ScalePerceptionBlock(label=_("perception measure"))

    class Meta:
        label = _("Scale")
        icon = "order"

    def clean(self, value):
        return _check_scale_measure(super().clean(value))


class RankingBlock(QuestionBlock):
    kind = "ranking"
    options = _options_block(_("items to rank"))
    shuffle = blocks.BooleanBlock(label=_("random order"), required=False)
    has_options = True

    class Meta:
        label = _("Ranking")
        icon = "order-down"

    def clean(self, value):
        value = super().clean(value)
        return _check_unique_keys(value["options"], "options", value)


class MatrixBlock(QuestionBlock):
    kind = "matrix"
    rows = _options_block(_("rows"))
    scale = blocks.ChoiceBlock(choices=SCALE_CHOICES, default="1-5", label=_("scale"))
    low_label = blocks.CharBlock(label=_("label of the lowest point"), max_length=80)
    high_label = blocks.CharBlock(label=_("label of the highest point"), max_length=80)

    class Meta:
        label = _("Matrix")
        icon = "table"

    def clean(self, value):
        value = super().clean(value)
        return _check_unique_keys(value["rows"], "rows", value)


class NumberBlock(QuestionBlock):
    kind = "number"
    minimum = blocks.IntegerBlock(label=_("smallest"), required=False)
    maximum = blocks.IntegerBlock(label=_("largest"), required=False)

    class Meta:
        label = _("Number")
        icon = "plus-inverse"


class DateBlock(QuestionBlock):
    kind = "date"

    class Meta:
        label = _("Date")
        icon = "date"


class ConsentBlock(QuestionBlock):
    kind = "consent"

    class Meta:
        label = _("Consent statement")
        icon = "tick-inverse"


class QuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    dropdown = DropdownBlock()
    scale = ScaleBlock()
    ranking = RankingBlock()
    matrix = MatrixBlock()
    number = NumberBlock()
    date = DateBlock()
    consent = ConsentBlock()


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    introduction = blocks.TextBlock(label=_("introduction"), required=False, default="")
    show_if_question = KeyBlock(
        label=_("show only if the question"),
        required=False,
        help_text=_("The reference of an earlier question."),
    )
    show_if_operator = blocks.ChoiceBlock(
        choices=OPERATOR_CHOICES, default="equals", label=_("condition")
    )
    show_if_value = KeyBlock(label=_("the answer (option key)"), required=False)
    questions = QuestionsBlock(label=_("questions"))

    class Meta:
        label = _("Section")
        icon = "form"


class SurveyStreamBlock(blocks.StreamBlock):
    section = SectionBlock()


def with_ids(raw):
    """`raw` (a survey body as stored) with an id on every section, question and option.

    Bodies written by hand (the demo, an import) may leave them out, and a question's id
    is its key: it is given once, when the page is first saved, and kept from then on."""
    for section in raw:
        section["id"] = section.get("id") or str(uuid.uuid4())
        for question in section.get("value", {}).get("questions", []):
            question["id"] = question.get("id") or str(uuid.uuid4())
            for name in ("options", "rows"):
                items = question.get("value", {}).get(name)
                if items:
                    question["value"][name] = [
                        item
                        if isinstance(item, dict) and item.get("type") == "item"
                        else {"type": "item", "value": item, "id": str(uuid.uuid4())}
                        for item in items
                    ]
                    for item in question["value"][name]:
                        item["id"] = item.get("id") or str(uuid.uuid4())
    return raw
