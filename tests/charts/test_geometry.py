"""The SVG a chart draws matches its data: lengths, positions and angles are proportional to the
values, ticks are nice numbers, right-to-left mirrors, and every chart has a text alternative."""

import math
import re
from itertools import pairwise

import pytest
from django.utils import translation

from datavis import charts
from datavis.charts.numbers import nice_step, nice_ticks, parse_number
from datavis.charts.svg import PAD, PIE_RADIUS, WIDTH

from .svgparse import SVG, by_class, parse, presentation, rects, texts, width

MODES = [
    ["Mode", "2019", "2024"],
    ["Walking", "31", "29"],
    ["Bus or tram", "27", "22.5"],
    ["Car", "24", "20"],
    ["Bicycle", "18", "28.5"],
]
SHARES = [["Mode", "Share"], ["Walking", "40"], ["Bus", "30"], ["Car", "20"], ["Bicycle", "10"]]


def draw(chart_type, grid, rtl=False, units="%", uid="c"):
    data = charts.check(chart_type, charts.data_from_grid(grid))
    return charts.render_chart(chart_type, data, "Title", "Description", units, rtl, uid), data


def assert_proportional(pairs, tolerance=0.02):
    """Each (length, value) pair has the same ratio, to within rounding of coordinates."""
    ratios = [length / value for length, value in pairs if value]
    assert ratios
    for ratio in ratios:
        assert ratio == pytest.approx(ratios[0], abs=tolerance)


def is_nice(step):
    exponent = math.floor(math.log10(step))
    mantissa = round(step / 10**exponent, 6)
    return mantissa in (1, 2, 5, 10)


def tick_values(root):
    return [parse_number(text) for _x, _y, text, _a in texts(root, "chart-tick")]


def assert_nice_ticks(values):
    steps = {round(b - a, 9) for a, b in pairwise(values)}
    assert len(steps) == 1, values
    assert is_nice(abs(steps.pop()))


@pytest.mark.parametrize(
    "low, high",
    [(0, 37), (0, 0.73), (-12, 48), (0, 1214), (3, 3), (0, 0), (1200, 1850), (-5, -1)],
)
def test_nice_ticks_cover_the_range_with_one_two_or_five_steps(low, high):
    ticks, step = nice_ticks(low, high)
    assert is_nice(step)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= max(high, 0)
    assert 0 in ticks
    for a, b in pairwise(ticks):
        assert b - a == pytest.approx(step)
    assert 2 <= len(ticks) <= 12


def test_nice_step_values():
    assert nice_step(100, 5) == 20
    assert nice_step(37, 5) == 10
    assert nice_step(0.73, 5) == pytest.approx(0.2)
    assert nice_step(1214, 5) == 500


def test_vertical_bar_heights_are_proportional_and_start_at_zero():
    rendered, data = draw(charts.BAR, MODES)
    root = parse(rendered.svg)
    bars = rects(root)
    assert len(bars) == 8
    assert_proportional([(bar["height"], bar["value"]) for bar in bars])
    bottoms = {round(bar["y"] + bar["height"], 2) for bar in bars}
    assert len(bottoms) == 1  # every bar stands on the zero line
    values = tick_values(root)
    assert values[0] == 0
    assert_nice_ticks(values)
    # The zero baseline sits exactly at the bars' feet.
    baseline = by_class(root, "line", "chart-baseline")[0]
    assert float(baseline.get("y1")) == pytest.approx(bottoms.pop(), abs=0.01)
    # Grouped bars: series side by side within each category, in order.
    walking = sorted((b for b in bars if b["index"] == 0), key=lambda b: b["series"])
    assert walking[0]["x"] + walking[0]["width"] == pytest.approx(walking[1]["x"], abs=0.02)


def test_bar_scale_matches_the_axis_ticks():
    rendered, _data = draw(charts.BAR, SHARES)
    root = parse(rendered.svg)
    grid_group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-grid")
    grid_ys = [float(line.get("y1")) for line in grid_group.iter(f"{SVG}line")]
    # One grid line per tick, drawn at y(tick): a bar of value v reaches the line of tick v.
    y_of = dict(zip(tick_values(root), grid_ys, strict=True))
    matched = 0
    for bar in rects(root):
        if bar["value"] in y_of:
            assert bar["y"] == pytest.approx(y_of[bar["value"]], abs=0.02)
            matched += 1
    assert matched >= 2


