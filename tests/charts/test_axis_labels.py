"""Category labels on a chart's axis fit: never cut with "…", never overlapping, never off the
picture, the first and last always shown, in every language and mirrored in Arabic.

The feedback page's "Contributions per week" cut its dates to "08/0…". Week axes now get
compact day-and-month labels (charts.axis_day_labels) and labels that still do not fit under
their own bar are thinned to every n-th one.
"""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from datavis import charts
from datavis.charts.svg import SMALL_FONT, text_width
from tests.charts import svgparse

MONDAY = datetime.date(2025, 2, 24)


def weeks(count):
    return [MONDAY + datetime.timedelta(days=7 * i) for i in range(count)]


def week_chart(count, language, compact=True):
    """The chart the feedback page draws for ``count`` weeks, parsed."""
    with translation.override(language):
        days = weeks(count)
        data = charts.ChartData(
            label_heading="Week starting",
            labels=[date_format(day, "SHORT_DATE_FORMAT") for day in days],
            series=[charts.Series("Contributions", [float(3 + i % 7) for i in range(count)])],
            axis_labels=charts.axis_day_labels(days) if compact else None,
        )
        kind = charts.BAR if count <= charts.MAX_ROWS[charts.BAR] else charts.LINE
        charts.check(kind, data)
        rendered = charts.render_chart(
            kind, data, "Contributions per week", rtl=translation.get_language_bidi()
        )
    return svgparse.parse(rendered.svg), data


def spans(root):
    """(left, right, text) of every category label, in drawing coordinates."""
    result = []
    for x, _y, text, anchor in svgparse.texts(root, "chart-category"):
        assert anchor == "middle"
        half = text_width(text, SMALL_FONT) / 2
        result.append((x - half, x + half, text))
    return sorted(result)


@pytest.mark.parametrize("count", [4, 12, 52])
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("compact", [True, False], ids=["day-month", "full-date"])
def test_week_labels_fit_without_ellipsis_or_overlap(count, language, compact):
    root, data = week_chart(count, language, compact)
    labels = spans(root)
    texts = [text for _l, _r, text in labels]
    assert labels, "no category labels"
    assert not any("…" in text for text in texts), texts
    for (_l1, right, first), (left, _r2, second) in zip(labels, labels[1:], strict=False):
        assert right + 2 <= left + 0.01, f"{first!r} overlaps {second!r}"
    assert labels[0][0] >= -0.01 and labels[-1][1] <= svgparse.width(root) + 0.01

    # Every shown label is one of the axis labels, the first and last weeks among them.
    axis = data.category_axis_labels
    assert set(texts) <= set(axis)
    assert axis[0] in texts and axis[-1] in texts
    if count == 4:
        assert len(texts) == 4  # few weeks: every one is labelled


@pytest.mark.parametrize("count", [4, 12, 52])
def test_arabic_week_axis_is_mirrored_and_in_arabic(count):
    root, data = week_chart(count, "ar")
    drawn = {text: x for x, _y, text, _a in svgparse.texts(root, "chart-category")}
    axis = data.category_axis_labels
    # Right to left: the first week is on the right.
    assert drawn[axis[0]] > drawn[axis[-1]]
    assert "فبراير" in axis[0]  # 24 February, the month in Arabic


def test_compact_day_labels_per_language():
    day = datetime.date(2025, 3, 8)
    expected = {"en": "Mar 8", "fr": "08/03", "ar": "8 مارس", "sw": "08/03"}
    for language, label in expected.items():
        with translation.override(language):
            assert charts.axis_day_labels([day]) == [label]


def test_short_category_names_still_wrap_under_their_own_bar():
    data = charts.ChartData(
        label_heading="Mode",
        labels=["Walking", "Bus or tram", "Car", "Bicycle"],
        series=[charts.Series("Share", [31.0, 27.0, 24.0, 18.0])],
    )
    root = svgparse.parse(charts.render_chart(charts.BAR, data, "How residents travel").svg)
    texts = [text for _x, _y, text, _a in svgparse.texts(root, "chart-category")]
    assert "Walking" in texts and "Car" in texts and "Bicycle" in texts
    assert "Bus or tram" in texts or {"Bus or", "tram"} <= set(texts)
