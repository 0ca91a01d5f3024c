"""Accessible charts drawn as SVG on the server: no JavaScript, no library.

A chart is an image with a name (``<title>``) and a description (``<desc>``) that
lists every value, so a screen reader gets the numbers even without the table that
the page shows beside it. The drawing scales with its container (``viewBox``,
width 100%) and its text stays readable on a 390 px phone: labels sit above the
bars instead of beside them. Every text comes from ``format_html``, which escapes
it (area and technology names come from the database).
"""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

WIDTH = 360  # viewBox units; about one CSS pixel on a phone
BAR_COLOUR = "#0b5cad"  # --accent: 6.4:1 on white (1.4.11 asks for 3:1)
TEXT_COLOUR = "#1d2433"  # --text
AXIS_COLOUR = "#4a5468"  # --muted
LABEL_SIZE = 15  # about 15 CSS pixels on a phone (the drawing is ~360 px wide)
ROW = 48  # label line, bar, gap
BAR_TOP = 22
BAR_HEIGHT = 16
VALUE_ROOM = 64  # right margin for the value after the longest bar
MAX_LABEL = 44  # characters shown in the drawing; the table has the whole name
MIN_COLUMN_TEXT = 10  # below this, columns give way to bars
CHARACTER_WIDTH = 0.62  # average advance of a digit, in ems, for sizing text


def _column_text_size(bars: list["Bar"]) -> float:
    """The largest text size (at most the labels') at which every column's value
    and label fit in its slot; a chart of many years gets small text, or bars."""
    if not bars:
        return 0
    longest = max(len(text) for bar in bars for text in (bar.text, bar.label))
    slot = WIDTH / len(bars)
    # Text fills at most 80% of its slot, so neighbours keep a visible gap.
    return min(LABEL_SIZE - 1, 0.8 * slot / (max(longest, 1) * CHARACTER_WIDTH))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown (localised)
    share: str = ""  # "12 %", when the chart shows shares


@dataclass(frozen=True)
class Chart:
    """What a chart and its table show; built by the view, drawn by the tag."""

    id: str
    title: str
    bars: list[Bar]
    label_heading: str
    value_heading: str
    note: str = ""
    kind: str = "bar"  # or "column" (few values along time)
    share_heading: str = ""
    heading: str = ""

    @property
    def drawn_as_columns(self) -> bool:
        return self.kind == "column" and _column_text_size(self.bars) >= MIN_COLUMN_TEXT

    @property
    def description(self) -> str:
        values = "; ".join(f"{bar.label}: {bar.text}" for bar in self.bars)
        return f"{self.note} {values}".strip() if self.note else values


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _number(value: float) -> str:
    """A coordinate: one decimal at most, never a locale's decimal comma."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _bars(chart: Chart) -> tuple[int, SafeString]:
    largest = max((bar.value for bar in chart.bars), default=0)
    room = WIDTH - VALUE_ROOM
    rows = []
    for index, bar in enumerate(chart.bars):
        top = index * ROW
        length = room * bar.value / largest if largest > 0 else 0
        rows.append(
            (
                _number(top + LABEL_SIZE + 1),
                _short(bar.label),
                _number(top + BAR_TOP),
                _number(length),
                _number(length + 6),
                _number(top + BAR_TOP + BAR_HEIGHT - 3),
                bar.text,
            )
        )
    body = format_html_join(
        "",
        '<g class="chart__row">'
        '<text class="chart__label" x="0" y="{}">{}</text>'
        f'<rect class="chart__bar" x="0" y="{{}}" width="{{}}" height="{BAR_HEIGHT}"'
        f' rx="2" fill="{BAR_COLOUR}"></rect>'
        '<text class="chart__value" x="{}" y="{}">{}</text>'
        "</g>",
        rows,
    )
    return max(len(chart.bars) * ROW, ROW), body


def _columns(chart: Chart) -> tuple[int, SafeString]:
    top, plot, bottom = 22, 150, 26
    slot = WIDTH / len(chart.bars)
    width = min(slot * 0.64, 48)
    largest = max((bar.value for bar in chart.bars), default=0)
    baseline = top + plot
    columns = []
    for index, bar in enumerate(chart.bars):
        height = plot * bar.value / largest if largest > 0 else 0
        centre = index * slot + slot / 2
        columns.append(
            (
                _number(centre - width / 2),
                _number(baseline - height),
                _number(width),
                _number(height),
                _number(centre),
                _number(baseline - height - 6),
                bar.text,
                _number(centre),
                _number(baseline + 18),
                _short(bar.label),
            )
        )
    size = _number(_column_text_size(chart.bars))
    body = format_html_join(
        "",
        '<g class="chart__row">'
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" rx="2"'
        f' fill="{BAR_COLOUR}"></rect>'
        '<text class="chart__value" x="{}" y="{}" text-anchor="middle"'
        f' font-size="{size}">{{}}</text>'
        '<text class="chart__label" x="{}" y="{}" text-anchor="middle"'
        f' font-size="{size}">{{}}</text>'
        "</g>",
        columns,
    )
    axis = format_html(
        '<line class="chart__axis" x1="0" x2="{}" y1="{}" y2="{}" stroke="{}"'
        ' stroke-width="1"></line>',
        WIDTH,
        baseline + 0.5,
        baseline + 0.5,
        AXIS_COLOUR,
    )
    return top + plot + bottom, format_html("{}{}", axis, body)


def render_chart(chart: Chart) -> SafeString:
    """The SVG of a chart: a horizontal bar per value, or columns for a few years."""
    if chart.drawn_as_columns:
        height, body = _columns(chart)
        kind = "columns"
    else:
        height, body = _bars(chart)
        kind = "bars"
    return format_html(
        '<svg class="chart chart--{kind}" role="img" aria-labelledby="{id}-title"'
        ' aria-describedby="{id}-desc" viewBox="0 0 {width} {height}" width="100%"'
        ' preserveAspectRatio="xMinYMin meet" focusable="false"'
        ' xmlns="http://www.w3.org/2000/svg" font-size="{size}" fill="{text}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        kind=kind,
        id=chart.id,
        width=WIDTH,
        height=height,
        size=LABEL_SIZE,
        text=TEXT_COLOUR,
        title=chart.title,
        desc=chart.description,
        body=body,
    )


@register.simple_tag
def chart_svg(chart: Chart) -> SafeString:
    return render_chart(chart)
