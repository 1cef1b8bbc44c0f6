"""Charts drawn on the server as SVG, readable without colour.

- Every series has its own fill pattern (solid, diagonal hatching, dots) and a legend in words;
  every bar carries its number as text; nothing depends on telling two colours apart.
- Each chart is an image to assistive technology (role="img") with an accessible name and a
  <title>/<desc>; the same numbers are always in a table beside it.
- Only presentation attributes, no style attributes or <style> elements, so a strict CSP holds.
- Every piece of text goes through format_html, so a municipality typed as "<b>" stays text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

INK = "#1d2733"  # text and solid bars: contrast 14:1 on white
GRID = "#6b7785"
FONT = 'font-family="system-ui, sans-serif"'

WIDTH = 640
LABEL_WIDTH = 230
VALUE_GAP = 6
VALUE_WIDTH = 80
ROW_HEIGHT = 30
BAR_HEIGHT = 18
MAX_LABEL_CHARS = 32


@dataclass(frozen=True)
class Series:
    name: str
    pattern: str  # "solid", "hatch" or "dots"


def series(*names: str) -> list[Series]:
    patterns = ["solid", "hatch", "dots"]
    return [Series(name, patterns[index % len(patterns)]) for index, name in enumerate(names)]


@dataclass(frozen=True)
class Category:
    label: str
    values: tuple[float, ...]  # one per series
    text: str  # the number written at the end of the bar(s)


def number(value: float | None, decimals: int = 0) -> str:
    """Rounded half up (Django's number_format would cut the digits off), with a decimal comma."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals)


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _defs(key: str) -> SafeString:
    return format_html(
        "<defs>"
        '<pattern id="{key}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><rect width="2.5" height="6" fill="{ink}"/></pattern>'
        '<pattern id="{key}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.6" fill="{ink}"/></pattern>'
        "</defs>",
        key=key,
        ink=INK,
    )


def _fill(key: str, pattern: str) -> str:
    return INK if pattern == "solid" else f"url(#{key}-{pattern})"


def _open(key: str, title: str, description: str, height: float) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {w} {h}" '
        'role="img" aria-label="{title}" aria-describedby="{key}-desc" focusable="false">'
        '<title id="{key}-title">{title}</title><desc id="{key}-desc">{desc}</desc>{defs}',
        w=WIDTH,
        h=math.ceil(height),
        key=key,
        title=title,
        desc=description,
        defs=_defs(key),
    )


_SVG_END = SafeString("</svg>")  # a constant, no data in it


