"""Charts of the HTML page and the PDF as inline SVG (WeasyPrint draws SVG; nothing is fetched)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

COLOURS = ["#2f6db5", "#e39b2d", "#4a9e5c", "#b54a4a", "#7d5ab5"]


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def hbars(
    rows: list[tuple[str, list[float]]],
    *,
    maximum: float,
    series: list[str] | None = None,
    suffix: str = "",
    targets: list[float | None] | None = None,
    label_width: int = 250,
    width: int = 680,
) -> Markup:
    """Horizontal bars, one group per row (several series side by side), the value written after each bar;
    a target, when given, is a dark tick across the row's bars."""
    series = series or [""]
    bar, gap = 12, 8
    group = bar * len(series) + gap
    legend = 18 if len(series) > 1 else 0
    height = legend + group * len(rows) + 4
    span = width - label_width - 60
    scale = span / maximum if maximum > 0 else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="10" role="img">'
    ]
    for i, name in enumerate(series if len(series) > 1 else []):
        x = label_width + i * 150
        parts.append(f'<rect x="{x}" y="2" width="10" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 14}" y="11">{escape(name)}</text>')
    for r, (label, values) in enumerate(rows):
        top = legend + r * group
        text = label if len(label) <= 48 else label[:46] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{top + group / 2}" text-anchor="end">{escape(text)}</text>'
        )
        for s, value in enumerate(values):
            y = top + s * bar
            w = max(0.0, value) * scale
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"/>'
            )
            parts.append(
                f'<text x="{label_width + w + 4:.1f}" y="{y + bar - 3}">{_num(value)}{suffix}</text>'
            )
        target = targets[r] if targets else None
        if target is not None:
            tick = label_width + target * scale
            parts.append(
                f'<line x1="{tick:.1f}" y1="{top - 2}" x2="{tick:.1f}" y2="{top + group - gap + 2}" '
                'stroke="#222" stroke-width="2"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
