"""Tables whose words wagtail-localize translates while their numbers stay in sync.

Used by the chart and data-table blocks here and by ``home.blocks.TranslatableTableBlock``.
"""

import copy

from wagtail_localize.segments import StringSegmentValue

from datavis.charts.numbers import parse_number


def is_number_text(text):
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


class TranslatableTableMixin:
    """Lets wagtail-localize translate a TableBlock's words while numbers stay synchronised.

    wagtail-localize skips TableBlock entirely; these two hooks are the ones it calls on any
    block that has them. Each text cell becomes a segment addressed by its row and column.
    """

    def get_translatable_segments(self, value):
        segments = []
        if not value:
            return segments
        if (value.get("table_caption") or "").strip():
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for r, row in enumerate(value.get("data") or []):
            for c, cell in enumerate(row or []):
                if isinstance(cell, str) and cell.strip() and not is_number_text(cell):
                    segments.append(StringSegmentValue(f"r{r}c{c}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        value = copy.deepcopy(value) or {}
        data = value.get("data") or []
        for segment in segments:
            text = segment.render_text()
            if segment.path == "caption":
                value["table_caption"] = text
                continue
            try:
                row, column = segment.path[1:].split("c")
                data[int(row)][int(column)] = text
            except (ValueError, IndexError):
                # The source table changed shape since this translation was made: keep the cell.
                continue
        return value
