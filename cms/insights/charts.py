"""Charts drawn on the server as SVG: no script, nothing inline for the CSP to refuse.

Each chart is a view of the table printed under it (the table is the source, as GOV.UK
guidance asks). Series differ by pattern as well as colour, every bar carries its number, and
every colour has at least 3:1 contrast with the white background (WCAG 1.4.11).
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK colours: blue #1d70b8 (5.2:1 on white), black #0b0c0c (19:1), dark grey #505a5f (7:1).
# The fourth series is a white bar with a thick black outline: told apart by shape alone.
PATTERNS = ("solid", "hatched", "dotted", "outlined")
_INK = {"solid": "#1d70b8", "hatched": "#0b0c0c", "dotted": "#505a5f", "outlined": "#0b0c0c"}
_STROKE = {"outlined": 2.5}

WIDTH = 760
LABEL_WIDTH = 250
VALUE_SPACE = 60
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_HEIGHT = 34
MAX_LABEL_CHARS = 36
COMPACT_WIDTH = 360
COMPACT_LABEL_ROW = 18


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int | float]


def _defs(chart_id: str) -> str:
    hatch, dots = f"{chart_id}-hatched", f"{chart_id}-dotted"
    return (
        "<defs>"
        f'<pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{_INK["hatched"]}"/></pattern>'
        f'<pattern id="{dots}" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#ffffff"/>'
        f'<circle cx="2.5" cy="2.5" r="1.6" fill="{_INK["dotted"]}"/></pattern>'
        "</defs>"
    )


def _fill(chart_id: str, pattern: str) -> str:
    if pattern == "outlined":
        return "#ffffff"
    return _INK["solid"] if pattern == "solid" else f"url(#{chart_id}-{pattern})"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def bar_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[Series], compact: bool = False
) -> SafeString:
    """A horizontal bar chart: one group of bars per label, one bar per series.

    ``compact`` puts each label above its bars, on a narrower canvas that stays legible at
    320 px wide (the public page).
    """
    chart_id = "".join(c for c in chart_id if c.isalnum() or c == "-") or "chart"
    series = series[: len(PATTERNS)]
    if not labels or not series:
        return mark_safe("")
    peak = max((v for s in series for v in s.values), default=0) or 1
    width = COMPACT_WIDTH if compact else WIDTH
    label_width = 0 if compact else LABEL_WIDTH
    label_row = COMPACT_LABEL_ROW if compact else 0
    plot_width = width - label_width - VALUE_SPACE
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    height = LEGEND_HEIGHT + len(labels) * (label_row + group_height + GROUP_GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hub-chart" role="img"'
        f' viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{chart_id}-title"'
        ' font-family="Arial, sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}. The table after the chart holds'
        " the same figures.</title>",
        _defs(chart_id),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    x = 0
    for pattern, one in zip(PATTERNS, series, strict=False):
        parts.append(
            f'<rect x="{x}" y="8" width="18" height="14" fill="{_fill(chart_id, pattern)}"'
            f' stroke="{_INK[pattern]}" stroke-width="{_STROKE.get(pattern, 1)}"/>'
            f'<text x="{x + 24}" y="20" fill="#0b0c0c">{escape(one.name)}</text>'
        )
        x += 34 + 8 * len(one.name)
    y = LEGEND_HEIGHT
    for index, label in enumerate(labels):
        if compact:
            parts.append(f'<text x="0" y="{y + 13}" fill="#0b0c0c">{escape(label)}</text>')
            y += label_row
        else:
            parts.append(
                f'<text x="{label_width - 8}" y="{y + group_height / 2 + 4:.1f}"'
                f' text-anchor="end" fill="#0b0c0c">{escape(_short(label))}</text>'
            )
        for pattern, one in zip(PATTERNS, series, strict=False):
            value = one.values[index] if index < len(one.values) else 0
            bar = 0 if not value else max(2.0, plot_width * value / peak)
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{_fill(chart_id, pattern)}" stroke="{_INK[pattern]}"'
                f' stroke-width="{_STROKE.get(pattern, 1)}"/>'
                f'<text x="{label_width + bar + 6:.1f}" y="{y + BAR_HEIGHT - 4}"'
                f' fill="#0b0c0c">{_number(value)}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    parts.append(
        f'<line x1="{label_width}" y1="{LEGEND_HEIGHT - 4}" x2="{label_width}" y2="{height - 4}"'
        ' stroke="#0b0c0c" stroke-width="1"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)
