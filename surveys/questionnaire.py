"""A survey page's questions as plain data: numbering, conditions, steps and visibility.

Read from the page's StreamField (in the reader's language: labels translated, keys the
same in every language). Nothing here touches the database.

* ``Question``: one question, keyed by its block id; its options keyed by option key.
* ``Item``: a section or a question that may carry a condition.
* ``steps(questionnaire)``: without JavaScript the survey splits into steps before each
  item whose condition points at an answer given earlier.
* ``visible_keys(questionnaire, answers)``: the questions shown for these answers; answers
  to any other question are dropped before they are stored.
"""

from dataclasses import dataclass, field

from .blocks import MEAN, OTHER, SHARE, TOP


@dataclass
class Condition:
    reference: str
    operator: str  # "equals" | "not_equals"
    value: str
    # Filled by questionnaire(): the number of the question it points at and the label
    # of the answer, for the printed questionnaire.
    number: str = ""
    answer: str = ""

    def holds(self, answer_keys):
        """`answer_keys`: the option keys (or text values) given to the referenced question."""
        matched = self.value in answer_keys
        return matched if self.operator == "equals" else not matched


@dataclass
class Measure:
    """A question tagged as a perception measure (surveys/blocks.py, surveys/measures.py)."""

    name: str
    definition: str
    statistic: str  # MEAN or TOP for a scale, SHARE for a single choice or dropdown
    from_point: int | None = None
    options: tuple = ()  # the option keys a SHARE counts

    @property
    def is_share(self):
        return self.statistic in (TOP, SHARE)


@dataclass
class Question:
    key: str
    kind: str
    number: str
    label: str
    help_text: str = ""
    required: bool = False
    reference: str = ""
    condition: Condition | None = None
    section_key: str = ""
    options: list = field(default_factory=list)  # [(key, label)]
    rows: list = field(default_factory=list)  # matrix rows [(key, label)]
    allow_other: bool = False
    shuffle: bool = False
    scale: tuple = ()  # (low, high)
    low_label: str = ""
    high_label: str = ""
    minimum: int | None = None
    maximum: int | None = None
    results: str = "live"
    public_text: bool = False
    measure: Measure | None = None

    @property
    def option_labels(self):
        return dict(self.options)

    @property
    def scale_points(self):
        return list(range(self.scale[0], self.scale[1] + 1)) if self.scale else []


@dataclass
class Section:
    key: str
    number: int
    title: str
    introduction: str
    condition: Condition | None
    questions: list


@dataclass
class Questionnaire:
    sections: list

    @property
    def questions(self):
        return [q for section in self.sections for q in section.questions]

    def question(self, key):
        return next((q for q in self.questions if q.key == key), None)

    def by_reference(self):
        return {q.reference: q for q in self.questions if q.reference}


def _condition(value):
    reference = (value.get("show_if_question") or "").strip()
    if not reference:
        return None
    return Condition(
        reference, value.get("show_if_operator") or "equals", value.get("show_if_value") or ""
    )


def _measure(kind, value):
    if kind not in ("scale", "single_choice", "dropdown") or not value or not value.get("tagged"):
        return None
    if kind == "scale":
        statistic = TOP if value.get("statistic") == TOP else MEAN
        options, point = (), value.get("from_point") if statistic == TOP else None
    else:
        statistic, point = SHARE, None
        options = tuple(str(key) for key in value.get("options") or [])
    return Measure(
        name=str(value.get("name") or ""),
        definition=str(value.get("definition") or ""),
        statistic=statistic,
        from_point=point,
        options=options,
    )


def _pairs(options):
    return [(str(option["key"]), str(option["label"])) for option in options or []]


def _scale(text):
    low, high = (text or "1-5").split("-")
    return int(low), int(high)


