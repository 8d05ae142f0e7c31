"""Flat illustrations drawn with Pillow, so the demo has pictures without downloads.

The same name always gives the same picture: the drawing is seeded from the name.
"""

import hashlib
import math
import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter

# sky top, sky bottom, far hills, near hills, water, buildings, accent (sun, highlights)
PALETTES = {
    "river": ("#dff1f4", "#a9d8e0", "#8fbfae", "#3f8f6b", "#2a7f9e", "#24435c", "#f2b544"),
    "dusk": ("#fde7d2", "#f4a97f", "#b98aa6", "#7a5c8e", "#3d5a80", "#293241", "#ee6c4d"),
    "meadow": ("#f1f7e8", "#cfe7b8", "#9cc98c", "#5c9e4f", "#2f7f8a", "#33413e", "#f4c95d"),
    "harbour": ("#e9eef6", "#b7c7e3", "#8ea7c4", "#557a95", "#1f5f8b", "#1b2a41", "#f7b32b"),
}
MOTIFS = ("city", "river", "people", "abstract")
DEFAULT_SIZE = (1200, 675)
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliasing


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _rng(name):
    return random.Random(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))


def _sky(draw, width, height, top, bottom, horizon):
    for y in range(horizon):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / max(horizon, 1)))


def _hills(draw, rng, width, base, amplitude, colour, bottom):
    phase = rng.uniform(0, math.tau)
    waves = rng.uniform(1.2, 2.4)
    points = [(0, bottom)]
    for x in range(0, width + 1, 8):
        y = base - amplitude * (
            0.6 * math.sin(phase + waves * math.tau * x / width)
            + 0.4 * math.sin(phase * 1.7 + 2.3 * waves * math.tau * x / width)
        )
        points.append((x, y))
    points.append((width, bottom))
    draw.polygon(points, fill=colour)


def _sun(draw, rng, width, height, colour):
    r = height * rng.uniform(0.07, 0.1)
    cx = width * rng.uniform(0.62, 0.85)
    cy = height * rng.uniform(0.16, 0.3)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)


