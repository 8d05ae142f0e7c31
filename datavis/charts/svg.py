"""Charts drawn on the server as accessible, responsive SVG.

Geometry is exact: bar lengths, point heights and slice angles are linear in the values, axes
start at nice ticks (1, 2 or 5 times a power of ten) and bars always start at zero.

Everything is laid out in left-to-right coordinates, then mirrored for right-to-left languages:
x becomes width - x, the value axis moves to the right, bars grow leftwards and pies turn
anticlockwise. Text anchors are logical ("start"/"end") and the root carries ``direction``, so a
label that sits at the start of a bar in English sits at its start in Arabic too.

The palette is Okabe and Ito's, safe for the common colour-vision deficiencies; each series also
gets its own fill pattern, line dash and marker shape, so it survives greyscale printing.
"""

import math
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext

from . import data as chart_data
from .numbers import (
    NumberFormat,
    format_number,
    format_with_units,
    is_short_unit,
    nice_ticks,
    step_decimals,
)

WIDTH = 400
PAD = 10
FONT = 15
SMALL_FONT = 13
LINE_HEIGHT = 19
PLOT_HEIGHT = 220
PIE_RADIUS = 130
DONUT_HOLE = 0.56  # inner radius as a share of the outer one
CHAR_WIDTH = 0.56  # average advance of a character, in ems, for layout estimates

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
DASHES = ["", "7 4", "2 3", "9 3 2 3", "14 4", "4 2 4 6"]
MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down", "cross"]
PATTERNS = ["solid", "diagonal", "dots", "horizontal", "crosshatch", "vertical", "antidiagonal"]

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text):
    """Text safe inside XML: no control characters."""
    return _XML_INVALID.sub("", "" if text is None else str(text))


def text_width(text, size=FONT):
    return len(str(text)) * size * CHAR_WIDTH