def test_negative_bars_hang_below_zero():
    grid = [["Year", "Change"], ["2022", "12"], ["2023", "-6"], ["2024", "3"]]
    rendered, _data = draw(charts.BAR, grid, units="")
    bars = {bar["index"]: bar for bar in rects(parse(rendered.svg))}
    zero = bars[0]["y"] + bars[0]["height"]
    assert bars[1]["y"] == pytest.approx(zero, abs=0.02)  # starts at zero, goes down
    assert bars[1]["height"] / 6 == pytest.approx(bars[0]["height"] / 12, abs=0.02)
    assert min(tick_values(parse(rendered.svg))) < 0


def test_horizontal_bar_widths_are_proportional_from_a_common_start():
    rendered, _data = draw(charts.HORIZONTAL_BAR, MODES)
    root = parse(rendered.svg)
    bars = rects(root)
    assert_proportional([(bar["width"], bar["value"]) for bar in bars])
    assert len({round(bar["x"], 2) for bar in bars}) == 1
    assert_nice_ticks(tick_values(root))


def test_stacked_segments_are_proportional_and_touch():
    rendered, data = draw(charts.STACKED_BAR, MODES)
    bars = rects(parse(rendered.svg))
    assert_proportional([(bar["height"], bar["value"]) for bar in bars])
    for index in range(data.row_count):
        stack = sorted((b for b in bars if b["index"] == index), key=lambda b: b["series"])
        # The second series sits on top of the first.
        assert stack[1]["y"] + stack[1]["height"] == pytest.approx(stack[0]["y"], abs=0.02)
        assert stack[0]["x"] == stack[1]["x"]


def test_stacked_horizontal_segments_follow_each_other():
    rendered, data = draw(charts.STACKED_HORIZONTAL_BAR, MODES)
    bars = rects(parse(rendered.svg))
    assert_proportional([(bar["width"], bar["value"]) for bar in bars])
    for index in range(data.row_count):
        row = sorted((b for b in bars if b["index"] == index), key=lambda b: b["series"])
        assert row[0]["x"] + row[0]["width"] == pytest.approx(row[1]["x"], abs=0.02)


def line_points(root):
    series = []
    for polyline in root.iter(f"{SVG}polyline"):
        pairs = [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]
        series.append(pairs)
    return series


def test_line_points_are_evenly_spaced_and_linear_in_the_values():
    grid = [["Year", "Trips"], ["2020", "120"], ["2021", "150"], ["2022", "90"], ["2023", "210"]]
    rendered, data = draw(charts.LINE, grid, units="")
    root = parse(rendered.svg)
    (points,) = line_points(root)
    xs = [x for x, _y in points]
    gaps = {round(b - a, 2) for a, b in pairwise(xs)}
    assert len(gaps) == 1
    values = data.series[0].values
    # y is a linear function of the value: equal slopes between every pair of points.
    slopes = [
        (points[i][1] - points[0][1]) / (values[i] - values[0]) for i in range(1, len(values))
    ]
    for slope in slopes:
        assert slope == pytest.approx(slopes[0], abs=0.001)
    assert slopes[0] < 0  # larger values are higher up
    assert_nice_ticks(tick_values(root))


def test_line_with_missing_value_leaves_a_gap():
    grid = [["Year", "Trips"], ["2020", "120"], ["2021", ""], ["2022", "90"], ["2023", "210"]]
    rendered, _data = draw(charts.LINE, grid, units="")
    segments = line_points(parse(rendered.svg))
    assert [len(segment) for segment in segments] == [1, 2]