def _water(draw, rng, width, height, top, colour, light):
    draw.rectangle([0, top, width, height], fill=colour)
    for row in range(6):
        y = top + (row + 1) * (height - top) / 7
        for _ in range(4):
            x = rng.uniform(0, width)
            length = rng.uniform(width * 0.04, width * 0.12)
            draw.line([(x, y), (x + length, y)], fill=light, width=max(2, height // 180))


def _draw_city(draw, rng, size, p):
    width, height = size
    horizon = int(height * 0.62)
    _sky(draw, width, height, p[0], p[1], height)
    _sun(draw, rng, width, height, p[6])
    _hills(draw, rng, width, height * 0.5, height * 0.05, p[2], horizon + 40)
    # The skyline: offices, flats, a clock tower for the town hall.
    x = -rng.uniform(0, 40)
    tower_at = rng.uniform(0.3, 0.6) * width
    window = _mix(p[5], p[0], 0.55)
    while x < width:
        w = rng.uniform(width * 0.04, width * 0.09)
        h = rng.uniform(height * 0.1, height * 0.3)
        if x <= tower_at < x + w:
            h = height * 0.4
            draw.polygon(
                [(x, horizon - h), (x + w / 2, horizon - h - height * 0.07), (x + w, horizon - h)],
                fill=p[5],
            )
            cx, cy, r = x + w / 2, horizon - h + height * 0.06, w * 0.22
            draw.rectangle([x, horizon - h, x + w, horizon], fill=p[5])
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=p[0])
            draw.line([(cx, cy), (cx, cy - r * 0.7)], fill=p[5], width=3)
            draw.line([(cx, cy), (cx + r * 0.5, cy)], fill=p[5], width=3)
        else:
            draw.rectangle(
                [x, horizon - h, x + w, horizon], fill=_mix(p[5], p[3], rng.random() * 0.3)
            )
            cols = max(1, int(w // 28))
            rows = max(1, int(h // 34))
            for c in range(cols):
                for r in range(rows):
                    if rng.random() < 0.55:
                        wx = x + 10 + c * (w - 20) / cols
                        wy = horizon - h + 12 + r * (h - 24) / rows
                        draw.rectangle([wx, wy, wx + 10, wy + 14], fill=window)
        x += w + rng.uniform(2, 14)
    _water(draw, rng, width, height, horizon, p[4], _mix(p[4], p[0], 0.5))
    # A footbridge across the river.
    left, right = width * 0.05, width * 0.55
    deck = horizon + (height - horizon) * 0.35
    draw.arc(
        [left, deck - height * 0.12, right, deck + height * 0.12], 180, 360, fill=p[5], width=8
    )
    draw.line([(left, deck), (right, deck)], fill=p[5], width=10)
    for i in range(1, 8):
        px = left + i * (right - left) / 8
        dy = (
            height
            * 0.12
            * math.sqrt(max(0.0, 1 - ((px - (left + right) / 2) / ((right - left) / 2)) ** 2))
        )
        draw.line([(px, deck), (px, deck - dy)], fill=p[5], width=3)


def _draw_river(draw, rng, size, p):
    width, height = size
    horizon = int(height * 0.45)
    _sky(draw, width, height, p[0], p[1], height)
    _sun(draw, rng, width, height, p[6])
    _hills(draw, rng, width, horizon, height * 0.06, p[2], height)
    _hills(draw, rng, width, horizon + height * 0.12, height * 0.05, _mix(p[2], p[3], 0.5), height)
    _hills(draw, rng, width, horizon + height * 0.25, height * 0.04, p[3], height)
    # A river winding from the horizon to the front.
    centre = width * rng.uniform(0.35, 0.65)
    left_bank, right_bank = [], []
    steps = 40
    for i in range(steps + 1):
        t = i / steps
        y = horizon + 6 + t * (height - horizon)
        half = 6 + t * t * width * 0.28
        cx = centre + math.sin(t * 3.2 + rng.uniform(-0.05, 0.05)) * width * 0.12 * t
        left_bank.append((cx - half, y))
        right_bank.append((cx + half, y))
    draw.polygon(left_bank + right_bank[::-1], fill=p[4])
    light = _mix(p[4], p[0], 0.45)
    for i in range(8, steps, 4):
        (lx, y), (rx, _) = left_bank[i], right_bank[i]
        a = rng.uniform(0.2, 0.5)
        draw.line([(lx + (rx - lx) * a, y), (lx + (rx - lx) * (a + 0.2), y)], fill=light, width=3)
    # Trees along the banks.
    for _ in range(18):
        t = rng.uniform(0.15, 1)
        y = horizon + t * (height - horizon) * 0.9
        side = rng.choice((-1, 1))
        x = centre + side * (t * t * width * 0.28 + rng.uniform(30, 140) * (0.5 + t))
        r = 10 + 28 * t
        draw.line([(x, y), (x, y + r * 1.3)], fill=p[5], width=max(3, int(r / 5)))
        draw.ellipse([x - r, y - r * 1.6, x + r, y + r * 0.4], fill=_mix(p[3], p[5], 0.35))


def _draw_people(draw, rng, size, p):
    width, height = size
    _sky(draw, width, height, p[0], p[1], height)
    for _ in range(5):  # soft background shapes
        r = rng.uniform(height * 0.2, height * 0.45)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_mix(p[1], p[2], rng.uniform(0.2, 0.6)))
    table_top = height * 0.62
    draw.rounded_rectangle(
        [width * 0.16, table_top, width * 0.84, table_top + height * 0.07], radius=20, fill=p[5]
    )
    colours = [p[3], p[4], p[6], _mix(p[4], p[6], 0.5), _mix(p[3], p[5], 0.3), p[2]]
    count = 6
    for i in range(count):
        cx = width * (0.22 + i * 0.56 / (count - 1))
        body = colours[(i + rng.randrange(count)) % len(colours)]
        shoulders = height * rng.uniform(0.36, 0.42)
        bw = width * 0.045
        draw.rounded_rectangle([cx - bw, shoulders, cx + bw, table_top + 10], radius=bw, fill=body)
        hr = width * 0.026
        hy = shoulders - hr * 1.25
        skin = _mix((120, 78, 52), (238, 200, 165), rng.random())
        draw.ellipse([cx - hr, hy - hr, cx + hr, hy + hr], fill=skin)
    for _ in range(3):  # speech bubbles
        bx = rng.uniform(width * 0.2, width * 0.75)
        by = rng.uniform(height * 0.06, height * 0.2)
        bw, bh = width * 0.11, height * 0.1
        draw.rounded_rectangle([bx, by, bx + bw, by + bh], radius=18, fill="white")
        draw.polygon(
            [(bx + 24, by + bh), (bx + 50, by + bh), (bx + 20, by + bh + 26)], fill="white"
        )
        for line in range(3):
            ly = by + 16 + line * (bh - 32) / 2
            draw.line([(bx + 16, ly), (bx + bw - 16 - line * 20, ly)], fill=p[2], width=6)
    # Papers on the table.
    for _ in range(4):
        px = rng.uniform(width * 0.2, width * 0.74)
        draw.rectangle([px, table_top - 8, px + width * 0.06, table_top + 4], fill="white")


def _draw_abstract(draw, rng, size, p):
    width, height = size
    _sky(draw, width, height, p[0], p[1], height)
    for i in range(7):
        colour = p[2 + i % 5]
        if rng.random() < 0.5:
            r = rng.uniform(height * 0.12, height * 0.4)
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
        else:
            y = rng.uniform(0, height)
            band = rng.uniform(height * 0.05, height * 0.14)
            draw.polygon(
                [
                    (0, y),
                    (width, y - height * 0.3),
                    (width, y - height * 0.3 + band),
                    (0, y + band),
                ],
                fill=colour,
            )


DRAWERS = {
    "city": _draw_city,
    "river": _draw_river,
    "people": _draw_people,
    "abstract": _draw_abstract,
}


def make_demo_image(name, *, motif=None, palette=None, size=None):
    """Draw the picture for ``name``; return (an ImageFile of JPEG data, its file name)."""
    rng = _rng(name)
    motif = motif or MOTIFS[rng.randrange(len(MOTIFS))]
    palette = palette or sorted(PALETTES)[rng.randrange(len(PALETTES))]
    width, height = size or DEFAULT_SIZE
    colours = [_rgb(c) for c in PALETTES[palette]]
    canvas = Image.new("RGB", (width * SCALE, height * SCALE), colours[0])
    DRAWERS[motif](ImageDraw.Draw(canvas), rng, canvas.size, colours)
    picture = canvas.resize((width, height), Image.Resampling.LANCZOS)
    picture = picture.filter(ImageFilter.SMOOTH_MORE)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=86, optimize=True)
    filename = f"{name}.jpg"
    return ImageFile(BytesIO(buffer.getvalue()), name=filename), filename