def _n(value):
    """A coordinate, short: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def colour(index):
    return PALETTE[index % len(PALETTE)]


def pattern_for(index):
    """Colour and pattern of series/slice ``index``; after the palette runs out the patterns shift
    so no two of the first dozen look alike."""
    palette_size = len(PALETTE)
    return colour(index), PATTERNS[(index + index // palette_size) % len(PATTERNS)]


def _pattern_marks(kind, size=8):
    """Path data for one tile of a fill pattern."""
    s = size
    if kind == "diagonal":
        return f"M-1,1 l2,-2 M0,{s} l{s},-{s} M{s - 1},{s + 1} l2,-2", None
    if kind == "antidiagonal":
        return f"M-1,{s - 1} l2,2 M0,0 l{s},{s} M{s - 1},-1 l2,2", None
    if kind == "horizontal":
        return f"M0,{s / 2} h{s}", None
    if kind == "vertical":
        return f"M{s / 2},0 v{s}", None
    if kind == "crosshatch":
        return f"M0,0 l{s},{s} M{s},0 l-{s},{s}", None
    if kind == "dots":
        return None, (s / 2, s / 2, s / 6 + 0.6)
    return None, None


def _ink_for(fill):
    """Pattern and label ink that stands out on ``fill``."""
    return ("#000000", "0.55") if _luminance(fill) > 0.3 else ("#ffffff", "0.8")


def _attrs(attrs):
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = _n(value)
        parts.append(f" {name}={quoteattr(clean_text(value))}")
    return "".join(parts)


def element(tag, attrs=None, content=None, children=None):
    """One SVG element as markup. ``content`` is text (escaped), ``children`` markup."""
    inner = ""
    if content is not None:
        inner += escape(clean_text(content))
    if children:
        inner += "".join(children)
    if not inner:
        return f"<{tag}{_attrs(attrs or {})}/>"
    return f"<{tag}{_attrs(attrs or {})}>{inner}</{tag}>"


def wrap_text(text, max_width, max_lines=3, size=FONT):
    """Greedy word wrap by estimated width; the last line ends in … when text does not fit."""
    words = clean_text(text).split()
    if not words:
        return [""]
    max_chars = max(3, int(max_width / (size * CHAR_WIDTH)))
    lines, current = [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    lines.append(current)
    truncated = len(lines) > max_lines
    lines = lines[:max_lines]
    lines = [line if len(line) <= max_chars else line[: max_chars - 1] + "…" for line in lines]
    if truncated and not lines[-1].endswith("…"):
        lines[-1] = lines[-1][: max_chars - 1].rstrip() + "…"
    return lines


LABEL_GAP = 8  # the least room between two one-line category labels on an axis


def thin_labels(centres, lines_for, size=SMALL_FONT, low=0.0, high=WIDTH, gap=LABEL_GAP):
    """Which category labels to print, and how, so none is cut, overlaps another or leaves
    [low, high].

    ``centres`` are the x of each category, left to right and evenly spaced. ``lines_for(index,
    room)`` gives the lines of a label given ``room`` pixels (one line, or wrapped words; a
    line ending in "…" means it does not fit). Every n-th label is kept with the room of n
    categories, always the first and the last, for the smallest n where all fit; a label near
    an edge is moved inwards rather than cut. Returns [(index, centre, lines)].
    """
    count = len(centres)
    if not count:
        return []
    slot = (centres[-1] - centres[0]) / (count - 1) if count > 1 else high - low

    def placed(index, room):
        lines = lines_for(index, room)
        half = max(text_width(line, size) for line in lines) / 2
        centre = min(max(centres[index], low + half), high - half)
        return centre - half, centre + half, centre, lines

    for step in range(1, count + 1):
        room = step * slot - gap
        indices = list(range(0, count, step))
        if indices[-1] != count - 1:
            if len(indices) > 1 and count - 1 - indices[-1] < step:
                indices.pop()  # the last label takes the place of a neighbour that crowds it
            indices.append(count - 1)
        spans = [placed(i, room) for i in indices]
        if any(line.endswith("…") for span in spans for line in span[3]):
            continue
        if all(a[1] + gap <= b[0] for a, b in zip(spans, spans[1:], strict=False)):
            return [(i, span[2], span[3]) for i, span in zip(indices, spans, strict=True)]
    # Not even the first and the last fit side by side: the first alone, in the whole width.
    _left, _right, centre, lines = placed(0, high - low)
    return [(0, centre, lines)]


@dataclass
class _Shape:
    """A rect, line or text drawn on a Canvas, written out when the chart is rendered."""

    tag: str
    attrs: dict
    content: str = None
    children: list = None

    def markup(self, inherited=()):
        attrs = {k: v for k, v in self.attrs.items() if k not in inherited}
        return element(self.tag, attrs, content=self.content, children=self.children)


# Inherited presentation attributes, and the elements of a layer whose look each one changes
# (None: all of them). A fill or a font size set on every bar or label of a layer is said once
# on the layer's group: a page with twenty monthly charts (the impact page) shrinks by a fifth.
_HOISTED = {
    "fill": {"rect", "text"},
    "stroke": None,
    "stroke_width": None,
    "font_size": {"text"},
    "text_anchor": {"text"},
}


def _group(attrs, layer):
    """A layer's ``<g>``: an inherited attribute that every element it affects in the layer sets
    to the same value is set once on the group instead (the same picture, fewer bytes). Layers
    with markup written elsewhere (line series, pie slices) are left as they are."""
    if not all(isinstance(item, _Shape) for item in layer):
        children = [item.markup() if isinstance(item, _Shape) else item for item in layer]
        return element("g", attrs, children=children)
    hoisted = {}
    for name, affected in _HOISTED.items():
        shapes = [item for item in layer if affected is None or item.tag in affected]
        values = {item.attrs.get(name) for item in shapes}
        # Every element it affects sets it, to one value; the others do not set it at all.
        if (
            len(values) == 1
            and None not in values
            and all(name not in item.attrs for item in layer if item not in shapes)
        ):
            hoisted[name] = values.pop()
    return element("g", {**attrs, **hoisted}, children=[item.markup(hoisted) for item in layer])


class Canvas:
    """Collects SVG elements drawn in left-to-right coordinates and mirrors them for RTL."""

    def __init__(self, width, rtl, uid):
        self.width = width
        self.rtl = rtl
        self.uid = uid
        self.defs = []
        self.layers = {"grid": [], "marks": [], "axis": [], "labels": []}
        self._patterns = {}

    def x(self, x):
        return self.width - x if self.rtl else x

    def point(self, x, y):
        return f"{_n(self.x(x))},{_n(y)}"

    def fill(self, index, patterned=True):
        """A fill attribute for series ``index``: a colour, or a url() to its pattern."""
        fill, kind = pattern_for(index)
        if not patterned or kind == "solid":
            return fill
        pattern_id = f"{self.uid}-pattern-{index}"
        if pattern_id not in self._patterns:
            ink, opacity = _ink_for(fill)
            marks, dot = _pattern_marks(kind)
            children = [element("rect", {"width": 8, "height": 8, "fill": fill})]
            if marks:
                children.append(
                    element(
                        "path",
                        {
                            "d": marks,
                            "stroke": ink,
                            "stroke_opacity": opacity,
                            "stroke_width": 1.6,
                        },
                    )
                )
            if dot:
                children.append(
                    element(
                        "circle",
                        {
                            "cx": dot[0],
                            "cy": dot[1],
                            "r": dot[2],
                            "fill": ink,
                            "fill_opacity": opacity,
                        },
                    )
                )
            self.defs.append(
                element(
                    "pattern",
                    {
                        "id": pattern_id,
                        "width": 8,
                        "height": 8,
                        "patternUnits": "userSpaceOnUse",
                    },
                    children=children,
                )
            )
            self._patterns[pattern_id] = True
        return f"url(#{pattern_id})"

    def rect(self, layer, x, y, w, h, tooltip=None, **attrs):
        x0 = self.width - x - w if self.rtl else x
        children = [element("title", content=tooltip)] if tooltip else None
        self.layers[layer].append(
            _Shape(
                "rect",
                {"x": x0, "y": y, "width": max(w, 0.0), "height": max(h, 0.0), **attrs},
                children=children,
            )
        )

    def line(self, layer, x1, y1, x2, y2, **attrs):
        self.layers[layer].append(
            _Shape("line", {"x1": self.x(x1), "y1": y1, "x2": self.x(x2), "y2": y2, **attrs})
        )

    def text(self, layer, x, y, content, anchor="start", size=FONT, tooltip=None, **attrs):
        """``anchor`` is logical: "start" is the left in English and the right in Arabic."""
        children = [element("title", content=tooltip)] if tooltip else None
        self.layers[layer].append(
            _Shape(
                "text",
                {
                    "x": self.x(x),
                    "y": y,
                    "text_anchor": anchor,
                    "font_size": size,
                    "fill": attrs.pop("fill", "currentColor"),
                    **attrs,
                },
                content=content,
                children=children,
            )
        )

    def raw(self, layer, markup):
        self.layers[layer].append(markup)

    def render(self, height, title, description, chart_type):
        title_id, desc_id = f"{self.uid}-title", f"{self.uid}-desc"
        children = [
            element("title", {"id": title_id}, content=title),
            element("desc", {"id": desc_id}, content=description),
        ]
        if self.defs:
            children.append(element("defs", children=self.defs))
        for name in ("grid", "marks", "axis", "labels"):
            if self.layers[name]:
                children.append(_group({"class": f"chart-{name}"}, self.layers[name]))
        return element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {self.width} {_n(height)}",
                "width": self.width,
                "height": _n(height),
                "role": "img",
                "aria_labelledby": f"{title_id} {desc_id}",
                "direction": "rtl" if self.rtl else "ltr",
                "class": f"chart-svg chart-svg--{chart_type}",
                "focusable": "false",
                "font_size": FONT,
            },
            children=children,
        )


@dataclass
class LegendItem:
    name: str
    swatch: str  # a small standalone SVG, hidden from screen readers


@dataclass
class RenderedChart:
    svg: str
    summary: str
    legend: list = field(default_factory=list)
    uid: str = ""  # the prefix of every id in the SVG; a page can use it to link to the chart


def swatch(index, kind="box", uid="", patterned=True):
    """A 16x16 legend key matching series ``index``'s fill, or its line dash and marker."""
    fill, pattern = pattern_for(index)
    children = []
    if kind == "line":
        children.append(
            element(
                "line",
                {
                    "x1": 0,
                    "y1": 8,
                    "x2": 24,
                    "y2": 8,
                    "stroke": fill,
                    "stroke_width": 3,
                    "stroke_dasharray": DASHES[index % len(DASHES)] or None,
                },
            )
        )
        children.append(_marker(MARKERS[index % len(MARKERS)], 12, 8, fill, size=5))
        width = 24
    else:
        width = 16
        children.append(
            element("rect", {"width": 16, "height": 16, "fill": fill, "stroke": "currentColor"})
        )
        if patterned and pattern != "solid":
            ink, opacity = _ink_for(fill)
            marks, dot = _pattern_marks(pattern, 16)
            if marks:
                children.append(
                    element(
                        "path",
                        {"d": marks, "stroke": ink, "stroke_opacity": opacity, "stroke_width": 2},
                    )
                )
            if dot:
                children.append(
                    element(
                        "circle",
                        {
                            "cx": dot[0],
                            "cy": dot[1],
                            "r": dot[2],
                            "fill": ink,
                            "fill_opacity": opacity,
                        },
                    )
                )
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} 16",
            "width": width,
            "height": 16,
            "aria_hidden": "true",
            "focusable": "false",
            "class": "chart-swatch",
        },
        children=children,
    )