def questionnaire(body):
    """The Questionnaire of a survey page's ``body`` StreamField value."""
    sections, number = [], 0
    for index, section_block in enumerate(body or []):
        value = section_block.value
        questions = []
        for child in value["questions"]:
            number += 1
            v = child.value
            kind = child.block_type
            question = Question(
                key=child.id,
                kind=kind,
                number=str(number),
                label=str(v["label"]),
                help_text=str(v.get("help_text") or ""),
                required=bool(v.get("required")),
                reference=v.get("reference") or "",
                condition=_condition(v),
                section_key=section_block.id,
                results=v.get("results") or "live",
            )
            if kind in ("single_choice", "multiple_choice", "dropdown", "ranking"):
                question.options = _pairs(v["options"])
                question.shuffle = bool(v.get("shuffle"))
                question.allow_other = bool(v.get("allow_other"))
            if kind in ("scale", "matrix"):
                question.scale = _scale(v.get("scale"))
                question.low_label, question.high_label = v["low_label"], v["high_label"]
            if kind == "matrix":
                question.rows = _pairs(v["rows"])
            if kind == "number":
                question.minimum, question.maximum = v.get("minimum"), v.get("maximum")
            if kind == "long_text":
                question.public_text = bool(v.get("public_text"))
            question.measure = _measure(kind, v.get("measure"))
            questions.append(question)
        sections.append(
            Section(
                key=section_block.id,
                number=index + 1,
                title=str(value["title"]),
                introduction=str(value.get("introduction") or ""),
                condition=_condition(value),
                questions=questions,
            )
        )
    survey = Questionnaire(sections)
    references = survey.by_reference()
    for item in [*sections, *survey.questions]:
        source = references.get(item.condition.reference) if item.condition else None
        if source is not None:
            item.condition.number = source.number
            item.condition.answer = source.option_labels.get(
                item.condition.value, item.condition.value
            )
    return survey


# -- conditions ------------------------------------------------------------------------------


def other_key(question):
    """Where the answers dict keeps the text of a question's "Other" answer."""
    return f"{question.key}:other"


def answer_keys(question, answers):
    """What a condition compares for `question`: its option keys or its value as text."""
    given = answers.get(question.key)
    if given in (None, "", []):
        return set()
    if isinstance(given, dict):  # ranking or matrix: no condition compares them
        return set()
    if isinstance(given, list | tuple | set):
        return {str(item) for item in given}
    return {str(given)}


def _holds(condition, references, answers):
    if condition is None:
        return True
    question = references.get(condition.reference)
    if question is None:
        return True  # a condition on a question that does not exist hides nothing
    return condition.holds(answer_keys(question, answers))


def visible_keys(survey, answers):
    """Keys of the questions shown given `answers` ({key: value}); a question whose
    condition's question is itself hidden counts as unanswered."""
    references = survey.by_reference()
    shown = set()
    for section in survey.sections:
        section_shown = _holds(section.condition, references, _only(answers, shown))
        for question in section.questions:
            if section_shown and _holds(question.condition, references, _only(answers, shown)):
                shown.add(question.key)
    return shown


def _only(answers, keys):
    return {key: value for key, value in answers.items() if key in keys}


def steps(survey):
    """[[Question]]: a new step starts at each section or question carrying a condition.

    Each step's questions are shown or not from the answers of the steps before, so a
    visitor without JavaScript sees a conditional part only after the answer it depends on.
    """
    result, current = [], []
    for section in survey.sections:
        if section.condition is not None and current:
            result.append(current)
            current = []
        for question in section.questions:
            if question.condition is not None and current:
                result.append(current)
                current = []
            current.append(question)
    if current:
        result.append(current)
    return result


def storable(question, answers):
    """[(option_key, text, number)]: the rows one answer is stored as (none when empty).

    A multiple choice is one row per chosen option, so results count options, never
    combinations; a ranking or a matrix one row per item or row with its number.
    """
    value = answers.get(question.key)
    if value in (None, "", [], {}):
        return []
    kind = question.kind
    other = answers.get(other_key(question)) or ""
    if kind in ("short_text", "long_text"):
        return [("", str(value), None)]
    if kind in ("single_choice", "dropdown"):
        return [(str(value), other if value == OTHER else "", None)]
    if kind == "multiple_choice":
        return [(str(key), other if key == OTHER else "", None) for key in value]
    if kind in ("scale", "number"):
        return [("", "", float(value))]
    if kind in ("ranking", "matrix"):
        return [(str(key), "", float(n)) for key, n in value.items() if n is not None]
    if kind == "date":
        return [("", value.isoformat() if hasattr(value, "isoformat") else str(value), None)]
    if kind == "consent":
        return [("yes", "", None)] if value else []
    return []