def _join(parts: list[SafeString]) -> SafeString:
    """Concatenate pieces that were each built with format_html (so already escaped)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = 13, weight: str = "normal"):
    return format_html(
        '<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{ink}" '
        + FONT
        + ">{content}</text>",
        x=round(x, 1),
        y=round(y, 1),
        anchor=anchor,
        size=size,
        weight=weight,
        ink=INK,
        content=content,
    )


def _legend(key: str, items: list[Series], y: float) -> SafeString:
    parts, x = [], LABEL_WIDTH
    for item in items:
        parts.append(
            format_html(
                '<rect x="{x}" y="{y}" width="16" height="14" fill="{fill}" stroke="{ink}" stroke-width="1"/>',
                x=x,
                y=round(y - 11, 1),
                fill=_fill(key, item.pattern),
                ink=INK,
            )
        )
        parts.append(_text(x + 22, y, item.name))
        x += 40 + 7.5 * len(item.name)
    return _join(parts)


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    categories: list[Category],
    legend: list[Series] | None = None,
    stacked: bool = False,
) -> SafeString:
    """Horizontal bars, one row per category; several series side by side or stacked.

    With a single series no legend is needed: the row label says what the bar is.
    """
    legend = legend or series("")
    per_row = 1 if stacked else len(legend)
    # Room at the end of the longest bar for its number, so no label is cut off.
    longest_text = max((len(c.text) for c in categories), default=0)
    value_width = min(220, max(VALUE_WIDTH, 8 * longest_text + VALUE_GAP))
    row_height = ROW_HEIGHT if per_row == 1 else per_row * (BAR_HEIGHT + 4) + 10
    top = 34 if len(legend) > 1 else 8
    height = top + row_height * len(categories) + 8
    largest = max((sum(c.values) if stacked else max(c.values, default=0) for c in categories), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - value_width - VALUE_GAP) / largest

    parts = [_open(key, title, description, height)]
    if len(legend) > 1:
        parts.append(_legend(key, legend, 18))
    axis_x = LABEL_WIDTH
    for index, category in enumerate(categories):
        y = top + index * row_height
        parts.append(_text(LABEL_WIDTH - 8, y + row_height / 2 + 4, _short(category.label), anchor="end"))
        end = axis_x
        for position, (value, item) in enumerate(zip(category.values, legend, strict=True)):
            bar_width = max(value * scale, 0)
            bar_y = y + (row_height - BAR_HEIGHT) / 2 if per_row == 1 else y + 5 + position * (BAR_HEIGHT + 4)
            bar_x = end if stacked else axis_x
            if bar_width > 0:
                parts.append(
                    format_html(
                        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="{ink}" '
                        'stroke-width="1"/>',
                        x=round(bar_x, 1),
                        y=round(bar_y, 1),
                        w=round(bar_width, 1),
                        h=BAR_HEIGHT,
                        fill=_fill(key, item.pattern),
                        ink=INK,
                    )
                )
            if stacked or per_row == 1:
                end += bar_width
            else:
                parts.append(_text(axis_x + bar_width + VALUE_GAP, bar_y + BAR_HEIGHT - 4, number(value)))
        if stacked or per_row == 1:
            parts.append(_text(end + VALUE_GAP, y + row_height / 2 + 4, category.text))
    parts.append(
        format_html(
            '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{ink}" stroke-width="1"/>',
            x=axis_x,
            y1=top,
            y2=round(height - 8, 1),
            ink=INK,
        )
    )
    parts.append(_SVG_END)
    return _join(parts)


def _nice_step(largest: float, ticks: int = 5) -> int:
    raw = max(largest / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover


def survival_chart(
    *,
    key: str,
    title: str,
    description: str,
    points: list[tuple[int, float]],
    last_day: int,
    median: int | None,
) -> SafeString:
    """A Kaplan–Meier step curve: share still without a home (y) by days since the start (x)."""
    left, right, top, bottom = 56, 16, 12, 44
    height = 240
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    end_day = max(last_day, max((day for day, _ in points), default=0), 1)
    step = _nice_step(end_day)
    end_day = math.ceil(end_day / step) * step

    def x(day: float) -> float:
        return left + plot_w * day / end_day

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    parts = [_open(key, title, description, height)]
    for share in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{grid}" stroke-width="0.5"/>',
                x1=left,
                x2=left + plot_w,
                y=round(y(share), 1),
                grid=GRID,
            )
        )
        parts.append(_text(left - 6, y(share) + 4, f"{round(share * 100)} %", anchor="end", size=12))
    for day in range(0, end_day + 1, step):
        parts.append(_text(x(day), top + plot_h + 18, str(day), anchor="middle", size=12))
    parts.append(_text(left + plot_w / 2, height - 6, _("dager"), anchor="middle", size=12))

    path = [f"M{x(0):.1f},{y(1):.1f}"]
    for day, survival in points:
        path.append(f"H{x(day):.1f}V{y(survival):.1f}")
    path.append(f"H{x(max(last_day, points[-1][0] if points else 0)):.1f}")
    parts.append(
        format_html(
            '<path d="{d}" fill="none" stroke="{ink}" stroke-width="2.5"/>',
            d=" ".join(path),
            ink=INK,
        )
    )
    if median is not None:
        parts.append(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{ink}" stroke-width="1.5" '
                'stroke-dasharray="5 4"/>'
                '<line x1="{x2}" y1="{y}" x2="{x2}" y2="{y0}" stroke="{ink}" stroke-width="1.5" '
                'stroke-dasharray="5 4"/>',
                x1=left,
                x2=round(x(median), 1),
                y=round(y(0.5), 1),
                y0=round(y(0), 1),
                ink=INK,
            )
        )
        label = _("Median %(days)s dager") % {"days": median}
        anchor = "start" if x(median) < left + plot_w * 0.7 else "end"
        offset = 6 if anchor == "start" else -6
        parts.append(_text(x(median) + offset, y(0.5) - 6, label, anchor=anchor, size=12, weight="bold"))
    parts.append(
        format_html(
            '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{ink}"/>'
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{ink}"/>',
            l=left,
            t=top,
            b=top + plot_h,
            r=left + plot_w,
            ink=INK,
        )
    )
    parts.append(_SVG_END)
    return _join(parts)