def _marker(shape, cx, cy, fill, size=4.5, tooltip=None, canvas=None):
    """A point marker; ``canvas`` mirrors x when given (cx is then in LTR coordinates)."""
    if canvas is not None:
        cx = canvas.x(cx)
    s = size
    common = {"fill": fill, "stroke": "#ffffff", "stroke_width": 1.2, "class": "chart-point"}
    children = [element("title", content=tooltip)] if tooltip else None
    if shape == "circle":
        return element("circle", {"cx": cx, "cy": cy, "r": s, **common}, children=children)
    if shape == "square":
        return element(
            "rect",
            {"x": cx - s, "y": cy - s, "width": 2 * s, "height": 2 * s, **common},
            children=children,
        )
    if shape == "triangle":
        d = (
            f"M{_n(cx)},{_n(cy - s * 1.2)} L{_n(cx + s * 1.1)},{_n(cy + s * 0.8)} "
            f"L{_n(cx - s * 1.1)},{_n(cy + s * 0.8)} Z"
        )
    elif shape == "triangle-down":
        d = (
            f"M{_n(cx)},{_n(cy + s * 1.2)} L{_n(cx + s * 1.1)},{_n(cy - s * 0.8)} "
            f"L{_n(cx - s * 1.1)},{_n(cy - s * 0.8)} Z"
        )
    elif shape == "diamond":
        d = (
            f"M{_n(cx)},{_n(cy - s * 1.3)} L{_n(cx + s * 1.1)},{_n(cy)} "
            f"L{_n(cx)},{_n(cy + s * 1.3)} L{_n(cx - s * 1.1)},{_n(cy)} Z"
        )
    else:  # cross: an X made of two thick strokes, as a polygon
        w = s * 0.45
        outline = [
            (-s, -s + w),
            (-s + w, -s),
            (0, -w),
            (s - w, -s),
            (s, -s + w),
            (w, 0),
            (s, s - w),
            (s - w, s),
            (0, w),
            (-s + w, s),
            (-s, s - w),
            (-w, 0),
        ]
        d = "M" + " L".join(f"{_n(cx + dx)},{_n(cy + dy)}" for dx, dy in outline) + " Z"
    return element("path", {"d": d, **common}, children=children)


