"""Helpers to read back the geometry of a chart SVG in tests."""

import math
import re
import xml.etree.ElementTree as ET

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(markup)


def by_class(root, tag, css_class):
    return [el for el in root.iter(f"{SVG}{tag}") if css_class in (el.get("class") or "").split()]


def rects(root):
    return [
        {
            "x": float(el.get("x")),
            "y": float(el.get("y")),
            "width": float(el.get("width")),
            "height": float(el.get("height")),
            "value": float(el.get("data-value")),
            "series": int(el.get("data-series")),
            "index": int(el.get("data-index")),
        }
        for el in by_class(root, "rect", "chart-bar")
    ]


def presentation(root, el, name):
    """The value of an inherited presentation attribute (``fill``, ``font-size``…) for `el`:
    its own, or the nearest ancestor's (a chart says a value shared by a layer once, on the
    layer's group)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    while el is not None:
        if el.get(name) is not None:
            return el.get(name)
        el = parents.get(el)
    return None


def texts(root, css_class):
    return [
        (float(el.get("x")), float(el.get("y")), el.text, presentation(root, el, "text-anchor"))
        for el in by_class(root, "text", css_class)
    ]


def width(root):
    return float(root.get("viewBox").split()[2])


def slice_angles(root):
    """(start, end) in degrees clockwise from twelve o'clock for each pie slice, read from the
    path's coordinates (not from its data attributes)."""
    numbers = re.compile(r"-?\d+(?:\.\d+)?")
    result = []
    for el in by_class(root, "path", "chart-slice"):
        d = el.get("d")
        coords = [float(n) for n in numbers.findall(d)]
        result.append((d, coords, el))
    return result


def angle_of(cx, cy, x, y, rtl=False):
    """Clockwise angle (degrees) from twelve o'clock; anticlockwise when ``rtl``."""
    dx = x - cx
    if rtl:
        dx = -dx
    return math.degrees(math.atan2(dx, cy - y)) % 360
