"""The answering form, built from a step's questions (never from label text).

Field names come from keys: ``q-<block id>``, ``q-<block id>__<row or item key>`` for a
matrix or a ranking, ``q-<block id>__other`` for the text of "Other". ``answers()`` gives
{question key: value} (see surveys.questionnaire.storable for the shapes).
"""

import re
import secrets

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import EmailAddressField
from core.honeypot import HoneypotField, HoneypotMixin

from .blocks import OTHER
from .questionnaire import other_key

TEXT_MAX = 3000


def field_name(question, part=""):
    return f"q-{question.key}__{part}" if part else f"q-{question.key}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Options in random order: each visitor's order comes from a seed of their own, chosen when
# the survey is shown and carried in the form (the ``order`` field) from step to step, so the
# page sets no cookie and can be cached. survey.js chooses a new seed for each visitor and puts
# the options in its order with the same ranking (option_rank), so a cached copy is shared
# only by visitors without JavaScript, for as long as it is kept (docs/caching.md).
ORDER_FIELD = "order"
_SEED = re.compile(r"[0-9a-f]{8,32}\Z")


def new_order_seed():
    return secrets.token_hex(8)


def posted_order_seed(data):
    """The seed a form carried, or None when it carried none (or not one of ours)."""
    seed = data.get(ORDER_FIELD, "") if data is not None else ""
    return seed if isinstance(seed, str) and _SEED.match(seed) else None


def option_rank(seed, question_key, option_key):
    """Where an option goes in the order of `seed`: FNV-1a (32 bits) of its UTF-8 text,
    as survey.js computes it; options are sorted by it."""
    rank = 0x811C9DC5
    for byte in f"{seed}:{question_key}:{option_key}".encode():
        rank = ((rank ^ byte) * 0x01000193) & 0xFFFFFFFF
    return rank


def _choices(question, order_seed):
    options = list(question.options)
    if question.shuffle and order_seed is not None:
        options.sort(key=lambda option: option_rank(order_seed, question.key, option[0]))
    if question.allow_other:
        options.append((OTHER, gettext("Other")))
    return options


def _scale_choices(question):
    points = question.scale_points
    choices = []
    for point in points:
        label = str(point)
        if point == points[0]:
            label = f"{point} ({question.low_label})"
        elif point == points[-1]:
            label = f"{point} ({question.high_label})"
        choices.append((str(point), label))
    return choices


def question_fields(question, order_seed=None):
    """{field name: form field} for one question."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    kind = question.kind
    if kind == "short_text":
        return {field_name(question): forms.CharField(max_length=300, **common)}
    if kind == "long_text":
        return {
            field_name(question): forms.CharField(
                max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common
            )
        }
    if kind in ("single_choice", "dropdown", "multiple_choice"):
        choices = _choices(question, order_seed)
        if kind == "multiple_choice":
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        elif kind == "dropdown":
            field = forms.ChoiceField(choices=[("", gettext("Choose…")), *choices], **common)
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        fields = {field_name(question): field}
        if question.allow_other:
            fields[field_name(question, "other")] = forms.CharField(
                label=gettext("If other, please say what"), required=False, max_length=300
            )
        return fields
    if kind == "scale":
        return {
            field_name(question): forms.ChoiceField(
                choices=_scale_choices(question), widget=forms.RadioSelect, **common
            )
        }
    if kind == "matrix":
        choices = _scale_choices(question)
        return {
            field_name(question, key): forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, label=label, required=question.required
            )
            for key, label in question.rows
        }
    if kind == "ranking":
        count = len(question.options)
        ranks = [("", "–")] + [(str(n), str(n)) for n in range(1, count + 1)]
        options = _choices(question, order_seed)
        return {
            field_name(question, key): forms.ChoiceField(
                choices=ranks, label=label, required=question.required
            )
            for key, label in options
        }
    if kind == "number":
        return {
            field_name(question): forms.FloatField(
                min_value=question.minimum, max_value=question.maximum, **common
            )
        }
    if kind == "date":
        return {field_name(question): forms.DateField(widget=DateInput(), **common)}
    if kind == "consent":
        return {field_name(question): forms.BooleanField(**common)}
    return {}


class SurveyForm(HoneypotMixin, forms.Form):
    """The questions of one step (or of the whole survey, when JavaScript shows them in
    place). `ask_email` adds the address a token is sent to; `honeypot` the trap field."""

    def __init__(self, *args, questions, order_seed=None, honeypot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields.update(question_fields(question, order_seed))
        if honeypot:
            self.fields["website"] = HoneypotField()

    def is_bot(self):
        return "website" in self.fields and super().is_bot()

    def groups(self):
        """[(question, [BoundField])] in order, for the template."""
        prefix = {q.key: [] for q in self.questions}
        for name in self.fields:
            if name.startswith("q-"):
                key = name[2:].split("__", 1)[0]
                if key in prefix:
                    prefix[key].append(self[name])
        return [(q, prefix[q.key]) for q in self.questions]

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.kind == "ranking":
                ranks = [cleaned.get(field_name(question, key)) for key, _label in question.options]
                given = [rank for rank in ranks if rank]
                if len(given) != len(set(given)):
                    self.add_error(
                        field_name(question, question.options[0][0]),
                        _("Give each item its own rank."),
                    )
            if question.allow_other:
                choice = cleaned.get(field_name(question))
                chose_other = choice == OTHER or (isinstance(choice, list) and OTHER in choice)
                if chose_other and not (cleaned.get(field_name(question, "other")) or "").strip():
                    self.add_error(
                        field_name(question, "other"), _("Say what your other answer is.")
                    )
        return cleaned

    def answers(self):
        """{question key: value} of the valid fields (ranks and scales as numbers)."""
        data = self.cleaned_data
        result = {}
        for question in self.questions:
            name = field_name(question)
            if question.kind in ("matrix", "ranking"):
                keys = question.rows if question.kind == "matrix" else question.options
                values = {
                    key: int(data[field_name(question, key)])
                    for key, _label in keys
                    if data.get(field_name(question, key))
                }
                if values:
                    result[question.key] = values
                continue
            value = data.get(name)
            if question.kind == "scale" and value:
                value = int(value)
            if question.kind == "date" and value:
                value = value.isoformat()
            if value not in (None, "", [], False):
                result[question.key] = value
            if question.allow_other and data.get(field_name(question, "other")):
                result[other_key(question)] = data[field_name(question, "other")].strip()
        return result


def initial_from(questions, answers):
    """Form initial data from stored answers (a draft being resumed)."""
    initial = {}
    for question in questions:
        value = answers.get(question.key)
        if value is None:
            continue
        if isinstance(value, dict):
            for key, number in value.items():
                initial[field_name(question, key)] = str(number)
        else:
            initial[field_name(question)] = str(value) if isinstance(value, int | float) else value
        if other_key(question) in answers:
            initial[field_name(question, "other")] = answers[other_key(question)]
    return initial


class EmailForm(forms.Form):
    email = EmailAddressField(label=_("Your e-mail address"))