def pie_slices(root, rtl=False):
    """(angle of the slice in degrees, value) read from the path coordinates."""
    cx, cy = WIDTH / 2, PAD + PIE_RADIUS
    result = []
    for el in by_class(root, "path", "chart-slice"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", el.get("d"))]
        if el.get("d").startswith(f"M{cx:g},{cy:g}"):
            sx, sy, ex, ey = numbers[2], numbers[3], numbers[9], numbers[10]
        else:  # donut: outer arc first
            sx, sy, ex, ey = numbers[0], numbers[1], numbers[7], numbers[8]

        def angle(x, y):
            dx = (cx - x) if rtl else (x - cx)
            return math.degrees(math.atan2(dx, cy - y)) % 360

        start, end = angle(sx, sy), angle(ex, ey)
        sweep = (end - start) % 360
        result.append((start, sweep, float(el.get("data-value"))))
    return result


@pytest.mark.parametrize("chart_type", [charts.PIE, charts.DONUT])
@pytest.mark.parametrize("rtl", [False, True])
def test_pie_angles_sum_to_360_and_follow_the_values(chart_type, rtl):
    rendered, data = draw(chart_type, SHARES, rtl=rtl)
    slices = pie_slices(parse(rendered.svg), rtl=rtl)
    assert sum(sweep for _s, sweep, _v in slices) == pytest.approx(360, abs=0.1)
    total = sum(data.series[0].values)
    for _start, sweep, value in slices:
        assert sweep == pytest.approx(360 * value / total, abs=0.1)
    assert slices[0][0] == pytest.approx(0, abs=0.1)  # starts at twelve o'clock
    # Each slice starts where the previous one ended.
    for (s1, w1, _v1), (s2, _w2, _v2) in pairwise(slices):
        assert (s1 + w1) % 360 == pytest.approx(s2, abs=0.1)


def test_a_single_slice_is_a_whole_circle():
    rendered, _data = draw(charts.PIE, [["Answer", "Count"], ["Yes", "12"], ["No", "0"]])
    root = parse(rendered.svg)
    (path,) = by_class(root, "path", "chart-slice")
    assert path.get("d").count("A") == 2  # two half arcs


def test_rtl_mirrors_bars_axis_and_direction():
    with translation.override("ar"):
        ltr, _ = draw(charts.BAR, MODES, rtl=False)
        rtl, _ = draw(charts.BAR, MODES, rtl=True)
    ltr_root, rtl_root = parse(ltr.svg), parse(rtl.svg)
    assert ltr_root.get("direction") == "ltr"
    assert rtl_root.get("direction") == "rtl"
    w = width(ltr_root)
    ltr_bars = {(b["index"], b["series"]): b for b in rects(ltr_root)}
    rtl_bars = {(b["index"], b["series"]): b for b in rects(rtl_root)}
    for key, bar in ltr_bars.items():
        mirrored = rtl_bars[key]
        assert mirrored["x"] == pytest.approx(w - bar["x"] - bar["width"], abs=0.02)
        assert mirrored["y"] == bar["y"] and mirrored["height"] == bar["height"]
    # The first category is on the right in Arabic.
    assert rtl_bars[(0, 0)]["x"] > rtl_bars[(3, 0)]["x"]
    # The value axis labels move to the right-hand side, anchored logically (start/end).
    ltr_ticks = texts(ltr_root, "chart-tick")
    rtl_ticks = texts(rtl_root, "chart-tick")
    assert all(x < w / 2 for x, *_ in ltr_ticks)
    assert all(x > w / 2 for x, *_ in rtl_ticks)
    for (lx, _ly, _lt, anchor), (rx, _ry, _rt, rtl_anchor) in zip(
        ltr_ticks, rtl_ticks, strict=True
    ):
        assert rx == pytest.approx(w - lx, abs=0.02)
        assert anchor == rtl_anchor == "end"
    # Numbers are written as the site writes Arabic numbers (core/formats/ar/formats.py).
    assert "22.5" in rtl.svg


def test_rtl_mirrors_horizontal_bars_and_lines():
    h_ltr, _ = draw(charts.HORIZONTAL_BAR, MODES)
    h_rtl, _ = draw(charts.HORIZONTAL_BAR, MODES, rtl=True)
    w = width(parse(h_ltr.svg))
    for bar, mirrored in zip(rects(parse(h_ltr.svg)), rects(parse(h_rtl.svg)), strict=True):
        # Bars grow from the right edge towards the left.
        assert mirrored["x"] + mirrored["width"] == pytest.approx(w - bar["x"], abs=0.02)
    grid = [["Year", "Trips"], ["2020", "120"], ["2021", "150"], ["2022", "90"]]
    l_ltr, _ = draw(charts.LINE, grid, units="")
    l_rtl, _ = draw(charts.LINE, grid, units="", rtl=True)
    for (x1, y1), (x2, y2) in zip(
        line_points(parse(l_ltr.svg))[0], line_points(parse(l_rtl.svg))[0], strict=True
    ):
        assert x2 == pytest.approx(w - x1, abs=0.02)
        assert y2 == y1


@pytest.mark.parametrize("chart_type", charts.CHART_TYPES)
def test_every_chart_has_a_title_and_description_for_screen_readers(chart_type):
    grid = SHARES if chart_type in (charts.PIE, charts.DONUT) else MODES
    rendered, _ = draw(chart_type, grid, uid="story-1")
    root = parse(rendered.svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == title_id and title.text == "Title"
    assert desc.get("id") == desc_id
    assert desc.text.startswith("Description")
    assert rendered.summary and rendered.summary in desc.text
    # Responsive: a viewBox, and text no smaller than 13 units on a 400-unit-wide drawing.
    assert root.get("viewBox").startswith(f"0 0 {WIDTH} ")
    sizes = [float(presentation(root, el, "font-size")) for el in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 13


def test_what_every_bar_or_label_of_a_layer_shares_is_written_once_on_its_group():
    rendered, _ = draw(charts.BAR, SHARES)
    root = parse(rendered.svg)
    bars = by_class(root, "rect", "chart-bar")
    values = by_class(root, "text", "chart-value")

    assert len(bars) == 4 and len(values) == 4
    assert {presentation(root, bar, "fill") for bar in bars} == {charts.svg.colour(0)}
    assert {presentation(root, bar, "stroke") for bar in bars} == {"currentColor"}
    assert {presentation(root, label, "fill") for label in values} == {"currentColor"}
    assert {presentation(root, label, "font-size") for label in values} == {"13"}
    # Said once, on the layers' groups, not on each of the four bars and labels.
    assert rendered.svg.count(f'fill="{charts.svg.colour(0)}"') == 1
    assert rendered.svg.count('font-size="13"') <= 2
    # Nothing inherits a value it did not have: the labels are not outlined like the bars.
    assert all(presentation(root, label, "stroke") is None for label in values)


def test_series_are_told_apart_by_pattern_or_marker_not_colour_alone():
    rendered, _ = draw(charts.BAR, MODES, uid="c9")
    root = parse(rendered.svg)
    fills = {presentation(root, bar, "fill") for bar in by_class(root, "rect", "chart-bar")}
    assert len(fills) == 2
    assert any(fill.startswith("url(#c9-pattern-") for fill in fills)
    assert len(rendered.legend) == 2
    grid = [["Year", "A", "B"], ["2020", "1", "2"], ["2021", "2", "3"]]
    line, _ = draw(charts.LINE, grid, units="")
    line_root = parse(line.svg)
    dashes = [p.get("stroke-dasharray") for p in line_root.iter(f"{SVG}polyline")]
    assert dashes[0] != dashes[1]
    shapes = {el.tag for el in by_class(line_root, "circle", "chart-point")} | {
        el.tag for el in by_class(line_root, "rect", "chart-point")
    }
    assert len(shapes) == 2


def test_labels_are_escaped_and_control_characters_dropped():
    grid = [["Mode", "Share"], ['<script>alert("x")</script> & co', "40"], ["Bus\x0b", "60"]]
    rendered, _ = draw(charts.BAR, grid)
    assert "<script>" not in rendered.svg
    root = parse(rendered.svg)  # still well-formed XML
    labels = " ".join(text for _x, _y, text, _a in texts(root, "chart-category"))
    assert "&" in labels or "…" in labels


def test_long_labels_wrap_and_many_rows_stay_legible():
    grid = [["Street", "Crashes"]] + [
        [f"A very long street name number {i} in the old town", str(i + 1)] for i in range(20)
    ]
    rendered, _ = draw(charts.BAR, grid, units="")
    root = parse(rendered.svg)
    rows = {}
    for x, y, text, _anchor in texts(root, "chart-category"):
        # Widths estimated at 0.56 em per character; no line is cut short.
        half = len(text) * 13 * 0.56 / 2
        rows.setdefault(y, []).append((x - half, x + half, text))
        assert "…" not in text
    for spans in rows.values():
        spans.sort()
        assert spans[0][0] >= 0 and spans[-1][1] <= WIDTH
        for (_l1, right, _t1), (left, _r2, _t2) in zip(spans, spans[1:], strict=False):
            assert right <= left  # too long for one bar each: every n-th label, not overlapping
    shown = " ".join(text for spans in rows.values() for _l, _r, text in spans)
    assert "number 0 " in shown and "number 19 " in shown  # the first and the last


def test_stack_totals_are_printed_only_when_they_differ():
    shares = [["Measure", "Agree", "Disagree"], ["Lanes", "78", "22"], ["Parking", "64", "36"]]
    for chart_type in (charts.STACKED_BAR, charts.STACKED_HORIZONTAL_BAR):
        rendered, _ = draw(chart_type, shares)
        assert texts(parse(rendered.svg), "chart-total") == []  # every bar is 100%
        rendered, _ = draw(chart_type, MODES)
        totals = [text for _x, _y, text, _a in texts(parse(rendered.svg), "chart-total")]
        assert totals == ["60.0%", "49.5%", "44.0%", "46.5%"]


def test_pie_legend_gives_label_value_and_share():
    counts = [["Channel", "Answers"], ["Online", "812"], ["Paper", "263"], ["Meetings", "139"]]
    rendered, _ = draw(charts.PIE, counts, units="")
    assert [item.name for item in rendered.legend] == [
        "Online: 812 (67%)",
        "Paper: 263 (22%)",
        "Meetings: 139 (11%)",
    ]
    # Values that are already shares of 100% are not given a second percentage.
    rendered, _ = draw(charts.DONUT, SHARES, units="%")
    assert [item.name for item in rendered.legend][0] == "Walking: 40%"