class ChartRenderer:
    """Draws one chart. Use ``render_chart()``."""

    def __init__(self, chart_type, data, title, description="", units="", rtl=False, uid="chart"):
        self.chart_type = chart_type
        self.data = data
        self.title = clean_text(title)
        self.description = clean_text(description)
        self.units = (units or "").strip()
        self.canvas = Canvas(WIDTH, rtl, uid)
        self.multi = len(data.series) > 1
        self.number_format = NumberFormat()  # a chart writes many numbers

    # Formatting -----------------------------------------------------------------------
    def value_text(self, value, decimals=None):
        decimals = self.data.decimals if decimals is None else decimals
        if is_short_unit(self.units):
            return self.number_format.with_units(value, decimals, self.units)
        return self.number_format.number(value, decimals)

    def full_value_text(self, value):
        """For tooltips and descriptions: always with the units."""
        return self.number_format.with_units(value, self.data.decimals, self.units)

    def tooltip(self, label, series, value):
        value_text = self.full_value_text(value)
        if self.multi:
            return gettext("%(label)s, %(series)s: %(value)s") % {
                "label": label,
                "series": series,
                "value": value_text,
            }
        return gettext("%(label)s: %(value)s") % {"label": label, "value": value_text}

    def _ticks(self, low, high, length, include_zero=True, horizontal=False):
        """Nice ticks whose labels fit: fewer ticks on narrow axes or with long labels."""
        for target in (5, 4, 3, 2):
            ticks, step = nice_ticks(
                low, high, target, include_zero=include_zero, whole=self.data.decimals == 0
            )
            decimals = step_decimals(step)
            labels = [self.value_text(t, decimals) for t in ticks]
            if horizontal:
                needed = sum(text_width(label, SMALL_FONT) + 10 for label in labels)
            else:
                needed = len(ticks) * (SMALL_FONT + 6)
            if needed <= length:
                break
        return ticks, labels

    # Summaries --------------------------------------------------------------------------
    def summary(self):
        data = self.data
        kind = {
            chart_data.BAR: gettext("Bar chart"),
            chart_data.HORIZONTAL_BAR: gettext("Bar chart"),
            chart_data.STACKED_BAR: gettext("Stacked bar chart"),
            chart_data.STACKED_HORIZONTAL_BAR: gettext("Stacked bar chart"),
            chart_data.LINE: gettext("Line chart"),
            chart_data.PIE: gettext("Pie chart"),
            chart_data.DONUT: gettext("Donut chart"),
        }[self.chart_type]
        sentences = []
        if self.multi:
            sentences.append(
                gettext("%(kind)s of %(series)s for %(count)s categories.")
                % {
                    "kind": kind,
                    "series": ", ".join(s.name for s in data.series),
                    "count": format_number(data.row_count),
                }
            )
        else:
            sentences.append(
                gettext("%(kind)s of %(series)s for %(count)s categories.")
                % {
                    "kind": kind,
                    "series": data.series[0].name,
                    "count": format_number(data.row_count),
                }
            )
        if self.chart_type in (chart_data.PIE, chart_data.DONUT):
            values = data.series[0].values
            total = sum(values)
            index = max(range(len(values)), key=lambda i: values[i])
            sentences.append(
                gettext("The largest share is %(label)s, %(share)s of the total %(total)s.")
                % {
                    "label": data.labels[index],
                    "share": format_with_units(
                        100 * values[index] / total, 0 if values[index] / total >= 0.01 else 1, "%"
                    ),
                    "total": self.full_value_text(total),
                }
            )
            return " ".join(sentences)
        if self.chart_type in (chart_data.STACKED_BAR, chart_data.STACKED_HORIZONTAL_BAR):
            totals = self.stack_totals()
            index = max(range(len(totals)), key=lambda i: totals[i])
            sentences.append(
                gettext("The largest total is %(label)s with %(value)s.")
                % {"label": data.labels[index], "value": self.full_value_text(totals[index])}
            )
            return " ".join(sentences)
        for series in data.series:
            present = [(i, v) for i, v in enumerate(series.values) if v is not None]
            if not present:
                continue
            high = max(present, key=lambda item: item[1])
            low = min(present, key=lambda item: item[1])
            if self.chart_type == chart_data.LINE and len(present) > 1:
                first, last = present[0], present[-1]
                sentences.append(
                    gettext(
                        "%(series)s goes from %(first)s (%(first_label)s) to %(last)s "
                        "(%(last_label)s); its highest value is %(high)s (%(high_label)s)."
                    )
                    % {
                        "series": series.name,
                        "first": self.full_value_text(first[1]),
                        "first_label": data.labels[first[0]],
                        "last": self.full_value_text(last[1]),
                        "last_label": data.labels[last[0]],
                        "high": self.full_value_text(high[1]),
                        "high_label": data.labels[high[0]],
                    }
                )
            else:
                sentences.append(
                    gettext(
                        "%(series)s: highest %(high_label)s (%(high)s), lowest %(low_label)s "
                        "(%(low)s)."
                    )
                    % {
                        "series": series.name,
                        "high": self.full_value_text(high[1]),
                        "high_label": data.labels[high[0]],
                        "low": self.full_value_text(low[1]),
                        "low_label": data.labels[low[0]],
                    }
                )
        return " ".join(sentences)

    def shows_totals(self, totals):
        """Stack totals are worth printing unless they are all the same (shares of 100%)."""
        return len({round(total, 6) for total in totals}) > 1

    def stack_totals(self):
        return [sum(value or 0 for value in values) for _label, values in self.data.rows()]

    # Drawing ----------------------------------------------------------------------------
    def render(self):
        draw = {
            chart_data.BAR: self.draw_columns,
            chart_data.STACKED_BAR: self.draw_columns,
            chart_data.HORIZONTAL_BAR: self.draw_rows,
            chart_data.STACKED_HORIZONTAL_BAR: self.draw_rows,
            chart_data.LINE: self.draw_line,
            chart_data.PIE: self.draw_pie,
            chart_data.DONUT: self.draw_pie,
        }[self.chart_type]
        height = draw()
        summary = self.summary()
        description = " ".join(part for part in (self.description, summary) if part)
        svg = self.canvas.render(height, self.title, description, self.chart_type)
        return RenderedChart(svg=svg, summary=summary, legend=self.legend(), uid=self.canvas.uid)

    def legend(self):
        if self.chart_type in (chart_data.PIE, chart_data.DONUT):
            values = self.data.series[0].values
            total = sum(values)
            items = []
            # Values that are already percentages of a whole need no second percentage.
            already_shares = self.units == "%" and abs(total - 100) <= 1
            for index, (label, value) in enumerate(zip(self.data.labels, values, strict=True)):
                share = 100 * value / total if total else 0
                if already_shares:
                    items.append(
                        LegendItem(
                            name=gettext("%(label)s: %(value)s")
                            % {"label": label, "value": self.full_value_text(value)},
                            swatch=swatch(index),
                        )
                    )
                    continue
                items.append(
                    LegendItem(
                        name=gettext("%(label)s: %(value)s (%(share)s)")
                        % {
                            "label": label,
                            "value": self.full_value_text(value),
                            "share": format_with_units(
                                share, 0 if share >= 1 or share == 0 else 1, "%"
                            ),
                        },
                        swatch=swatch(index),
                    )
                )
            return items
        if not self.multi:
            return []
        kind = "line" if self.chart_type == chart_data.LINE else "box"
        return [
            LegendItem(name=series.name, swatch=swatch(index, kind))
            for index, series in enumerate(self.data.series)
        ]

    def _series_fill(self, index):
        # A single series needs no pattern: there is nothing to tell apart.
        return self.canvas.fill(index, patterned=self.multi)

    def _bar(self, canvas, x, y, width, height, label, series, value, series_index, index):
        """One bar of a bar chart, vertical or horizontal: geometry differs, the mark does not."""
        canvas.rect(
            "marks",
            x,
            y,
            width,
            height,
            tooltip=self.tooltip(label, series.name, value),
            fill=self._series_fill(series_index),
            stroke="currentColor",
            stroke_width=0.75,
            class_="chart-bar",
            data_value=repr(value),
            data_series=series_index,
            data_index=index,
        )

    def draw_columns(self):
        """Vertical bars: grouped side by side, or stacked."""
        canvas, data = self.canvas, self.data
        stacked = self.chart_type == chart_data.STACKED_BAR
        show_totals = False
        if stacked:
            totals = self.stack_totals()
            show_totals = self.shows_totals(totals)
            low, high = 0.0, max(totals + [0.0])
        else:
            values = data.values()
            low, high = min(values + [0.0]), max(values + [0.0])
        ticks, tick_labels = self._ticks(low, high, PLOT_HEIGHT)
        lo, hi = ticks[0], ticks[-1]
        left = PAD + max(text_width(label, SMALL_FONT) for label in tick_labels) + 6
        right = WIDTH - PAD
        top = PAD + FONT + 4
        n = data.row_count
        band = (right - left) / n
        group = band * (0.6 if not self.multi or stacked else 0.8)
        bar = group if stacked else group / len(data.series)
        axis_labels = [clean_text(label) for label in data.category_axis_labels]
        if data.axis_labels:
            # Short axis labels (dates) stay on one line, however many bars they skip.
            def label_lines(i, room):
                return [axis_labels[i]]
        else:
            # Category names wrap under their bar, or under the bars they skip.
            def label_lines(i, room):
                return wrap_text(axis_labels[i], room, 3, SMALL_FONT)

        shown_lines = {
            i: (lines, centre)
            for i, centre, lines in thin_labels(
                [left + (i + 0.5) * band for i in range(n)],
                label_lines,
                SMALL_FONT,
                PAD,
                WIDTH - PAD,
                gap=LABEL_GAP if data.axis_labels else 4,
            )
        }
        label_height = max(len(lines) for lines, _centre in shown_lines.values()) * (SMALL_FONT + 3)

        def y(value):
            return top + (hi - value) / (hi - lo) * PLOT_HEIGHT

        zero = y(0.0)
        for tick, label in zip(ticks, tick_labels, strict=True):
            canvas.line(
                "grid",
                left,
                y(tick),
                right,
                y(tick),
                stroke="currentColor",
                stroke_opacity="0.15" if tick else "0.7",
                stroke_width=1,
            )
            canvas.text(
                "axis",
                left - 6,
                y(tick) + SMALL_FONT * 0.35,
                label,
                anchor="end",
                size=SMALL_FONT,
                class_="chart-tick",
            )
        for i, label in enumerate(data.labels):
            x0 = left + i * band + (band - group) / 2
            cumulative = 0.0
            for j, series in enumerate(data.series):
                value = series.values[i]
                if value is None:
                    continue
                if stacked:
                    y_top, y_bottom = y(cumulative + value), y(cumulative)
                    cumulative += value
                    x = x0
                else:
                    y_top, y_bottom = (y(value), zero) if value >= 0 else (zero, y(value))
                    x = x0 + j * bar
                self._bar(canvas, x, y_top, bar, y_bottom - y_top, label, series, value, j, i)
                text = self.value_text(value)
                if stacked:
                    if y_bottom - y_top >= SMALL_FONT + 4 and text_width(text, SMALL_FONT) <= bar:
                        canvas.text(
                            "labels",
                            x + bar / 2,
                            (y_top + y_bottom) / 2 + SMALL_FONT * 0.35,
                            text,
                            anchor="middle",
                            size=SMALL_FONT,
                            class_="chart-value chart-value--inside",
                            **_halo(),
                        )
                elif text_width(text, SMALL_FONT) <= (bar + 1 if self.multi else band * 0.95):
                    ty = y_top - 4 if value >= 0 else y_bottom + SMALL_FONT
                    canvas.text(
                        "labels",
                        x + bar / 2,
                        ty,
                        text,
                        anchor="middle",
                        size=SMALL_FONT,
                        class_="chart-value",
                    )
            if stacked and show_totals:
                total = totals[i]
                text = self.value_text(total)
                if text_width(text, SMALL_FONT) <= band:
                    canvas.text(
                        "labels",
                        x0 + group / 2,
                        y(total) - 4,
                        text,
                        anchor="middle",
                        size=SMALL_FONT,
                        class_="chart-value chart-total",
                    )
            lines, centre = shown_lines.get(i, ([], 0))
            for k, line in enumerate(lines):
                canvas.text(
                    "axis",
                    centre,
                    top + PLOT_HEIGHT + 6 + SMALL_FONT + k * (SMALL_FONT + 3),
                    line,
                    anchor="middle",
                    size=SMALL_FONT,
                    class_="chart-category",
                    tooltip=label if line.endswith("…") or axis_labels[i] != label else None,
                )
        canvas.line(
            "axis",
            left,
            zero,
            right,
            zero,
            stroke="currentColor",
            stroke_width=1.25,
            class_="chart-baseline",
        )
        return top + PLOT_HEIGHT + 8 + label_height + PAD

    def draw_rows(self):
        """Horizontal bars, one row per category with its label above the bars (phone friendly)."""
        canvas, data = self.canvas, self.data
        stacked = self.chart_type == chart_data.STACKED_HORIZONTAL_BAR
        show_totals = False
        if stacked:
            totals = self.stack_totals()
            show_totals = self.shows_totals(totals)
            low, high = 0.0, max(totals + [0.0])
            end_values = totals if show_totals else [0.0]
        else:
            values = data.values()
            low, high = min(values + [0.0]), max(values + [0.0])
            end_values = values
        end_room = max(text_width(self.value_text(v), SMALL_FONT) for v in end_values) + 8
        negative_room = end_room if low < 0 else 0
        left = PAD + negative_room
        right = WIDTH - PAD - end_room
        ticks, tick_labels = self._ticks(low, high, right - left, horizontal=True)
        lo, hi = ticks[0], ticks[-1]

        def x(value):
            return left + (value - lo) / (hi - lo) * (right - left)

        zero = x(0.0)
        bar_height = 20 if stacked or not self.multi else 15
        bars_height = bar_height if stacked else bar_height * len(data.series)
        y = PAD
        for i, label in enumerate(data.labels):
            lines = wrap_text(label, WIDTH - 2 * PAD, 2, FONT)
            for k, line in enumerate(lines):
                canvas.text(
                    "labels",
                    PAD,
                    y + FONT + k * LINE_HEIGHT,
                    line,
                    anchor="start",
                    class_="chart-category",
                    tooltip=label if line.endswith("…") else None,
                )
            y += len(lines) * LINE_HEIGHT + 5
            for tick in ticks:
                canvas.line(
                    "grid",
                    x(tick),
                    y - 2,
                    x(tick),
                    y + bars_height + 2,
                    stroke="currentColor",
                    stroke_opacity="0.15" if tick else "0.7",
                    stroke_width=1,
                )
            cumulative = 0.0
            for j, series in enumerate(data.series):
                value = series.values[i]
                if value is None:
                    continue
                if stacked:
                    x0, x1 = x(cumulative), x(cumulative + value)
                    cumulative += value
                    bar_y = y
                else:
                    x0, x1 = (zero, x(value)) if value >= 0 else (x(value), zero)
                    bar_y = y + j * bar_height
                height = bar_height - (0 if stacked else 2)
                self._bar(canvas, x0, bar_y, x1 - x0, height, label, series, value, j, i)
                text = self.value_text(value)
                if stacked:
                    if text_width(text, SMALL_FONT) + 6 <= x1 - x0:
                        canvas.text(
                            "labels",
                            (x0 + x1) / 2,
                            bar_y + bar_height / 2 + 4.5,
                            text,
                            anchor="middle",
                            size=SMALL_FONT,
                            class_="chart-value chart-value--inside",
                            **_halo(),
                        )
                elif value >= 0:
                    canvas.text(
                        "labels",
                        x1 + 4,
                        bar_y + bar_height / 2 + 3.5,
                        text,
                        anchor="start",
                        size=SMALL_FONT,
                        class_="chart-value",
                    )
                else:
                    canvas.text(
                        "labels",
                        x0 - 4,
                        bar_y + bar_height / 2 + 3.5,
                        text,
                        anchor="end",
                        size=SMALL_FONT,
                        class_="chart-value",
                    )
            if stacked and show_totals:
                canvas.text(
                    "labels",
                    x(totals[i]) + 4,
                    y + bar_height / 2 + 4.5,
                    self.value_text(totals[i]),
                    anchor="start",
                    size=SMALL_FONT,
                    class_="chart-value chart-total",
                )
            y += bars_height + 12
        axis_y = y
        canvas.line(
            "axis",
            left,
            axis_y,
            right,
            axis_y,
            stroke="currentColor",
            stroke_width=1,
            stroke_opacity="0.5",
        )
        for tick, label in zip(ticks, tick_labels, strict=True):
            canvas.line(
                "axis", x(tick), axis_y, x(tick), axis_y + 4, stroke="currentColor", stroke_width=1
            )
            canvas.text(
                "axis",
                x(tick),
                axis_y + 6 + SMALL_FONT,
                label,
                anchor="middle",
                size=SMALL_FONT,
                class_="chart-tick",
            )
        return axis_y + 6 + SMALL_FONT + PAD

    def draw_line(self):
        canvas, data = self.canvas, self.data
        values = data.values()
        low, high = min(values), max(values)
        include_zero = low >= 0 and low <= high / 2 or high <= 0 and high >= low / 2
        ticks, tick_labels = self._ticks(low, high, PLOT_HEIGHT, include_zero=include_zero)
        lo, hi = ticks[0], ticks[-1]
        n = data.row_count
        end_labels = {}
        for j, series in enumerate(data.series):
            present = [(i, v) for i, v in enumerate(series.values) if v is not None]
            if present:
                end_labels[j] = present[-1]
        end_room = (
            max(
                (text_width(self.value_text(v), SMALL_FONT) for _i, v in end_labels.values()),
                default=0,
            )
            + 10
        )
        left = PAD + max(text_width(label, SMALL_FONT) for label in tick_labels) + 6
        right = WIDTH - PAD - end_room
        top = PAD + 6
        first_half = text_width(data.labels[0], SMALL_FONT) / 2
        inset = min(max(8.0, first_half - 6), 40.0)
        x_start, x_end = left + inset, right

        def x(i):
            if n == 1:
                return (x_start + x_end) / 2
            return x_start + i * (x_end - x_start) / (n - 1)

        def y(value):
            return top + (hi - value) / (hi - lo) * PLOT_HEIGHT

        for tick, label in zip(ticks, tick_labels, strict=True):
            canvas.line(
                "grid",
                left,
                y(tick),
                right,
                y(tick),
                stroke="currentColor",
                stroke_opacity="0.7" if tick == 0 and lo < 0 else "0.15",
                stroke_width=1,
            )
            canvas.text(
                "axis",
                left - 6,
                y(tick) + SMALL_FONT * 0.35,
                label,
                anchor="end",
                size=SMALL_FONT,
                class_="chart-tick",
            )
        canvas.line(
            "axis",
            left,
            top + PLOT_HEIGHT,
            right,
            top + PLOT_HEIGHT,
            stroke="currentColor",
            stroke_width=1.25,
            class_="chart-baseline",
        )
        # Category labels: as many as fit without overlapping, always the first and the last.
        axis_labels = [clean_text(label) for label in data.category_axis_labels]
        for i, centre, _lines in thin_labels(
            [x(i) for i in range(n)],
            lambda i, _room: [axis_labels[i]],
            SMALL_FONT,
            PAD,
            WIDTH - PAD,
        ):
            canvas.line(
                "axis",
                x(i),
                top + PLOT_HEIGHT,
                x(i),
                top + PLOT_HEIGHT + 4,
                stroke="currentColor",
                stroke_width=1,
            )
            label = clean_text(data.labels[i])
            canvas.text(
                "axis",
                centre,
                top + PLOT_HEIGHT + 6 + SMALL_FONT,
                axis_labels[i],
                anchor="middle",
                size=SMALL_FONT,
                class_="chart-category",
                tooltip=label if axis_labels[i] != label else None,
            )
        show_markers = n <= 60
        placed = []
        for j, series in enumerate(data.series):
            fill = colour(j)
            segments, current = [], []
            for i, value in enumerate(series.values):
                if value is None:
                    if current:
                        segments.append(current)
                    current = []
                else:
                    current.append((i, value))
            if current:
                segments.append(current)
            group = []
            for segment in segments:
                points = " ".join(canvas.point(x(i), y(v)) for i, v in segment)
                group.append(
                    element(
                        "polyline",
                        {
                            "points": points,
                            "fill": "none",
                            "stroke": fill,
                            "stroke_width": 2.5,
                            "stroke_linejoin": "round",
                            "stroke_linecap": "round",
                            "stroke_dasharray": DASHES[j % len(DASHES)] or None,
                            "class": "chart-line",
                        },
                    )
                )
            if show_markers:
                for segment in segments:
                    for i, value in segment:
                        group.append(
                            _marker(
                                MARKERS[j % len(MARKERS)],
                                x(i),
                                y(value),
                                fill,
                                tooltip=self.tooltip(data.labels[i], series.name, value),
                                canvas=canvas,
                            )
                        )
            canvas.raw(
                "marks", element("g", {"class": "chart-series", "data_series": j}, children=group)
            )
            if j in end_labels:
                i, value = end_labels[j]
                placed.append([y(value) + 4.5, j, i, value])
        # Keep end labels from overlapping: push them apart vertically, in order.
        placed.sort()
        for k in range(1, len(placed)):
            if placed[k][0] - placed[k - 1][0] < SMALL_FONT + 2:
                placed[k][0] = placed[k - 1][0] + SMALL_FONT + 2
        for label_y, _j, i, value in placed:
            canvas.text(
                "labels",
                x(i) + 8,
                label_y,
                self.value_text(value),
                anchor="start",
                size=SMALL_FONT,
                class_="chart-value",
            )
        return top + PLOT_HEIGHT + 6 + SMALL_FONT + PAD + 4

    def draw_pie(self):
        canvas, data = self.canvas, self.data
        donut = self.chart_type == chart_data.DONUT
        values = data.series[0].values
        total = sum(values)
        radius = PIE_RADIUS
        inner = radius * DONUT_HOLE if donut else 0
        cx, cy = WIDTH / 2, PAD + radius
        sweep = "0" if canvas.rtl else "1"

        def at(angle, r):
            # Angles run clockwise from twelve o'clock; the canvas mirrors them for RTL.
            return cx + r * math.sin(angle), cy - r * math.cos(angle)

        angle = 0.0
        for index, (label, value) in enumerate(zip(data.labels, values, strict=True)):
            share = value / total
            if share <= 0:
                continue
            start, end = angle, angle + share * 2 * math.pi
            angle = end
            fill = canvas.fill(index)
            tooltip = self.tooltip(label, data.series[0].name, value)
            attrs = {
                "fill": fill,
                "stroke": "#ffffff",
                "stroke_width": 1.5,
                "class": "chart-slice",
                "data_value": repr(value),
                "data_index": index,
                "data_start": f"{math.degrees(start):.4f}",
                "data_end": f"{math.degrees(end):.4f}",
            }
            if share >= 0.999999:
                # A whole circle cannot be drawn as one arc: use two half arcs.
                d = self._ring(cx, cy, radius, inner)
                attrs["fill_rule"] = "evenodd"
            else:
                large = "1" if end - start > math.pi else "0"
                sx, sy = at(start, radius)
                ex, ey = at(end, radius)
                if donut:
                    ix, iy = at(end, inner)
                    jx, jy = at(start, inner)
                    back = "0" if sweep == "1" else "1"
                    d = (
                        f"M{canvas.point(sx, sy)} A{_n(radius)},{_n(radius)} 0 {large} {sweep} "
                        f"{canvas.point(ex, ey)} L{canvas.point(ix, iy)} "
                        f"A{_n(inner)},{_n(inner)} 0 {large} {back} {canvas.point(jx, jy)} Z"
                    )
                else:
                    d = (
                        f"M{canvas.point(cx, cy)} L{canvas.point(sx, sy)} "
                        f"A{_n(radius)},{_n(radius)} 0 {large} {sweep} {canvas.point(ex, ey)} Z"
                    )
            canvas.raw(
                "marks",
                element("path", {"d": d, **attrs}, children=[element("title", content=tooltip)]),
            )
            if share >= 0.05:
                middle = (start + end) / 2
                label_radius = (radius + inner) / 2 if donut else radius * 0.64
                lx, ly = at(middle, label_radius)
                if share >= 0.999999:
                    lx, ly = (cx, cy + radius * 0.55) if not donut else at(math.pi, label_radius)
                percent = format_with_units(100 * share, 0, "%")
                canvas.text(
                    "labels",
                    lx,
                    ly + 5,
                    percent,
                    anchor="middle",
                    size=FONT,
                    class_="chart-value chart-value--inside",
                    font_weight="bold",
                    **_halo(),
                )
        if donut:
            canvas.text(
                "labels",
                cx,
                cy + 2,
                self.value_text(total),
                anchor="middle",
                size=FONT * 1.6,
                font_weight="bold",
                class_="chart-total",
            )
            canvas.text(
                "labels",
                cx,
                cy + 2 + FONT + 4,
                gettext("Total"),
                anchor="middle",
                size=SMALL_FONT,
                class_="chart-total-label",
            )
        return cy + radius + PAD

    def _ring(self, cx, cy, radius, inner):
        canvas = self.canvas
        parts = []
        for r in (radius, inner):
            if r <= 0:
                continue
            parts.append(
                f"M{canvas.point(cx, cy - r)} A{_n(r)},{_n(r)} 0 1 1 {canvas.point(cx, cy + r)} "
                f"A{_n(r)},{_n(r)} 0 1 1 {canvas.point(cx, cy - r)} Z"
            )
        return " ".join(parts)


def _halo():
    """Dark text on a white halo, readable over any fill or pattern."""
    return {
        "fill": "#111111",
        "stroke": "#ffffff",
        "stroke_width": 3.5,
        "stroke_linejoin": "round",
        "paint_order": "stroke",
    }


def render_chart(chart_type, data, title, description="", units="", rtl=False, uid="chart"):
    """Draw ``data`` (already checked with ``data.check``) as ``chart_type``.

    Returns a RenderedChart: the SVG markup, an automatic summary sentence (also in the SVG's
    <desc>) and legend items (series or slices, each with a small swatch SVG).
    """
    renderer = ChartRenderer(chart_type, data, title, description, units, rtl, uid)
    return renderer.render()
